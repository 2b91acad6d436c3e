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

/* Writes n bytes to the console (Cortex-M: semihosting stdout, no stdio
 * buffer; RISC-V: the UART, "\n" sent as "\r\n"). Blocks until written;
 * not ISR-safe. Needs no heap. */
void board_console_write(const char *s, unsigned n);

/* The main stack's high-water mark so far, in bytes below its top: the
 * start-up code paints the stack below its own frame with a pattern before
 * anything else runs; this finds the lowest word no longer holding it.
 * Never blocks; not ISR-safe (it reads while the stack changes). */
unsigned long board_stack_high_water(void);

/* Bytes the C library's heap (sbrk) has grown since start-up: 0 when
 * nothing called malloc. Never blocks; not ISR-safe. */
unsigned long board_heap_used(void);

/* The pattern of unused stack words. */
#define BOARD_STACK_PAINT 0x5AC3A55Cu

/* Paints [limit, the caller's sp) with BOARD_STACK_PAINT; call first thing
 * from the reset code, before interrupts are enabled. Inline, so it runs
 * in the caller's frame and writes nothing below sp but the paint. */
static inline __attribute__((always_inline)) void board_stack_paint(uint32_t *limit)
{
    uint32_t *sp;
#if defined(__riscv)
    __asm__ volatile("mv %0, sp" : "=r"(sp));
#else
    __asm__ volatile("mov %0, sp" : "=r"(sp));
#endif
    for (volatile uint32_t *p = limit; p < sp; p++)
        *p = BOARD_STACK_PAINT;
}

/* The bytes between top and the lowest painted word that was overwritten
 * (painted from limit). */
static inline unsigned long board_stack_used(const uint32_t *limit, const uint32_t *top)
{
    const volatile uint32_t *p = limit;
    while (p < top && *p == BOARD_STACK_PAINT)
        p++;
    return (unsigned long)((const char *)top - (const char *)(uintptr_t)p);
}

#endif /* EXAMPLE_BOARD_H */
