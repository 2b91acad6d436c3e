/* src/chan.c - bounded channels over caller storage. */
#include "sched_impl.h"

void co_chan_init(co_chan *ch, void *storage, size_t elem_size, size_t capacity)
{
    const co_chan init = CO_CHAN_INIT(storage, elem_size, capacity);
    *ch = init;
}

void co__chan_send_unlink(co_context *ctx)
{
    co__waitq_remove(&((co_chan *)(uintptr_t)ctx->wait.object)->senders, ctx);
    CO__ARG(ctx) = NULL;
}

void co__chan_recv_unlink(co_context *ctx)
{
    co__waitq_remove(&((co_chan *)(uintptr_t)ctx->wait.object)->receivers, ctx);
    CO__ARG(ctx) = NULL;
}

static unsigned char *slot(co_chan *ch, size_t i) { return ch->buf + ((ch->head + i) % ch->cap) * ch->elem; }

static int send_now(co_chan *ch, const void *src)
{
    if (ch->closed)
        return CO_ECLOSED;
    co_context *r = co__waitq_pop(&ch->receivers);
    if (r) { /* a waiting receiver means the buffer is empty: hand over */
        co__copy(CO__ARG(r), src, ch->elem);
        CO__ARG(r) = NULL;
        co_wake(r, 0);
        return 0;
    }
    if (ch->count < ch->cap) {
        co__copy(slot(ch, ch->count), src, ch->elem);
        ch->count++;
        return 0;
    }
    return CO_EAGAIN;
}

static int recv_now(co_chan *ch, void *dst)
{
    if (ch->count > 0) {
        co__copy(dst, slot(ch, 0), ch->elem);
        ch->head = (ch->head + 1) % ch->cap;
        ch->count--;
        co_context *s = co__waitq_pop(&ch->senders);
        if (s) { /* the first waiting sender takes the freed slot */
            co__copy(slot(ch, ch->count), CO__ARG(s), ch->elem);
            ch->count++;
            CO__ARG(s) = NULL;
            co_wake(s, 0);
        }
        return 0;
    }
    co_context *s = co__waitq_pop(&ch->senders);
    if (s) { /* rendezvous */
        co__copy(dst, CO__ARG(s), ch->elem);
        CO__ARG(s) = NULL;
        co_wake(s, 0);
        return 0;
    }
    return ch->closed ? CO_ECLOSED : CO_EAGAIN;
}

static int send_start(co_context *ctx, const co_op *op)
{
    co_chan *ch = (co_chan *)op->object;
    int rc = send_now(ch, op->arg);
    if (rc != CO_EAGAIN)
        return rc;
    if (op->deadline <= co_port_now())
        return CO_ETIMEDOUT;
    CO__ARG(ctx) = op->arg;
    co__waitq_push(&ch->senders, ctx);
    return co_block(ctx, CO_STATE_SYNC, ch, op->deadline, co__chan_send_unlink);
}

static int recv_start(co_context *ctx, const co_op *op)
{
    co_chan *ch = (co_chan *)op->object;
    int rc = recv_now(ch, op->arg);
    if (rc != CO_EAGAIN)
        return rc;
    if (op->deadline <= co_port_now())
        return CO_ETIMEDOUT;
    CO__ARG(ctx) = op->arg;
    co__waitq_push(&ch->receivers, ctx);
    return co_block(ctx, CO_STATE_SYNC, ch, op->deadline, co__chan_recv_unlink);
}

co_op co_chan_send_until(co_chan *ch, const void *src, co_deadline d)
{
    co_op op = {send_start, ch, (void *)(uintptr_t)src, d.at};
    return op;
}
co_op co_chan_send(co_chan *ch, const void *src) { return co_chan_send_until(ch, src, co_at(CO_TIME_NEVER)); }
co_op co_chan_send_for(co_chan *ch, const void *src, co_duration d)
{
    return co_chan_send_until(ch, src, co_at(co_time_add(co_port_now(), d)));
}

co_op co_chan_recv_until(co_chan *ch, void *dst, co_deadline d)
{
    co_op op = {recv_start, ch, dst, d.at};
    return op;
}
co_op co_chan_recv(co_chan *ch, void *dst) { return co_chan_recv_until(ch, dst, co_at(CO_TIME_NEVER)); }
co_op co_chan_recv_for(co_chan *ch, void *dst, co_duration d)
{
    return co_chan_recv_until(ch, dst, co_at(co_time_add(co_port_now(), d)));
}

int co_chan_send_try(co_chan *ch, const void *src) { return send_now(ch, src); }
int co_chan_recv_try(co_chan *ch, void *dst) { return recv_now(ch, dst); }

int co_chan_close(co_chan *ch)
{
    if (ch->closed)
        return CO_ECLOSED;
    ch->closed = true;
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
