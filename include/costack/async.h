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
#include "cxx_open.h"

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
    CO__MODELS(name)                                                           \
    int name(co_context *co__ctx, co_frame *co__f)

/* Defines async function name returning T; follow with the body. Prefix
 * with "static" for internal linkage. Never inlined: the analyser needs
 * each function's frame on its own. The frame parameter's name carries the
 * function's name, so that a CO_BEGIN naming another function fails. */
#define CO_ASYNC(name, T)                                                      \
    CO__NOINLINE int name(co_context *co__ctx, co_frame *co__f);               \
    CO__STATIC_ASSERT(sizeof(struct co__scope) == sizeof(char),                \
        "the async function before this one has no CO_END (or an unbalanced "  \
        "brace): end every async body with CO_END;");                          \
    typedef T co__rt_##name;                                                   \
    CO__MODELS(name)                                                           \
    CO__NOINLINE int name(co_context *co__ctx,                                 \
                          co_frame *CO_BEGIN_and_CO_ASYNC_must_name_the_same_function_##name)

/* What an await site needs to know of async function name, as the types
 * of three declarations (never defined, never evaluated). */
#define CO__MODELS(name)                                                       \
    typedef struct name co__fr_##name;                                         \
    extern co__fr_##name *co__ftp_##name;                                      \
    extern co__rt_##name *co__rtp_##name;

/* Only CO_BEGIN declares another one: CO_ASYNC sees which it is. */
struct co__scope { char file_scope; };

/* First statement of the body: names the frame pointer self. */
#define CO_BEGIN(name, self)                                                   \
    co_frame *const co__f = CO_BEGIN_and_CO_ASYNC_must_name_the_same_function_##name; \
    struct name *const self = (struct name *)(void *)co__f;                    \
    typedef co__rt_##name co__rt;                                              \
    typedef CO__OBJECT_TYPE(co__rt) co__rt_obj;                                \
    CO__BODY_SCOPE                                                             \
    (void)self;                                                                \
    (void)(co__rt *)0;                                                         \
    (void)(co__rt_obj *)0;                                                     \
    CO__END_REQUIRED                                                           \
    CO__REC_FUNC(name)                                                         \
    CO__NAME_QUERY(name)                                                       \
    CO__LC_BEGIN(co__f->lc, return co__resume_lost(co__ctx, co__f))

/* The label only CO_END defines: without it the body does not compile.
 * GCC/Clang take its address (no jump: C++ locals stay legal); others
 * jump to it from dead code. */
#define CO__END_LABEL every_async_body_must_end_with_CO_END
#if defined(__GNUC__) || defined(__clang__)
#define CO__END_REQUIRED CO__GNU_BEGIN (void)&&CO__END_LABEL; CO__GNU_END
#else
#define CO__END_REQUIRED if (0) goto CO__END_LABEL;
#endif

/* Inside a body, a struct co__scope of another size: CO_ASYNC nested in a
 * body that never closed (switch back-end without CO_END) fails. */
#if defined(__cplusplus) && (defined(__GNUC__) || defined(__clang__))
#define CO__BODY_SCOPE                                                         \
    _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wshadow\"") \
    struct co__scope { char in_body[2]; };                                     \
    _Pragma("GCC diagnostic pop")
#else
#define CO__BODY_SCOPE struct co__scope { char in_body[2]; };
#endif

/* The result type, or char when it is void (so that CO_RETURN(v) in a void
 * function reports one error: the static assertion that says the fix). */
#if defined(__cplusplus)
#define CO__OBJECT_TYPE(T) co__object_type<T>::type
#elif defined(__GNUC__) || defined(__clang__)
#define CO__OBJECT_TYPE(T) __typeof__(*_Generic((T *)0, void *: (char *)0, default: (T *)0))
#else
#define CO__OBJECT_TYPE(T) T
#endif
#ifdef __cplusplus
#define CO__IS_VOID(T) co__is_void<T>::value
#else
#define CO__IS_VOID(T) _Generic((T *)0, void *: 1, default: 0)
#endif

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
    CO__END_LABEL:                                                             \
    return co__complete(co__ctx, co__f, 0)

