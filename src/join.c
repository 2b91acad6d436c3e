/* src/join.c - join, select and timeout: branch sub-contexts carved from
 * the awaiting task's buffer, run by its co_sched or driven by the task's
 * own co_resume (docs/join-select.md). */
#include "sched_impl.h"
#include "costack/join.h"

/* Out of line under its own name (the library's annotations name it). */
#if defined(__clang__)
#define OUT_OF_LINE __attribute__((noinline))
#else
#define OUT_OF_LINE __attribute__((noinline, noclone))
#endif

enum {
    JF_STARTED = 1,   /* branches handed out */
    JF_SCHED = 2,     /* run by the parent's co_sched (else driven) */
    JF_CANCELLED = 4, /* every unfinished branch was cancelled */
};

/* The record after r (records and buffers alternate). */
static co_branch *next_branch(co_branch *r) { return (co_branch *)(void *)r->ctx.limit; }
static co_branch *first_branch(const co__join *j)
{
    return (co_branch *)(void *)((unsigned char *)(uintptr_t)j + CO__JOIN_HEAD);
}

#define EACH(j, b, i) \
    for (co_branch *b = first_branch(j); b; b = NULL) \
        for (unsigned i = 0; i < (j)->n; i++, b = next_branch(b))

/* The join's executor without a co_sched: a branch became ready. */
static void driven_ready(co_executor *exec, co_context *ctx)
{
    (void)ctx;
    co__join *j = (co__join *)(void *)((unsigned char *)exec - offsetof(co__join, exec));
    co_state s = co_state_of(j->parent);
    if (s >= CO_STATE_TIME && s <= CO_STATE_EXTERNAL)
        co_wake(j->parent, 0); /* it drives the branch on its next resume */
}

/* Trying CO_ON branches at once is in join_on.c: programs whose branches
 * are all async calls do not link it (it is NULL then). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wredundant-decls"
int co__on_try(co_context *probe, co_frame *first) __attribute__((weak));
#pragma GCC diagnostic pop

/* The parent waits on the join: nothing to unlink (a marker for queries). */
/* The parent's wait for its branches: nothing to undo (the branches are
 * cancelled through the join itself). */
CO__HIDDEN extern const co_wait_ops co__join_ops;
const co_wait_ops co__join_ops = {"join", NULL, NULL, NULL, 0, 0, 0};

void co__join_init(co__join *j, co_frame *caller, int kind, int policy, int n, int *st,
                   int *which)
{
    j->co.fn = co__join_run;
    j->co.caller = caller;
    j->co.result = NULL;
    j->co.lc = 0;
    j->parent = NULL;
    j->exec.ready = driven_ready;
    j->exec.kind = 0;
    j->status = st;
    j->which = which;
    j->first_error = 0;
    j->n = (uint8_t)n;
    j->kind = (uint8_t)kind;
    j->policy = (uint8_t)policy;
    j->next = (unsigned char *)j + CO__JOIN_HEAD;
    j->finished = 0;
    j->flags = 0;
    j->winner = -1;
    j->started = 0;
    if (which)
        *which = -1;
}

/* Branch b finished with rc on its context ctx: records the status and
 * passes a mutex it won to the awaiting task. */
static void branch_result(co__join *j, co_branch *b, co_context *ctx, int rc)
{
    b->status = rc;
    co_mutex *m = (co_mutex *)b->object;
    b->object = NULL; /* from here: the mutex the task took over, if any */
    if (rc == 0 && ctx->held && m && m->owner == ctx) {
        /* A CO_ON branch won a mutex (held > 0: its awaitable was a lock,
         * so the object is one): the awaiting task owns it now. */
        m->owner = j->parent;
        ctx->held--;
        j->parent->held++;
        b->object = m;
    }
}

/* The root frame of every branch: its child finished with ctx->rc. */
static int branch_done(co_context *ctx, co_frame *f)
{
#if CO_CONFIG_FN_NAMES
    if (!ctx) {
        f->result = (void *)(uintptr_t)"co_branch";
        return 0;
    }
#endif
    co_branch *b = (co_branch *)(void *)((unsigned char *)f - offsetof(co_branch, done));
    co__join *j = b->join;
    int rc = ctx->rc;
    branch_result(j, b, ctx, rc);
    if (rc < 0 && j->first_error == 0)
        j->first_error = rc;
    j->finished++;
    bool wake = j->finished == j->n || j->kind != CO__J_JOIN ||
                (rc < 0 && j->policy == CO_JOIN_FAIL_FAST);
    co_state ps = co_state_of(j->parent);
    if (wake && ps == CO_STATE_SYNC && j->parent->wait.ops == &co__join_ops &&
        j->parent->wait.object == j)
        co_wake(j->parent, 0);
    ctx->top = ctx->base;
    ctx->leaf = NULL;
    return rc;
}

