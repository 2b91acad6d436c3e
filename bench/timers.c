/* bench/timers.c - timer wake-ups per second with 10, 1 000 and 100 000
 * sleeping tasks on the simulated clock (so only the scheduler's own cost
 * is measured: heap insert, expiry, resume), and whether the curve stays
 * within 2x from 10 to 100 000. Not a test: it prints, it never fails on a
 * number. Usage: bench_timers [wakes_per_point] [reps].
 *
 * Each task sleeps its own period (distinct, spread between 1 000 and
 * 2 000 ticks) in a loop, so deadlines interleave and the heap really
 * reorders; every point runs the same number of wake-ups. */
#define _POSIX_C_SOURCE 200809L
#include <costack.h>
#include <costack_host.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BUF_BYTES 128

static long wakes_left;

struct tick_task { co_frame co; co_duration period; };
CO_ASYNC(tick_task, void)
{
    CO_BEGIN(tick_task, self);
    while (wakes_left > 0) {
        CO_AWAIT(self->period);
        wakes_left--;
    }
    CO_END;
}

/* CPU time of this thread: the simulated clock never sleeps, so this is the
 * scheduler's work, unaffected by other load on a shared machine. */
struct yield_task { co_frame co; int dummy; };
CO_ASYNC(yield_task, void)
{
    CO_BEGIN(yield_task, self);
    while (wakes_left > 0) {
        CO_YIELD();
        wakes_left--;
    }
    CO_END;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Wake-ups (or, with yields, resumes) per CPU second with n tasks. */
static double measure(long n, long wakes, bool yields)
{
    co_context *ctx = calloc((size_t)n, sizeof *ctx);
    unsigned char *bufs = malloc((size_t)n * BUF_BYTES);
    if (!ctx || !bufs) {
        fprintf(stderr, "bench_timers: out of memory\n");
        exit(1);
    }
    co_host_clock_simulated(0);
    co_sched s;
    co_sched_init(&s);
    for (long i = 0; i < n; i++) {
        co_context_init(&ctx[i], bufs + i * BUF_BYTES, BUF_BYTES);
        uint64_t period = 1000 + (uint64_t)((i * 7919) % 1000);
        int rc = yields ? CO_SPAWN(&s, &ctx[i], NULL, yield_task, NULL)
                        : CO_SPAWN(&s, &ctx[i], NULL, tick_task, NULL, .period = co_ticks(period));
        if (rc != 0)
            exit(1);
    }
    wakes_left = n; /* warm-up: every task asleep, the heap full */
    co_sched_poll(&s);
    wakes_left = wakes;
    double t0 = cpu_s();
    int rc = co_sched_run(&s); /* ends when the budget is spent and all finish */
    double t1 = cpu_s();
    if (rc != 0)
        fprintf(stderr, "bench_timers: run returned %d\n", rc);
    long done = wakes - wakes_left + 0; /* wakes_left may dip below 0: n finishing wakes */
    free(ctx);
    free(bufs);
    return (double)done / (t1 - t0);
}

int main(int argc, char **argv)
{
    long wakes = argc > 1 ? atol(argv[1]) : 2000000;
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    static const long points[] = {10, 1000, 100000};
    double best[3] = {0, 0, 0}, floor_best[3] = {0, 0, 0};
    for (int p = 0; p < 3; p++)
        for (int r = 0; r < reps; r++) {
            long w = wakes < points[p] * 4 ? points[p] * 4 : wakes;
            double t = measure(points[p], w, false), f = measure(points[p], w, true);
            if (t > best[p])
                best[p] = t;
            if (f > floor_best[p])
                floor_best[p] = f;
        }
    printf("timers: wake-ups per CPU second (simulated clock, best of %d)\n", reps);
    for (int p = 0; p < 3; p++)
        printf("timers: %6ld sleeping tasks  %12.0f wake-ups/s  %7.1f ns/wake-up\n", points[p],
               best[p], 1e9 / best[p]);
    /* The floor: the same tasks only yielding (no timer at all), i.e. what
     * resuming n contexts costs once they no longer fit in the caches. */
    for (int p = 0; p < 3; p++)
        printf("timers: %6ld yielding tasks  %12.0f resumes/s    %7.1f ns/resume (no timers: the floor)\n",
               points[p], floor_best[p], 1e9 / floor_best[p]);
    double ratio = best[0] / best[2];
    printf("timers: timer cost above the floor: %.1f ns at 10, %.1f ns at 100000\n",
           1e9 / best[0] - 1e9 / floor_best[0], 1e9 / best[2] - 1e9 / floor_best[2]);
    printf("timers: 10 -> 100000 slowdown %.2fx: %s\n", ratio,
           ratio <= 2.0 ? "within 2x" : "NOT within 2x");
    return 0;
}
