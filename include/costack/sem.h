/* costack/sem.h - counting semaphore with FIFO waiters.
 *
 *   static co_sem slots = CO_SEM_INIT(0, 16);
 *   CO_AWAIT(&slots);                                     // take
 *   CO_AWAIT_STATUS(rc, co_sem_take_for(&slots, co_ms(5)));
 *   co_sem_give(&slots);                                  // task side
 *   co_sem_give_isr(&slots);                              // from an ISR
 *
 * A give wakes the longest waiter directly (the count is not raced for).
 * Contexts of one scheduler; gives from ISRs and other threads use _isr.
 */
#ifndef COSTACK_SEM_H
#define COSTACK_SEM_H

#include "sync.h"
#include "cxx_open.h"

typedef struct co_sem {
    uint32_t count, max;
    co__waitq waiters;
    _Atomic uint32_t isr_gives; /* gives posted by co_sem_give_isr */
    co__deferred isr;
    CO__NAME_FIELD /* CO_CONFIG_OBJECT_NAMES: shown by the debug views */
} co_sem;

void co__sem_deferred(co__deferred *d);

/* Static initialiser: count initial (clamped to max), at most max. */
#define CO_SEM_INIT(initial, max_count) CO_SEM_INIT_NAMED(initial, max_count, 0)
/* The same with a name for the debug views (a string literal). */
#define CO_SEM_INIT_NAMED(initial, max_count, name)                            \
    {(initial) > (max_count) ? (max_count) : (initial), (max_count), {0, 0}, 0, \
     CO__DEFERRED_INIT(co__sem_deferred) CO__NAME_INIT(name)}

/* Names s for co_dump(), the trace and gdb (the string must outlive s; no
 * effect when CO_CONFIG_OBJECT_NAMES is 0). Never blocks; not ISR-safe. */
static inline void co_sem_set_name(co_sem *s, const char *name) { CO__SET_NAME(s, name); }

/* Initialises s with count initial (clamped to max: CO_SEM_INIT(5, 2)
 * counts 2), at most max, without a name. Refused (contract OBJECT_BUSY,
 * s unchanged) on an initialised s that has waiters or an ISR give still
 * queued for its scheduler. Never blocks; not ISR-safe. */
void co_sem_init(co_sem *s, uint32_t initial, uint32_t max);

/* Take with a deadline / timeout: CO_AWAIT(co_sem_take_for(&s, co_ms(5))).
 * Blocks by sync; CO_ETIMEDOUT, CO_ECANCELED. Not ISR-safe. */
co_op co_sem_take_until(co_sem *s, co_deadline d);
co_op co_sem_take_for(co_sem *s, co_duration d);

/* Takes one if available: 0 or CO_EAGAIN. Never blocks; not ISR-safe. */
int co_sem_take_try(co_sem *s);

/* Gives one: wakes the first waiter, else counts up. 0, or CO_EAGAIN when
 * the count is already max. Never blocks; not ISR-safe (tasks only). */
int co_sem_give(co_sem *s);

/* Gives one from an ISR or another thread: lock-free hand-off to the
 * waiters' scheduler, applied there in order (a give beyond max is
 * dropped). Never blocks; ISR-safe, any thread. */
void co_sem_give_isr(co_sem *s);

/* Declares that ISRs or other threads give s, so tasks waiting on it are
 * not deadlocked while nothing else runs (the first co_sem_give_isr() does
 * the same, but may come after the scheduler went idle). Call at start-up
 * on the scheduler's thread. Never blocks; not ISR-safe. */
void co_sem_expect_isr(co_sem *s);

/* Current count (gives from ISRs not yet applied are not included). Never
 * blocks; not ISR-safe. */
static inline uint32_t co_sem_count(const co_sem *s) { return s->count; }

#include "cxx_close.h"
#endif /* COSTACK_SEM_H */
