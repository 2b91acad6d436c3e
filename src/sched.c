/* src/sched.c - the scheduler: ready FIFO, timer heap, run loop, idle. */
#include "sched_impl.h"

CO__HIDDEN void co__arm(co_sched *s, co_context *ctx);
CO__HIDDEN uint32_t co__disarm(co_sched *s, co_context *ctx);
CO__HIDDEN bool co__drain(co_sched *s);
CO__HIDDEN bool co__inbox_empty(co_sched *s);

/* ---- ready FIFO ----------------------------------------------------------- */

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif

static void ready_push(co_sched *s, co_context *ctx)
{
    PREFETCH(ctx->leaf); /* it runs soon: start loading its frame now */
    CO__LINK(ctx, CO__L_QNEXT) = NULL;
    if (s->ready_tail)
        CO__LINK(s->ready_tail, CO__L_QNEXT) = ctx;
    else
        s->ready_head = ctx;
    s->ready_tail = ctx;
}

static co_context *ready_pop(co_sched *s)
{
    co_context *c = s->ready_head;
    if (c) {
        s->ready_head = CO__LINK(c, CO__L_QNEXT);
        if (!s->ready_head)
            s->ready_tail = NULL;
        CO__LINK(c, CO__L_QNEXT) = NULL;
    }
    return c;
}

/* ---- timers: intrusive pairing heap keyed by ctx->wait.deadline ----------
 * HCHILD: first child; HSIB: next sibling; HPREV: previous sibling, or the
 * parent for a first child (NULL for the root). Iterative merges: no
 * recursion, so stack use is constant on an MCU. */

#define HCHILD(c) CO__LINK(c, CO__L_HCHILD)
#define HSIB(c) CO__LINK(c, CO__L_HSIB)
#define HPREV(c) CO__LINK(c, CO__L_HPREV)

static co_context *meld(co_context *a, co_context *b)
{
    if (b->wait.deadline < a->wait.deadline) {
        co_context *t = a;
        a = b;
        b = t;
    }
    co_context *c = HCHILD(a);
    HSIB(b) = c;
    if (c)
        HPREV(c) = b;
    HPREV(b) = a;
    HCHILD(a) = b;
    HSIB(a) = NULL;
    return a;
}

/* Two-pass pairing of a sibling list; returns the new subtree root. */
static co_context *merge_pairs(co_context *first)
{
    co_context *stack = NULL; /* pass 1: melded pairs, left to right, linked through HSIB */
    while (first) {
        co_context *a = first, *b = HSIB(a), *m = a;
        first = NULL;
        if (b) {
            first = HSIB(b);
            HSIB(a) = HSIB(b) = NULL;
            m = meld(a, b);
        }
        HSIB(m) = stack;
        stack = m;
    }
    co_context *root = NULL; /* pass 2: meld right to left */
    while (stack) {
        co_context *next = HSIB(stack);
        HSIB(stack) = NULL;
        root = root ? meld(root, stack) : stack;
        stack = next;
    }
    if (root)
        HPREV(root) = NULL;
    return root;
}

static bool timer_linked(const co_sched *s, co_context *ctx)
{
    return HPREV(ctx) != NULL || s->timers == ctx;
}

static void timer_insert(co_sched *s, co_context *ctx)
{
    HCHILD(ctx) = HSIB(ctx) = HPREV(ctx) = NULL;
    s->timers = s->timers ? meld(s->timers, ctx) : ctx;
}

static void timer_remove(co_sched *s, co_context *ctx)
{
    if (ctx == s->timers) {
        s->timers = merge_pairs(HCHILD(ctx));
    } else {
        co_context *p = HPREV(ctx), *n = HSIB(ctx);
        if (HCHILD(p) == ctx)
            HCHILD(p) = n;
        else
            HSIB(p) = n;
        if (n)
            HPREV(n) = p;
        co_context *sub = merge_pairs(HCHILD(ctx));
        if (sub)
            s->timers = meld(s->timers, sub);
    }
    HCHILD(ctx) = HSIB(ctx) = HPREV(ctx) = NULL;
}

/* ---- the executor hook: every wake of a blocked context lands here ------- */

void co__sched_ready(co_executor *exec, co_context *ctx)
{
    co_sched *s = (co_sched *)(void *)exec;
    if (timer_linked(s, ctx))
        timer_remove(s, ctx);
    if (atomic_load_explicit(&ctx->sched_wake, memory_order_relaxed) & (CO__W_A | CO__W_I))
        (void)co__disarm(s, ctx);
    ready_push(s, ctx);
}

