/* examples/boards/board.h - EXAMPLE board glue, not the library.
 *
 * What every example board (Cortex-M and RISC-V) provides to startup code,
 * tests and the demo firmware. */
#ifndef EXAMPLE_BOARD_H
#define EXAMPLE_BOARD_H

#include <stdbool.h>
#include <stdint.h>

/* Name of the board ("mps2-an386", ...). */
extern const char board_name[];

/* Clocks, UART and the port's timer; called once before main(). */
void board_init(void);

/* Reports what went wrong with a number and stops the emulator with a
 * failing status. Never returns; callable anywhere. */
__attribute__((noreturn)) void board_fault(const char *what, uint32_t n);

/* Stops the emulator with exit status (0 = success). Never returns. */
__attribute__((noreturn)) void board_exit(int status);

/* How often the port slept in WFI so far. Never blocks; ISR-safe. */
unsigned long board_sleep_count(void);

/* The longest an idle sleep ran past its deadline so far, in microseconds
 * (0 where the port does not measure it). Never blocks; ISR-safe. */
unsigned long board_idle_overrun_us(void);

/* Writes n bytes to the UART, waiting for room. Blocks (busy); not ISR-safe. */
void board_uart_write(const char *s, unsigned n);

/* Called from the UART RX interrupt with every received byte (weak default
 * drops them). Runs in interrupt context. */
void board_uart_rx(uint8_t byte);

/* Enables the UART receive interrupt. Never blocks; not ISR-safe. */
void board_uart_rx_enable(void);

#endif /* EXAMPLE_BOARD_H */
