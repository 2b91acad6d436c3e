/* costack/event.h - event flag, auto- or manual-reset, FIFO waiters.
 *
 *   static co_event ready = CO_EVENT_INIT(CO_EVENT_MANUAL);
 *   CO_AWAIT(&ready);                                     // wait until set
 *   CO_AWAIT_STATUS(rc, co_event_wait_for(&ready, co_ms(5)));
 *   co_event_set(&ready);  co_event_set_isr(&ready);  co_event_clear(&ready);
 *
 * Manual reset: set wakes every waiter and stays set until cleared. Auto
 * reset: set wakes exactly one waiter (the longest), or stays set until one
 * wait consumes it.
 */
#ifndef COSTACK_EVENT_H
#define COSTACK_EVENT_H

#include "sync.h"
#include "cxx_open.h"

enum { CO_EVENT_MANUAL = 0, CO_EVENT_AUTO = 1 };

typedef struct co_event {
    uint8_t set, autoreset;
    co__waitq waiters;
    _Atomic uint32_t isr_set; /* set by co_event_set_isr */
    co__deferred isr;
    CO__NAME_FIELD /* CO_CONFIG_OBJECT_NAMES: shown by the debug views */
} co_event;

void co__event_deferred(co__deferred *d);

/* Static initialiser; mode CO_EVENT_MANUAL or CO_EVENT_AUTO. Starts clear. */
#define CO_EVENT_INIT(mode) CO_EVENT_INIT_NAMED(mode, 0)
/* The same with a name for the debug views (a string literal). */
#define CO_EVENT_INIT_NAMED(mode, name)                                        \
    {0, (mode), {0, 0}, 0, CO__DEFERRED_INIT(co__event_deferred) CO__NAME_INIT(name)}

/* Names e for co_dump(), the trace and gdb (the string must outlive e; no
 * effect when CO_CONFIG_OBJECT_NAMES is 0). Never blocks; not ISR-safe. */
static inline void co_event_set_name(co_event *e, const char *name) { CO__SET_NAME(e, name); }

/* Initialises e clear with mode CO_EVENT_MANUAL / CO_EVENT_AUTO. Refused
 * (contract OBJECT_BUSY, e unchanged) on an initialised e that has waiters
 * or an ISR set still queued. Never blocks; not ISR-safe. */
void co_event_init(co_event *e, int mode);

/* Wait with a deadline / timeout: CO_AWAIT(co_event_wait_for(&e, d)).
 * Blocks by sync; CO_ETIMEDOUT, CO_ECANCELED. Not ISR-safe. */
co_op co_event_wait_until(co_event *e, co_deadline d);
co_op co_event_wait_for(co_event *e, co_duration d);

/* 0 if set (consuming it in auto mode), else CO_EAGAIN. Never blocks; not
 * ISR-safe. */
int co_event_wait_try(co_event *e);

/* Sets e (see the modes above). Never blocks; not ISR-safe. */
void co_event_set(co_event *e);

/* Sets e from an ISR or another thread (applied on the waiters' scheduler).
 * Never blocks; ISR-safe, any thread. */
void co_event_set_isr(co_event *e);

/* Declares that ISRs or other threads set e (see co_sem_expect_isr()).
 * Never blocks; not ISR-safe. */
void co_event_expect_isr(co_event *e);

/* Clears e. Never blocks; not ISR-safe. */
void co_event_clear(co_event *e);

#include "cxx_close.h"
#endif /* COSTACK_EVENT_H */
