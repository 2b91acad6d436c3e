/* src/chan.c - bounded channels over caller storage. */
#include "sched_impl.h"

void co_chan_init(co_chan *ch, void *storage, size_t elem_size, size_t capacity)
{
    const co_chan init = CO_CHAN_INIT(storage, elem_size, capacity);
    if (!CO__REQUIRE(ch != NULL, NULL_ARGUMENT))
        return;
    if (!CO__REQUIRE(storage != NULL || capacity == 0, CHAN_NO_STORAGE))
        return;
    /* As co_sem_init: never while waiters or a queued ISR send depend on it. */
    if (!CO__REQUIRE(!CO__OBJECT_BUSY(&ch->isr, co__chan_deferred,
                                      ch->senders.head || ch->receivers.head),
                     OBJECT_BUSY))
        return;
    *ch = init;
}

static void co__chan_send_unlink(co_context *ctx)
{
    co__waitq_remove(&((co_chan *)(uintptr_t)ctx->wait.object)->senders, ctx);
    CO__ARG(ctx) = NULL;
}

static void co__chan_recv_unlink(co_context *ctx)
{
    co__waitq_remove(&((co_chan *)(uintptr_t)ctx->wait.object)->receivers, ctx);
    CO__ARG(ctx) = NULL;
}

static const co_wait_ops send_ops = {"channel (send)", co__chan_send_unlink, NULL, NULL,
                                     CO__NAME_AT(co_chan), 0, 0};
static const co_wait_ops recv_ops = {"channel (recv)", co__chan_recv_unlink, NULL, NULL,
                                     CO__NAME_AT(co_chan), 0, 0};

/* Guards the buffer (buf, head, count, closed) of a channel that ISRs send
 * into; the wait queues belong to the scheduler's thread alone, so waking
 * happens after the critical section. */
static co_port_irq lock(const co_chan *ch) { return ch->isr_fed ? co_port_critical_enter() : 0; }
static void unlock(const co_chan *ch, co_port_irq saved)
{
    if (ch->isr_fed)
        co_port_critical_exit(saved);
}

static unsigned char *slot(co_chan *ch, size_t i) { return ch->buf + ((ch->head + i) % ch->cap) * ch->elem; }

/* Takes the oldest buffered element into dst; a waiting sender's element
 * takes the freed slot (returned, to be woken). Under lock, count > 0. */
static co_context *take_buffered(co_chan *ch, void *dst)
{
    co__copy(dst, slot(ch, 0), ch->elem);
    ch->head = (ch->head + 1) % ch->cap;
    ch->count--;
    co_context *s = co__waitq_pop(&ch->senders);
    if (s) {
        co__copy(slot(ch, ch->count), CO__ARG(s), ch->elem);
        ch->count++;
        CO__ARG(s) = NULL;
    }
    return s;
}

/* Hands elements ISRs buffered to receivers that wait (scheduler side). */
static void deliver(co_chan *ch)
{
    co_context *r;
    while ((r = ch->receivers.head) != NULL) {
        co_port_irq irq = lock(ch);
        if (ch->count == 0) {
            unlock(ch, irq);
            return;
        }
        co__waitq_remove(&ch->receivers, r);
        co_context *s = take_buffered(ch, CO__ARG(r));
        CO__ARG(r) = NULL;
        unlock(ch, irq);
        co_wake(r, 0);
        if (s)
            co_wake(s, 0);
    }
}

void co__chan_deferred(co__deferred *d)
{
    deliver((co_chan *)(void *)((unsigned char *)d - offsetof(co_chan, isr)));
}

static int send_now(co_chan *ch, const void *src)
{
    if (ch->isr_fed)
        deliver(ch); /* what ISRs sent goes first */
    co_context *r = NULL;
    int rc = CO_EAGAIN;
    co_port_irq irq = lock(ch);
    if (ch->closed) {
        rc = CO_ECLOSED;
    } else if ((r = co__waitq_pop(&ch->receivers)) != NULL) {
        /* a waiting receiver means the buffer is empty: hand over */
        co__copy(CO__ARG(r), src, ch->elem);
        CO__ARG(r) = NULL;
        rc = 0;
    } else if (ch->count < ch->cap) {
        co__copy(slot(ch, ch->count), src, ch->elem);
        ch->count++;
        rc = 0;
    }
    unlock(ch, irq);
    if (r)
        co_wake(r, 0);
    return rc;
}

