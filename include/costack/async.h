/* costack/async.h - writing async functions.
 *
 *   struct read_temp { co_frame co; struct bus *bus; uint8_t raw[2]; };
 *   CO_ASYNC(read_temp, int)
 *   {
 *       CO_BEGIN(read_temp, self);
 *       CO_AWAIT(bus_read, NULL, .bus = self->bus, .dst = self->raw, .n = 2);
 *       CO_RETURN(self->raw[0] << 4 | self->raw[1] >> 4);
 *       CO_END;
 *   }
 *
 * The frame struct and the function share one name. The struct starts with
 * "co_frame co;", then parameters, then locals that live across awaits.
 * C locals do not survive an await (see lc.h for the back-end limits).
 */
#ifndef COSTACK_ASYNC_H
#define COSTACK_ASYNC_H

#include "context.h"
#include "record.h"

/* ---- argument counting -------------------------------------------------- */
#define CO__ARG64(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, \
    _15, _16, _17, _18, _19, _20, _21, _22, _23, _24, _25, _26, _27, _28, _29, \
    _30, _31, _32, _33, _34, _35, _36, _37, _38, _39, _40, _41, _42, _43, _44, \
    _45, _46, _47, _48, _49, _50, _51, _52, _53, _54, _55, _56, _57, _58, _59, \
    _60, _61, _62, _63, N, ...) N
/* 1 if the arguments contain a top-level comma, else 0 (up to 63 args). */
#define CO__HAS_COMMA(...) CO__ARG64(__VA_ARGS__, 1, 1, 1, 1, 1, 1, 1, 1, 1, \
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, \
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, \
    1, 1, 1, 0, ~)

#if defined(__GNUC__) || defined(__clang__)
#define CO__NOINLINE __attribute__((noinline))
#else
#define CO__NOINLINE
#endif

/* ---- defining async functions ------------------------------------------- */

/* Declares async function name with result type T (T may be void); put it
 * in a header after "struct name { co_frame co; ... };". */
#define CO_DECLARE(name, T)                                                    \
    typedef T co__rt_##name;                                                   \
    int name(co_context *co__ctx, co_frame *co__f)

/* Defines async function name returning T; follow with the body. Prefix
 * with "static" for internal linkage. Never inlined: the analyser needs
 * each function's frame on its own. */
#define CO_ASYNC(name, T)                                                      \
    CO__NOINLINE int name(co_context *co__ctx, co_frame *co__f);               \
    typedef T co__rt_##name;                                                   \
    CO__NOINLINE int name(co_context *co__ctx, co_frame *co__f)

/* First statement of the body: names the frame pointer self. */
#define CO_BEGIN(name, self)                                                   \
    struct name *const self = (struct name *)(void *)co__f;                    \
    typedef co__rt_##name co__rt;                                              \
    (void)self;                                                                \
    (void)(co__rt *)0;                                                         \
    CO__REC_FUNC(name)                                                         \
    CO__NAME_QUERY(name)                                                       \
    CO__LC_BEGIN(co__f->lc)

/* With CO_CONFIG_FN_NAMES, a call with no context asks for the name. */
#if CO_CONFIG_FN_NAMES
#define CO__NAME_QUERY(name)                                                   \
    if (co__ctx == NULL) {                                                     \
        co__f->result = (void *)(uintptr_t)(const void *)#name;                \
        return 0;                                                              \
    }
#else
#define CO__NAME_QUERY(name)
#endif

/* Last statement of the body: finishing here completes with status 0
 * (the result slot is left untouched). */
#define CO_END                                                                 \
    CO__LC_END                                                                 \
    return co__complete(co__ctx, co__f, 0)

/* Completes with value v written to the caller's result slot. */
#define CO_RETURN(v)                                                           \
    do {                                                                       \
        if (co__f->result)                                                     \
            *(co__rt *)co__f->result = (v);                                    \
        return co__complete(co__ctx, co__f, 0);                                \
    } while (0)

