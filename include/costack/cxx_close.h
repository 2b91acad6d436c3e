/* costack/cxx_close.h - closes what cxx_open.h opened (no include guard). */
#ifdef __cplusplus
}
#pragma pop_macro("memory_order_seq_cst")
#pragma pop_macro("memory_order_release")
#pragma pop_macro("memory_order_acquire")
#pragma pop_macro("memory_order_relaxed")
#pragma pop_macro("atomic_store_explicit")
#pragma pop_macro("atomic_load_explicit")
#pragma pop_macro("_Atomic")
#pragma pop_macro("_Thread_local")
#pragma pop_macro("_Alignas")
#pragma pop_macro("_Static_assert")
#endif
