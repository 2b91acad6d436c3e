/* bench/costack_sched.c - costack under the bundled scheduler: (a) yield
 * round trips through co_sched, (c) timer wake-ups with many sleeping tasks
 * (simulated clock, one wake-up per tick), (f) external wake from another
 * thread. */
#include <pthread.h>

#include <costack.h>
#include <costack/sched.h>
#include "costack_host.h"

#include "bench.h"

static void check(int rc)
{
    if (rc != 0) {
        fprintf(stderr, "bench: unexpected status %d (%s)\n", rc, co_strerror(rc));
        abort();
    }
}

/* ---- (a) yield through the default scheduler ---------------------------- */

struct yielder { co_frame co; uint64_t n; uint64_t i; };
static CO_ASYNC(yielder, void)
{
    CO_BEGIN(yielder, self);
    for (self->i = 0; self->i < self->n; self->i++)
        CO_YIELD();
    CO_END;
}

/* tasks = 1: one task yields n times (each yield a round trip through the
 * ready queue); tasks = 2: two tasks share the n yields and alternate. */
static void yield_sched(void *arg, uint64_t n)
{
    int tasks = *(const int *)arg;
    _Alignas(8) static unsigned char buf[2][256];
    static co_context ctx[2];
    co_sched s;
    co_sched_init(&s);
    for (int t = 0; t < tasks; t++) {
        co_context_init(&ctx[t], buf[t], sizeof buf[t]);
        check(CO_SPAWN(&s, &ctx[t], NULL, yielder, NULL, .n = n / (uint64_t)tasks));
    }
    check(co_sched_run(&s));
}

/* ---- (c) timer wake-ups -------------------------------------------------- */

/* Sleeps k times on a drift-free period; the first deadline is given. */
struct sleeper { co_frame co; uint64_t k; co_time first; uint64_t every; uint64_t i; co_period p; };
static CO_ASYNC(sleeper, void)
{
    CO_BEGIN(sleeper, self);
    self->p.next = self->first;
    self->p.every = co_ticks(self->every);
    for (self->i = 0; self->i < self->k; self->i++)
        CO_AWAIT(co_period_next(&self->p));
    CO_END;
}

struct timer_pool {
    size_t cap;
    co_context *ctx;
    unsigned char *bufs;
};
#define SLEEPER_BUF 128u
static struct timer_pool pool;

/* N tasks sleep with period N ticks, task i first at tick i + 1: exactly one
 * wake-up per tick, every one a timer expiry followed by a re-arm. The
 * setup and each task's first run are not timed; n wake-ups in all. */
static void timers(void *arg, uint64_t n)
{
    size_t tasks = *(const size_t *)arg;
    if (pool.cap < tasks) {
        free(pool.ctx);
        free(pool.bufs);
        pool.ctx = calloc(tasks, sizeof *pool.ctx);
        pool.bufs = aligned_alloc(64, tasks * SLEEPER_BUF);
        if (!pool.ctx || !pool.bufs)
            abort();
        pool.cap = tasks;
    }
    uint64_t k = n / tasks;
    if (k < 2)
        k = 2;
    co_host_clock_simulated(0);
    co_sched s;
    co_sched_init(&s);
    for (size_t i = 0; i < tasks; i++) {
        co_context_init(&pool.ctx[i], pool.bufs + i * SLEEPER_BUF, SLEEPER_BUF);
        check(CO_SPAWN(&s, &pool.ctx[i], NULL, sleeper, NULL, .k = k, .first = (co_time)i + 1,
                       .every = tasks));
    }
    (void)co_sched_poll(&s); /* every task runs once and goes to sleep */
    uint64_t t0 = bench_now_ns();
    check(co_sched_run(&s));
    uint64_t t1 = bench_now_ns();
    bench_op_ns = (double)(t1 - t0) / (double)(k * tasks);
    co_host_clock_real();
}

/* ---- (f) external wake from another thread ------------------------------- */

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t acked;
    uint64_t n;
    co_context *ctx;
} xw = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, NULL};
static const char xtag[] = "bench-external";

/* Waits n times for the other thread's co_unblock(), acknowledging each
 * through a condition variable. */
struct xwaiter { co_frame co; uint64_t n; uint64_t i; };
static CO_ASYNC(xwaiter, void)
{
    CO_BEGIN(xwaiter, self);
    for (self->i = 0; self->i < self->n; self->i++) {
        CO_AWAIT(co_external(xtag));
        pthread_mutex_lock(&xw.mu);
        xw.acked++;
        pthread_cond_signal(&xw.cv);
        pthread_mutex_unlock(&xw.mu);
    }
    CO_END;
}

static void *xwaker(void *arg)
{
    (void)arg;
    for (uint64_t i = 0; i < xw.n; i++) {
        co_unblock(xw.ctx);
        pthread_mutex_lock(&xw.mu);
        while (xw.acked <= i)
            pthread_cond_wait(&xw.cv, &xw.mu);
        pthread_mutex_unlock(&xw.mu);
    }
    return NULL;
}

/* One operation: the other thread unblocks the task, the scheduler (idle
 * in the port) wakes and runs it, the task acknowledges. */
static void xwake(void *arg, uint64_t n)
{
    (void)arg;
    _Alignas(8) static unsigned char buf[256];
    static co_context ctx;
    co_host_clock_real();
    co_sched s;
    co_sched_init(&s);
    co_context_init(&ctx, buf, sizeof buf);
    check(CO_SPAWN(&s, &ctx, NULL, xwaiter, NULL, .n = n));
    xw.acked = 0;
    xw.n = n;
    xw.ctx = &ctx;
    pthread_t t;
    if (pthread_create(&t, NULL, xwaker, NULL) != 0)
        abort();
    check(co_sched_run(&s));
    pthread_join(t, NULL);
}

int main(int argc, char **argv)
{
    struct bench_opts o;
    bench_parse(argc, argv, &o);
    static int one = 1, two = 2;
    static size_t t10 = 10, t1000 = 1000, t100000 = 100000;
    bench_case(&o, "costack.yield.sched", yield_sched, &one, 10000000);
    bench_case(&o, "costack.yield.sched2", yield_sched, &two, 10000000);
    bench_case(&o, "costack.timers.10", timers, &t10, 2000000);
    bench_case(&o, "costack.timers.1000", timers, &t1000, 2000000);
    bench_case(&o, "costack.timers.100000", timers, &t100000, 2000000);
    bench_case(&o, "costack.xwake.rtt", xwake, NULL, 30000);
    return 0;
}
