/* costack/io.h - I/O completion object: a driver arms it, a task awaits
 * it, the interrupt handler completes it.
 *
 *   co_io_arm(&uart->rx_done);           // before starting the transfer
 *   uart_start_rx(uart, buf, n);
 *   CO_AWAIT(&uart->rx_done);             // blocked by io
 *   n = co_io_result(&uart->rx_done);
 *   ...
 *   void UART_IRQHandler(void) { co_io_complete_isr(&uart0.rx_done, count); }
 *
 * A completion that happens before the await is kept: the await returns at
 * once. The awaiting context must run on a co_sched (the completion hands
 * the object to its scheduler lock-free; it never touches the context).
 * A result < 0 makes the await fail with it; >= 0 is read with
 * co_io_result(). One task awaits a co_io at a time (a second: contract
 * IO_BUSY, CO_EBUSY). A completion that loses (a second one, or one that
 * arrives after the wait timed out and io was armed again) changes
 * nothing, and never ends a later wait.
 */
#ifndef COSTACK_IO_H
#define COSTACK_IO_H

#include "sched.h"
#include "cxx_open.h"

typedef struct co_io {
    _Atomic uint32_t state;  /* idle, armed, waiting, claimed, done */
    _Atomic int32_t result;  /* valid once done */
    co_context *waiter;      /* the awaiting context (its scheduler's thread only) */
    co__deferred isr;        /* posted to the waiter's scheduler by the completion */
    CO__NAME_FIELD           /* CO_CONFIG_OBJECT_NAMES: shown by the debug views */
} co_io;

void co__io_deferred(co__deferred *d);

#define CO_IO_INIT CO_IO_INIT_NAMED(0)
/* Static initialiser with a name for the debug views (a string literal). */
#define CO_IO_INIT_NAMED(name) {0, 0, 0, CO__DEFERRED_INIT(co__io_deferred) CO__NAME_INIT(name)}

/* Names io for co_dump(), the trace and gdb (the string must outlive io; no
 * effect when CO_CONFIG_OBJECT_NAMES is 0). Never blocks; not ISR-safe. */
static inline void co_io_set_name(co_io *io, const char *name) { CO__SET_NAME(io, name); }

/* Initialises io idle, without a name. Refused (contract OBJECT_BUSY)
 * while a task awaits it or its completion is still queued for the
 * scheduler. Never blocks; not ISR-safe. */
void co_io_init(co_io *io);

/* Arms io for a new operation (forgets any old result; a completion of
 * the previous operation still in flight is dropped). Call before starting
 * the transfer, with no task awaiting io. Never blocks; ISR-safe. */
void co_io_arm(co_io *io);

/* Completes the operation with result (< 0: an error the await returns);
 * wakes the awaiting task. A second completion is ignored. Never blocks;
 * ISR-safe, any thread or core (lock-free; critical section without RMW
 * atomics). */
void co_io_complete_isr(co_io *io, int32_t result);

/* True once completed. Never blocks; ISR-safe. */
bool co_io_done(const co_io *io);

/* The completion result (valid once co_io_done()). Never blocks; ISR-safe. */
int32_t co_io_result(const co_io *io);

/* Awaits completion until deadline d / for duration d; CO_ETIMEDOUT when it
 * passes (io stays armed: the driver decides whether to abort); a deadline
 * already past (co_io_wait_for(&io, co_ms(0))) never blocks. A completion
 * that came before the timeout was handled counts (its status).
 * CO_AWAIT(co_io_wait_for(&io, co_ms(10))). Awaiting blocks by io; not
 * ISR-safe (the ISR side is co_io_complete_isr). */
co_op co_io_wait_until(co_io *io, co_deadline d);
co_op co_io_wait_for(co_io *io, co_duration d);

#include "cxx_close.h"
#endif /* COSTACK_IO_H */
