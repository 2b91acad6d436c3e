/* ports/host/costack_host.h - host-only controls of the POSIX port.
 *
 * The host port has two clocks: the real one (CLOCK_MONOTONIC, default) and
 * a deterministic simulated one that only moves when told to or when a
 * scheduler idles (it then jumps to the next deadline instead of sleeping),
 * so tests run hours of firmware time in milliseconds. "Interrupts" on the
 * host are other threads: co_port_critical_enter() takes one process-wide
 * lock, so it must not be called from a signal handler.
 */
#ifndef COSTACK_HOST_H
#define COSTACK_HOST_H

#include <stdbool.h>
#include "costack/time.h"
#include "costack/cxx_open.h"

/* Switches to the simulated clock, starting at start. Never blocks; call
 * while no scheduler runs. Time never goes back for a scheduler: one with
 * timers from before a switch to an earlier time must be re-initialised. */
void co_host_clock_simulated(co_time start);

/* Switches back to the real CLOCK_MONOTONIC clock. Never blocks. */
void co_host_clock_real(void);

/* True while the simulated clock is selected. Never blocks; any thread. */
bool co_host_clock_is_simulated(void);

/* Simulated clock: moves time forward by d (never backwards). Never blocks;
 * any thread. */
void co_host_clock_advance(co_duration d);

/* Number of co_port_idle_until() calls so far (test aid). Never blocks. */
unsigned long co_host_idle_count(void);

#include "costack/cxx_close.h"
#endif /* COSTACK_HOST_H */
