/* examples/boards/mps2-an521/board_an521.h - EXAMPLE board glue, not the
 * library: what the dual-core QEMU mps2-an521 (SSE-200, two Cortex-M33)
 * adds to board.h. Core 0 runs startup.c, board_init() and main(); core 1
 * waits in the SSE-200's CPUWAIT until board_core1_start() releases it.
 *
 * Interrupts, per core (each core has its own NVIC; QEMU wires the SSE-200
 * MHUs per core and the timers to both):
 *   IRQ 6  MHU0 doorbell: the port's cross-core kick (co_cm_kick)
 *   IRQ 7  MHU1 doorbell: board_doorbell_ring() -> board_doorbell()
 *   IRQ 3  TIMER0: core 0's idle alarm;  IRQ 4  TIMER1: core 1's
 *   IRQ 32 UART0 RX (core 0 only)
 */
#ifndef EXAMPLE_BOARD_AN521_H
#define EXAMPLE_BOARD_AN521_H

#include <stdint.h>

#include "board.h"

/* Index of the calling core, 0 or 1 (SSE-200 CPU_IDENTITY). Never blocks;
 * ISR-safe. */
uint32_t board_core_id(void);

/* Releases core 1: it starts on its own stack and vector table, sets up its
 * clock, idle alarm and kick interrupt, then calls entry (in thread mode,
 * interrupts enabled); if entry returns, core 1 sleeps for good. Call once,
 * from core 0 after board_init(). Never blocks; not ISR-safe. */
void board_core1_start(void (*entry)(void));

/* Makes IRQ 7 pending on core (0 or 1, this core included): that core runs
 * board_doorbell() in interrupt context. Rings while one is pending merge.
 * Never blocks; ISR-safe; any core. */
void board_doorbell_ring(uint32_t core);

/* The doorbell's handler, supplied by the application (weak default:
 * board_fault). Runs in interrupt context on the core that was rung, at
 * priority 0x80. */
void board_doorbell(void);

#endif /* EXAMPLE_BOARD_AN521_H */
