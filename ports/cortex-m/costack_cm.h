/* ports/cortex-m/costack_cm.h - what the Cortex-M port needs from a board.
 *
 * One port for ARMv6-M (M0/M0+: PRIMASK only, no LDREX/STREX), ARMv7-M
 * (M3/M4/M7) and ARMv8-M mainline (M33). Two time bases:
 *  - SysTick (default): running free over its full 24-bit range at the core
 *    clock, extended to 64 bits by counting wraps; the idle alarm is an
 *    optional board timer. A board calls co_cm_clock_init() once, calls
 *    co_cm_systick_isr() from its SysTick vector and, if it has a spare
 *    timer, registers it with co_cm_alarm_set().
 *  - one the application supplies (co_cm_timebase_init(): read now, set the
 *    wake-up alarm, the alarm interrupt calls co_cm_timebase_alarm_isr()),
 *    when SysTick belongs to a vendor HAL or an RTOS: the port then never
 *    touches SysTick.
 */
#ifndef COSTACK_CM_H
#define COSTACK_CM_H

#include <stdint.h>
#include "costack/record.h"
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

/* @@ CO_CM_CORES: cores that run costack in one image at once (default 1).
 * Above 1 (ARMv7-M / ARMv8-M mainline: LDREX/STREX needed) the port keeps
 * one clock and one idle alarm per core (every core has its own SysTick),
 * its critical section also takes a spinlock shared by all cores (so a
 * channel's ISR-fed buffer is guarded against the other core too), and
 * co_port_wake() aimed at a scheduler that sleeps on another core kicks
 * that core with co_cm_kick(). The board provides co_cm_core_id() and
 * co_cm_kick(). Build the port and the application with the same value. */
#ifndef CO_CM_CORES
#define CO_CM_CORES 1
#endif
#if CO_CM_CORES > 1 && !(defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__))
#error "CO_CM_CORES > 1 needs LDREX/STREX (ARMv7-M or ARMv8-M mainline); ARMv6-M parts need a hardware spinlock"
#endif

#if CO_CM_CORES > 1
/* Board, multi-core: the calling core's index, 0 .. CO_CM_CORES-1 (e.g. the
 * SSE-200 CPU_IDENTITY register). Never blocks; ISR-safe; any core. */
uint32_t co_cm_core_id(void);

/* Board, multi-core: makes an interrupt pending on core (inter-processor
 * interrupt, e.g. an MHU doorbell) whose handler only acknowledges it; it
 * ends that core's WFI. Never blocks; ISR-safe; any core. */
void co_cm_kick(uint32_t core);
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

/* A time base the application supplies instead of SysTick (its own compare
 * timer, a vendor HAL's time base, an RTOS tick). The contract:
 *   hz     counts per second of now() (>= 1);
 *   now()  a monotonic 64-bit count since start, never wrapping (extend a
 *          narrower counter with its overflow interrupt); called with
 *          interrupts masked and unmasked, from the scheduler and from
 *          ISRs; must not block;
 *   alarm(at)  replaces the previous alarm: make the alarm interrupt
 *          pending once now() >= at (at once when at has passed; earlier
 *          is allowed: the scheduler reads the clock and sleeps again);
 *          at == UINT64_MAX cancels it. Called with interrupts masked,
 *          right before the core sleeps (WFI until an interrupt is pending).
 * The alarm's interrupt handler clears its source and calls
 * co_cm_timebase_alarm_isr(); it runs once the sleep has ended and
 * interrupts are unmasked. With a time base the port never touches SysTick
 * (co_cm_clock_init() and co_cm_systick_isr() are not called). */
typedef struct co_cm_timebase {
    uint32_t hz;
    uint64_t (*now)(void);
    void (*alarm)(uint64_t at);
} co_cm_timebase;

/* Runs the port's clock and idle wake-up from tb (kept by pointer: static
 * storage), instead of co_cm_clock_init(). Call once before the scheduler.
 * Never blocks; not ISR-safe. */
void co_cm_timebase_init(const co_cm_timebase *tb);

/* The alarm interrupt's call into the port (counts it; the scheduler's
 * sleep ends because an interrupt became pending). Never blocks; call from
 * the alarm's interrupt handler (ISR) only. */
void co_cm_timebase_alarm_isr(void);

/* Alarm interrupts seen by co_cm_timebase_alarm_isr() (statistics). */
extern volatile uint32_t co_cm_alarms;

/* Starts the clock: SysTick free-running at core_hz (CLKSOURCE = core),
 * its exception at the lowest priority. Call once before the scheduler
 * (CO_CM_CORES > 1: once on every core, for its own SysTick; the cores'
 * clocks are not synchronised). Never blocks; not ISR-safe. */
void co_cm_clock_init(uint32_t core_hz);

/* SysTick exception body: counts one 2^24-cycle wrap. Never blocks; call
 * from the SysTick vector (ISR) only. */
void co_cm_systick_isr(void);

/* Registers the idle alarm (NULL: none). Without one, co_port_idle_until()
 * sleeps in WFI until the SysTick wrap before the deadline and spins (still
 * returning on any pending interrupt) for the rest. CO_CM_CORES > 1: the
 * calling core's alarm. Never blocks; not ISR-safe; call at start-up. */
void co_cm_alarm_set(const co_cm_alarm *alarm);

/* Core cycles since co_cm_clock_init() (on this core), 64-bit (the SysTick
 * clock only). Never blocks; ISR-safe. */
uint64_t co_cm_cycles(void);

/* Times co_port_idle_until() slept in WFI (statistics; with CO_CM_CORES > 1
 * the cores share it and a count may be lost). */
extern volatile uint32_t co_cm_sleeps;

/* The longest a timed sleep ran past its deadline, in ticks (statistics:
 * the wake-up latency of the clock, the alarm and the emulator or the
 * core's wake-up from deep sleep; what a task's lateness starts from). */
extern volatile uint64_t co_cm_idle_overrun;

/* The last contract failure (id, text) for a debugger or a fault handler:
 * co_port_contract_failed() stores them before it stops in BKPT. */
extern volatile int co_cm_contract_id;
extern const char *volatile co_cm_contract_text;

/* CO_CM_ISR(handler, level): declares handler, an exception vector (Cortex-M: the NVIC/SHPR priority value, e.g. 0x80; a
 * vector serving IRQs of several priorities is declared once per priority),
 * at priority level `level` (an integer literal) for costack-size's
 * running-stack bound: handlers of different levels may nest, so each level
 * adds its deepest handler plus an exception frame. A record in the
 * non-loaded .costack.names section, at file scope; no code, no RAM. */
#define CO_CM_ISR(handler, level) CO__REC_ISR(handler, level)

#include "costack/cxx_close.h"
#endif /* COSTACK_CM_H */
