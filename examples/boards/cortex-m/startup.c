/* examples/boards/cortex-m/startup.c - EXAMPLE board glue, not the library.
 *
 * Reset handler and vector table shared by the example Cortex-M boards:
 * paints the main stack (board_stack_high_water), copies .data, zeroes .bss, enables the FPU when the ABI uses it, opens
 * newlib's semihosting handles (rdimon), calls board_init() and main(), and
 * exits with main's status through semihosting (board_exit). Every external interrupt
 * goes through board_irq(n) so a board supplies one function, not a table.
 */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "costack_cm.h"

extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start__[], __bss_end__[];
extern uint32_t __stack_top[], __stack_limit[];
extern void initialise_monitor_handles(void);
extern int main(void);

void Reset_Handler(void);
void Default_Handler(void);
void _init(void);
void _fini(void);

/* newlib's init/fini arrays call these (crti.o is not linked). */
void _init(void) {}
void _fini(void) {}
void Irq_Handler(void);

/* Unexpected exception: report through semihosting and stop QEMU. */
void Default_Handler(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    board_fault("unexpected exception", ipsr & 0x1ffu);
}

/* Faults share one report. */
static void Fault_Handler(void) { Default_Handler(); }

/* Weak defaults: boards and ports override the ones they use. */
__attribute__((weak)) void board_irq(unsigned irq) { board_fault("unhandled IRQ", irq); }
__attribute__((weak)) void board_systick(void) { board_fault("unhandled SysTick", 15); }
__attribute__((weak)) void board_pendsv(void) { board_fault("unhandled PendSV", 14); }

void Irq_Handler(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    board_irq((ipsr & 0x1ffu) - 16u);
}

static void SysTick_Handler(void) { board_systick(); }
static void PendSV_Handler(void) { board_pendsv(); }

#define IRQS 48
typedef void (*vector)(void);
__attribute__((section(".vectors"), used)) static const vector vectors[16 + IRQS] = {
    [0] = (vector)(uintptr_t)__stack_top,
    [1] = Reset_Handler,
    [2] = Default_Handler,  /* NMI */
    [3] = Fault_Handler,    /* HardFault */
    [4] = Fault_Handler,    /* MemManage (v7-M+) */
    [5] = Fault_Handler,    /* BusFault */
    [6] = Fault_Handler,    /* UsageFault */
    [7] = Fault_Handler,    /* SecureFault (v8-M) */
    [11] = Default_Handler, /* SVCall */
    [12] = Default_Handler, /* DebugMonitor */
    [14] = PendSV_Handler,
    [15] = SysTick_Handler,
    [16 ... 16 + IRQS - 1] = Irq_Handler,
};

/* The port puts SysTick at the lowest priority (co_cm_clock_init). The
 * fault vectors end the run (board_fault) and are not declared. */
CO_CM_ISR(SysTick_Handler, 0xFF)

void Reset_Handler(void)
{
    board_stack_paint(__stack_limit); /* before anything uses the stack */
    for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;)
        *d++ = *s++;
    for (uint32_t *d = __bss_start__; d < __bss_end__;)
        *d++ = 0;
#if defined(__ARM_FP)
    /* CPACR: full access to CP10/CP11 before any FP instruction runs.
     * Lazy stacking (FPCCR.LSPEN) stays at its reset value: on. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    initialise_monitor_handles();
    board_init();
    board_exit(main()); /* stdout flushed; no atexit functions are registered */
}

unsigned long board_stack_high_water(void) { return board_stack_used(__stack_limit, __stack_top); }
