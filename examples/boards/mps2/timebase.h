/* examples/boards/mps2/timebase.h - EXAMPLE board glue, not the library.
 * The CMSDK-timer time base (timebase.c) the MPS2 boards use instead of
 * SysTick when built with COSTACK_BOARD_TIMEBASE=cmsdk. */
#ifndef EXAMPLE_MPS2_TIMEBASE_H
#define EXAMPLE_MPS2_TIMEBASE_H

#include <stdbool.h>

/* Starts TIMER1 (clock) and TIMER0 (alarm) and hands them to the port.
 * Call once from board_init(). Never blocks; not ISR-safe. */
void board_timebase_init(void);

/* Handles irq if it is one of the time base's timers (true). Interrupt
 * context only. */
bool board_timebase_irq(unsigned irq);

#endif /* EXAMPLE_MPS2_TIMEBASE_H */