/* Completes with value v written to the caller's result slot. */
#define CO_RETURN(v)                                                           \
    do {                                                                       \
        CO__STATIC_ASSERT(!CO__IS_VOID(co__rt),                                \
            "CO_RETURN(v) in an async function whose result type is void: "    \
            "write CO_RETURN_VOID(), or declare a result type in CO_ASYNC");   \
        if (co__f->result)                                                     \
            *(co__rt_obj *)co__f->result = (v);                                \
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

/* The switch back-end resumed a frame at a point its switch does not hold:
 * reports RESUME_LOST and completes the frame with CO_EINVAL. */
static inline int co__resume_lost(co_context *ctx, co_frame *f)
{
    (void)CO__REQUIRE(0, RESUME_LOST);
    return co__complete(ctx, f, CO_EINVAL);
}

/* The context running this async function (inside a body). */
#define CO_CONTEXT() (co__ctx)

/* ---- awaiting ----------------------------------------------------------- */

/* CO_AWAIT(x): awaits an awaitable x (a duration, deadline, sync object,
 *   completion object, blocker or co_awaitable*); blocks as x says.
 * CO_AWAIT(fn, resp, .param = v, ...): calls async function fn with a new
 *   frame on this task's buffer; its result lands in *resp (NULL discards;
 *   a mismatched pointer type does not compile). Completes synchronously
 *   when fn does not suspend. The new frame starts zeroed; each
 *   ".param = v" is then assigned in the order written (any order, C and
 *   C++ alike; at most CO_MAX_PARAMS; an array member cannot be assigned;
 *   a value with a comma inside braces is parenthesised, as in any macro
 *   argument: .pt = ((struct pt){1, 2})).
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
        co__ctx->state = CO_STATE_READY;                                       \
        CO__LC_SET(co__f->lc, n)                                               \
        return co__yield_return(co__ctx);                                      \
        CO__LC_LABEL(n);                                                       \
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
        CO__CHECK_AWAITABLE(x);                                                \
        co__r = (co__ctx->flags & CO__F_CANCELLED)                             \
                    ? CO_ECANCELED                                             \
                    : CO__AWAIT_X(co__ctx, x);                                 \
        CO__SUSPEND(n)                                                         \
        CO__AFTER_##mode(rcvar)                                                \
    } while (0)

#define CO__MSG_CALL_NEEDS_RESULT                                              \
    "CO_AWAIT(fn) names an async function without a result pointer: "         \
    "write CO_AWAIT(fn, &result) or CO_AWAIT(fn, NULL, .param = value)"
#define CO__MSG_NOT_AWAITABLE                                                  \
    "CO_AWAIT(x): x is not awaitable. Await a co_duration (co_ms(10)), a "    \
    "co_deadline, &mutex, &sem, &event, &io, a co_op (co_chan_send(&ch, p), " \
    "co_chan_recv, co_mutex_lock_for, ...), a co_blocker or a co_awaitable *; " \
    "call an async function with CO_AWAIT(fn, &result, .param = value)"

/* Types named through the models CO_ASYNC and CO_DECLARE declare (never
 * defined, only typed): co__ftp_fn points to fn's frame, co__rtp_fn to its
 * result. A misspelt fn is then one error per name, not one per use. */
#if defined(__cplusplus)
#define CO__TYPEOF(e) decltype(e)
#define CO__POINTEE(e) co__bare<decltype(*(e))>::type
#elif defined(__GNUC__) || defined(__clang__)
#define CO__TYPEOF(e) __typeof__(e)
#define CO__POINTEE(e) __typeof__(*(e))
#endif

/* Call: fn, result pointer, designated initialisers of fn's parameters.
 * fn is named once first: misspelt, that is the first error. */
#define CO__AWAIT_1(mode, n, rcvar, fn, ...)                                   \
    CO__AWAIT_CALL(mode, n, rcvar, fn, __VA_ARGS__, )
#if defined(__GNUC__) && !defined(__clang__) && !defined(__cplusplus)
/* GCC reports each undeclared name once: the types stay inline. */
#define CO__AWAIT_CALL(mode, n, rcvar, fn, resp, ...)                          \
    do {                                                                       \
        co_fn *co__callee;                                                     \
        co__callee = fn;                                                       \
        CO__AWAIT_TYPED(mode, n, rcvar, fn, CO__POINTEE(co__ftp_##fn),         \
                        CO__TYPEOF(co__rtp_##fn), resp, __VA_ARGS__)           \
    } while (0)
#elif defined(CO__POINTEE)
/* Clang and C++ report each use: the types are named once. */
#define CO__AWAIT_CALL(mode, n, rcvar, fn, resp, ...)                          \
    do {                                                                       \
        co_fn *co__callee;                                                     \
        co__callee = fn;                                                       \
        typedef CO__POINTEE(co__ftp_##fn) co__ft;                              \
        typedef CO__TYPEOF(co__rtp_##fn) co__rtp;                              \
        CO__AWAIT_TYPED(mode, n, rcvar, fn, co__ft, co__rtp, resp, __VA_ARGS__) \
    } while (0)
#else
#define CO__AWAIT_CALL(mode, n, rcvar, fn, resp, ...)                          \
    do {                                                                       \
        co_fn *co__callee;                                                     \
        co__callee = fn;                                                       \
        CO__AWAIT_TYPED(mode, n, rcvar, fn, struct fn, co__rt_##fn *, resp, __VA_ARGS__) \
    } while (0)
#endif
#define CO__AWAIT_TYPED(mode, n, rcvar, fn, FT, RTP, resp, ...)                \
        CO__CHECK_RESULT_PTR(RTP, resp, #fn);                                  \
        CO__CHECK_FRAME(FT, #fn);                                              \
        CO__REC_AWAIT(fn, FT)                                                  \
        FT *co__c;                                                             \
        int co__r;                                                             \
        co__c = (FT *)co__push(co__ctx, co__f, CO__SLOT(sizeof(FT)));          \
        CO__RUN_CHILD(n, FT, co__callee, resp, __VA_ARGS__)                    \
        CO__AFTER_##mode(rcvar)

/* Compile-time checks of a frame type FT named what: "co_frame co;" first,
 * alignment within CO_CONFIG_FRAME_ALIGN. */
#define CO__CHECK_FRAME(FT, what)                                              \
    CO__CHECK_FRAME_CXX(FT, what)                                              \
    CO__STATIC_ASSERT(offsetof(FT, co) == 0,                                   \
        "'co_frame co;' must be the first member of the frame struct " what    \
        ": move it to the top");                                               \
    CO__STATIC_ASSERT(CO__ALIGNOF(FT) <= CO_CONFIG_FRAME_ALIGN,                \
        "frame of " what " needs more than CO_CONFIG_FRAME_ALIGN")

/* C++: a frame is copied into the task buffer and never destroyed. */
#ifdef __cplusplus
#define CO__CHECK_FRAME_CXX(FT, what)                                          \
    static_assert(__is_trivially_copyable(FT),                                 \
        "the frame struct " what " must be a plain C struct in C++: no "       \
        "destructor, copy operation or virtual function, nor members with one");
#else
#define CO__CHECK_FRAME_CXX(FT, what)
#endif

/* With co__c the pushed frame of type FT (or NULL: co__ctx->rc says why):
 * fills in header and parameters, runs code, and leaves the status in
 * co__r, suspending this frame at resume point n while the child waits. */
#define CO__RUN_CHILD(n, FT, code, resp, ...)                                  \
    if (co__c) {                                                               \
        co__frame_fill(&co__c->co, sizeof(FT), (code), co__f, (void *)(resp)); \
        CO__SET_PARAMS(co__c, __VA_ARGS__)                                     \
        co__r = (code)(co__ctx, &co__c->co);                                   \
        CO__SUSPEND(n)                                                         \
    } else {                                                                   \
        co__r = co__ctx->rc;                                                   \
    }

/* Parameters left out of a frame's initialisers are zero, as in C: g++
 * -Wextra would warn about each one in C++. Statement level only. */
#if defined(__cplusplus) && defined(__GNUC__) && !defined(__clang__)
#define CO__PARTIAL_INIT_BEGIN                                                 \
    _Pragma("GCC diagnostic push")                                             \
    _Pragma("GCC diagnostic ignored \"-Wmissing-field-initializers\"")
#define CO__PARTIAL_INIT_END _Pragma("GCC diagnostic pop")
#else
#define CO__PARTIAL_INIT_BEGIN
#define CO__PARTIAL_INIT_END
#endif

/* The ".param = value" list of an await, then one empty argument: each
 * becomes the assignment (*p).param = value; in the order written (up to
 * CO_MAX_PARAMS of them). Assignment, not initialisation: a parameter is
 * set as a C function's argument is (an array member cannot be). */
#define CO_MAX_PARAMS 24
#define CO__NARGS(...) CO__ARG64(__VA_ARGS__, 63, 62, 61, 60, 59, 58, 57, 56,   \
    55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, \
    36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, \
    17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, ~)
#define CO__SET_PARAMS(p, ...) CO__CAT(CO__SET_, CO__NARGS(__VA_ARGS__))(p, __VA_ARGS__)
#define CO__SET_1(p, last_)
#define CO__SET_2(p, a, ...) (*(p))a; CO__SET_1(p, __VA_ARGS__)
#define CO__SET_3(p, a, ...) (*(p))a; CO__SET_2(p, __VA_ARGS__)
#define CO__SET_4(p, a, ...) (*(p))a; CO__SET_3(p, __VA_ARGS__)
#define CO__SET_5(p, a, ...) (*(p))a; CO__SET_4(p, __VA_ARGS__)
#define CO__SET_6(p, a, ...) (*(p))a; CO__SET_5(p, __VA_ARGS__)
#define CO__SET_7(p, a, ...) (*(p))a; CO__SET_6(p, __VA_ARGS__)
#define CO__SET_8(p, a, ...) (*(p))a; CO__SET_7(p, __VA_ARGS__)
#define CO__SET_9(p, a, ...) (*(p))a; CO__SET_8(p, __VA_ARGS__)
#define CO__SET_10(p, a, ...) (*(p))a; CO__SET_9(p, __VA_ARGS__)
#define CO__SET_11(p, a, ...) (*(p))a; CO__SET_10(p, __VA_ARGS__)
#define CO__SET_12(p, a, ...) (*(p))a; CO__SET_11(p, __VA_ARGS__)
#define CO__SET_13(p, a, ...) (*(p))a; CO__SET_12(p, __VA_ARGS__)
#define CO__SET_14(p, a, ...) (*(p))a; CO__SET_13(p, __VA_ARGS__)
#define CO__SET_15(p, a, ...) (*(p))a; CO__SET_14(p, __VA_ARGS__)
#define CO__SET_16(p, a, ...) (*(p))a; CO__SET_15(p, __VA_ARGS__)
#define CO__SET_17(p, a, ...) (*(p))a; CO__SET_16(p, __VA_ARGS__)
#define CO__SET_18(p, a, ...) (*(p))a; CO__SET_17(p, __VA_ARGS__)
#define CO__SET_19(p, a, ...) (*(p))a; CO__SET_18(p, __VA_ARGS__)
#define CO__SET_20(p, a, ...) (*(p))a; CO__SET_19(p, __VA_ARGS__)
#define CO__SET_21(p, a, ...) (*(p))a; CO__SET_20(p, __VA_ARGS__)
#define CO__SET_22(p, a, ...) (*(p))a; CO__SET_21(p, __VA_ARGS__)
#define CO__SET_23(p, a, ...) (*(p))a; CO__SET_22(p, __VA_ARGS__)
#define CO__SET_24(p, a, ...) (*(p))a; CO__SET_23(p, __VA_ARGS__)
#define CO__SET_25(p, a, ...) (*(p))a; CO__SET_24(p, __VA_ARGS__)

/* Compile-time check that result pointer p fits result type T (or is a
 * void pointer such as NULL, which discards); TP is T *. */
#define CO__CHECK_RESULT(T, p, what) CO__CHECK_RESULT_PTR(T *, p, what)
#ifdef __cplusplus
#define CO__CHECK_RESULT_PTR(TP, p, what)                                      \
    static_assert(co__result_fits<TP, decltype(p)>::value,                     \
                  "result pointer does not match the result type of " what)
#else
#define CO__CHECK_RESULT_PTR(TP, p, what)                                      \
    _Static_assert(_Generic((p), TP: 1, default: _Generic((p), void *: 1, default: 0)), \
                   "result pointer does not match the result type of " what)
#endif

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

/* What CO_AWAIT(x) of something that is not awaitable selects: never
 * defined, the static assertion that names the rule fails first. */
int co__await_none(co_context *ctx, ...);

/* The C counterpart of await_transform: the awaitable's type picks how to
 * block. Runtime headers add their types here (C++: the overloads of
 * co__await_any in cxx.h). */
#ifndef CO__AWAITABLE_EXTRA
#define CO__AWAITABLE_EXTRA
#endif
#ifdef __cplusplus
#define CO__AWAIT_X(ctx, x) co__await_any((ctx), (x), 0)
#define CO__CHECK_AWAITABLE(x)                                                 \
    static_assert(!co__is_fn<decltype(x)>::value, CO__MSG_CALL_NEEDS_RESULT);  \
    static_assert(co__is_fn<decltype(x)>::value ||                             \
                      !co__is_none<decltype(co__await_any(co__ctx, (x), 0))>::value, \
                  CO__MSG_NOT_AWAITABLE)
#else
#define CO__AWAIT_X(ctx, x) CO__AWAITABLE(x)((ctx), (x))
#define CO__AWAITABLE(x)                                                       \
    _Generic((x),                                                              \
        default: co__await_none,                                               \
        co_duration: co__await_duration,                                       \
        co_deadline: co__await_deadline,                                       \
        co_blocker: co__await_blocker,                                         \
        co_awaitable *: co__await_awaitable CO__AWAITABLE_EXTRA)
#define CO__CHECK_AWAITABLE(x)                                                 \
    _Static_assert(_Generic((x), co_fn *: 0, default: 1), CO__MSG_CALL_NEEDS_RESULT); \
    _Static_assert(_Generic((x), co_fn *: 1, default:                          \
                       _Generic((CO__AWAITABLE(x)), int (*)(co_context *, ...): 0, default: 1)), \
                   CO__MSG_NOT_AWAITABLE)
#endif

#include "cxx_close.h"
#include "cxx.h"
#endif /* COSTACK_ASYNC_H */
