/* ports/cortex-m/costack_cm.h - what the Cortex-M port needs from a board.
 *
 * One port for ARMv6-M (M0/M0+: PRIMASK only, no LDREX/STREX), ARMv7-M
 * (M3/M4/M7) and ARMv8-M mainline (M33). The clock is SysTick running free
 * over its full 24-bit range at the core clock, extended to 64 bits by
 * counting wraps; the idle alarm is an optional board timer. A board calls
 * co_cm_clock_init() once, calls co_cm_systick_isr() from its SysTick
 * vector and, if it has a spare timer, registers it with co_cm_alarm_set().
 */
#ifndef COSTACK_CM_H
#define COSTACK_CM_H

#include <stdint.h>
#include "costack/cxx_open.h"

/* @@ CO_CM_BASEPRI: 0 = critical sections mask every interrupt (PRIMASK,
 * the default and the only choice on ARMv6-M); non-zero on ARMv7-M/v8-M
 * mainline = mask only interrupts whose priority value is >= CO_CM_BASEPRI
 * (BASEPRI), leaving more urgent ones running: those must never call
 * costack. Build the port and the application with the same value. */
#ifndef CO_CM_BASEPRI
#define CO_CM_BASEPRI 0
#endif
#if CO_CM_BASEPRI != 0 && !(defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__))
#error "CO_CM_BASEPRI needs ARMv7-M or ARMv8-M mainline (BASEPRI register)"
#endif

/* A board timer used as the idle alarm. arm(cycles) makes the timer's
 * interrupt pending no earlier than cycles core-clock cycles from now
 * (1 <= cycles <= max_cycles); disarm() stops it and clears its pending
 * interrupt (NVIC ICPR too). Both are called with interrupts masked; the
 * interrupt handler, if it ever runs, only needs to call disarm(). */
typedef struct co_cm_alarm {
    void (*arm)(uint32_t cycles);
    void (*disarm)(void);
    uint32_t max_cycles;
} co_cm_alarm;

/* Starts the clock: SysTick free-running at core_hz (CLKSOURCE = core),
 * its exception at the lowest priority. Call once before the scheduler.
 * Never blocks; not ISR-safe. */
void co_cm_clock_init(uint32_t core_hz);

/* SysTick exception body: counts one 2^24-cycle wrap. Call from the SysTick
 * vector only. */
void co_cm_systick_isr(void);

/* Registers the idle alarm (NULL: none). Without one, co_port_idle_until()
 * sleeps in WFI until the SysTick wrap before the deadline and spins (still
 * returning on any pending interrupt) for the rest. Never blocks; not
 * ISR-safe; call at start-up. */
void co_cm_alarm_set(const co_cm_alarm *alarm);

/* Core cycles since co_cm_clock_init(), 64-bit. Never blocks; ISR-safe. */
uint64_t co_cm_cycles(void);

/* Times co_port_idle_until() slept in WFI (statistics). */
extern volatile uint32_t co_cm_sleeps;

/* The last contract failure (id, text) for a debugger or a fault handler:
 * co_port_contract_failed() stores them before it stops in BKPT. */
extern volatile int co_cm_contract_id;
extern const char *volatile co_cm_contract_text;

#include "costack/cxx_close.h"
#endif /* COSTACK_CM_H */
