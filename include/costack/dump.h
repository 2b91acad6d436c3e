/* costack/dump.h - "what is every task doing?" in one call.
 *
 *   co_dump(&sched, write_fn, arg);
 *
 * prints, per context: name, state, what it waits on (kind, the object's
 * name, or its address when it has none, mutex owner), deadline, buffer use / high-water / capacity, and the await chain
 * innermost first, with function names when CO_CONFIG_FN_NAMES is 1 and
 * addresses otherwise (costack-size, addr2line or gdb symbolise them).
 */
#ifndef COSTACK_DUMP_H
#define COSTACK_DUMP_H

#include <stddef.h>
#include "context.h"
#include "cxx_open.h"

struct co_sched;

/* Receives dump text (n bytes, not NUL-terminated). */
typedef void co_dump_write_fn(void *arg, const char *text, size_t n);

/* Writes one context's description. Never blocks (but as write does);
 * not ISR-safe. */
void co_dump_context(const co_context *ctx, co_dump_write_fn *write, void *arg);

/* Writes every live context of scheduler s, and any waits-for cycle.
 * Never blocks (but as write does); not ISR-safe; on s's thread. */
void co_dump(const struct co_sched *s, co_dump_write_fn *write, void *arg);

/* The name of async function fn (CO_CONFIG_FN_NAMES=1), else NULL. Never
 * blocks; ISR-safe. */
const char *co_fn_name(co_fn *fn);

#include "cxx_close.h"
#endif /* COSTACK_DUMP_H */
