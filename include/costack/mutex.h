/* costack/mutex.h - mutex: owner recorded, FIFO hand-off, deadlock checks.
 *
 *   static co_mutex log_lock = CO_MUTEX_INIT;
 *   CO_AWAIT(&log_lock);                                      // lock
 *   CO_AWAIT_STATUS(rc, co_mutex_lock_for(&log_lock, co_ms(5)));
 *   co_mutex_unlock(&log_lock);
 *
 * Unlock hands the mutex to the longest waiter (no barging, no starvation).
 * Locking a mutex you own, or one whose wait would close a cycle in the
 * waits-for graph (A waits for B's mutex while B waits for A's), fails with
 * CO_EDEADLK instead of blocking. Waiters show the mutex and its owner in
 * the query API. Contexts of one scheduler only; no ISR use.
 *
 * Priority inheritance (CO_CONFIG_PRIORITIES > 1): a context that waits
 * raises the owner (and, transitively, the owner that owner waits for) to
 * its own priority; a task keeps a raised priority until it owns no mutex
 * at all, and the next owner of a mutex that still has waiters takes the
 * raise over. Conservative as in FreeRTOS: a waiter that times out or is
 * cancelled does not lower the owner before it releases everything.
 */
#ifndef COSTACK_MUTEX_H
#define COSTACK_MUTEX_H

#include "sched.h"
#include "sync.h"
#include "cxx_open.h"

typedef struct co_mutex {
    co_context *owner; /* NULL when free */
    co__waitq waiters;
    CO__NAME_FIELD      /* CO_CONFIG_OBJECT_NAMES: shown by the debug views */
} co_mutex;

#define CO_MUTEX_INIT CO_MUTEX_INIT_NAMED(0)
/* Static initialiser with a name for the debug views (a string literal). */
#define CO_MUTEX_INIT_NAMED(name) {0, {0, 0} CO__NAME_INIT(name)}

/* Names m for co_dump(), the trace and gdb (the string must outlive m; no
 * effect when CO_CONFIG_OBJECT_NAMES is 0). Never blocks; not ISR-safe. */
static inline void co_mutex_set_name(co_mutex *m, const char *name) { CO__SET_NAME(m, name); }

/* Initialises m unlocked. Refused (contract OBJECT_BUSY, m unchanged)
 * while tasks wait for m: the check reads m, so pass zeroed storage, a
 * CO_MUTEX_INIT object or one initialised before. Never blocks; not
 * ISR-safe. */
void co_mutex_init(co_mutex *m);

/* Lock with a deadline / timeout: CO_AWAIT(co_mutex_lock_until(&m, d)).
 * Blocks by sync; CO_ETIMEDOUT, CO_EDEADLK, CO_ECANCELED, CO_EAGAIN when
 * the task already owns 255 mutexes (the most a context counts). Not
 * ISR-safe. */
co_op co_mutex_lock_until(co_mutex *m, co_deadline d);
co_op co_mutex_lock_for(co_mutex *m, co_duration d);

/* Takes m for the running context if free: 0, CO_EAGAIN when held by
 * another (or the caller owns 255 mutexes), CO_EDEADLK when held by the caller. Never blocks; not ISR-safe. */
int co_mutex_lock_try(co_mutex *m);

/* Releases m held by the running context and hands it to the first waiter.
 * 0, or CO_EPERM when the caller is not the owner. Never blocks; not
 * ISR-safe. */
int co_mutex_unlock(co_mutex *m);

/* The owning context, or NULL. Never blocks; not ISR-safe. */
static inline co_context *co_mutex_owner(const co_mutex *m) { return m->owner; }

#include "cxx_close.h"
#endif /* COSTACK_MUTEX_H */
