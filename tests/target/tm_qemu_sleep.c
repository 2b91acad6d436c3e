/* How long a WFI sleep lasts under the emulator, against its programmed
 * length: register level, no costack call in the measured path. TIMER0
 * (CMSDK, one-shot) is programmed for C cycles; the core sleeps in WFI with
 * interrupts masked until it is pending, or busy-polls its flag instead;
 * TIMER1 (free-running) and SysTick (the port's co_cm_cycles()) measure the
 * time that passed. Prints "qemu-sleep wfi|busy C TIMER1 SYSTICK" per run
 * and the WFI/programmed ratio in per mille. Not a pass/fail test: stage
 * 60 runs it under -icount shift=0,sleep=off, where QEMU 7.2 makes every
 * WFI sleep last twice its length, and derives the demo's lateness bound
 * from the ratio (docs/ports.md). MPS2 boards, SysTick time base. */
#include <stdint.h>
#include <stdio.h>

#include "costack_cm.h"

#if defined(BOARD_MPS2_AN505)
#define T0 0x50000000u
#define T1 0x50001000u
#else
#define T0 0x40000000u
#define T1 0x40001000u
#endif
#define REG(a) (*(volatile uint32_t *)(a))
#define CTRL(t) REG((t) + 0x0u)
#define VALUE(t) REG((t) + 0x4u)
#define RELOAD(t) REG((t) + 0x8u)
#define INTSTAT(t) REG((t) + 0xCu)

static void arm(uint32_t c)
{
    CTRL(T0) = 0;
    INTSTAT(T0) = 1;
    RELOAD(T0) = c;
    VALUE(T0) = c;
    CTRL(T0) = 0x9u; /* enable, interrupt on */
}

int main(void)
{
    static const uint32_t lengths[] = {250000, 5000, 100000, 1000, 2500000};
    uint64_t programmed = 0, slept = 0;
    CTRL(T1) = 0;
    RELOAD(T1) = 0xFFFFFFFFu;
    VALUE(T1) = 0xFFFFFFFFu;
    CTRL(T1) = 0x1u; /* free-running, no interrupt */
    for (unsigned k = 0; k < sizeof lengths / sizeof lengths[0]; k++) {
        uint32_t c = lengths[k];
        for (int busy = 0; busy < 2; busy++) {
            __asm__ volatile("cpsid i" ::: "memory");
            uint32_t r0 = VALUE(T1);
            uint64_t s0 = co_cm_cycles();
            arm(c);
            if (busy) /* polls every ~50 instructions: an emulated MMIO read is slow */
                while (!(INTSTAT(T0) & 1u))
                    for (volatile int d = 0; d < 8; d++) {
                    }
            else
                while (!(INTSTAT(T0) & 1u))
                    __asm__ volatile("dsb\n\twfi" ::: "memory");
            uint32_t r1 = VALUE(T1);
            uint64_t s1 = co_cm_cycles();
            CTRL(T0) = 0;
            INTSTAT(T0) = 1;
            __asm__ volatile("cpsie i" ::: "memory");
            printf("qemu-sleep %s %lu %lu %lu\n", busy ? "busy" : "wfi", (unsigned long)c,
                   (unsigned long)(r0 - r1), (unsigned long)(s1 - s0));
            if (!busy) {
                programmed += c;
                slept += r0 - r1;
            }
        }
    }
    printf("qemu-sleep-ratio-permille %lu\n", (unsigned long)(slept * 1000u / programmed));
    return 0;
}