/* Completes a void async function early with status 0. */
#define CO_RETURN_VOID() return co__complete(co__ctx, co__f, 0)

/* Completes with negative error code err (propagates to the caller). */
#define CO_FAIL(err) return co__complete(co__ctx, co__f, co__fail_status(err))

static inline int co__fail_status(int err)
{
    return CO__REQUIRE(err < 0, FAIL_NOT_NEGATIVE) ? err : CO_EINVAL;
}

/* The context running this async function (inside a body). */
#define CO_CONTEXT() (co__ctx)

/* ---- awaiting ----------------------------------------------------------- */

/* CO_AWAIT(x): awaits an awaitable x (a duration, deadline, sync object,
 *   completion object, blocker or co_awaitable*); blocks as x says.
 * CO_AWAIT(fn, resp, .param = v, ...): calls async function fn with a new
 *   frame on this task's buffer; its result lands in *resp (NULL discards;
 *   a mismatched pointer type does not compile). Completes synchronously
 *   when fn does not suspend.
 * Either way an error (negative status) completes this function with the
 * same error. CO_AWAIT_STATUS(rc, ...) instead stores the status in rc. */
#define CO_AWAIT(...)                                                          \
    CO__CAT(CO__AWAIT_, CO__HAS_COMMA(__VA_ARGS__))(PROPAGATE, CO__UID, ~, __VA_ARGS__)
#define CO_AWAIT_STATUS(rc, ...)                                               \
    CO__CAT(CO__AWAIT_, CO__HAS_COMMA(__VA_ARGS__))(STATUS, CO__UID, rc, __VA_ARGS__)

/* Gives other ready contexts a turn (blocked by nothing); CO_ECANCELED
 * propagates. Same as CO_AWAIT(co_yield_now()), inlined. */
#define CO_YIELD() CO__YIELD(CO__UID)
#define CO__YIELD(n)                                                           \
    do {                                                                       \
        if (co__ctx->flags & CO__F_CANCELLED)                                  \
            return co__complete(co__ctx, co__f, CO_ECANCELED);                 \
        co__yield_now(co__ctx);                                                \
        CO__LC_SET(co__f->lc, n)                                               \
        return CO_PENDING;                                                     \
        CO__LC_LABEL(n);                                                       \
        if (co__ctx->rc < 0)                                                   \
            return co__complete(co__ctx, co__f, co__ctx->rc);                  \
    } while (0)

#define CO__AFTER_PROPAGATE(unused_)                                           \
    if (co__r < 0)                                                             \
        return co__complete(co__ctx, co__f, co__r);
#define CO__AFTER_STATUS(rcvar) (rcvar) = co__r;

/* co__r holds the status: on the synchronous path straight from the call,
 * after a suspension from ctx->rc (set by whoever resumed this frame). */
#define CO__SUSPEND(n)                                                         \
    if (co__r == CO_PENDING) {                                                 \
        CO__LC_SET(co__f->lc, n)                                               \
        return CO_PENDING;                                                     \
        CO__LC_LABEL(n);                                                       \
        co__r = co__ctx->rc;                                                   \
    }

/* Awaitable: x decides how this context blocks. */
#define CO__AWAIT_0(mode, n, rcvar, x)                                         \
    do {                                                                       \
        int co__r;                                                             \
        co__r = (co__ctx->flags & CO__F_CANCELLED)                             \
                    ? CO_ECANCELED                                             \
                    : CO__AWAITABLE(x)(co__ctx, (x));                          \
        CO__SUSPEND(n)                                                         \
        CO__AFTER_##mode(rcvar)                                                \
    } while (0)

/* Call: fn, result pointer, designated initialisers of fn's parameters. */
#define CO__AWAIT_1(mode, n, rcvar, fn, ...)                                   \
    CO__AWAIT_CALL(mode, n, rcvar, fn, __VA_ARGS__, )
