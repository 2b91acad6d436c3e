/* src/mutex.c - mutex with owner, FIFO hand-off and waits-for cycle check. */
#include "sched_impl.h"

void co_mutex_init(co_mutex *m)
{
    if (!CO__REQUIRE(m != NULL, NULL_ARGUMENT))
        return;
    /* Its waiters would stay blocked on a queue that no longer holds them
     * (reads the queue: pass zeroed or initialised storage). */
    if (!CO__REQUIRE(m->waiters.head == NULL, OBJECT_BUSY))
        return;
    const co_mutex init = CO_MUTEX_INIT; /* unlocked, no waiters, no name */
    *m = init;
}

static void co__mutex_unlink(co_context *ctx)
{
    co__waitq_remove(&((co_mutex *)(uintptr_t)ctx->wait.object)->waiters, ctx);
}

static void mutex_raised(co_context *ctx);

/* The wait of a task for a mutex: the views follow owner chains through it. */
static const co_wait_ops mutex_ops = {
    "mutex", co__mutex_unlink, NULL, mutex_raised, CO__NAME_AT(co_mutex), CO_WAIT_AT(co_mutex, owner), 0,
};

/* The mutex ctx waits for, or NULL. */
static const co_mutex *waits_on(const co_context *ctx)
{
    return co_state_of(ctx) == CO_STATE_SYNC && ctx->wait.ops == &mutex_ops
               ? (const co_mutex *)ctx->wait.object
               : NULL;
}

/* Would ctx waiting for m close a cycle? Follows owner -> the mutex it
 * waits on -> its owner ...; the chain is acyclic (every lock checks), so
 * it ends; the bound guards against a corrupted graph. */
static bool closes_cycle(const co_context *ctx, const co_mutex *m)
{
    const co_context *o = m->owner;
    for (unsigned hops = 0; o && hops < 0x10000u; hops++) {
        if (o == ctx)
            return true;
        const co_mutex *next = waits_on(o);
        if (!next)
            return false;
        o = next->owner;
    }
    return false;
}

/* Priority inheritance: ctx is about to wait for m, so m's owner, and the
 * owner of the mutex that owner waits for, and so on, run at ctx's
 * priority at least until they own no mutex (then co_mutex_unlock() drops
 * them back). The chain is acyclic (closes_cycle() refused the lock
 * otherwise). */
static void pass_priority(const co_context *ctx, const co_mutex *m)
{
#if CO_CONFIG_PRIORITIES > 1
    unsigned p = ctx->prio_run;
    co_context *o = m->owner;
    for (unsigned hops = 0; o && o->prio_run < p && hops < 0x10000u; hops++) {
        co__set_prio_run(o, p);
        const co_mutex *next = waits_on(o);
        if (!next)
            break;
        o = next->owner;
    }
#else
    (void)ctx;
    (void)m;
#endif
}

/* ctx's priority went up while it waits for a mutex: the owners go up too. */
static void mutex_raised(co_context *ctx)
{
    const co_mutex *m = waits_on(ctx);
    if (m)
        pass_priority(ctx, m);
}

static int lock_start(co_context *ctx, const co_op *op)
{
    co_mutex *m = (co_mutex *)op->object;
    if (!CO__REQUIRE(m != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    if (ctx->held == UINT8_MAX)
        return CO_EAGAIN; /* owns 255 mutexes: the most a context counts */
    if (!m->owner) {
        m->owner = ctx;
        ctx->held++;
        return 0;
    }
    if (m->owner == ctx || closes_cycle(ctx, m))
        return CO_EDEADLK;
    int rc = co__sync_wait(ctx, op, &m->waiters, NULL, &mutex_ops);
    if (rc == CO_PENDING)
        pass_priority(ctx, m);
    return rc;
}

int co__await_mutex(co_context *ctx, struct co_mutex *m) { return co__op_run(lock_start, m, ctx); }
co_op co_mutex_lock_until(co_mutex *m, co_deadline d) { return co__op(lock_start, m, NULL, d); }
co_op co_mutex_lock_for(co_mutex *m, co_duration d)
{
    return co__op(lock_start, m, NULL, co__after(d));
}

int co_mutex_lock_try(co_mutex *m)
{
    if (!CO__REQUIRE(m != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    co_context *self = co__current;
    if (!CO__REQUIRE(self != NULL, BLOCK_OUTSIDE))
        return CO_EINVAL;
    if (m->owner == self)
        return CO_EDEADLK;
    if (m->owner || self->held == UINT8_MAX)
        return CO_EAGAIN;
    m->owner = self;
    self->held++;
    return 0;
}

int co_mutex_unlock(co_mutex *m)
{
    if (!CO__REQUIRE(m != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    if (m->owner == NULL || m->owner != co__current)
        return CO_EPERM;
    co_context *self = m->owner, *next = co__waitq_pop(&m->waiters);
    self->held--;
    m->owner = next;
    if (next) {
        next->held++; /* handed over: next owns it when it resumes */
#if CO_CONFIG_PRIORITIES > 1
        /* The waiters left passed their priority to self; they now wait for
         * next, which takes it over (conservatively: self's whole boost). */
        if (m->waiters.head && next->prio_run < self->prio_run)
            next->prio_run = self->prio_run; /* not queued yet: co_wake queues it */
#endif
        co_wake(next, 0);
    }
#if CO_CONFIG_PRIORITIES > 1
    if (self->held == 0 && self->prio_run != self->prio)
        co__set_prio_run(self, self->prio); /* owns no mutex: inheritance ends */
#endif
    return 0;
}
