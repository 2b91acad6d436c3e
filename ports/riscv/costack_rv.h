/* ports/riscv/costack_rv.h - what the RISC-V port needs from a board.
 *
 * Machine mode, one hart. The clock and the idle alarm are the CLINT's
 * mtime/mtimecmp (memory-mapped, the SiFive layout QEMU "virt" uses); the
 * critical section is mstatus.MIE; idle is WFI. A board calls
 * co_rv_clock_init() once and co_rv_timer_isr() from its trap handler for
 * the machine timer interrupt.
 */
#ifndef COSTACK_RV_H
#define COSTACK_RV_H

#include <stdint.h>
#include "costack/record.h"
#include "costack/cxx_open.h"

/* @@ CO_RV_CLINT_BASE: address of the CLINT (QEMU virt: 0x02000000);
 * mtimecmp[hart] at +0x4000 + 8*hart, mtime at +0xBFF8. */
#ifndef CO_RV_CLINT_BASE
#define CO_RV_CLINT_BASE 0x02000000u
#endif

/* Wraps CSR instructions in inline asm: GCC 12's assembler wants Zicsr
 * named while the rv32imac multilib is named without it. */
#define CO_RV_CSR(insn) ".option push\n\t.option arch, +zicsr\n\t" insn "\n\t.option pop"

/* Starts the clock: mtime counts at mtime_hz (QEMU virt: 10 MHz); disarms
 * mtimecmp and enables the machine timer interrupt (mie.MTIE) so WFI can
 * wake on it. Never blocks; not ISR-safe; call once at start-up. */
void co_rv_clock_init(uint32_t mtime_hz);

/* Machine timer interrupt body: disarms mtimecmp. Call from the trap
 * handler (mcause = interrupt 7). */
void co_rv_timer_isr(void);

/* Raw mtime, read consistently on RV32. Never blocks; ISR-safe. */
uint64_t co_rv_mtime(void);

/* Times co_port_idle_until() slept in WFI (statistics). */
extern volatile uint32_t co_rv_sleeps;

/* The last contract failure (id, text), stored by co_port_contract_failed()
 * before it stops in EBREAK. */
extern volatile int co_rv_contract_id;
extern const char *volatile co_rv_contract_text;

/* CO_RV_ISR(handler, level): declares handler, the trap vector (machine
 * mode without nested traps: one level), at priority level `level` (an integer literal) for costack-size's
 * running-stack bound: handlers of different levels may nest, so each level
 * adds its deepest handler plus an exception frame. A record in the
 * non-loaded .costack.names section, at file scope; no code, no RAM. */
#define CO_RV_ISR(handler, level) CO__REC_ISR(handler, level)

#include "costack/cxx_close.h"
#endif /* COSTACK_RV_H */
