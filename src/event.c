/* src/event.c - auto- and manual-reset events. */
#include "sched_impl.h"

#define EVENT_OF(d) ((co_event *)(void *)((unsigned char *)(d) - offsetof(co_event, isr)))

void co_event_init(co_event *e, int mode)
{
    const co_event init = CO_EVENT_INIT((uint8_t)(mode != CO_EVENT_MANUAL));
    if (!CO__REQUIRE(e != NULL, NULL_ARGUMENT))
        return;
    /* As co_sem_init: never while waiters or a queued ISR set depend on it. */
    if (!CO__REQUIRE(!CO__OBJECT_BUSY(&e->isr, co__event_deferred, e->waiters.head != NULL),
                     OBJECT_BUSY))
        return;
    *e = init;
}

static void co__event_unlink(co_context *ctx)
{
    co__waitq_remove(&((co_event *)(uintptr_t)ctx->wait.object)->waiters, ctx);
}

static const co_wait_ops event_ops = {"event", co__event_unlink, NULL, NULL,
                                      CO__NAME_AT(co_event), 0, 0};

static void set_local(co_event *e)
{
    if (e->autoreset) {
        co_context *w = co__waitq_pop(&e->waiters);
        if (w)
            co_wake(w, 0);
        else
            e->set = 1;
        return;
    }
    e->set = 1;
    co_context *w;
    while ((w = co__waitq_pop(&e->waiters)) != NULL)
        co_wake(w, 0);
}

static void absorb(co_event *e)
{
    if (atomic_load_explicit(&e->isr_set, memory_order_relaxed) && co__xchg32(&e->isr_set, 0)) {
        co__mark_fed(&e->isr, &e->waiters);
        set_local(e);
    }
}

void co__event_deferred(co__deferred *d) { absorb(EVENT_OF(d)); }

static int consume(co_event *e)
{
    if (!e->set)
        return CO_EAGAIN;
    if (e->autoreset)
        e->set = 0;
    return 0;
}

static int wait_start(co_context *ctx, const co_op *op)
{
    co_event *e = (co_event *)op->object;
    if (!CO__REQUIRE(e != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    co__bind_isr(&e->isr, ctx); /* before absorbing */
    absorb(e);
    if (consume(e) == 0)
        return 0;
    return co__sync_wait(ctx, op, &e->waiters, &e->isr, &event_ops);
}

int co__await_event(co_context *ctx, struct co_event *e) { return co__op_run(wait_start, e, ctx); }
co_op co_event_wait_until(co_event *e, co_deadline d) { return co__op(wait_start, e, NULL, d); }
co_op co_event_wait_for(co_event *e, co_duration d)
{
    return co__op(wait_start, e, NULL, co__after(d));
}

int co_event_wait_try(co_event *e)
{
    if (!CO__REQUIRE(e != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    absorb(e);
    return consume(e);
}

void co_event_set(co_event *e)
{
    if (!CO__REQUIRE(e != NULL, NULL_ARGUMENT))
        return;
    absorb(e);
    set_local(e);
}

void co_event_expect_isr(co_event *e)
{
    if (!CO__REQUIRE(e != NULL, NULL_ARGUMENT))
        return;
    co__mark_fed(&e->isr, &e->waiters);
}

void co_event_set_isr(co_event *e)
{
    if (!CO__REQUIRE(e != NULL, NULL_ARGUMENT))
        return;
    (void)co__xchg32(&e->isr_set, 1);
    co__post(&e->isr);
}

void co_event_clear(co_event *e)
{
    if (!CO__REQUIRE(e != NULL, NULL_ARGUMENT))
        return;
    absorb(e);
    e->set = 0;
}
