/* costack/lc.h - the resume mechanism behind four macros, two back-ends.
 *
 * CO_CONFIG_RESUME_GOTO=1 (GCC/Clang): a frame stores the address of the
 *   label to resume at ("labels as values", a documented GNU extension; the
 *   pedantic warnings it raises are silenced here and only here). Awaits may
 *   sit anywhere: inside loops, switch statements, nested blocks.
 * CO_CONFIG_RESUME_GOTO=0 (any C11 compiler): a frame stores a number and
 *   the function body is one switch (Duff's device). Limits: an await must
 *   not sit inside a switch statement of the same function; each await must
 *   have its own source line when __COUNTER__ is unavailable.
 * Both: locals of the C function do not survive an await: keep what must
 *   survive in the frame struct. No await in a block that declares a VLA.
 */
#ifndef COSTACK_LC_H
#define COSTACK_LC_H

#include <stdint.h>
#include "config.h"

#define CO__CAT_(a, b) a##b
#define CO__CAT(a, b) CO__CAT_(a, b)
#define CO__STR_(x) #x
#define CO__STR(x) CO__STR_(x)

#ifdef __COUNTER__
#define CO__UID __COUNTER__
#else
#define CO__UID __LINE__
#endif

#if CO_CONFIG_RESUME_GOTO
typedef void *co__lc_t;
#if defined(__clang__)
#define CO__GNU_BEGIN                                                          \
    _Pragma("clang diagnostic push")                                           \
    _Pragma("clang diagnostic ignored \"-Wpedantic\"")                         \
    _Pragma("clang diagnostic ignored \"-Wgnu-label-as-value\"")
#define CO__GNU_END _Pragma("clang diagnostic pop")
#else
#define CO__GNU_BEGIN                                                          \
    _Pragma("GCC diagnostic push")                                             \
    _Pragma("GCC diagnostic ignored \"-Wpedantic\"")                           \
    _Pragma("GCC diagnostic ignored \"-Wdangling-pointer\"")
#define CO__GNU_END _Pragma("GCC diagnostic pop")
#endif
/* Opens the function body: jump to the saved label, if any. */
#define CO__LC_BEGIN(lc)                                                       \
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
#define CO__LC_BEGIN(lc) switch (lc) { case 0:
#define CO__LC_SET(lc, n) (lc) = (n) + 1u;
#define CO__LC_LABEL(n) case (n) + 1u:
#define CO__LC_END }
#endif

#endif /* COSTACK_LC_H */
