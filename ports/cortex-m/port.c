/* ports/cortex-m/port.c - the costack port for Cortex-M (ARMv6-M, ARMv7-M,
 * ARMv8-M mainline): critical section, tickless idle, wake, 64-bit clock
 * from SysTick or from a time base the application supplies.
 *
 * Arch differences stay inside this file:
 *   ARMv6-M (M0/M0+)          PRIMASK only; no LDREX/STREX, so port.h sets
 *                             CO_PORT_ATOMIC_RMW 0 and the runtime emulates
 *                             read-modify-write atomics in critical sections;
 *                             SHPR registers are word-access only.
 *   ARMv7-M, ARMv8-M mainline PRIMASK, or BASEPRI when CO_CM_BASEPRI != 0.
 * Multi-core (CO_CM_CORES > 1, one image on every core): per-core clock
 * and alarm, a spinlock in the critical section, co_port_wake() kicks the
 * sleeping core through the board (see costack_cm.h and docs/ports.md).
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "costack/port.h"
#include "costack_cm.h"
#include "../div64.h"

#if !defined(__ARM_ARCH_PROFILE) || __ARM_ARCH_PROFILE != 'M'
#error "ports/cortex-m needs an M-profile target (-mcpu=cortex-m*)"
#endif

#define REG(a) (*(volatile uint32_t *)(a))
#define SYST_CSR REG(0xE000E010u)
#define SYST_RVR REG(0xE000E014u)
#define SYST_CVR REG(0xE000E018u)
#define SCB_ICSR REG(0xE000ED04u)
#define SCB_SHPR3 REG(0xE000ED20u)

#define CSR_ENABLE 0x1u
#define CSR_TICKINT 0x2u
#define CSR_CLKSOURCE 0x4u
#define ICSR_PENDSTSET (1u << 26)
#define ICSR_VECTPENDING (0x1FFu << 12)
#define SYST_MASK 0xFFFFFFu /* 24-bit counter */
#define SYST_PERIOD (1ull << 24)

static uint32_t core_hz;              /* 0 until co_cm_clock_init() */
#if CO_CM_CORES > 1
/* Every core has its own SysTick and alarm: the clock state is per core,
 * indexed by the calling core; the names below stand for this core's. */
static struct cm_core {
    volatile uint64_t wraps;
    uint64_t last_cycles;
    const co_cm_alarm *alarm_timer;
} cm_cores[CO_CM_CORES];
#define wraps (cm_cores[co_cm_core_id()].wraps)
#define last_cycles (cm_cores[co_cm_core_id()].last_cycles)
#define alarm_timer (cm_cores[co_cm_core_id()].alarm_timer)
#else
static volatile uint64_t wraps;       /* SysTick wraps handled so far */
static uint64_t last_cycles;          /* last co_cm_cycles() result */
static const co_cm_alarm *alarm_timer;
#endif
static const co_cm_timebase *timebase; /* NULL: SysTick (one for all cores) */
volatile uint32_t co_cm_sleeps;
volatile uint32_t co_cm_alarms;
volatile uint64_t co_cm_idle_overrun;
volatile int co_cm_contract_id;
const char *volatile co_cm_contract_text;

/* ---- interrupt masking -------------------------------------------------- */

static inline uint32_t primask_save(void)
{
    uint32_t pm;
    __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(pm) : : "memory");
    return pm;
}

static inline void primask_restore(uint32_t pm)
{
    __asm__ volatile("msr primask, %0" : : "r"(pm) : "memory");
}

#if CO_CM_CORES > 1
/* The cross-core half of the critical section: a spinlock taken by the
 * outermost section of a core (interrupts already masked there) and
 * released by it. 0 = free, else the owner's core index + 1. */
static _Atomic uint32_t cs_owner;
#define CS_TOOK 0x100u /* in the saved state, above PRIMASK / BASEPRI bits */

static void cs_lock(uint32_t me)
{
    uint32_t unowned = 0;
    while (!atomic_compare_exchange_weak_explicit(&cs_owner, &unowned, me, memory_order_acquire,
                                                  memory_order_relaxed))
        unowned = 0;
}

static void cs_unlock(void) { atomic_store_explicit(&cs_owner, 0, memory_order_release); }

/* Takes the lock unless this core holds it already (a nested section:
 * only this core can have stored its own index). */
static co_port_irq cs_enter(co_port_irq saved)
{
    uint32_t me = co_cm_core_id() + 1u;
    if (atomic_load_explicit(&cs_owner, memory_order_relaxed) == me)
        return saved;
    cs_lock(me);
    return saved | CS_TOOK;
}
#endif

