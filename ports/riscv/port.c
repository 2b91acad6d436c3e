/* ports/riscv/port.c - the costack port for RISC-V machine mode (RV32 or
 * RV64, one hart): mstatus.MIE critical section, CLINT mtime clock,
 * mtimecmp alarm, WFI idle.
 *
 * WFI returns when an enabled interrupt (mie) becomes pending even while
 * mstatus.MIE is clear, which is what the idle protocol in port.h needs.
 * With the A extension port.h keeps CO_PORT_ATOMIC_RMW 1 (lock-free
 * AMO/LR/SC); without it the runtime emulates RMW in critical sections.
 * Single hart: a multi-hart wake would write the target's MSIP here.
 */
#include <stdatomic.h>
#include <stdint.h>

#include "costack/port.h"
#include "costack_rv.h"
#include "../div64.h"

#if !defined(__riscv)
#error "ports/riscv needs a RISC-V target"
#endif

#define MSTATUS_MIE 0x8u
#define MIE_MTIE 0x80u

static uint32_t mtime_hz; /* 0 until co_rv_clock_init() */
volatile uint32_t co_rv_sleeps;
volatile int co_rv_contract_id;
const char *volatile co_rv_contract_text;

static inline uintptr_t hart_id(void)
{
    uintptr_t h;
    __asm__ volatile(CO_RV_CSR("csrr %0, mhartid") : "=r"(h));
    return h;
}

#define MTIME ((volatile uint32_t *)(uintptr_t)(CO_RV_CLINT_BASE + 0xBFF8u))
#define MTIMECMP(h) ((volatile uint32_t *)(uintptr_t)(CO_RV_CLINT_BASE + 0x4000u + 8u * (h)))

/* ---- critical section --------------------------------------------------- */

co_port_irq co_port_critical_enter(void)
{
    uintptr_t old;
    __asm__ volatile(CO_RV_CSR("csrrci %0, mstatus, %1") : "=r"(old) : "i"(MSTATUS_MIE) : "memory");
    return old & MSTATUS_MIE;
}

void co_port_critical_exit(co_port_irq saved)
{
    if (saved & MSTATUS_MIE)
        __asm__ volatile(CO_RV_CSR("csrsi mstatus, %0") : : "i"(MSTATUS_MIE) : "memory");
}

/* ---- clock and alarm ---------------------------------------------------- */

uint64_t co_rv_mtime(void)
{
    uint32_t hi, lo;
    do {
        hi = MTIME[1];
        lo = MTIME[0];
    } while (hi != MTIME[1]);
    return (uint64_t)hi << 32 | lo;
}

/* Writes mtimecmp without a moment at a smaller value than both ends. */
static void mtimecmp_write(uint64_t v)
{
    volatile uint32_t *cmp = MTIMECMP(hart_id());
    cmp[0] = UINT32_MAX;
    cmp[1] = (uint32_t)(v >> 32);
    cmp[0] = (uint32_t)v;
}

/* mtime's rate as reciprocals: co_port_now() divides without a 64-bit
 * division (ports/div64.h). */
static co__tick_rate rate;

void co_rv_clock_init(uint32_t hz)
{
    mtime_hz = hz;
    if (hz)
        co__tick_rate_init(&rate, hz);
    mtimecmp_write(UINT64_MAX);
    __asm__ volatile(CO_RV_CSR("csrs mie, %0") : : "r"((uintptr_t)MIE_MTIE) : "memory");
}

void co_rv_timer_isr(void) { mtimecmp_write(UINT64_MAX); }

co_time co_port_now(void)
{
    if (mtime_hz == 0)
        return 0;
    return co__ticks_of(&rate, co_rv_mtime());
}

/* mtime counts covering d ticks, rounded up, saturating. */
static uint64_t ticks_to_mtime(uint64_t d)
{
    const uint64_t hz = mtime_hz, tick = CO_CONFIG_TICK_HZ;
    uint64_t whole = d / tick;
    if (whole > (UINT64_MAX >> 1) / hz)
        return UINT64_MAX >> 1;
    return whole * hz + (d % tick * hz + tick - 1) / tick;
}

/* ---- idle and wake ------------------------------------------------------ */

void co_port_idle_until(co_port_cpu *cpu, co_time deadline)
{
    if (atomic_load_explicit(&cpu->pending, memory_order_acquire)) {
        atomic_store_explicit(&cpu->pending, 0, memory_order_relaxed);
        return;
    }
    if (deadline != CO_TIME_NEVER && mtime_hz) {
        co_time now = co_port_now();
        if (now >= deadline)
            return;
        mtimecmp_write(co_rv_mtime() + ticks_to_mtime(deadline - now));
    }
    co_rv_sleeps = co_rv_sleeps + 1;
    __asm__ volatile("wfi" : : : "memory");
    /* Disarm before interrupts are unmasked: the timer did its job by
     * ending WFI, its handler need not run. */
    mtimecmp_write(UINT64_MAX);
}

void co_port_wake(co_port_cpu *cpu)
{
    /* One hart: an ISR runs only outside the scheduler's masked idle, so
     * the flag is seen before the next sleep. */
    atomic_store_explicit(&cpu->pending, 1, memory_order_release);
}

/* ---- reports ------------------------------------------------------------ */

void co_port_contract_failed(int id, const char *text)
{
    (void)co_port_critical_enter();
    co_rv_contract_id = id;
    co_rv_contract_text = text;
    for (;;)
        __asm__ volatile("ebreak"); /* halts under a debugger, else traps */
}