void co_sched_init(co_sched *s)
{
    static const co_sched empty = CO_SCHED_INIT;
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

/* After co_resume() (or co_sched_add) returned state st for ctx. */
static void settle(co_sched *s, co_context *ctx, co_state st)
{
    switch (st) {
    case CO_STATE_DONE:
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
            timer_insert(s, ctx);
        if (st == CO_STATE_IO || st == CO_STATE_EXTERNAL)
            co__arm(s, ctx); /* may wake it at once (token, early completion) */
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
    /* Forget tokens and claims of a previous task, but keep the generation
     * and an inbox entry still in flight (its drain finds nothing armed). */
    uint32_t w = atomic_load_explicit(&ctx->sched_wake, memory_order_relaxed);
    while (!co__cas32(&ctx->sched_wake, &w, w & ~(CO__W_A | CO__W_W | CO__W_T | CO__W_X | CO__W_I))) {
    }
    CO__LINK(ctx, CO__L_ANEXT) = s->all;
    if (s->all)
        CO__LINK(s->all, CO__L_APREV) = ctx;
    s->all = ctx;
    s->live++;
    settle(s, ctx, st);
    return 0;
}

/* Timers due at now wake their contexts, earliest first. */
static void expire(co_sched *s, co_time now)
{
    co_context *c;
    while ((c = s->timers) != NULL && c->wait.deadline <= now) {
        s->timers = merge_pairs(HCHILD(c));
        HCHILD(c) = HSIB(c) = HPREV(c) = NULL;
        co_state st = co_state_of(c);
        int status = st == CO_STATE_TIME ? 0 : CO_ETIMEDOUT;
        if (st == CO_STATE_IO || st == CO_STATE_EXTERNAL) {
            uint32_t w = co__disarm(s, c);
            if (w & CO__W_W) /* a remote wake won the race: it counts */
                status = st == CO_STATE_IO && c->wait.unlink == co__io_unlink
                             ? co__io_status(c->wait.object) : 0;
        }
        if (c->wait.unlink)
            c->wait.unlink(c);
        co_wake(c, status);
    }
}

static void run_one(co_sched *s, co_context *c)
{
    if (co_state_of(c) != CO_STATE_READY) { /* cancelled before it ever ran */
        if (co_state_of(c) == CO_STATE_DONE && c->exec == &s->exec)
            settle(s, c, CO_STATE_DONE);
        return;
    }
    settle(s, c, co_resume(c));
}

unsigned co_sched_poll(co_sched *s)
{
    (void)co__drain(s);
    if (s->timers)
        expire(s, co_port_now());
    unsigned n = 0;
    co_context *last = s->ready_tail;
    while (last) {
        co_context *c = ready_pop(s);
        run_one(s, c);
        n++;
        if (c == last)
            break;
    }
    return n;
}

int co_sched_run_until(co_sched *s, co_time until)
{
    for (;;) {
        if (atomic_load_explicit(&s->stop, memory_order_relaxed)) {
            atomic_store_explicit(&s->stop, 0, memory_order_relaxed);
            return CO_EAGAIN;
        }
        if (co_sched_poll(s))
            continue;
        if (s->live == 0)
            return 0;
        co_time now = co_port_now();
        co_time next = s->timers ? s->timers->wait.deadline : CO_TIME_NEVER;
        if (next == CO_TIME_NEVER && s->armed == 0 && co__inbox_empty(s))
            return CO_EDEADLK; /* only sync waiters left: nobody can wake them */
        if (now >= until)
            return CO_ETIMEDOUT;
        if (next <= now)
            continue;
        co_port_irq irq = co_port_critical_enter();
        if (co__inbox_empty(s) && !atomic_load_explicit(&s->stop, memory_order_relaxed))
            co_port_idle_until(&s->cpu, next < until ? next : until);
        co_port_critical_exit(irq);
    }
}

int co_sched_run(co_sched *s) { return co_sched_run_until(s, CO_TIME_NEVER); }

void co_sched_stop(co_sched *s)
{
    atomic_store_explicit(&s->stop, 1, memory_order_relaxed);
    co_port_wake(&s->cpu);
}

co_time co_sched_next_deadline(const co_sched *s)
{
    return s->timers ? s->timers->wait.deadline : CO_TIME_NEVER;
}