#define CO__AWAIT_CALL(mode, n, rcvar, fn, resp, ...)                          \
    do {                                                                       \
        CO__CHECK_RESULT(co__rt_##fn, resp, #fn);                              \
        _Static_assert(_Alignof(struct fn) <= CO_CONFIG_FRAME_ALIGN,           \
                       "frame of " #fn " needs more than CO_CONFIG_FRAME_ALIGN"); \
        CO__REC_AWAIT(fn)                                                      \
        struct fn *co__c;                                                      \
        int co__r;                                                             \
        co__c = (struct fn *)co__push(co__ctx, co__f, CO__SLOT(sizeof(struct fn))); \
        CO__RUN_CHILD(n, fn, fn, resp, __VA_ARGS__)                            \
        CO__AFTER_##mode(rcvar)                                                \
    } while (0)

/* With co__c the pushed frame of type struct T (or NULL: co__ctx->rc says
 * why): fills in header and parameters, runs code, and leaves the status in
 * co__r, suspending this frame at resume point n while the child waits. */
#define CO__RUN_CHILD(n, T, code, resp, ...)                                   \
    if (co__c) {                                                               \
        *co__c = (struct T){.co = {code, co__f, (void *)(resp), 0}, __VA_ARGS__}; \
        co__r = (code)(co__ctx, &co__c->co);                                   \
        CO__SUSPEND(n)                                                         \
    } else {                                                                   \
        co__r = co__ctx->rc;                                                   \
    }

/* Compile-time check that result pointer p fits result type T (or is a
 * void pointer such as NULL, which discards). */
#define CO__CHECK_RESULT(T, p, what)                                           \
    _Static_assert(_Generic((p), T *: 1, default: _Generic((p), void *: 1, default: 0)), \
                   "result pointer does not match the result type of " what)

/* ---- awaitables --------------------------------------------------------- */

/* A user-defined awaitable: embed co_awaitable in any struct and pass its
 * address (&obj.aw) to CO_AWAIT. await() returns <= 0 when the operation
 * finished now (that status), or blocks ctx with co_block() and returns
 * CO_PENDING; whoever completes it later calls co_wake(ctx, status). */
typedef struct co_awaitable co_awaitable;
struct co_awaitable {
    int (*await)(co_awaitable *self, co_context *ctx);
};

/* Blocks by one of the five states with an optional object (an io object,
 * a sync object, an external tag); someone calls co_wake()/co_unblock(). */
typedef struct co_blocker {
    co_state state;
    const void *object;
} co_blocker;

/* A blocker: CO_AWAIT(co_block_on(CO_STATE_EXTERNAL, &tag)). Never blocks
 * itself (awaiting it does); ISR-safe. */
static inline co_blocker co_block_on(co_state state, const void *object)
{
    co_blocker b = {state, object};
    return b;
}
/* Blocked by nothing: the context is ready again at once (CO_YIELD()).
 * Never blocks itself; ISR-safe. */
static inline co_blocker co_yield_now(void) { return co_block_on(CO_STATE_READY, NULL); }

int co__await_duration(co_context *ctx, co_duration d);
int co__await_deadline(co_context *ctx, co_deadline d);
int co__await_blocker(co_context *ctx, co_blocker b);
int co__await_awaitable(co_context *ctx, co_awaitable *aw);

/* The C counterpart of await_transform: the awaitable's type picks how to
 * block. Runtime headers add their types here. */
#ifndef CO__AWAITABLE_EXTRA
#define CO__AWAITABLE_EXTRA
#endif
#define CO__AWAITABLE(x)                                                       \
    _Generic((x),                                                              \
        co_duration: co__await_duration,                                       \
        co_deadline: co__await_deadline,                                       \
        co_blocker: co__await_blocker,                                         \
        co_awaitable *: co__await_awaitable CO__AWAITABLE_EXTRA)

#endif /* COSTACK_ASYNC_H */
