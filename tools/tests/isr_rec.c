/* Interrupt handlers declared through the ports' records (CO_CM_ISR on
 * Cortex-M, CO_RV_ISR on RISC-V) for costack-size's running-stack bound
 * (test analyser_isr_records*). Frames come from isr_rec.ann, so the bound
 * is exact whatever the compiler emits:
 *   main > deep > work                      16 + 24 + 8 = 48
 *   level 0x40: Uart 8+24+8=40, Shared 48+8=56          -> 56
 *   level 0x80: Timer 16+8=24, Spi 8+24+8=40 (one level: no nesting) -> 40
 *   level 0xFF: Tick 40, Shared 56 (declared at two levels: counts at each) -> 56
 * plus one exception entry frame per level (Cortex-M 32 bytes, 104 with
 * the FP context; RISC-V 0: the trap entry saves registers in its own
 * frame). Cortex-M 3 levels x 32 + 48 + 56 + 40 + 56 = 296; hard-float
 * 3 x 104 + 200 = 512; RISC-V 200. */
#include <stdint.h>
#if defined(__riscv)
#include "costack_rv.h"
#define ISR(h, level) CO_RV_ISR(h, level)
#else
#include "costack_cm.h"
#define ISR(h, level) CO_CM_ISR(h, level)
#endif

volatile uint32_t sink;

__attribute__((noinline)) void work(void) { sink++; }
__attribute__((noinline)) void deep(void)
{
    work();
    sink++;
}
void Uart_Handler(void) { deep(); }
void Timer_Handler(void) { work(); }
void Spi_Handler(void) { deep(); }
void Tick_Handler(void) { sink++; }
void Shared_Handler(void) { work(); }

ISR(Uart_Handler, 0x40)
ISR(Shared_Handler, 0x40)
ISR(Timer_Handler, 0x80)
ISR(Spi_Handler, 0x80)
ISR(Tick_Handler, 0xFF)
ISR(Shared_Handler, 0xFF)

int main(void)
{
    for (;;)
        deep();
}