static co_port_irq mask_enter(void)
{
#if CO_CM_BASEPRI
    uint32_t old;
    __asm__ volatile("mrs %0, basepri\n\tmsr basepri_max, %1"
                     : "=&r"(old) : "r"((uint32_t)CO_CM_BASEPRI) : "memory");
    return old;
#else
    return primask_save();
#endif
}

co_port_irq co_port_critical_enter(void)
{
#if CO_CM_CORES > 1
    return cs_enter(mask_enter());
#else
    return mask_enter();
#endif
}

void co_port_critical_exit(co_port_irq saved)
{
#if CO_CM_CORES > 1
    if (saved & CS_TOOK)
        cs_unlock();
    saved &= ~(co_port_irq)CS_TOOK;
#endif
#if CO_CM_BASEPRI
    __asm__ volatile("msr basepri, %0" : : "r"((uint32_t)saved) : "memory");
#else
    primask_restore((uint32_t)saved);
#endif
}

/* ---- clock -------------------------------------------------------------- */

static void clock_rate_set(uint32_t hz);

void co_cm_clock_init(uint32_t hz)
{
    SYST_CSR = 0;
    /* SysTick priority: lowest (bits 31:24 of SHPR3, word access for v6-M). */
    SCB_SHPR3 = (SCB_SHPR3 & 0x00FFFFFFu) | 0xFF000000u;
    wraps = 0;
    last_cycles = 0;
    clock_rate_set(hz);
    SYST_RVR = SYST_MASK;
    SYST_CVR = 0; /* clears the counter: it reloads on the next cycle */
    SYST_CSR = CSR_CLKSOURCE | CSR_TICKINT | CSR_ENABLE;
}

void co_cm_systick_isr(void)
{
    wraps = wraps + 1; /* the exception clears PENDSTSET on entry */
}

/* The counter runs 0 (wrap: exception pended), MASK, MASK-1, ..., 1, 0
 * (next wrap), so a reading v lies (2^24 - v) mod 2^24 cycles into the
 * period that began at the last wrap, counted or pending. */
uint64_t co_cm_cycles(void)
{
    uint32_t pm = primask_save();
    uint64_t w = wraps;
    uint32_t v = SYST_CVR;
    if (SCB_ICSR & ICSR_PENDSTSET) {
        /* A wrap not yet counted: it happened before or after the first
         * read; a second read is surely after it. */
        v = SYST_CVR;
        w++;
    }
    uint64_t c = w * SYST_PERIOD + ((SYST_PERIOD - v) & SYST_MASK);
    /* An emulator may show the reloaded counter before the pending flag:
     * a reading behind the last one means exactly that wrap. */
    if (c < last_cycles)
        c += SYST_PERIOD;
    last_cycles = c;
    primask_restore(pm);
    return c;
}

void co_cm_timebase_init(const co_cm_timebase *tb)
{
    timebase = tb;
    clock_rate_set(tb->hz); /* the count's rate: cycles below are its counts */
}

void co_cm_timebase_alarm_isr(void) { co_cm_alarms = co_cm_alarms + 1; }

/* The clock's count: SysTick cycles or the application's time base. */
static uint64_t count_now(void) { return timebase ? timebase->now() : co_cm_cycles(); }

/* The count's rate as reciprocals: co_port_now() divides without a 64-bit
 * division (ports/div64.h). */
static co__tick_rate rate;

static void clock_rate_set(uint32_t hz)
{
    core_hz = hz;
    if (hz)
        co__tick_rate_init(&rate, hz);
}

/* Cycles covering t ticks, rounded up, saturating at UINT32_MAX. */
static uint32_t ticks_to_cycles(uint64_t t)
{
    const uint64_t hz = core_hz, tick = CO_CONFIG_TICK_HZ;
    uint64_t whole = t / tick, c;
    if (whole >= UINT32_MAX / hz + 1)
        return UINT32_MAX;
    c = whole * hz + (t % tick * hz + tick - 1) / tick;
    return c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
}

/* The first count at or after tick t (rounded up), saturating below
 * UINT64_MAX (which cancels an alarm). */
static uint64_t ticks_to_count(uint64_t t)
{
    const uint64_t hz = core_hz, tick = CO_CONFIG_TICK_HZ;
    uint64_t whole = t / tick, part = (t % tick * hz + tick - 1) / tick;
    if (whole > (UINT64_MAX - 1) / hz)
        return UINT64_MAX - 1;
    whole *= hz;
    return part > UINT64_MAX - 1 - whole ? UINT64_MAX - 1 : whole + part;
}

co_time co_port_now(void)
{
    return core_hz ? co__ticks_of(&rate, count_now()) : 0;
}

/* ---- idle and wake ------------------------------------------------------ */

void co_cm_alarm_set(const co_cm_alarm *a) { alarm_timer = a; }

