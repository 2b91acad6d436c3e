/* src/op.c - awaiting a co_op. */
#include "sched_impl.h"

int co__await_op(co_context *ctx, co_op op)
{
    if (!CO__REQUIRE(op.start != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    return op.start(ctx, &op);
}

int co__op_run(co__start_fn *start, const void *object, co_context *ctx)
{
    co_op op = co__op(start, object, NULL, co_at(CO_TIME_NEVER));
    return start(ctx, &op);
}

static int external_start(co_context *ctx, const co_op *op)
{
    if (co__deadline_past(op->deadline))
        return co__take_token(ctx) ? 0 : CO_ETIMEDOUT;
    return co_block(ctx, CO_STATE_EXTERNAL, op->object, op->deadline, NULL);
}

co_op co_external_until(const void *tag, co_deadline d)
{
    return co__op(external_start, tag, NULL, d);
}
co_op co_external(const void *tag)
{
    return co__op(external_start, tag, NULL, co_at(CO_TIME_NEVER));
}
co_op co_external_for(const void *tag, co_duration d)
{
    return co__op(external_start, tag, NULL, co__after(d));
}
