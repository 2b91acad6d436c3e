/* src/sched.c - the scheduler: ready FIFO, run loop, idle (timers: sched_timer.c). */
#include "sched_impl.h"

CO__HIDDEN void co__arm(co_sched *s, co_context *ctx);
CO__HIDDEN uint32_t co__disarm(co_sched *s, co_context *ctx);
CO__HIDDEN bool co__drain(co_sched *s);

/* ---- ready FIFO ----------------------------------------------------------- */

#if CO_CONFIG_PRIORITIES > 1
#define LEVEL(ctx) ((ctx)->prio_run)
#else
#define LEVEL(ctx) 0u
#endif

/* The ready queues are wait-queue FIFOs, one per level, plus a bitmap of
 * the non-empty levels (priorities > 1) and a count. */
static void ready_push(co_sched *s, co_context *ctx)
{
    CO__PREFETCH(ctx->leaf); /* it runs soon: start loading its frame now */
    unsigned lvl = LEVEL(ctx);
    co__waitq_push(&s->ready[lvl], ctx);
    ctx->flags |= CO__F_READYQ;
#if CO_CONFIG_PRIORITIES > 1
    s->ready_bits |= 1u << lvl;
#endif
    s->ready_count++;
}

/* Puts ctx back at the head of its level: where a yielder held over a
 * batch end (see poll) stood when that batch ended. */
static void ready_push_front(co_sched *s, co_context *ctx)
{
    co__waitq *q = &s->ready[LEVEL(ctx)];
    CO__LINK(ctx, CO__L_QNEXT) = q->head;
    q->head = ctx;
    if (!q->tail)
        q->tail = ctx;
    ctx->flags |= CO__F_READYQ;
#if CO_CONFIG_PRIORITIES > 1
    s->ready_bits |= 1u << LEVEL(ctx);
#endif
    s->ready_count++;
}

/* The first context of the highest non-empty level, or NULL. */
static co_context *ready_pop(co_sched *s)
{
#if CO_CONFIG_PRIORITIES > 1
    if (!s->ready_bits)
        return NULL;
    unsigned lvl = co__msb32(s->ready_bits);
#else
    unsigned lvl = 0;
#endif
    co_context *c = co__waitq_pop(&s->ready[lvl]);
    if (c) {
#if CO_CONFIG_PRIORITIES > 1
        if (!s->ready[lvl].head)
            s->ready_bits &= ~(1u << lvl);
#endif
        s->ready_count--;
    }
    return c;
}

/* A yield's switch: ctx (just yielded) goes to the back, the first ready
 * context comes off the front (the FIFO is not empty). The same as
 * ready_push(ctx) then ready_pop(), without the count's round trip. */
static co_context *ready_rotate(co_sched *s, co_context *ctx)
{
#if CO_CONFIG_PRIORITIES > 1
    ready_push(s, ctx);
    return ready_pop(s);
#else
    co__waitq *q = &s->ready[0];
    co_context *next = q->head, *after = CO__LINK(next, CO__L_QNEXT);
    CO__LINK(ctx, CO__L_QNEXT) = NULL;
    if (after)
        CO__LINK(q->tail, CO__L_QNEXT) = ctx;
    else
        after = ctx; /* next was alone: ctx is the whole queue now */
    q->head = after;
    q->tail = ctx;
    ctx->flags |= CO__F_READYQ;
    CO__LINK(next, CO__L_QNEXT) = NULL;
    next->flags &= (uint8_t)~CO__F_READYQ;
    return next;
#endif
}

#if CO_CONFIG_PRIORITIES > 1
/* Takes ctx (queued at level lvl) off its ready queue. */
static void ready_take(co_sched *s, co_context *ctx, unsigned lvl)
{
    co__waitq_remove(&s->ready[lvl], ctx);
    if (!s->ready[lvl].head)
        s->ready_bits &= ~(1u << lvl);
    s->ready_count--;
}

/* Is ctx queued as ready in s (not running, not blocked)? */
static bool queued(co_sched *s, co_context *ctx)
{
    (void)s;
    return (ctx->flags & CO__F_READYQ) != 0;
}
#endif

void co__set_prio_run(co_context *ctx, unsigned p)
{
#if CO_CONFIG_PRIORITIES > 1
    if (ctx->prio_run == p)
        return;
    co_sched *s = co__sched_of(ctx);
    bool move = s && co_state_of(ctx) == CO_STATE_READY && queued(s, ctx);
    if (move)
        ready_take(s, ctx, LEVEL(ctx));
    ctx->prio_run = (uint8_t)p;
    if (move)
        ready_push(s, ctx);
#else
    (void)ctx;
    (void)p; /* one level: every priority is 0 */
#endif
}

