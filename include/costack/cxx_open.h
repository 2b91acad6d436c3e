/* costack/cxx_open.h - opens a public header's declarations for C++ (no
 * include guard: every header includes it after its own includes, and
 * cxx_close.h at its end). In C it does nothing.
 *
 * Inside, the library's functions get C linkage, and the C11 spellings the
 * declarations use mean their C++ equivalents: _Static_assert, _Alignas,
 * _Thread_local, and _Atomic with the two atomic operations the inline
 * functions use (GCC/Clang __atomic built-ins on the plain object, which
 * has the size and alignment of the C _Atomic one on every supported
 * target). The macros are restored at the header's end, so the user's own
 * code (and the C++ atomic header) never sees them.
 */
#ifdef __cplusplus
#pragma push_macro("_Static_assert")
#pragma push_macro("_Alignas")
#pragma push_macro("_Thread_local")
#pragma push_macro("_Atomic")
#pragma push_macro("atomic_load_explicit")
#pragma push_macro("atomic_store_explicit")
#pragma push_macro("memory_order_relaxed")
#pragma push_macro("memory_order_acquire")
#pragma push_macro("memory_order_release")
#pragma push_macro("memory_order_seq_cst")
#undef _Static_assert
#undef _Alignas
#undef _Thread_local
#undef _Atomic
#undef atomic_load_explicit
#undef atomic_store_explicit
#undef memory_order_relaxed
#undef memory_order_acquire
#undef memory_order_release
#undef memory_order_seq_cst
#define _Static_assert static_assert
#define _Alignas(n) alignas(n)
#define _Thread_local thread_local
#define _Atomic
#define atomic_load_explicit(p, order) __atomic_load_n((p), (order))
#define atomic_store_explicit(p, v, order) __atomic_store_n((p), (v), (order))
#define memory_order_relaxed __ATOMIC_RELAXED
#define memory_order_acquire __ATOMIC_ACQUIRE
#define memory_order_release __ATOMIC_RELEASE
#define memory_order_seq_cst __ATOMIC_SEQ_CST
extern "C" {
#endif
