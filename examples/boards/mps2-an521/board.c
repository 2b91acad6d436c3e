/* examples/boards/mps2-an521/board.c - EXAMPLE board glue, not the library.
 *
 * QEMU mps2-an521: an SSE-200 with two Cortex-M33 cores, both running
 * Secure (peripherals at their Secure aliases), one image. This file is the
 * part both cores share: which core am I, the port's cross-core kick (MHU0)
 * and the application's doorbell (MHU1), one idle alarm per core (TIMER0
 * for core 0, TIMER1 for core 1), interrupt dispatch and UART0 output.
 * cores.c starts core 1 and gives the port its fast core index. Facts measured under QEMU 7.2: see docs/ports.md.
 */
#include <stdint.h>

#include "board_an521.h"
#include "costack_cm.h"

const char board_name[] = "mps2-an521";

#define SYSCLK_HZ 20000000u
#define REG(a) (*(volatile uint32_t *)(a))
#define CPU_IDENTITY REG(0x4001F000u) /* per-core private region: 0 or 1 */
#define UART0 0x50200000u
#define UART0_RX_IRQ 32u
#define MHU0 0x50003000u /* kick: IRQ 6 on the core rung */
#define MHU1 0x50004000u /* doorbell: IRQ 7 on the core rung */
#define MHU_IRQ(mhu) ((mhu) == MHU0 ? 6u : 7u)
/* CPUnINTR_SET / _CLR: core n's interrupt line of that MHU. */
#define MHU_SET(mhu, core) REG((mhu) + 0x04u + 0x10u * (core))
#define MHU_CLR(mhu, core) REG((mhu) + 0x08u + 0x10u * (core))
#define TIMER0 0x50000000u
#define TIMER1 0x50001000u
#define TIMER_IRQ(t) ((t) == TIMER0 ? 3u : 4u)

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

#define TIMER_CTRL(t) REG((t) + 0x00u)
#define TIMER_VALUE(t) REG((t) + 0x04u)
#define TIMER_RELOAD(t) REG((t) + 0x08u)
#define TIMER_INT(t) REG((t) + 0x0Cu)
#define TIMER_EN 0x1u
#define TIMER_IRQ_EN 0x8u

/* This core's NVIC (the same addresses on both cores, separate registers). */
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

uint32_t board_core_id(void) { return CPU_IDENTITY; }

void co_cm_kick(uint32_t core)
{
    __asm__ volatile("dsb" ::: "memory"); /* the wake is visible before the interrupt */
    MHU_SET(MHU0, core) = 1u;
}

void board_doorbell_ring(uint32_t core)
{
    __asm__ volatile("dsb" ::: "memory");
    MHU_SET(MHU1, core) = 1u;
}

__attribute__((weak)) void board_doorbell(void) { board_fault("unhandled doorbell", 7); }

/* ---- idle alarms: one CMSDK timer per core -------------------------------- */

static void timer_disarm(uint32_t t)
{
    TIMER_CTRL(t) = 0;
    TIMER_INT(t) = 1;
    NVIC_ICPR(0) = 1u << TIMER_IRQ(t);
}

static void timer_arm(uint32_t t, uint32_t cycles)
{
    TIMER_CTRL(t) = 0;
    TIMER_INT(t) = 1;
    TIMER_RELOAD(t) = cycles;
    TIMER_VALUE(t) = cycles;
    TIMER_CTRL(t) = TIMER_EN | TIMER_IRQ_EN;
}

static void alarm0_arm(uint32_t cycles) { timer_arm(TIMER0, cycles); }
static void alarm0_disarm(void) { timer_disarm(TIMER0); }
static void alarm1_arm(uint32_t cycles) { timer_arm(TIMER1, cycles); }
static void alarm1_disarm(void) { timer_disarm(TIMER1); }
static const co_cm_alarm alarms[2] = {
    {alarm0_arm, alarm0_disarm, 0xFFFFFFFFu},
    {alarm1_arm, alarm1_disarm, 0xFFFFFFFFu},
};

/* Clock, idle alarm and the two MHU interrupts of the calling core. */
void board_core_init(void);
void board_core_init(void)
{
    uint32_t core = board_core_id();
    if (co_cm_core_id() != core)
        board_fault("co_cm_core_id() disagrees with CPU_IDENTITY on core", core);
    uint32_t t = core ? TIMER1 : TIMER0;
    co_cm_clock_init(SYSCLK_HZ);
    timer_disarm(t);
    nvic_enable(TIMER_IRQ(t), 0xC0u);
    co_cm_alarm_set(&alarms[core]);
    MHU_CLR(MHU0, core) = 1u;
    MHU_CLR(MHU1, core) = 1u;
    nvic_enable(MHU_IRQ(MHU0), 0xC0u);
    nvic_enable(MHU_IRQ(MHU1), 0x80u);
}

void board_init(void)
{
    UART_BAUDDIV = SYSCLK_HZ / 115200u;
    UART_CTRL = CTRL_TX_EN | CTRL_RX_EN;
    board_core_init();
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
    NVIC_ISPR(UART0_RX_IRQ / 32u) = 1u << (UART0_RX_IRQ % 32u);
}

__attribute__((weak)) void board_uart_rx(uint8_t byte) { (void)byte; }

/* Both cores' external interrupts (startup.c's and cores.c's tables). */
/* Costack-size's running-stack bound: the shared IRQ vector serves the UART
 * and MHU1 (0x80) and the timers and MHU0 (0xC0), which nest. */
CO_CM_ISR(Irq_Handler, 0x80)
CO_CM_ISR(Irq_Handler, 0xC0)

void board_irq(unsigned irq)
{
    uint32_t core = co_cm_core_id();
    switch (irq) {
    case 6: /* kick: the port's pending flag already says why */
        MHU_CLR(MHU0, core) = 1u;
        return;
    case 7: /* clear first: a ring arriving now raises it again */
        MHU_CLR(MHU1, core) = 1u;
        board_doorbell();
        return;
    case 3:
        timer_disarm(TIMER0);
        return;
    case 4:
        timer_disarm(TIMER1);
        return;
    case UART0_RX_IRQ:
        UART_INT = INT_RX;
        while (UART_STATE & STATE_RX_FULL)
            board_uart_rx((uint8_t)UART_DATA);
        return;
    default:
        board_fault("unhandled IRQ", irq);
    }
}
