/* costack/chan.h - bounded channel of fixed-size elements in caller storage.
 *
 *   static struct sample store[8];
 *   static co_chan samples = CO_CHAN_INIT(store, sizeof store[0], 8);
 *   CO_AWAIT(co_chan_send(&samples, &self->s));   // blocks while full
 *   CO_AWAIT(co_chan_recv(&samples, &self->s));   // blocks while empty
 *   co_chan_close(&samples);
 *
 * The element pointer must stay valid until the await completes: point into
 * the frame (self->...), never at a C local. Capacity 0 is a rendezvous.
 * Waiting senders and receivers are served FIFO. After close, sends fail
 * with CO_ECLOSED at once; receives drain what is buffered, then fail with
 * CO_ECLOSED; every blocked waiter is woken with CO_ECLOSED.
 * Contexts of one scheduler. Interrupt handlers and other threads may send
 * (never receive) with co_chan_send_isr() into a channel declared with
 * co_chan_expect_isr(): its buffer is then guarded by the port's critical
 * section (interrupts masked for one element copy), and the receivers'
 * scheduler hands what arrived to waiting receivers:
 *
 *   co_chan_expect_isr(&rx);                        // at start-up
 *   void UART0_IRQHandler(void) { uint8_t b = UART0->DATA;
 *       if (co_chan_send_isr(&rx, &b) == CO_EAGAIN) overruns++; }
 */
#ifndef COSTACK_CHAN_H
#define COSTACK_CHAN_H

#include <stddef.h>
#include "sync.h"
#include "cxx_open.h"

typedef struct co_chan {
    unsigned char *buf;
    size_t elem, cap, head, count;
    bool closed;
    bool isr_fed;       /* co_chan_expect_isr(): buffer under the critical section */
    co__waitq senders, receivers;
    co__deferred isr;   /* posted by co_chan_send_isr() */
    CO__NAME_FIELD      /* CO_CONFIG_OBJECT_NAMES: shown by the debug views */
} co_chan;

void co__chan_deferred(co__deferred *d);

/* Static initialiser over storage[capacity] of elem_size-byte elements. */
#define CO_CHAN_INIT(storage, elem_size, capacity)                             \
    CO_CHAN_INIT_NAMED(storage, elem_size, capacity, 0)
/* The same with a name for the debug views (a string literal). */
#define CO_CHAN_INIT_NAMED(storage, elem_size, capacity, name)                 \
    {(unsigned char *)(storage), (elem_size), (capacity), 0, 0, false, false, \
     {0, 0}, {0, 0}, CO__DEFERRED_INIT(co__chan_deferred) CO__NAME_INIT(name)}

/* Names ch for co_dump(), the trace and gdb (the string must outlive ch; no
 * effect when CO_CONFIG_OBJECT_NAMES is 0). Never blocks; not ISR-safe. */
static inline void co_chan_set_name(co_chan *ch, const char *name) { CO__SET_NAME(ch, name); }

/* Initialises ch over storage (capacity * elem_size bytes; NULL storage
 * with capacity > 0: contract CHAN_NO_STORAGE, ch unchanged). Refused
 * (contract OBJECT_BUSY, ch unchanged) on an initialised ch that has
 * waiters or an ISR send still queued. Never blocks; not ISR-safe. */
void co_chan_init(co_chan *ch, void *storage, size_t elem_size, size_t capacity);

/* Sends *src (copied): CO_AWAIT(co_chan_send(&ch, &self->v)). Blocks by sync
 * while full; CO_ECLOSED, CO_ETIMEDOUT (_until/_for), CO_ECANCELED. Building
 * the op never blocks; awaiting it blocks by sync; not ISR-safe. */
co_op co_chan_send(co_chan *ch, const void *src);
co_op co_chan_send_until(co_chan *ch, const void *src, co_deadline d);
co_op co_chan_send_for(co_chan *ch, const void *src, co_duration d);

/* Receives into *dst: CO_AWAIT(co_chan_recv(&ch, &self->v)). Blocks by sync
 * while empty; CO_ECLOSED once closed and drained, CO_ETIMEDOUT,
 * CO_ECANCELED. Awaiting blocks by sync; not ISR-safe. */
co_op co_chan_recv(co_chan *ch, void *dst);
co_op co_chan_recv_until(co_chan *ch, void *dst, co_deadline d);
co_op co_chan_recv_for(co_chan *ch, void *dst, co_duration d);

/* Send / receive now or fail with CO_EAGAIN (or CO_ECLOSED). Never block;
 * not ISR-safe. */
int co_chan_send_try(co_chan *ch, const void *src);
int co_chan_recv_try(co_chan *ch, void *dst);

/* Declares that interrupt handlers or other threads send into ch with
 * co_chan_send_isr(): from now on every use of its buffer masks interrupts
 * around one element copy, and receivers waiting on it are not deadlocked
 * while nothing else runs. Call at start-up, before the interrupt that
 * sends is enabled, on the scheduler's thread. 0, or CO_EINVAL for a
 * rendezvous channel (capacity 0: nowhere to put an ISR's element). Never
 * blocks; not ISR-safe. */
int co_chan_expect_isr(co_chan *ch);

/* Sends *src (copied) from an interrupt handler or another thread: 0, or
 * CO_EAGAIN when the buffer is full (the element is not sent: count the
 * overrun), CO_ECLOSED once closed. The first waiting receiver gets it on
 * its scheduler's thread, in order. Only on a channel declared with
 * co_chan_expect_isr() (else contract CHAN_NOT_ISR, CO_EPERM). Never
 * blocks; ISR-safe (interrupts masked for one copy of elem bytes), any
 * thread. */
int co_chan_send_isr(co_chan *ch, const void *src);

/* Closes ch (see above); 0, or CO_ECLOSED if it already was. Never blocks;
 * not ISR-safe. */
int co_chan_close(co_chan *ch);

/* Buffered elements. Never blocks; not ISR-safe. */
static inline size_t co_chan_count(const co_chan *ch) { return ch->count; }

#include "cxx_close.h"
#endif /* COSTACK_CHAN_H */
