/* board/startup.c - the starter's board glue for QEMU's mps2-an386
 * (Cortex-M4): vector table, reset handler, and the two things the costack
 * Cortex-M port needs from a board: co_cm_clock_init() with the core clock,
 * and co_cm_systick_isr() from the SysTick vector. printf and exit go
 * through semihosting (newlib's rdimon), so QEMU shows the output and ends
 * with main's status. Replace this file with your vendor's startup code on
 * real hardware; keep the two costack calls. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "costack_cm.h"

#define CORE_HZ 25000000u /* mps2-an386 core clock */

extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start__[], __bss_end__[];
extern uint32_t __stack_top[];
extern void initialise_monitor_handles(void);
extern int main(void);

void Reset_Handler(void);
void _init(void);
void _fini(void);
void _init(void) {} /* newlib's init/fini arrays call these (no crti.o) */
void _fini(void) {}

/* Anything unexpected: say which exception and stop QEMU with status 3. */
static void Fault_Handler(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    printf("\nunexpected exception %lu\n", (unsigned long)(ipsr & 0x1ffu));
    if (co_cm_contract_text)
        printf("last contract failure %d: %s\n", co_cm_contract_id, co_cm_contract_text);
    exit(3);
}

static void SysTick_Handler(void) { co_cm_systick_isr(); }

typedef void (*vector)(void);
__attribute__((section(".vectors"), used)) static const vector vectors[16 + 32] = {
    [0] = (vector)(uintptr_t)__stack_top,
    [1] = Reset_Handler,
    [2 ... 14] = Fault_Handler,
    [15] = SysTick_Handler,
    [16 ... 47] = Fault_Handler,
};

void Reset_Handler(void)
{
    for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;)
        *d++ = *s++;
    for (uint32_t *d = __bss_start__; d < __bss_end__;)
        *d++ = 0;
#if defined(__ARM_FP)
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20; /* CPACR: FPU on */
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    initialise_monitor_handles();
    co_cm_clock_init(CORE_HZ);
    exit(main());
}
