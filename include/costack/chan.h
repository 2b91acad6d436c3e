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
 * Contexts of one scheduler only; no ISR use.
 */
#ifndef COSTACK_CHAN_H
#define COSTACK_CHAN_H

#include <stddef.h>
#include "sync.h"

typedef struct co_chan {
    unsigned char *buf;
    size_t elem, cap, head, count;
    bool closed;
    co__waitq senders, receivers;
} co_chan;

/* Static initialiser over storage[capacity] of elem_size-byte elements. */
#define CO_CHAN_INIT(storage, elem_size, capacity)                             \
    {(unsigned char *)(storage), (elem_size), (capacity), 0, 0, false, {0, 0}, {0, 0}}

/* Initialises ch over storage (capacity * elem_size bytes). Never blocks;
 * not ISR-safe. */
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

/* Closes ch (see above); 0, or CO_ECLOSED if it already was. Never blocks;
 * not ISR-safe. */
int co_chan_close(co_chan *ch);

/* Buffered elements. Never blocks; not ISR-safe. */
static inline size_t co_chan_count(const co_chan *ch) { return ch->count; }

#endif /* COSTACK_CHAN_H */