int co_set_priority(co_context *ctx, unsigned prio)
{
    if (!CO__REQUIRE(ctx != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    if (prio >= CO_CONFIG_PRIORITIES)
        return CO_EINVAL;
#if CO_CONFIG_PRIORITIES > 1
    ctx->prio = (uint8_t)prio;
    /* Inherited priority stays while it owns mutexes (see mutex.c). */
    unsigned before = ctx->prio_run;
    co__set_prio_run(ctx, ctx->held && ctx->prio_run > prio ? ctx->prio_run : prio);
    if (ctx->prio_run > before && co_state_of(ctx) != CO_STATE_READY && ctx->wait.ops &&
        ctx->wait.ops->raised)
        ctx->wait.ops->raised(ctx); /* e.g. a mutex passes it on to its owner */
#endif
    return 0;
}

/* ---- the executor hook: every wake of a blocked context lands here ------- */

void co__sched_ready(co_executor *exec, co_context *ctx)
{
    co_sched *s = (co_sched *)(void *)exec;
    if (co__timer_linked(s, ctx))
        co__timer_remove(s, ctx);
    if (atomic_load_explicit(&ctx->sched_wake, memory_order_relaxed) & (CO__W_A | CO__W_I))
        (void)co__disarm(s, ctx);
    ready_push(s, ctx);
}

void co_sched_init(co_sched *s)
{
    static const co_sched empty = CO_SCHED_INIT;
    if (!CO__REQUIRE(s != NULL, NULL_ARGUMENT))
        return;
    *s = empty;
}

static void all_remove(co_sched *s, co_context *ctx)
{
    co_context *n = CO__LINK(ctx, CO__L_ANEXT), *p = CO__LINK(ctx, CO__L_APREV);
    if (p)
        CO__LINK(p, CO__L_ANEXT) = n;
    else
        s->all = n;
    if (n)
        CO__LINK(n, CO__L_APREV) = p;
    CO__LINK(ctx, CO__L_ANEXT) = CO__LINK(ctx, CO__L_APREV) = NULL;
}

static void all_add(co_sched *s, co_context *ctx)
{
    CO__LINK(ctx, CO__L_ANEXT) = s->all;
    if (s->all)
        CO__LINK(s->all, CO__L_APREV) = ctx;
    s->all = ctx;
    s->live++;
}

/* After co_resume() (or co_sched_add) returned state st for ctx. */
static void settle(co_sched *s, co_context *ctx, co_state st)
{
    switch (st) {
    case CO_STATE_DONE:
        CO__POINT(FINISHED, ctx);
        co__leave_inbox(s, ctx); /* before exec goes: see wake_remote */
        all_remove(s, ctx);
        ctx->exec = NULL;
        s->live--;
        break;
    case CO_STATE_READY: /* yielded */
        ready_push(s, ctx);
        break;
    case CO_STATE_TIME:
    case CO_STATE_SYNC:
    case CO_STATE_IO:
    case CO_STATE_EXTERNAL:
        if (ctx->wait.deadline != CO_TIME_NEVER)
            co__timer_insert(s, ctx);
        if (st == CO_STATE_EXTERNAL ||
            (st == CO_STATE_IO && !(ctx->wait.ops && (ctx->wait.ops->flags & CO_WAIT_OWN_WAKE))))
            co__arm(s, ctx); /* may wake it at once (a token) */
        break;
    default:
        break;
    }
}

int co_sched_add(co_sched *s, co_context *ctx)
{
    if (!CO__REQUIRE(s != NULL && ctx != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    co_state st = co_state_of(ctx);
    if (st == CO_STATE_DONE || st == CO_STATE_RUNNING || (ctx->exec && ctx->exec != &s->exec))
        return CO_EINVAL;
    if (ctx->exec == &s->exec)
        return 0;
    ctx->exec = &s->exec;
    for (unsigned i = 0; i < sizeof ctx->sched_link / sizeof ctx->sched_link[0]; i++)
        if (i != CO__L_INBOX)
            ctx->sched_link[i] = NULL;
    /* Forget tokens and claims of a previous task (a finished context is
     * never in an inbox: co__leave_inbox), keep the generation; mark it
     * scheduled, so co_unblock() only ever hands it over through an inbox. */
    uint32_t w = atomic_load_explicit(&ctx->sched_wake, memory_order_relaxed);
    while (!co__cas32(&ctx->sched_wake, &w,
                      (w & ~(CO__W_A | CO__W_W | CO__W_T | CO__W_X | CO__W_I)) | CO__W_S)) {
    }
    all_add(s, ctx);
    settle(s, ctx, st);
    return 0;
}

void co__sched_adopt(co_sched *s, co_context *ctx)
{
    all_add(s, ctx);
    co_state st = co_state_of(ctx);
    /* woken while it ran outside (co__sched_ready queued it): settled */
    if (st == CO_STATE_READY && (ctx->flags & CO__F_READYQ))
        return;
    settle(s, ctx, st);
}

/* Timers due at now wake their contexts, earliest first. */
static void expire(co_sched *s, co_time now)
{
    co_context *c;
    while ((c = co__timer_due(s, now)) != NULL) {
        CO__POINT(EXPIRE_DUE, c);
        co_state st = co_state_of(c);
        int status = st == CO_STATE_TIME ? 0 : CO_ETIMEDOUT;
        if (st == CO_STATE_IO || st == CO_STATE_EXTERNAL) {
            uint32_t w = co__disarm(s, c);
            if (w & CO__W_W) /* a remote wake won the race: it counts */
                status = 0;
        }
        const co_wait_ops *ops = c->wait.ops;
        if (st != CO_STATE_TIME && ops && ops->status) {
            int done = ops->status(c->wait.object);
            if (done != CO_PENDING) /* the object completed first: that counts */
                status = done;
        }
        CO__POINT(EXPIRE_DISARMED, c);
        co__wait_unlink(c);
        co_wake(c, status);
    }
}

/* Takes handed-over wakes, fires due timers, then resumes ready contexts,
 * highest level first: as many as were ready after that, or at least
 * batch when batch > 0 (contexts readied meanwhile count; the next look at
 * the inbox and the timers is at most that many resumptions away).
 *
 * held (co_sched_run_until's, else NULL): a context that yielded while no
 * other was ready when the batch ended is kept there, off the FIFO, instead
 * of a push now and a pop at the next poll; the next poll runs it first if
 * still nobody else is ready, else puts it back at the head of its level,
 * where it stood. Between two polls no task runs; only a debugger, or a
 * listener told of a wake during the drain, sees it READY in no FIFO. */
static unsigned poll(co_sched *s, unsigned batch, co_context **held)
{
    if (!co__inbox_quiet(s)) /* two loads inline: the common case makes no call */
        (void)co__drain(s);
    CO__POINT(POLL_DRAINED, s);
    if (co__timer_maybe(s))
        expire(s, co_port_now());
    co_context *c = NULL;
    if (held && *held) {
        c = *held;
        *held = NULL;
        if (s->ready_count) { /* woken meanwhile: the FIFO decides */
            ready_push_front(s, c);
            c = NULL;
        }
    }
    unsigned n = 0, budget = s->ready_count > batch ? s->ready_count : batch;
    while (n < budget) {
        if (!c && (c = ready_pop(s)) == NULL)
            break;
        n++;
        if (co_state_of(c) != CO_STATE_READY) { /* cancelled before it ever ran */
            if (co_state_of(c) == CO_STATE_DONE && c->exec == &s->exec)
                settle(s, c, CO_STATE_DONE);
            c = NULL;
            continue;
        }
        co_state st = co_resume(c);
        /* Yielded while no other context is ready: resumed again at once,
         * without the FIFO round trip (nothing else could run in between),
         * each resumption counted in the batch. */
        while (st == CO_STATE_READY && s->ready_count == 0 && n < budget) {
            n++;
            st = co_resume(c);
        }
        if (st != CO_STATE_READY) {
            settle(s, c, st);
        } else if (held && s->ready_count == 0) {
            *held = c; /* the batch is over (n == budget): kept for the next poll */
            return n;
        } else if (n < budget) { /* yielded, others ready: switch to the first */
            c = ready_rotate(s, c);
            continue;
        } else {
            ready_push(s, c); /* yielded at the batch end */
        }
        c = NULL;
    }
    return n;
}

unsigned co_sched_poll(co_sched *s)
{
    if (!CO__REQUIRE(s != NULL, NULL_ARGUMENT))
        return 0;
    /* As many resumes as contexts were ready now: a context woken meanwhile
     * waits for the next poll. */
    return poll(s, 0, NULL);
}

int co_sched_run_until(co_sched *s, co_time until)
{
    if (!CO__REQUIRE(s != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    co_context *held = NULL; /* a lone yielder between two polls (see poll) */
    for (;;) {
        if (atomic_load_explicit(&s->stop, memory_order_relaxed)) {
            atomic_store_explicit(&s->stop, 0, memory_order_relaxed);
            if (held)
                ready_push(s, held);
            return CO_EAGAIN;
        }
        if (poll(s, CO_CONFIG_SCHED_BATCH, &held))
            continue;
        /* poll() ran nothing, so it holds nothing: held is NULL */
        if (s->live == 0)
            return 0;
        co_time now = co_port_now();
        co_time next = co__timer_next(s);
        if (next == CO_TIME_NEVER && s->armed == 0 && co__inbox_quiet(s))
            return CO_EDEADLK; /* only sync waiters left: nobody can wake them */
        if (now >= until)
            return CO_ETIMEDOUT;
        if (next <= now)
            continue;
        co_port_irq irq = co_port_critical_enter();
        if (co__inbox_quiet(s) && !atomic_load_explicit(&s->stop, memory_order_relaxed))
            co_port_idle_until(&s->cpu, next < until ? next : until);
        co_port_critical_exit(irq);
    }
}

int co_sched_run(co_sched *s) { return co_sched_run_until(s, CO_TIME_NEVER); }

void co_sched_stop(co_sched *s)
{
    if (!CO__REQUIRE(s != NULL, NULL_ARGUMENT))
        return;
    atomic_store_explicit(&s->stop, 1, memory_order_relaxed);
    co_port_wake(&s->cpu);
}

co_time co_sched_next_deadline(const co_sched *s)
{
    if (!CO__REQUIRE(s != NULL, NULL_ARGUMENT))
        return CO_TIME_NEVER;
    return co__timer_next(s);
}
