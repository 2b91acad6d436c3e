/* src/op.c - awaiting a co_op. */
#include "sched_impl.h"

int co__await_op(co_context *ctx, co_op op)
{
    if (!CO__REQUIRE(op.start != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    return op.start(ctx, &op);
}

static int external_start(co_context *ctx, const co_op *op)
{
    if (op->deadline <= co_port_now())
        return co__take_token(ctx) ? 0 : CO_ETIMEDOUT;
    return co_block(ctx, CO_STATE_EXTERNAL, op->object, op->deadline, NULL);
}

co_op co_external_until(const void *tag, co_deadline d)
{
    co_op op = {external_start, (void *)(uintptr_t)tag, NULL, d.at};
    return op;
}

co_op co_external(const void *tag) { return co_external_until(tag, co_at(CO_TIME_NEVER)); }

co_op co_external_for(const void *tag, co_duration d)
{
    return co_external_until(tag, co_at(co_time_add(co_port_now(), d)));
}
