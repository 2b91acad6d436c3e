/* costack/lc.h - the resume mechanism behind four macros, two back-ends.
 *
 * CO_CONFIG_RESUME_GOTO=1 (GCC/Clang): a frame stores the address of the
 *   label to resume at ("labels as values", a documented GNU extension; the
 *   pedantic warnings it raises are silenced here and only here). Awaits may
 *   sit anywhere: inside loops, switch statements, nested blocks.
 * CO_CONFIG_RESUME_GOTO=0 (any C11 compiler): a frame stores a number and
 *   the function body is one switch (Duff's device). Limits: an await must
 *   not sit inside a switch statement of the same function (resuming there
 *   fails contract RESUME_LOST, never silently); each await must have its
 *   own source line when __COUNTER__ is unavailable.
 * Both: locals of the C function do not survive an await: keep what must
 *   survive in the frame struct. No await in a block that declares a VLA.
 *   See docs/rules.md for every rule and the diagnostic that enforces it.
 */
#ifndef COSTACK_LC_H
#define COSTACK_LC_H

#include <stdint.h>
#include "config.h"

#define CO__CAT_(a, b) a##b
#define CO__CAT(a, b) CO__CAT_(a, b)
#define CO__STR_(x) #x
#define CO__STR(x) CO__STR_(x)

/* C11 keywords the macros use, in the spelling of the including language
 * (the headers compile as C11, C++17 and C++20). */
#ifdef __cplusplus
#define CO__STATIC_ASSERT static_assert
#define CO__ALIGNOF(T) alignof(T)
#define CO__ALIGNAS(n) alignas(n)
#else
#define CO__STATIC_ASSERT _Static_assert
#define CO__ALIGNOF(T) _Alignof(T)
#define CO__ALIGNAS(n) _Alignas(n)
#endif

#ifdef __COUNTER__
#define CO__UID __COUNTER__
#else
#define CO__UID __LINE__
#endif

/* GNU extensions inside the macros (labels as values): their pedantic
 * warnings are silenced here and only here. */
#if defined(__clang__)
#define CO__GNU_BEGIN                                                          \
    _Pragma("clang diagnostic push")                                           \
    _Pragma("clang diagnostic ignored \"-Wpedantic\"")                         \
    _Pragma("clang diagnostic ignored \"-Wgnu-label-as-value\"")
#define CO__GNU_END _Pragma("clang diagnostic pop")
#elif defined(__GNUC__)
#define CO__GNU_BEGIN                                                          \
    _Pragma("GCC diagnostic push")                                             \
    _Pragma("GCC diagnostic ignored \"-Wpedantic\"")                           \
    _Pragma("GCC diagnostic ignored \"-Wdangling-pointer\"")
#define CO__GNU_END _Pragma("GCC diagnostic pop")
#else
#define CO__GNU_BEGIN
#define CO__GNU_END
#endif

#if CO_CONFIG_RESUME_GOTO
typedef void *co__lc_t;
/* Opens the function body: jump to the saved label, if any (lost: unused,
 * every label is known). */
#define CO__LC_BEGIN(lc, lost)                                                 \
    CO__GNU_BEGIN if (lc) goto *(lc);                                          \
    (void)&&co__origin; /* clang: an indirect goto needs a label address */   \
    co__origin: CO__GNU_END
/* Records resume point n; then the caller returns. */
#define CO__LC_SET(lc, n) CO__GNU_BEGIN (lc) = &&CO__CAT(co__resume_, n); CO__GNU_END
/* Marks resume point n. */
#define CO__LC_LABEL(n) CO__CAT(co__resume_, n):
/* Closes the function body. */
#define CO__LC_END
#else
typedef uintptr_t co__lc_t;
/* Opens the function body. A resume point the switch does not hold (its
 * case label sits in a switch statement of the body, which took it) runs
 * lost, never silently the end; first, so that no jump skips a local. */
#define CO__LC_BEGIN(lc, lost) switch (lc) { default: lost; case 0:
#define CO__LC_SET(lc, n) (lc) = (n) + 1u;
#define CO__LC_LABEL(n) case (n) + 1u:
/* Closes the function body. */
#define CO__LC_END }
#endif

#endif /* COSTACK_LC_H */