/* Cancels every unfinished branch except keep (-1: none). */
static void cancel_rest(co__join *j, int keep)
{
    EACH(j, b, i) {
        if (i >= j->started) /* the rest never start */
            break;
        if ((int)i != keep && b->status == CO_PENDING)
            (void)co_cancel(&b->ctx);
    }
}

/* Applies the policy to what has finished so far. */
static void decide(co__join *j, co_context *ctx)
{
    if ((ctx->flags & CO__F_CANCELLED) && !(j->flags & JF_CANCELLED)) {
        j->flags |= JF_CANCELLED;
        cancel_rest(j, -1);
        return;
    }
    if (j->flags & JF_CANCELLED)
        return;
    if (j->kind != CO__J_JOIN) {
        if (j->winner >= 0 || j->finished == 0)
            return;
        EACH(j, b, i) {
            if (b->status != CO_PENDING) {
                j->winner = (int8_t)i;
                break;
            }
        }
        j->flags |= JF_CANCELLED;
        cancel_rest(j, j->winner);
    } else if (j->policy == CO_JOIN_FAIL_FAST && j->first_error < 0) {
        j->flags |= JF_CANCELLED;
        cancel_rest(j, -1);
    }
}

/* What a branch's sub-context shows before it runs (and, finished at
 * once, ever): over its buffer, named after the parent, done. */
static void ctx_basics(co_branch *b, const co_context *parent)
{
    co_context *c = &b->ctx;
#if CO_CONFIG_HIGH_WATER
    c->high = c->top;
#endif
#if CO_CONFIG_TASK_NAMES
    c->name = parent->name;
#endif
#if CO_CONFIG_PRIORITIES > 1
    c->prio = c->prio_run = parent->prio_run;
#endif
    c->flags = 0;
    c->held = 0;
    c->wait.deadline = CO_TIME_NEVER;
    c->wait.object = NULL;
    c->wait.ops = NULL;
    c->future = NULL;
#if CO_CONFIG_TASK_ENTRY
    c->entry = NULL;
#endif
}

/* A branch that never ran (its select was decided, its join failed fast,
 * before its turn): finished as cancelled, nothing to unwind. */
static void never_run(co__join *j, co_branch *b)
{
    ctx_basics(b, j->parent);
    b->ctx.top = b->ctx.base;
    b->ctx.leaf = NULL;
    b->ctx.exec = NULL;
    b->ctx.rc = CO_ECANCELED;
    b->ctx.state = CO_STATE_DONE;
    b->status = CO_ECANCELED;
    b->object = NULL;
    j->finished++;
}

/* Sets up a branch's sub-context to run its first frame under exec. */
static void ctx_start(co_branch *b, const co_context *parent, co_executor *exec)
{
    co_context *c = &b->ctx;
    ctx_basics(b, parent);
    b->done.fn = branch_done;
    b->done.caller = NULL;
    b->done.result = NULL;
    b->done.lc = 0;
    c->leaf = (co_frame *)(void *)c->base;
    c->exec = exec;
    c->rc = 0;
#if CO_CONFIG_FAULT_INJECTION
    c->fail_push_in = 0;
#endif
    for (unsigned k = 0; k < sizeof c->sched_link / sizeof c->sched_link[0]; k++)
        c->sched_link[k] = NULL;
    atomic_store_explicit(&c->sched_wake, 0, memory_order_relaxed);
#if CO_CONFIG_CANARY
    /* after the record (what the done frame's slot end shows) and after
     * the first frame */
    for (unsigned k = 0; k < CO__CANARY_BYTES; k++) {
        unsigned char v = (unsigned char)(0xC0DEFACEu >> (8u * (k & 3u)));
        (c->base - CO__CANARY_BYTES)[k] = v;
        (c->top - CO__CANARY_BYTES)[k] = v;
    }
#endif
    co__set_state(c, CO_STATE_READY);
}

/* Starts the branches in index order, each run at once in the awaiting
 * task's co_resume until it first waits (a branch that finishes at once
 * decides a select, and later ones never run); then hands those still
 * running to the parent's scheduler, or keeps them for the driver. */
