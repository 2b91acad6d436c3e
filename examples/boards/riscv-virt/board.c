/* examples/boards/riscv-virt/board.c - EXAMPLE board glue, not the library.
 *
 * QEMU riscv32 "virt", machine mode, hart 0: NS16550 UART0 (QEMU -serial 0)
 * as stdout/stderr for picolibc and as the RX-interrupt UART through the
 * PLIC; the SiFive test device ends the run with a status; the CLINT timer
 * belongs to the port (ports/riscv).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "board.h"
#include "costack_rv.h"

const char board_name[] = "riscv-virt";
#define MTIME_HZ 10000000u

#define REG8(a) (*(volatile uint8_t *)(uintptr_t)(a))
#define REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))
#define UART0 0x10000000u
#define UART_RBR REG8(UART0 + 0u)
#define UART_THR REG8(UART0 + 0u)
#define UART_IER REG8(UART0 + 1u)
#define UART_LSR REG8(UART0 + 5u)
#define LSR_DR 0x01u
#define LSR_THRE 0x20u
#define UART0_IRQ 10u
#define PLIC 0x0C000000u
#define PLIC_PRIORITY(n) REG32(PLIC + 4u * (n))
#define PLIC_ENABLE_H0M REG32(PLIC + 0x2000u)
#define PLIC_THRESHOLD_H0M REG32(PLIC + 0x200000u)
#define PLIC_CLAIM_H0M REG32(PLIC + 0x200004u)
#define TEST_DEVICE REG32(0x00100000u)
#define MIE_MEIE 0x800u

extern char __bss_start[], __bss_end[];
extern uint32_t __stack_top[], __stack_limit[];
void board_start(void);
void board_trap(uintptr_t mcause, uintptr_t mepc);
void _exit(int status);
extern int main(void);

static int uart_putc(char c, FILE *f)
{
    (void)f;
    if (c == '\n')
        board_uart_write("\r", 1);
    board_uart_write(&c, 1);
    return (unsigned char)c;
}

static FILE uart_file = FDEV_SETUP_STREAM(uart_putc, NULL, NULL, _FDEV_SETUP_WRITE);
FILE *const stdin = &uart_file;
FILE *const stdout = &uart_file;
FILE *const stderr = &uart_file;

/* Costack-size's running-stack bound: one trap vector; traps do not nest
 * (mstatus.MIE is cleared on entry and stays clear in board_trap). */
CO_RV_ISR(trap_entry, 0)

void board_start(void)
{
    board_stack_paint(__stack_limit); /* before anything else uses the stack */
    for (char *p = __bss_start; p < __bss_end; p++)
        *p = 0;
    board_init();
    /* Machine interrupts start disabled on RISC-V (PRIMASK starts clear on
     * Cortex-M): open them like the Cortex-M boards do. */
    __asm__ volatile(CO_RV_CSR("csrsi mstatus, 8") : : : "memory");
    exit(main());
}

void board_init(void) { co_rv_clock_init(MTIME_HZ); }

void board_uart_write(const char *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        while (!(UART_LSR & LSR_THRE)) {
        }
        UART_THR = (uint8_t)s[i];
    }
}

void board_uart_rx_enable(void)
{
    PLIC_PRIORITY(UART0_IRQ) = 1;
    PLIC_THRESHOLD_H0M = 0;
    PLIC_ENABLE_H0M |= 1u << UART0_IRQ;
    UART_IER = 0x01u; /* received data available */
    __asm__ volatile(CO_RV_CSR("csrs mie, %0") : : "r"((uintptr_t)MIE_MEIE) : "memory");
}

__attribute__((weak)) void board_uart_rx(uint8_t byte) { (void)byte; }

void board_trap(uintptr_t mcause, uintptr_t mepc)
{
    const uintptr_t irq = (uintptr_t)1 << (sizeof(uintptr_t) * 8u - 1u);
    if (mcause == (irq | 7u)) {
        co_rv_timer_isr();
        return;
    }
    if (mcause == (irq | 11u)) {
        uint32_t src = PLIC_CLAIM_H0M;
        if (src == UART0_IRQ)
            while (UART_LSR & LSR_DR)
                board_uart_rx(UART_RBR);
        if (src)
            PLIC_CLAIM_H0M = src; /* complete */
        return;
    }
    (void)mepc;
    board_fault("unexpected trap, mcause", (uint32_t)mcause);
}

void _exit(int status)
{
    TEST_DEVICE = status == 0 ? 0x5555u : ((uint32_t)status << 16) | 0x3333u;
    for (;;) {
    }
}

unsigned long board_sleep_count(void) { return co_rv_sleeps; }

unsigned long board_idle_overrun_us(void) { return 0; /* not measured by this port */ }

void board_exit(int status)
{
    fflush(stdout);
    _exit(status);
}

unsigned long board_heap_used(void)
{
    extern char __heap_start[]; /* where picolibc's sbrk starts the heap */
    return (unsigned long)((char *)sbrk(0) - __heap_start);
}

unsigned long board_stack_high_water(void) { return board_stack_used(__stack_limit, __stack_top); }

void board_console_write(const char *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        uart_putc(s[i], NULL);
}

static void put(const char *s)
{
    while (*s)
        uart_putc(*s++, NULL);
}

static void put_num(long v)
{
    char b[12], *p = b + sizeof b;
    unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    *--p = 0;
    do
        *--p = (char)('0' + u % 10u);
    while (u /= 10u);
    if (v < 0)
        *--p = '-';
    put(p);
}

/* No printf here: a fault report needs no heap and little stack (the trap
 * handler's bound includes it). */
void board_fault(const char *what, uint32_t n)
{
    fflush(stdout);
    put("\n");
    put(board_name);
    put(": ");
    put(what);
    put(" ");
    put_num((long)n);
    put("\n");
    if (co_rv_contract_text) {
        put("last contract failure ");
        put_num(co_rv_contract_id);
        put(": ");
        put(co_rv_contract_text);
        put("\n");
    }
    board_exit(3);
}
