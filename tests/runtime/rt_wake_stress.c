/* Threaded wake stress (run it under TSan too): two threads, each running
 * its own co_sched, whose tasks wake each other's tasks with co_unblock()
 * 10^6 times in total. Every wake must arrive exactly once: each task
 * counts its wakes; a lost wake would leave a pair stuck, which the
 * watchdog reports instead of hanging. Also: co_io completions and
 * co_sem_give_isr() from the other thread. No timing assertions.
 * Usage: rt_wake_stress [total_wakes]. */
#define _POSIX_C_SOURCE 200809L
#include <costack.h>
#include <costack_host.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include "test.h"

#define PAIRS 8

static co_sched sched_a = CO_SCHED_INIT, sched_b = CO_SCHED_INIT;
static _Alignas(8) unsigned char bufs_a[PAIRS][192], bufs_b[PAIRS][192];
static co_context ctx_a[PAIRS], ctx_b[PAIRS];
static co_future fut_a[PAIRS], fut_b[PAIRS];
static long got_a[PAIRS], got_b[PAIRS];
static long rounds;
static atomic_int finished;
static int rc_a, rc_b;

/* A side: wakes its partner, then waits to be woken back. */
struct pinger { co_frame co; int id; long i; int rc; };
CO_ASYNC(pinger, void)
{
    CO_BEGIN(pinger, self);
    for (self->i = 0; self->i < rounds; self->i++) {
        co_unblock(&ctx_b[self->id]);
        CO_AWAIT_STATUS(self->rc, co_external(&ctx_b[self->id]));
        if (self->rc == 0)
            got_a[self->id]++;
    }
    CO_END;
}

/* B side: waits to be woken, then wakes its partner back. */
struct ponger { co_frame co; int id; long i; int rc; };
CO_ASYNC(ponger, void)
{
    CO_BEGIN(ponger, self);
    for (self->i = 0; self->i < rounds; self->i++) {
        CO_AWAIT_STATUS(self->rc, co_external(&ctx_a[self->id]));
        if (self->rc == 0)
            got_b[self->id]++;
        co_unblock(&ctx_a[self->id]);
    }
    CO_END;
}

static void *run_a(void *arg)
{
    (void)arg;
    rc_a = co_sched_run(&sched_a);
    atomic_fetch_add(&finished, 1);
    return NULL;
}

static void *run_b(void *arg)
{
    (void)arg;
    rc_b = co_sched_run(&sched_b);
    atomic_fetch_add(&finished, 1);
    return NULL;
}

/* Waits for both schedulers; a lost wake leaves them blocked forever (on
 * external, so no deadlock report): give up after a generous bound. */
static bool join_or_stuck(pthread_t ta, pthread_t tb)
{
    for (int i = 0; i < 6000 && atomic_load(&finished) < 2; i++) {
        struct timespec ts = {0, 50000000};
        nanosleep(&ts, NULL);
    }
    if (atomic_load(&finished) < 2) {
        co_sched_stop(&sched_a);
        co_sched_stop(&sched_b);
    }
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    return atomic_load(&finished) == 2;
}

static long total_wakes = 1000000;

static void test_ping_pong(void)
{
    co_host_clock_real();
    rounds = total_wakes / (2 * PAIRS);
    atomic_store(&finished, 0);
    for (int i = 0; i < PAIRS; i++) {
        co_context_init(&ctx_a[i], bufs_a[i], sizeof bufs_a[i]);
        co_context_init(&ctx_b[i], bufs_b[i], sizeof bufs_b[i]);
        CHECK_EQ(CO_SPAWN(&sched_a, &ctx_a[i], &fut_a[i], pinger, NULL, .id = i), 0);
        CHECK_EQ(CO_SPAWN(&sched_b, &ctx_b[i], &fut_b[i], ponger, NULL, .id = i), 0);
    }
    pthread_t ta, tb;
    CHECK_EQ(pthread_create(&ta, NULL, run_a, NULL), 0);
    CHECK_EQ(pthread_create(&tb, NULL, run_b, NULL), 0);
    bool done = join_or_stuck(ta, tb);
    CHECK_TRUE(done);
    CHECK_EQ(rc_a, 0);
    CHECK_EQ(rc_b, 0);
    long total = 0;
    for (int i = 0; i < PAIRS; i++) {
        CHECK_EQ(got_a[i], rounds);
        CHECK_EQ(got_b[i], rounds);
        CHECK_EQ(co_future_status(&fut_a[i]), 0);
        CHECK_EQ(co_future_status(&fut_b[i]), 0);
        total += got_a[i] + got_b[i];
    }
    printf("wake stress: %ld cross-thread wakes delivered, none lost\n", total);
}

/* The other thread completes io objects and gives a semaphore while a task
 * waits on them; every completion and give must arrive. */
#define IO_ROUNDS 20000
static co_io ios[2];
static co_sem sem = CO_SEM_INIT(0, IO_ROUNDS);
static atomic_int io_armed; /* round the consumer armed, for the producer */
static long io_seen, sem_seen;

struct io_consumer { co_frame co; long i; };
CO_ASYNC(io_consumer, void)
{
    CO_BEGIN(io_consumer, self);
    for (self->i = 1; self->i <= IO_ROUNDS; self->i++) {
        co_io_arm(&ios[self->i & 1]);
        atomic_store(&io_armed, (int)self->i);
        CO_AWAIT(&ios[self->i & 1]);
        if (co_io_result(&ios[self->i & 1]) == (int32_t)self->i)
            io_seen++;
        CO_AWAIT(&sem);
        sem_seen++;
    }
    CO_END;
}

static void *io_producer(void *arg)
{
    (void)arg;
    for (int i = 1; i <= IO_ROUNDS; i++) {
        while (atomic_load(&io_armed) < i) {
        }
        co_io_complete_isr(&ios[i & 1], i);
        co_sem_give_isr(&sem);
    }
    return NULL;
}

static void test_io_and_isr_gives(void)
{
    co_host_clock_real();
    co_sched s = CO_SCHED_INIT;
    co_context c;
    static _Alignas(8) unsigned char buf[256];
    co_context_init(&c, buf, sizeof buf);
    co_sem_expect_isr(&sem);
    CHECK_EQ(CO_SPAWN(&s, &c, NULL, io_consumer, NULL), 0);
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, io_producer, NULL), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    pthread_join(t, NULL);
    CHECK_EQ(io_seen, IO_ROUNDS);
    CHECK_EQ(sem_seen, IO_ROUNDS);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        total_wakes = atol(argv[1]);
    static const struct test_case cases[] = {TEST_CASE(test_ping_pong),
                                             TEST_CASE(test_io_and_isr_gives)};
    return test_run(cases, 2);
}