static void start(co__join *j, co_context *ctx)
{
    j->parent = ctx;
    co_sched *s = co__sched_of(ctx);
    if (s)
        j->flags |= JF_SCHED;
    EACH(j, b, i) {
        if (j->flags & JF_CANCELLED) {
            never_run(j, b);
            continue;
        }
        b->ctx.state = CO_STATE_DONE; /* for the listener: done -> ready */
        ctx_start(b, ctx, s ? &s->exec : &j->exec); /* waits bind to the right scheduler */
        j->started = (uint8_t)(i + 1);
        (void)co_resume(&b->ctx);
        decide(j, ctx);
    }
    j->flags |= JF_STARTED; /* co_branches() lists them from here on */
    if (!s)
        return;
    EACH(j, b, i) {
        (void)i;
        if (co_state_of(&b->ctx) == CO_STATE_DONE)
            b->ctx.exec = NULL;
        else
            co__sched_adopt(s, &b->ctx); /* a wake meanwhile may have queued it */
    }
}

/* A select or timeout whose branch can finish without blocking: tries the
 * branches in index order on their own, not yet started contexts, each
 * only as far as it would block (which does nothing), up to the first that
 * finishes (the winner, as if started in order: the ones before it would
 * have blocked and are cancelled, the later ones never run) or the first
 * that only running can tell (an async call, a user's awaitable: then -1,
 * and start() runs them all as usual). No sub-context is set up, resumed
 * or cancelled on this path. The winner's index, its status in *rc. */
static int select_at_once(co__join *j, co_context *ctx, int *rc)
{
    co_sched *s = co__sched_of(ctx);
    co_executor *exec = s ? &s->exec : &j->exec;
    EACH(j, b, i) {
        co_context *c = &b->ctx;
        c->exec = exec; /* an object's ISR deferral binds to its scheduler */
        c->flags = 0;
        c->held = 0;
        c->state = CO_STATE_RUNNING; /* silent: it never runs a frame */
        c->wait.ops = NULL;
        atomic_store_explicit(&c->sched_wake, 0, memory_order_relaxed);
        int r = co__on_try(c, (co_frame *)(void *)c->base);
        c->state = CO_STATE_DONE;
        if (r == CO_PENDING)
            continue;
        if (r == CO__ON_RUN)
            return -1;
        j->parent = ctx;
        branch_result(j, b, c, r); /* a won mutex passes to the task */
        *rc = r;
        return (int)i;
    }
    return -1;
}

/* Completes a select decided by select_at_once(): the winner won with rc,
 * every other branch reports CO_ECANCELED (none took anything). */
static int finish_at_once(co__join *j, co_context *ctx, int won, int rc)
{
    if (j->status)
        for (int i = 0; i < (int)j->n; i++)
            j->status[i] = i == won ? rc : CO_ECANCELED;
    if (j->which)
        *j->which = won;
    if (j->kind == CO__J_TIMEOUT && won == (int)j->n - 1)
        rc = CO_ETIMEDOUT; /* (the timer never finishes at once) */
    return co__complete(ctx, &j->co, rc);
}

/* Without a scheduler: expires due branch timers and resumes every ready
 * branch once (when run). True when a branch is still ready (yielded). */
static bool drive(co__join *j, bool run)
{
    co_time now = 0;
    bool have_now = false; /* the clock is read once, and only for a timed branch */
    bool ready = false;
    EACH(j, b, i) {
        if (!run)
            break;
        (void)i;
        co_context *c = &b->ctx;
        co_state st = co_state_of(c);
        co_time d = c->wait.deadline;
        if (st >= CO_STATE_TIME && st <= CO_STATE_EXTERNAL && d != CO_TIME_NEVER) {
            if (!have_now) {
                now = co_port_now();
                have_now = true;
            }
            if (d <= now) {
                co__wait_unlink(c);
                co_wake(c, st == CO_STATE_TIME ? 0 : CO_ETIMEDOUT);
            }
        }
        if (co_state_of(c) == CO_STATE_READY)
            (void)co_resume(c);
    }
    EACH(j, b, i) {
        (void)i;
        if (co_state_of(&b->ctx) == CO_STATE_READY)
            ready = true;
    }
    return ready;
}

