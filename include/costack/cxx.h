/* costack/cxx.h - what the macros of async.h use in C++ instead of
 * _Generic: type traits and the overloads that pick how an awaitable
 * blocks (the C++ counterpart of CO__AWAITABLE). Same rules, same messages
 * as in C. Included by async.h; not for direct use.
 */
#ifndef COSTACK_CXX_H
#define COSTACK_CXX_H
#include "async.h"
#ifdef __cplusplus

extern "C++" {

template <class A, class B> struct co__same { static constexpr bool value = false; };
template <class A> struct co__same<A, A> { static constexpr bool value = true; };

template <class T> struct co__bare { typedef T type; };
template <class T> struct co__bare<T &> { typedef typename co__bare<T>::type type; };
template <class T> struct co__bare<T &&> { typedef typename co__bare<T>::type type; };
template <class T> struct co__bare<const T> { typedef typename co__bare<T>::type type; };
template <class T> struct co__bare<volatile T> { typedef typename co__bare<T>::type type; };
template <class T> struct co__bare<const volatile T> { typedef typename co__bare<T>::type type; };

/* CO_RETURN(v) writes a co__object_type<T>: T, or char for void. */
template <class T> struct co__object_type { typedef T type; };
template <> struct co__object_type<void> { typedef char type; };
template <class T> struct co__is_void { static constexpr bool value = false; };
template <> struct co__is_void<void> { static constexpr bool value = true; };

/* A result pointer P fits result pointer type T (the result type's
 * pointer): T, a void pointer, or a null
 * pointer constant (NULL, 0, nullptr), which discards the result. */
template <class P> struct co__is_null_constant { static constexpr bool value = false; };
template <> struct co__is_null_constant<int> { static constexpr bool value = true; };
template <> struct co__is_null_constant<long> { static constexpr bool value = true; };
template <> struct co__is_null_constant<long long> { static constexpr bool value = true; };
template <> struct co__is_null_constant<decltype(nullptr)> { static constexpr bool value = true; };
template <class T, class P> struct co__result_fits {
    typedef typename co__bare<P>::type bare;
    static constexpr bool value = co__same<bare, T>::value || co__same<bare, void *>::value ||
                                  co__is_null_constant<bare>::value;
};

/* CO_AWAIT(fn) of an async function: x names a co_fn. */
template <class X> struct co__is_fn {
    typedef typename co__bare<X>::type bare;
    static constexpr bool value = co__same<bare, co_fn>::value || co__same<bare, co_fn *>::value;
};

/* What co__await_any returns for something that is not awaitable: an int
 * as far as the macro cares, so that the static assertion is the only
 * error. */
struct co__not_awaitable {
    operator int() const { return 0; }
};
template <class X> struct co__is_none { static constexpr bool value = false; };
template <> struct co__is_none<co__not_awaitable> { static constexpr bool value = true; };

/* co__await_any(ctx, x, 0) awaits x: the overload of its type, else the
 * catch-all (its third parameter is long: the worst match). The runtime
 * headers' types (co_op, co_mutex *, ...) are found when the template is
 * used, whichever of their headers came after this one. */
template <class X> inline co__not_awaitable co__await_any(co_context *, const X &, long)
{
    return co__not_awaitable();
}
inline int co__await_any(co_context *c, co_duration d, int) { return co__await_duration(c, d); }
inline int co__await_any(co_context *c, co_deadline d, int) { return co__await_deadline(c, d); }
inline int co__await_any(co_context *c, co_blocker b, int) { return co__await_blocker(c, b); }
inline int co__await_any(co_context *c, co_awaitable *a, int) { return co__await_awaitable(c, a); }
template <class X>
inline auto co__await_any(co_context *c, const X &op, int) -> decltype(co__await_op(c, op))
{
    return co__await_op(c, op);
}
template <class X>
inline auto co__await_any(co_context *c, X *m, int) -> decltype(co__await_mutex(c, m))
{
    return co__await_mutex(c, m);
}
template <class X>
inline auto co__await_any(co_context *c, X *s, int) -> decltype(co__await_sem(c, s))
{
    return co__await_sem(c, s);
}
template <class X>
inline auto co__await_any(co_context *c, X *e, int) -> decltype(co__await_event(c, e))
{
    return co__await_event(c, e);
}
template <class X>
inline auto co__await_any(co_context *c, X *io, int) -> decltype(co__await_io(c, io))
{
    return co__await_io(c, io);
}

/* CO_START's root frame: a temporary that lives for the whole call. */
template <class F> inline const co_frame *co__frame_of(const F &f) { return &f.co; }

} /* extern "C++" */

#endif /* __cplusplus */
#endif /* COSTACK_CXX_H */
