/* src/sem.c - counting semaphore. */
#include "sched_impl.h"

#define SEM_OF(d) ((co_sem *)(void *)((unsigned char *)(d) - offsetof(co_sem, isr)))

void co_sem_init(co_sem *s, uint32_t initial, uint32_t max)
{
    const co_sem init = CO_SEM_INIT(initial, max); /* initial clamped to max */
    if (!CO__REQUIRE(s != NULL, NULL_ARGUMENT))
        return;
    /* Waiters would stay blocked on a queue that no longer holds them, and
     * a give still queued for the scheduler links the objects posted after
     * it: overwriting it would lose their gives for good. (Checked only on
     * an initialised object: fresh storage never has isr.run set.) */
    if (!CO__REQUIRE(!CO__OBJECT_BUSY(&s->isr, co__sem_deferred, s->waiters.head != NULL),
                     OBJECT_BUSY))
        return;
    *s = init;
}

static void co__sem_unlink(co_context *ctx)
{
    co__waitq_remove(&((co_sem *)(uintptr_t)ctx->wait.object)->waiters, ctx);
}

static const co_wait_ops sem_ops = {"semaphore", co__sem_unlink, NULL, NULL,
                                    CO__NAME_AT(co_sem), 0, 0};

static int give_local(co_sem *s)
{
    co_context *w = co__waitq_pop(&s->waiters);
    if (w) {
        co_wake(w, 0);
        return 0;
    }
    if (s->count >= s->max)
        return CO_EAGAIN;
    s->count++;
    return 0;
}

/* Applies gives posted from ISRs. */
static void absorb(co_sem *s)
{
    if (atomic_load_explicit(&s->isr_gives, memory_order_relaxed) == 0)
        return;
    co__mark_fed(&s->isr, &s->waiters);
    for (uint32_t n = co__xchg32(&s->isr_gives, 0); n; n--)
        (void)give_local(s);
}

void co__sem_deferred(co__deferred *d) { absorb(SEM_OF(d)); }

static int take_start(co_context *ctx, const co_op *op)
{
    co_sem *s = (co_sem *)op->object;
    if (!CO__REQUIRE(s != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    co__bind_isr(&s->isr, ctx); /* before absorbing */
    absorb(s);
    if (s->count > 0) {
        s->count--;
        return 0;
    }
    return co__sync_wait(ctx, op, &s->waiters, &s->isr, &sem_ops);
}

int co__await_sem(co_context *ctx, struct co_sem *s) { return co__op_run(take_start, s, ctx); }
co_op co_sem_take_until(co_sem *s, co_deadline d) { return co__op(take_start, s, NULL, d); }
co_op co_sem_take_for(co_sem *s, co_duration d)
{
    return co__op(take_start, s, NULL, co__after(d));
}

int co_sem_take_try(co_sem *s)
{
    if (!CO__REQUIRE(s != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    absorb(s);
    if (s->count == 0)
        return CO_EAGAIN;
    s->count--;
    return 0;
}

int co_sem_give(co_sem *s)
{
    if (!CO__REQUIRE(s != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    absorb(s);
    return give_local(s);
}

void co_sem_expect_isr(co_sem *s)
{
    if (!CO__REQUIRE(s != NULL, NULL_ARGUMENT))
        return;
    co__mark_fed(&s->isr, &s->waiters);
}

void co_sem_give_isr(co_sem *s)
{
    if (!CO__REQUIRE(s != NULL, NULL_ARGUMENT))
        return;
    (void)co__add32(&s->isr_gives, 1);
    CO__POINT(GIVE_COUNTED, s);
    co__post(&s->isr);
}
