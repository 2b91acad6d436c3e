/* ports/host/port.c - POSIX host port: critical section, idle/wake, real
 * and simulated clocks, contract report.
 *
 * Thread model: every scheduler runs on its own thread; "interrupts" are
 * other threads. The critical section is one process-wide mutex, nestable
 * per thread. co_port_idle_until() waits on one condition variable bound to
 * that mutex (all sleeping schedulers share it and re-check their own
 * pending flag), so a wake posted under the lock is never lost.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "costack/port.h"
#include "costack_host.h"

#define NS_PER_TICK (1000000000u / CO_CONFIG_TICK_HZ)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond;
static pthread_once_t cond_once = PTHREAD_ONCE_INIT;
static _Thread_local unsigned depth; /* critical-section nesting */
static atomic_bool simulated;
static _Atomic uint64_t sim_now;
static atomic_ulong idle_calls;

static void cond_init(void)
{
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&cond, &a);
    pthread_condattr_destroy(&a);
}

static co_time real_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    return ns / NS_PER_TICK;
}

co_time co_port_now(void)
{
    if (atomic_load_explicit(&simulated, memory_order_acquire))
        return atomic_load_explicit(&sim_now, memory_order_acquire);
    return real_now();
}

void co_host_clock_simulated(co_time start)
{
    atomic_store(&sim_now, start);
    atomic_store(&simulated, true);
}

void co_host_clock_real(void) { atomic_store(&simulated, false); }

bool co_host_clock_is_simulated(void) { return atomic_load(&simulated); }

static void sim_advance_to(co_time t)
{
    uint64_t cur = atomic_load(&sim_now);
    while (cur < t && !atomic_compare_exchange_weak(&sim_now, &cur, t)) {
    }
}

void co_host_clock_advance(co_duration d)
{
    sim_advance_to(co_time_add(atomic_load(&sim_now), d));
}

unsigned long co_host_idle_count(void) { return atomic_load(&idle_calls); }

co_port_irq co_port_critical_enter(void)
{
    if (depth++ == 0)
        pthread_mutex_lock(&lock);
    return 0;
}

void co_port_critical_exit(co_port_irq saved)
{
    (void)saved;
    if (--depth == 0)
        pthread_mutex_unlock(&lock);
}

void co_port_idle_until(co_port_cpu *cpu, co_time deadline)
{
    pthread_once(&cond_once, cond_init);
    atomic_fetch_add(&idle_calls, 1);
    if (atomic_exchange(&cpu->pending, 0))
        return;
    if (atomic_load(&simulated) && deadline != CO_TIME_NEVER) {
        sim_advance_to(deadline); /* virtual time: nothing happens in between */
        return;
    }
    /* Real time, or simulated with nothing timed: sleep until woken. Other
     * threads advancing the simulated clock do not wake us; a scheduler
     * with a deadline never gets here in simulated mode. */
    while (!atomic_load(&cpu->pending)) {
        if (deadline == CO_TIME_NEVER) {
            pthread_cond_wait(&cond, &lock);
        } else {
            if (real_now() >= deadline)
                break;
            struct timespec ts;
            uint64_t ns = deadline > UINT64_MAX / NS_PER_TICK ? UINT64_MAX : deadline * NS_PER_TICK;
            ts.tv_sec = (time_t)(ns / 1000000000u);
            ts.tv_nsec = (long)(ns % 1000000000u);
            pthread_cond_timedwait(&cond, &lock, &ts);
        }
    }
    atomic_store(&cpu->pending, 0);
}

void co_port_wake(co_port_cpu *cpu)
{
    pthread_once(&cond_once, cond_init);
    co_port_irq s = co_port_critical_enter();
    atomic_store(&cpu->pending, 1);
    pthread_cond_broadcast(&cond);
    co_port_critical_exit(s);
}

void co_port_contract_failed(int id, const char *text)
{
    fprintf(stderr, "costack: contract %d violated: %s\n", id, text ? text : "");
    abort();
}
