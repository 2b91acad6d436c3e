/* costack/port.h - the whole port contract (one header + one .c per arch).
 *
 * The core and the scheduler call only these functions. The host port lives
 * in ports/host, the MCU ports in ports/cortex-m and ports/riscv.
 *
 * Idle protocol (no lost wake-up). Each scheduler owns one co_port_cpu. When
 * it finds nothing ready it does, on its own core/thread:
 *
 *     s = co_port_critical_enter();        // interrupts masked
 *     if (inbox empty && nothing ready)    // wakes posted so far are seen
 *         co_port_idle_until(cpu, next_deadline);
 *     co_port_critical_exit(s);            // pending ISRs run here
 *
 * A waker (ISR, other thread or core) first publishes its wake (lock-free
 * push into the scheduler's inbox), then calls co_port_wake(cpu). A same-core
 * ISR cannot run between the check and the sleep (masked), and on Cortex-M /
 * RISC-V WFI still returns when an interrupt becomes pending while masked.
 * Another core's wake sets cpu->pending (checked by idle_until with
 * interrupts masked) and then kicks the core (SEV, IPI, MSIP), so it is seen
 * either before the sleep or ends it.
 */
#ifndef COSTACK_PORT_H
#define COSTACK_PORT_H

#include <stdatomic.h>
#include <stdint.h>
#include "time.h"
#include "cxx_open.h"

/* @@ CO_PORT_ATOMIC_RMW: 1 = the target has lock-free 32-bit and pointer
 * compare-and-swap (LDREX/STREX, RISC-V A extension, host); 0 = the runtime
 * emulates read-modify-write atomics inside the critical section and never
 * calls libatomic (Cortex-M0/M0+ = ARMv6-M, RV32 without A). On a
 * multi-core part without RMW atomics (RP2040) the port's critical section
 * must also take a hardware spinlock. */
#ifndef CO_PORT_ATOMIC_RMW
#if defined(__ARM_ARCH_6M__) || (defined(__riscv) && !defined(__riscv_atomic))
#define CO_PORT_ATOMIC_RMW 0
#else
#define CO_PORT_ATOMIC_RMW 1
#endif
#endif

/* ---- critical section --------------------------------------------------- */

/* Saved interrupt state returned by co_port_critical_enter(). */
typedef uintptr_t co_port_irq;

/* Masks interrupts on this core (MCU: PRIMASK / mstatus.MIE; host: takes the
 * process-wide runtime lock) and returns the previous state. Nestable: the
 * inner exit restores, only the outermost unmasks. Short sections only.
 * Never blocks (host: may wait for another thread's section); ISR-safe. */
co_port_irq co_port_critical_enter(void);

/* Restores the state saved by the matching co_port_critical_enter().
 * Never blocks; ISR-safe. */
void co_port_critical_exit(co_port_irq saved);

/* ---- per-scheduler idle and wake ---------------------------------------- */

/* Idle/wake state of one scheduler (one per core or thread). Zero, i.e.
 * CO_PORT_CPU_INIT, is a valid initial state. */
typedef struct co_port_cpu {
    _Atomic uint32_t pending; /* wakes posted since the last idle: set by co_port_wake */
    uint32_t core;            /* port-defined: core/hart to kick (IPI target), 0 by default */
    void *data;               /* port-defined, NULL by default */
} co_port_cpu;
#define CO_PORT_CPU_INIT {0, 0, 0}

/* Sleeps the calling core until deadline (CO_TIME_NEVER: no timer armed), a
 * co_port_wake(cpu) or any interrupt, whichever comes first; may return
 * early. Called with the critical section held (entered exactly once) and
 * returns with it held; clears cpu->pending and returns at once if it was
 * set, so a wake posted before the call is never lost. Host simulated
 * clock: jumps the clock to deadline instead of sleeping. Blocks; not
 * ISR-safe. */
void co_port_idle_until(co_port_cpu *cpu, co_time deadline);

/* Marks cpu's scheduler as having work and ends its co_port_idle_until()
 * (MCU: pend/IPI/SEV; host: signals a condition variable). Call after
 * publishing the work. Never blocks (host: takes the runtime lock briefly);
 * ISR-safe; any thread or core. */
void co_port_wake(co_port_cpu *cpu);

/* ---- clock and reports -------------------------------------------------- */

/* Monotonic time in ticks (CO_CONFIG_TICK_HZ), 64-bit, never wraps in
 * practice. Never blocks; ISR-safe; any thread. */
co_time co_port_now(void);

/* Default contract hook: report and stop (host: print to stderr and
 * abort; bare metal: breakpoint and halt). May not return; never blocks;
 * ISR-safe. */
void co_port_contract_failed(int id, const char *text);

#include "cxx_close.h"
#endif /* COSTACK_PORT_H */
