/* examples/boards/mps2/timebase.c - EXAMPLE board glue, not the library.
 *
 * An application-supplied time base for the Cortex-M port on the MPS2
 * boards (COSTACK_BOARD_TIMEBASE=cmsdk): the clock is CMSDK APB TIMER1, a
 * 32-bit down-counter at the system clock running free and extended to 64
 * bits by counting its wraps in its interrupt; the wake-up alarm is TIMER0,
 * one-shot. SysTick is left alone (a vendor HAL or an RTOS would own it):
 * the port never touches it in this configuration, which the target stage
 * checks by tracing QEMU's SysTick writes.
 */
#include <stdint.h>

#include "board.h"
#include "costack_cm.h"
#include "timebase.h"

#if defined(BOARD_MPS2_AN505)
#define TIMER0 0x50000000u
#define TIMER1 0x50001000u
#define TIMER0_IRQ 3u
#define TIMER1_IRQ 4u
#define SYSCLK_HZ 20000000u
#else
#define TIMER0 0x40000000u
#define TIMER1 0x40001000u
#define TIMER0_IRQ 8u
#define TIMER1_IRQ 9u
#define SYSCLK_HZ 25000000u
#endif

#define REG(a) (*(volatile uint32_t *)(a))
#define T_CTRL(t) REG((t) + 0x00u)
#define T_VALUE(t) REG((t) + 0x04u)
#define T_RELOAD(t) REG((t) + 0x08u)
#define T_INT(t) REG((t) + 0x0Cu) /* read: interrupt status; write 1: clear */
#define T_EN 0x1u
#define T_IRQ_EN 0x8u
#define NVIC_ISER(n) REG(0xE000E100u + 4u * (n))
#define NVIC_ISPR(n) REG(0xE000E200u + 4u * (n))
#define NVIC_ICPR(n) REG(0xE000E280u + 4u * (n))
#define NVIC_IPR(n) REG(0xE000E400u + 4u * (n))
#define PERIOD (1ull << 32)

static volatile uint64_t wraps; /* TIMER1 wraps counted by its interrupt */
static uint64_t last;           /* last count returned */

static uint32_t irq_save(void)
{
    uint32_t pm;
    __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(pm) : : "memory");
    return pm;
}

static void irq_restore(uint32_t pm) { __asm__ volatile("msr primask, %0" : : "r"(pm) : "memory"); }

static void nvic_enable(unsigned irq, uint8_t prio)
{
    unsigned shift = 8u * (irq % 4u);
    NVIC_IPR(irq / 4u) = (NVIC_IPR(irq / 4u) & ~(0xFFu << shift)) | ((uint32_t)prio << shift);
    NVIC_ISER(irq / 32u) = 1u << (irq % 32u);
}

/* TIMER1 counts 0xFFFFFFFF down to 0, then reloads and raises its
 * interrupt: a reading v lies 0xFFFFFFFF - v cycles into the current wrap
 * period, counted or still pending. */
static uint64_t tb_now(void)
{
    uint32_t pm = irq_save();
    uint64_t w = wraps;
    uint32_t v = T_VALUE(TIMER1);
    if (T_INT(TIMER1) & 1u) { /* a wrap not yet counted: read again after it */
        v = T_VALUE(TIMER1);
        w++;
    }
    uint64_t c = w * PERIOD + (0xFFFFFFFFu - v);
    if (c < last) /* the reloaded value seen before the flag: that wrap */
        c += PERIOD;
    last = c;
    irq_restore(pm);
    return c;
}

static void alarm_stop(void)
{
    T_CTRL(TIMER0) = 0;
    T_INT(TIMER0) = 1;
    NVIC_ICPR(TIMER0_IRQ / 32u) = 1u << (TIMER0_IRQ % 32u);
}

/* One-shot TIMER0 for at - now cycles (capped: an early wake-up is
 * allowed), or its interrupt pended at once when at has passed. */
static void tb_alarm(uint64_t at)
{
    alarm_stop();
    if (at == UINT64_MAX)
        return;
    uint64_t now = tb_now();
    if (at <= now) {
        NVIC_ISPR(TIMER0_IRQ / 32u) = 1u << (TIMER0_IRQ % 32u);
        return;
    }
    uint64_t d = at - now;
    uint32_t n = d > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)d;
    T_RELOAD(TIMER0) = n;
    T_VALUE(TIMER0) = n;
    T_CTRL(TIMER0) = T_EN | T_IRQ_EN;
}

static const co_cm_timebase cmsdk_timebase = {SYSCLK_HZ, tb_now, tb_alarm};

void board_timebase_init(void)
{
    alarm_stop();
    T_CTRL(TIMER1) = 0;
    T_INT(TIMER1) = 1;
    T_RELOAD(TIMER1) = 0xFFFFFFFFu;
    /* The first period is short (~0.1 s): every run, tests included, goes
     * through a wrap. The count starts at 0xFFFFFFFF - that, not 0. */
    T_VALUE(TIMER1) = 0x00280000u;
    T_CTRL(TIMER1) = T_EN | T_IRQ_EN;
    nvic_enable(TIMER1_IRQ, 0xC0u);
    nvic_enable(TIMER0_IRQ, 0xC0u);
    co_cm_timebase_init(&cmsdk_timebase);
}

bool board_timebase_irq(unsigned irq)
{
    if (irq == TIMER0_IRQ) {
        alarm_stop();
        co_cm_timebase_alarm_isr();
        return true;
    }
    if (irq == TIMER1_IRQ) {
        T_INT(TIMER1) = 1;
        wraps = wraps + 1;
        return true;
    }
    return false;
}
