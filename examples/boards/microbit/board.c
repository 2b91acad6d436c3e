/* examples/boards/microbit/board.c - EXAMPLE board glue, not the library.
 *
 * QEMU's BBC micro:bit (nRF51822, Cortex-M0, 16 MHz, 16 KiB RAM): the
 * ARMv6-M target. UART (QEMU -serial 0) with an RX interrupt; no idle
 * alarm is registered, so the port's fallback (WFI until the SysTick wrap
 * before the deadline, then spin) is what runs here.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "board.h"
#include "costack_cm.h"

const char board_name[] = "microbit";
#define SYSCLK_HZ 16000000u

#define REG(a) (*(volatile uint32_t *)(a))
#define UART0 0x40002000u
#define UART_STARTRX REG(UART0 + 0x000u)
#define UART_STARTTX REG(UART0 + 0x008u)
#define UART_RXDRDY REG(UART0 + 0x108u)
#define UART_TXDRDY REG(UART0 + 0x11Cu)
#define UART_INTENSET REG(UART0 + 0x304u)
#define UART_ENABLE REG(UART0 + 0x500u)
#define UART_RXD REG(UART0 + 0x518u)
#define UART_TXD REG(UART0 + 0x51Cu)
#define UART0_IRQ 2u
#define NVIC_ISER0 REG(0xE000E100u)
#define NVIC_ISPR0 REG(0xE000E200u)

void board_init(void)
{
    UART_ENABLE = 4u;
    UART_STARTTX = 1u;
    UART_STARTRX = 1u; /* early: QEMU does not re-poll input on a late STARTRX */
    co_cm_clock_init(SYSCLK_HZ);
}

void board_uart_write(const char *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        UART_TXDRDY = 0;
        UART_TXD = (uint8_t)s[i];
        while (!UART_TXDRDY) {
        }
    }
}

void board_uart_rx_enable(void)
{
    UART_INTENSET = 1u << 2; /* RXDRDY */
    NVIC_ISER0 = 1u << UART0_IRQ;
    NVIC_ISPR0 = 1u << UART0_IRQ; /* look once for a byte taken earlier */
}

__attribute__((weak)) void board_uart_rx(uint8_t byte) { (void)byte; }

/* Costack-size's running-stack bound: the UART interrupt at the reset
 * priority 0 (SysTick, declared in startup.c, is the other level). */
CO_CM_ISR(Irq_Handler, 0)

void board_irq(unsigned irq)
{
    if (irq == UART0_IRQ) {
        while (UART_RXDRDY) {
            UART_RXDRDY = 0;
            board_uart_rx((uint8_t)UART_RXD);
        }
        return;
    }
    board_fault("unhandled IRQ", irq);
}
