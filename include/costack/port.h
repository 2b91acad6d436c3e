/* costack/port.h - what a port provides (one header + one .c per arch).
 *
 * The core calls only these functions. The host port lives in ports/host,
 * the MCU ports in ports/cortex-m and ports/riscv.
 */
#ifndef COSTACK_PORT_H
#define COSTACK_PORT_H

#include "time.h"

/* Monotonic time in ticks (CO_CONFIG_TICK_HZ). Never blocks; ISR-safe. */
co_time co_port_now(void);

/* Default contract hook: report and stop (host: print to stderr and
 * abort; bare metal: breakpoint and halt). May not return. */
void co_port_contract_failed(int id, const char *text);

#endif /* COSTACK_PORT_H */
