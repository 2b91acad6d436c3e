/* src/op.c - awaiting a co_op. */
#include "sched_impl.h"

int co__await_op(co_context *ctx, co_op op)
{
    if (!CO__REQUIRE(op.start != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    return op.start(ctx, &op);
}