/* Every branch finished: pops the join frame with its status. */
static int finish(co__join *j, co_context *ctx)
{
    int rc = 0;
    if (j->kind == CO__J_JOIN) {
        if (j->policy == CO_JOIN_FAIL_FAST)
            rc = j->first_error;
        else
            EACH(j, b, i) {
                (void)i;
                if (b->status < 0) {
                    rc = b->status;
                    break;
                }
            }
        if ((ctx->flags & CO__F_CANCELLED) && rc >= 0)
            rc = CO_ECANCELED;
    } else if (j->winner < 0) {
        rc = CO_ECANCELED;
    } else if (j->kind == CO__J_TIMEOUT && j->winner == (int)j->n - 1) {
        rc = CO_ETIMEDOUT;
    } else {
        EACH(j, b, i) {
            if ((int)i == j->winner)
                rc = b->status;
        }
    }
    EACH(j, b, i) {
        /* A mutex a branch won stays with the task only for a select's
         * winner or a join that succeeds; else it goes back now (and the
         * branch reports CO_ECANCELED: its result was not kept). */
        bool keep = j->kind == CO__J_JOIN ? rc >= 0 : (int)i == j->winner;
        if (b->object && !keep) {
            co_mutex *m = (co_mutex *)b->object;
            if (m->owner == ctx)
                (void)co_mutex_unlock(m);
            b->status = CO_ECANCELED;
        }
        if (j->status)
            j->status[i] = b->status;
    }
    if (j->which)
        *j->which = j->winner;
    return co__complete(ctx, &j->co, rc);
}

/* Starts (when fresh), drives and finishes the branches; out of line so
 * that a select decided at once does not pay for its frame. */
static OUT_OF_LINE int join_turn(co__join *j, co_context *ctx, bool fresh)
{
    if (fresh)
        start(j, ctx); /* the first pass: no second turn in this resume */
    for (;;) {
        decide(j, ctx);
        if (j->flags & JF_SCHED)
            break;
        uint8_t cancelled = j->flags & JF_CANCELLED;
        bool ready = drive(j, !fresh);
        fresh = false;
        decide(j, ctx);
        if (j->finished == j->n)
            break;
        if (ready) { /* a branch yielded or was woken: the task yields */
            co__yield_now(ctx);
            return CO_PENDING;
        }
        if ((j->flags & JF_CANCELLED) == cancelled)
            break;
        /* branches were just cancelled: they unwind in the next pass */
    }
    if (j->finished == j->n)
        return finish(j, ctx);
    /* Blocked: by time when every unfinished branch is (driven only), else
     * by sync on the join; the earliest branch deadline when driven. */
    co_state why = CO_STATE_SYNC;
    co_time deadline = CO_TIME_NEVER;
    if (!(j->flags & JF_SCHED)) {
        why = CO_STATE_TIME;
        EACH(j, b, i) {
            (void)i;
            co_state st = co_state_of(&b->ctx);
            if (st == CO_STATE_DONE)
                continue;
            if (st != CO_STATE_TIME)
                why = CO_STATE_SYNC;
            if (b->ctx.wait.deadline < deadline)
                deadline = b->ctx.wait.deadline;
        }
    }
    return co_block(ctx, why, j, deadline, &co__join_ops);
}

/* A select's first resume: decided at once, or started as usual. */
static OUT_OF_LINE int select_start(co__join *j, co_context *ctx)
{
    int rc, won = select_at_once(j, ctx, &rc);
    if (won >= 0)
        return finish_at_once(j, ctx, won, rc);
    return join_turn(j, ctx, true);
}

int co__join_run(co_context *ctx, co_frame *f)
{
#if CO_CONFIG_FN_NAMES
    if (!ctx) {
        f->result = (void *)(uintptr_t)"co_join";
        return 0;
    }
#endif
    co__join *j = (co__join *)(void *)f;
    bool fresh = !(j->flags & JF_STARTED);
    if (fresh && j->kind != CO__J_JOIN && co__on_try)
        return select_start(j, ctx);
    return join_turn(j, ctx, fresh);
}

/* ---- observing ---------------------------------------------------------- */

size_t co_branches(const co_context *ctx, co_context **out, size_t max)
{
    const co_frame *f = ctx->leaf;
    if (!f || f->fn != co__join_run)
        return 0;
    const co__join *j = (const co__join *)(const void *)f;
    if (!(j->flags & JF_STARTED))
        return 0;
    EACH(j, b, i) {
        if (i < max)
            out[i] = &b->ctx;
    }
    return j->n;
}

/* The branch record of ctx (from its root frame), or NULL. */
static const co_branch *branch_of_ctx(const co_context *ctx)
{
    const co_frame *f = ctx->leaf;
    while (f && f->caller)
        f = f->caller;
    if (!f || f->fn != branch_done)
        return NULL;
    return (const co_branch *)(const void *)((const unsigned char *)f - offsetof(co_branch, done));
}

co_context *co_branch_parent(const co_context *ctx)
{
    const co_branch *b = branch_of_ctx(ctx);
    return b ? b->join->parent : NULL;
}

int co__branch_index(const co_context *ctx)
{
    const co_branch *b = branch_of_ctx(ctx);
    if (!b)
        return -1;
    EACH(b->join, x, i) {
        if (x == b)
            return (int)i;
    }
    return -1;
}