static bool any_exception_pending(void) { return (SCB_ICSR & ICSR_VECTPENDING) != 0; }

/* WFI returns when an interrupt becomes pending even with PRIMASK set; with
 * BASEPRI masking it would not, so the sleep swaps BASEPRI for PRIMASK. */
static void wait_for_interrupt(void)
{
    co_cm_sleeps = co_cm_sleeps + 1;
#if CO_CM_CORES > 1
    /* The scheduler sleeps inside its critical section: let the other
     * cores in meanwhile (a wake they post after the check kicks this
     * core, and WFI returns for the pending kick). */
    cs_unlock();
#endif
#if CO_CM_BASEPRI
    __asm__ volatile("cpsid i\n\tmsr basepri, %0\n\tdsb\n\twfi\n\tmsr basepri, %1\n\tcpsie i"
                     : : "r"(0u), "r"((uint32_t)CO_CM_BASEPRI) : "memory");
#else
    __asm__ volatile("dsb\n\twfi" : : : "memory");
#endif
#if CO_CM_CORES > 1
    cs_lock(co_cm_core_id() + 1u);
#endif
}

/* After a timed sleep: how far past its deadline did it end? */
static void note_overrun(co_time deadline)
{
    co_time now = co_port_now();
    if (now > deadline && now - deadline > co_cm_idle_overrun)
        co_cm_idle_overrun = now - deadline;
}

void co_port_idle_until(co_port_cpu *cpu, co_time deadline)
{
#if CO_CM_CORES > 1
    /* Tell wakers which core to kick, then look at pending: with the fence
     * in co_port_wake() either the waker sees this core or this load sees
     * its wake (store-load order on both sides). */
    __atomic_store_n(&cpu->core, co_cm_core_id(), __ATOMIC_RELAXED);
    atomic_thread_fence(memory_order_seq_cst);
#endif
    if (atomic_load_explicit(&cpu->pending, memory_order_acquire)) {
        atomic_store_explicit(&cpu->pending, 0, memory_order_relaxed);
        return;
    }
    if (timebase) {
        /* The application's alarm at the deadline (or none): the sleep
         * ends at it or at any other interrupt. It stays armed after the
         * sleep so its handler runs (and calls into the port) once
         * interrupts are unmasked; the next sleep replaces it, and one left
         * over from an earlier wake-up costs one loop. */
        timebase->alarm(deadline == CO_TIME_NEVER ? UINT64_MAX : ticks_to_count(deadline));
        wait_for_interrupt();
        if (deadline != CO_TIME_NEVER)
            note_overrun(deadline);
        return;
    }
    if (deadline == CO_TIME_NEVER || core_hz == 0) {
        wait_for_interrupt(); /* woken by whatever interrupt comes */
        return;
    }
    co_time now = co_port_now();
    if (now >= deadline)
        return;
    uint32_t cycles = ticks_to_cycles(deadline - now);
    if (alarm_timer) {
        alarm_timer->arm(cycles < alarm_timer->max_cycles ? cycles : alarm_timer->max_cycles);
        wait_for_interrupt();
        alarm_timer->disarm();
        note_overrun(deadline);
        return;
    }
    /* No board alarm: the SysTick wrap is the only timed wake-up. Sleep if
     * the next wrap comes no later than the deadline, else spin until the
     * deadline or any pending exception (the caller re-checks and comes
     * back). */
    if (cycles >= SYST_CVR) {
        wait_for_interrupt();
        note_overrun(deadline);
        return;
    }
#if CO_CM_CORES > 1
    cs_unlock(); /* as around WFI */
#endif
    while (co_port_now() < deadline && !any_exception_pending()) {
    }
#if CO_CM_CORES > 1
    cs_lock(co_cm_core_id() + 1u);
#endif
}

void co_port_wake(co_port_cpu *cpu)
{
    /* Same core: the sleeping scheduler is not asleep while an ISR runs (it
     * sleeps with interrupts masked and the ISR runs after it returns), so
     * the flag alone is enough; it is seen before the next sleep. */
    atomic_store_explicit(&cpu->pending, 1, memory_order_release);
#if CO_CM_CORES > 1
    /* Another core's scheduler may be asleep in WFI: kick it. */
    atomic_thread_fence(memory_order_seq_cst);
    uint32_t core = __atomic_load_n(&cpu->core, __ATOMIC_RELAXED);
    if (core != co_cm_core_id())
        co_cm_kick(core);
#endif
}

/* ---- reports ------------------------------------------------------------ */

void co_port_contract_failed(int id, const char *text)
{
    (void)primask_save();
    co_cm_contract_id = id;
    co_cm_contract_text = text;
    for (;;)
        __asm__ volatile("bkpt #0"); /* halts under a debugger, else HardFault */
}
