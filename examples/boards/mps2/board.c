/* examples/boards/mps2/board.c - EXAMPLE board glue, not the library.
 *
 * QEMU's ARM MPS2 boards: mps2-an385 (Cortex-M3), mps2-an386 (Cortex-M4),
 * mps2-an505 (Cortex-M33, running Secure, peripherals at their Secure
 * alias). CMSDK APB UART0 (QEMU -serial 0) with an RX interrupt, and the
 * core clock frequency the Cortex-M port's SysTick clock counts. One of
 * BOARD_MPS2_AN385, BOARD_MPS2_AN386, BOARD_MPS2_AN505 is defined.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "board.h"
#include "costack_cm.h"
#if defined(BOARD_CMSDK_TIMEBASE)
#include "timebase.h" /* the clock from CMSDK timers; SysTick untouched */
#endif

#if defined(BOARD_MPS2_AN505)
const char board_name[] = "mps2-an505";
#define SYSCLK_HZ 20000000u
#define UART0 0x50200000u
#define UART0_RX_IRQ 32u
#define TIMER0 0x50000000u
#define TIMER0_IRQ 3u
#elif defined(BOARD_MPS2_AN385) || defined(BOARD_MPS2_AN386)
#if defined(BOARD_MPS2_AN385)
const char board_name[] = "mps2-an385";
#else
const char board_name[] = "mps2-an386";
#endif
#define SYSCLK_HZ 25000000u
#define UART0 0x40004000u
#define UART0_RX_IRQ 0u
#define TIMER0 0x40000000u
#define TIMER0_IRQ 8u
#else
#error "define BOARD_MPS2_AN385, BOARD_MPS2_AN386 or BOARD_MPS2_AN505"
#endif

/* CMSDK APB UART registers. */
#define REG(a) (*(volatile uint32_t *)(a))
#define UART_DATA REG(UART0 + 0x00u)
#define UART_STATE REG(UART0 + 0x04u)
#define UART_CTRL REG(UART0 + 0x08u)
#define UART_INT REG(UART0 + 0x0Cu)
#define UART_BAUDDIV REG(UART0 + 0x10u)
#define STATE_TX_FULL 0x1u
#define STATE_RX_FULL 0x2u
#define CTRL_TX_EN 0x1u
#define CTRL_RX_EN 0x2u
#define CTRL_RX_INT 0x8u
#define INT_RX 0x2u

/* CMSDK APB timer registers: a 32-bit down-counter at the core clock. */
#define TIMER_CTRL REG(TIMER0 + 0x00u)
#define TIMER_VALUE REG(TIMER0 + 0x04u)
#define TIMER_RELOAD REG(TIMER0 + 0x08u)
#define TIMER_INT REG(TIMER0 + 0x0Cu)
#define TIMER_EN 0x1u
#define TIMER_IRQ_EN 0x8u

/* NVIC registers (word access: fine on every ARMv6/7/8-M core). */
#define NVIC_ISER(n) REG(0xE000E100u + 4u * (n))
#define NVIC_ISPR(n) REG(0xE000E200u + 4u * (n))
#define NVIC_ICPR(n) REG(0xE000E280u + 4u * (n))
#define NVIC_IPR(n) REG(0xE000E400u + 4u * (n))

static void nvic_enable(unsigned irq, uint8_t prio)
{
    unsigned shift = 8u * (irq % 4u);
    NVIC_IPR(irq / 4u) = (NVIC_IPR(irq / 4u) & ~(0xFFu << shift)) | ((uint32_t)prio << shift);
    NVIC_ISER(irq / 32u) = 1u << (irq % 32u);
}

/* The port's idle alarm: TIMER0 one-shot. Its interrupt only wakes WFI. */
static void alarm_disarm(void)
{
    TIMER_CTRL = 0;
    TIMER_INT = 1;
    NVIC_ICPR(TIMER0_IRQ / 32u) = 1u << (TIMER0_IRQ % 32u);
}

static void alarm_arm(uint32_t cycles)
{
    TIMER_CTRL = 0;
    TIMER_INT = 1;
    TIMER_RELOAD = cycles;
    TIMER_VALUE = cycles;
    TIMER_CTRL = TIMER_EN | TIMER_IRQ_EN;
}

static const co_cm_alarm timer_alarm = {alarm_arm, alarm_disarm, 0xFFFFFFFFu};

void board_init(void)
{
    UART_BAUDDIV = SYSCLK_HZ / 115200u;
    /* RX on from the start: QEMU only polls its input while the UART can
     * take a byte, and does not re-poll when RX is enabled later. */
    UART_CTRL = CTRL_TX_EN | CTRL_RX_EN;
#if defined(BOARD_CMSDK_TIMEBASE)
    (void)timer_alarm;
    board_timebase_init();
#else
    co_cm_clock_init(SYSCLK_HZ);
    alarm_disarm();
    nvic_enable(TIMER0_IRQ, 0xC0u);
    co_cm_alarm_set(&timer_alarm);
#endif
}

void board_uart_write(const char *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        while (UART_STATE & STATE_TX_FULL) {
        }
        UART_DATA = (uint8_t)s[i];
    }
}

void board_uart_rx_enable(void)
{
    UART_CTRL |= CTRL_RX_INT;
    nvic_enable(UART0_RX_IRQ, 0x80u);
    /* A byte taken before the interrupt was enabled raised none: let the
     * handler look once. */
    NVIC_ISPR(UART0_RX_IRQ / 32u) = 1u << (UART0_RX_IRQ % 32u);
}

__attribute__((weak)) void board_uart_rx(uint8_t byte) { (void)byte; }

/* Costack-size's running-stack bound: the shared IRQ vector serves the UART
 * (0x80) and the alarm or time-base timers (0xC0), which nest. */
CO_CM_ISR(Irq_Handler, 0x80)
CO_CM_ISR(Irq_Handler, 0xC0)

void board_irq(unsigned irq)
{
    if (irq == UART0_RX_IRQ) {
        UART_INT = INT_RX; /* clear first: a byte arriving now re-raises it */
        while (UART_STATE & STATE_RX_FULL)
            board_uart_rx((uint8_t)UART_DATA);
        return;
    }
#if defined(BOARD_CMSDK_TIMEBASE)
    if (board_timebase_irq(irq))
        return;
#endif
    if (irq == TIMER0_IRQ) {
        alarm_disarm();
        return;
    }
    board_fault("unhandled IRQ", irq);
}
