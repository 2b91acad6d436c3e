/* src/join_on.c - CO_ON branches: a frame awaiting one awaitable (linked
 * only by programs that use CO_ON). */
#include "sched_impl.h"
#include "costack/chan.h"
#include "costack/event.h"
#include "costack/io.h"
#include "costack/join.h"
#include "costack/mutex.h"
#include "costack/sem.h"

/* Channel operations are recognised through weak references: a program
 * that selects without channels does not link chan.c for it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wredundant-decls"
co_op co_chan_recv_until(co_chan *ch, void *dst, co_deadline d) __attribute__((weak));
co_op co_chan_send_until(co_chan *ch, const void *src, co_deadline d) __attribute__((weak));
#pragma GCC diagnostic pop

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


/* ---- trying a CO_ON branch without blocking ----------------------------- */

/* True when start is a library operation's: one that, given a deadline
 * already past, finishes or returns CO_ETIMEDOUT without blocking, and
 * whose only effect when it would block is binding the object's ISR
 * deferral to the probe's scheduler (which the branch would do too). The
 * constructors only pack their arguments: called with NULL objects they
 * give the start function to compare with. */
static bool library_op(co__start_fn *start)
{
    const co_deadline d = co_at(0);
    return (co_chan_recv_until && start == co_chan_recv_until(NULL, NULL, d).start) ||
           (co_chan_send_until && start == co_chan_send_until(NULL, NULL, d).start) ||
           start == co_mutex_lock_until(NULL, d).start ||
           start == co_sem_take_until(NULL, d).start ||
           start == co_event_wait_until(NULL, d).start ||
           start == co_io_wait_until(NULL, d).start ||
           start == co_external_until(NULL, d).start;
}

/* Starts library operation op on probe with a deadline already past. */
static inline int try_op(co_context *probe, co_op *op)
{
    co_time at = op->deadline;
    op->deadline = 0; /* already past: finish now or CO_ETIMEDOUT */
    int rc = op->start(probe, op);
    op->deadline = at;
    if (rc == CO_PENDING) {
        /* Cannot happen for the operations above; undone all the same. */
        co__wait_unlink(probe);
        return CO__ON_RUN;
    }
    if (rc == CO_ETIMEDOUT && at > co_port_now())
        return CO_PENDING; /* it would block (nothing was done) */
    return rc;
}

int co__on_try(co_context *probe, co_frame *first)
{
    if (first->fn != co__on)
        return CO__ON_RUN; /* an async call: only running it tells */
    struct co__on *on = (struct co__on *)(void *)first;
    int (*start)(co_context *, co__on_arg *) = on->start;
    co_op op;
    const co_deadline never = co_at(CO_TIME_NEVER);
    if (start == co__on_op) {
        if (!on->arg.op.start || !library_op(on->arg.op.start))
            return CO__ON_RUN; /* a user's operation may block regardless */
        return try_op(probe, &on->arg.op); /* in place: its deadline comes back */
    } else if (start == co__on_mutex) {
        op = co_mutex_lock_until((co_mutex *)on->arg.p, never);
    } else if (start == co__on_sem) {
        op = co_sem_take_until((co_sem *)on->arg.p, never);
    } else if (start == co__on_event) {
        op = co_event_wait_until((co_event *)on->arg.p, never);
    } else if (start == co__on_io) {
        op = co_io_wait_until((co_io *)on->arg.p, never);
    } else if (start == co__on_duration || start == co__on_deadline) {
        return CO_PENDING; /* a timer: it always blocks first */
    } else if (start == co__on_blocker) {
        /* blocks by its state; an invalid one fails in the branch */
        return on->arg.b.state <= CO_STATE_EXTERNAL ? CO_PENDING : CO__ON_RUN;
    } else {
        return CO__ON_RUN; /* a co_awaitable: the user's await() */
    }
    return try_op(probe, &op);
}
