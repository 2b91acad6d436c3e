/* src/join_on.c - CO_ON branches: a frame awaiting one awaitable (linked
 * only by programs that use CO_ON). */
#include "sched_impl.h"
#include "costack/join.h"

/* ---- CO_ON branches ----------------------------------------------------- */

int co__on_duration(co_context *ctx, co__on_arg *a) { return co__await_duration(ctx, a->d); }
int co__on_deadline(co_context *ctx, co__on_arg *a) { return co__await_deadline(ctx, a->dl); }
int co__on_blocker(co_context *ctx, co__on_arg *a) { return co__await_blocker(ctx, a->b); }
int co__on_op(co_context *ctx, co__on_arg *a) { return co__await_op(ctx, a->op); }
int co__on_awaitable(co_context *ctx, co__on_arg *a)
{
    return co__await_awaitable(ctx, (co_awaitable *)a->p);
}
int co__on_mutex(co_context *ctx, co__on_arg *a) { return co__await_mutex(ctx, (co_mutex *)a->p); }
int co__on_sem(co_context *ctx, co__on_arg *a) { return co__await_sem(ctx, (co_sem *)a->p); }
int co__on_event(co_context *ctx, co__on_arg *a) { return co__await_event(ctx, (co_event *)a->p); }
int co__on_io(co_context *ctx, co__on_arg *a) { return co__await_io(ctx, (co_io *)a->p); }

/* join.h declares it for the branch macros; CO_ASYNC declares it again. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wredundant-decls"
CO_ASYNC(co__on, void)
{
    CO_BEGIN(co__on, self);
    {
        int co__r; /* assigned, not initialised: the switch back-end jumps here */
        co__r = (co__ctx->flags & CO__F_CANCELLED) ? CO_ECANCELED : self->start(co__ctx, &self->arg);
        CO__SUSPEND(CO__UID)
        if (co__r < 0)
            CO_FAIL(co__r);
    }
    CO_END;
}
#pragma GCC diagnostic pop

