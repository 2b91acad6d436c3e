/* src/co_impl.h - private to the library: refuses to compile outside it. */
#ifndef CO_IMPL_H
#define CO_IMPL_H

#ifndef CO_BUILDING_LIBRARY
#error "co_impl.h is private to the costack library"
#endif

#include "costack.h"

#if defined(__GNUC__) || defined(__clang__)
#define CO__HIDDEN __attribute__((visibility("hidden")))
#else
#define CO__HIDDEN
#endif

/* Told of every wake handed over from an ISR, another thread or core, at
 * the moment it is posted (ctx, or NULL and the object given from an ISR).
 * Set by the tracer; called from any context, so it must be ISR-safe. */
typedef void co__remote_hook_fn(const co_context *ctx, const void *object);
extern co__remote_hook_fn *_Atomic co__remote_hook;

/* Tells the remote-wake hook, if any (an atomic load: wakers run on other
 * threads and in ISRs while the tracer may be started or stopped). */
static inline void co__remote_wake(const co_context *ctx, const void *object)
{
    co__remote_hook_fn *fn = atomic_load_explicit(&co__remote_hook, memory_order_acquire);
    if (fn)
        fn(ctx, object);
}

/* Has deadline d passed? An untimed wait (CO_TIME_NEVER) never reads the
 * clock: on a target a clock read is a timer read and a 64-bit scaling. */
static inline bool co__deadline_past(co_time d)
{
    return d != CO_TIME_NEVER && d <= co_port_now();
}

/* now + d, saturating: the deadline of every _for form (one copy of the
 * clock read and the saturating add instead of one per form). */
CO__HIDDEN co_time co__later(co_duration d);

/* Undoes ctx's wait on its object (cancel, timeout, a remote wake). */
static inline void co__wait_unlink(co_context *ctx)
{
    const co_wait_ops *ops = ctx->wait.ops;
    if (ops && ops->unlink)
        ops->unlink(ctx);
}

/* Moves ctx to state to and tells the listener. */
static inline void co__set_state(co_context *ctx, co_state to)
{
    co_state from = (co_state)ctx->state;
    ctx->state = (uint8_t)to;
#if CO_CONFIG_LISTENER
    if (co__listener)
        co__notify(ctx, from, to);
#else
    (void)from;
#endif
}

#endif /* CO_IMPL_H */
