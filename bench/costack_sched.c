/* bench/costack_sched.c - costack under the bundled scheduler: (a) yield
 * round trips through co_sched, (f) external wake from another thread.
 * (c), timer wake-ups with many sleeping tasks, is the runtime's own
 * bench/timers.c, which bench/run runs and reads. */
#include <pthread.h>

#include <costack.h>
#include <costack/sched.h>
#include "costack_host.h" /* co_host_clock_real() */

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
    bench_case(&o, "costack.yield.sched", yield_sched, &one, 10000000);
    bench_case(&o, "costack.yield.sched2", yield_sched, &two, 10000000);
    bench_case(&o, "costack.xwake.rtt", xwake, NULL, 30000);
    return 0;
}