static int recv_now(co_chan *ch, void *dst)
{
    if (ch->isr_fed)
        deliver(ch); /* receivers already waiting come first */
    co_context *s = NULL;
    int rc = 0;
    co_port_irq irq = lock(ch);
    if (ch->count > 0) {
        s = take_buffered(ch, dst);
    } else if ((s = co__waitq_pop(&ch->senders)) != NULL) { /* rendezvous */
        co__copy(dst, CO__ARG(s), ch->elem);
        CO__ARG(s) = NULL;
    } else {
        rc = ch->closed ? CO_ECLOSED : CO_EAGAIN;
    }
    unlock(ch, irq);
    if (s)
        co_wake(s, 0);
    return rc;
}

static int send_start(co_context *ctx, const co_op *op)
{
    co_chan *ch = (co_chan *)op->object;
    if (!CO__REQUIRE(ch != NULL && op->arg != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    int rc = send_now(ch, op->arg);
    if (rc != CO_EAGAIN)
        return rc;
    return co__sync_wait(ctx, op, &ch->senders, NULL, &send_ops);
}

static int recv_start(co_context *ctx, const co_op *op)
{
    co_chan *ch = (co_chan *)op->object;
    if (!CO__REQUIRE(ch != NULL && op->arg != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    if (ch->isr_fed)
        co__bind_isr(&ch->isr, ctx); /* before looking at the buffer */
    int rc = recv_now(ch, op->arg);
    if (rc != CO_EAGAIN)
        return rc;
    return co__sync_wait(ctx, op, &ch->receivers, &ch->isr, &recv_ops);
}

co_op co_chan_send_until(co_chan *ch, const void *src, co_deadline d)
{
    return co__op(send_start, ch, src, d);
}
co_op co_chan_send(co_chan *ch, const void *src)
{
    return co__op(send_start, ch, src, co_at(CO_TIME_NEVER));
}
co_op co_chan_send_for(co_chan *ch, const void *src, co_duration d)
{
    return co__op(send_start, ch, src, co__after(d));
}

co_op co_chan_recv_until(co_chan *ch, void *dst, co_deadline d)
{
    return co__op(recv_start, ch, dst, d);
}
co_op co_chan_recv(co_chan *ch, void *dst)
{
    return co__op(recv_start, ch, dst, co_at(CO_TIME_NEVER));
}
co_op co_chan_recv_for(co_chan *ch, void *dst, co_duration d)
{
    return co__op(recv_start, ch, dst, co__after(d));
}

int co_chan_send_try(co_chan *ch, const void *src)
{
    if (!CO__REQUIRE(ch != NULL && src != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    return send_now(ch, src);
}

int co_chan_recv_try(co_chan *ch, void *dst)
{
    if (!CO__REQUIRE(ch != NULL && dst != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    return recv_now(ch, dst);
}

int co_chan_expect_isr(co_chan *ch)
{
    if (!CO__REQUIRE(ch != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    if (ch->cap == 0)
        return CO_EINVAL;
    ch->isr_fed = true;
    if (ch->receivers.head)
        co__bind_isr(&ch->isr, ch->receivers.head);
    co__mark_fed(&ch->isr, &ch->receivers);
    return 0;
}

int co_chan_send_isr(co_chan *ch, const void *src)
{
    if (!CO__REQUIRE(ch != NULL && src != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    if (!CO__REQUIRE(ch->isr_fed, CHAN_NOT_ISR))
        return CO_EPERM;
    int rc = CO_EAGAIN;
    co_port_irq irq = co_port_critical_enter();
    if (ch->closed) {
        rc = CO_ECLOSED;
    } else if (ch->count < ch->cap) {
        co__copy(slot(ch, ch->count), src, ch->elem);
        ch->count++;
        rc = 0;
    }
    co_port_critical_exit(irq);
    if (rc == 0)
        co__post(&ch->isr); /* the receivers' scheduler hands it over */
    return rc;
}

int co_chan_close(co_chan *ch)
{
    if (!CO__REQUIRE(ch != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    if (ch->isr_fed)
        deliver(ch); /* waiting receivers get what ISRs sent before the close */
    co_port_irq irq = lock(ch);
    bool was = ch->closed;
    ch->closed = true;
    unlock(ch, irq);
    if (was)
        return CO_ECLOSED;
    co_context *c;
    while ((c = co__waitq_pop(&ch->receivers)) != NULL) {
        CO__ARG(c) = NULL;
        co_wake(c, CO_ECLOSED);
    }
    while ((c = co__waitq_pop(&ch->senders)) != NULL) {
        CO__ARG(c) = NULL;
        co_wake(c, CO_ECLOSED);
    }
    return 0;
}
