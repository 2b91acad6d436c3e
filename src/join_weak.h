/* src/join_weak.h - private: how the debug views reach join/select. */
#ifndef CO_JOIN_WEAK_H
#define CO_JOIN_WEAK_H
#include "sched_impl.h"

/* The debug views (dump, query) look at join/select branches through weak
 * references: a program that never joins does not link join.c for them
 * (the functions are then NULL). The compilers this library supports (GCC,
 * Clang: the await records need them) have weak symbols on every target. */
/* (redeclared: only the weak attribute is new here) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wredundant-decls"
size_t co_branches(const co_context *ctx, co_context **out, size_t max) __attribute__((weak));
/* The wait table of a join/select's parent (join.c). */
CO__HIDDEN extern const co_wait_ops co__join_ops __attribute__((weak));
co_context *co_branch_parent(const co_context *ctx) __attribute__((weak));
int co__branch_index(const co_context *ctx) __attribute__((weak));
#pragma GCC diagnostic pop
/* co_branches(ctx, out, max), or 0 when join.c is not linked. */
#define CO__BRANCHES(ctx, out, max) (co_branches ? co_branches(ctx, out, max) : 0)
/* co_branch_parent(ctx), or NULL when join.c is not linked. */
#define CO__BRANCH_PARENT(ctx) (co_branch_parent ? co_branch_parent(ctx) : NULL)
/* co__branch_index(ctx), or -1 when join.c is not linked. */
#define CO__BRANCH_INDEX(ctx) (co__branch_index ? co__branch_index(ctx) : -1)

#endif
