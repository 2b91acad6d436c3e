/* I/O completion objects and external wakes: completion before and after
 * the await, errors, timeouts, cancellation, completions and gives from
 * another thread while the scheduler idles, co_unblock tokens. */
#define _POSIX_C_SOURCE 200809L
#include <costack.h>
#include <costack_host.h>
#include <pthread.h>
#include <time.h>
#include "test.h"

static _Alignas(8) unsigned char bufs[4][256];
static co_context ctxs[4];
static co_future futs[4];
static int rcs[4];
static int32_t results[4];
static co_io io;

struct io_waiter { co_frame co; int id; co_duration timeout; int rc; };
CO_ASYNC(io_waiter, void)
{
    CO_BEGIN(io_waiter, self);
    if (self->timeout.ticks)
        CO_AWAIT_STATUS(self->rc, co_io_wait_for(&io, self->timeout));
    else
        CO_AWAIT_STATUS(self->rc, &io);
    rcs[self->id] = self->rc;
    results[self->id] = co_io_result(&io);
    CO_END;
}

static void reset(void)
{
    co_host_clock_simulated(0);
    for (int i = 0; i < 4; i++) {
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
        rcs[i] = 99;
        results[i] = -99;
    }
}

static void test_io_complete_before_and_after(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    /* Completed before the await: not lost, no blocking. */
    co_io_arm(&io);
    co_io_complete_isr(&io, 42);
    co_io_complete_isr(&io, 43); /* ignored */
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, io_waiter, NULL, .id = 0), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[0], 0);
    CHECK_EQ(results[0], 42);
    /* Completed while blocked by io. */
    co_io_arm(&io);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, io_waiter, NULL, .id = 0), 0);
    co_sched_poll(&s);
    CHECK_EQ(co_state_of(&ctxs[0]), CO_STATE_IO);
    co_task_info info = co_task_describe(&ctxs[0]);
    CHECK_STR(info.kind, "io");
    CHECK_PTR(info.object, &io);
    co_io_complete_isr(&io, 7);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[0], 0);
    CHECK_EQ(results[0], 7);
    /* Completed between the block and the scheduler's arm: the completion
     * lands inside the same resume (simulated by a yield-free path). */
    co_io_arm(&io);
    co_io_complete_isr(&io, CO_EIO); /* an error result fails the await */
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, io_waiter, NULL, .id = 0), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[0], CO_EIO);
}

static void test_io_timeout_and_cancel(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_io_arm(&io);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, io_waiter, NULL, .id = 0, .timeout = co_ms(5)), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[0], CO_ETIMEDOUT);
    CHECK_EQ(co_now(), co_ms(5).ticks);
    CHECK_EQ(s.armed, 0);
    /* A late completion of the timed-out wait does not wake a later one. */
    co_io_complete_isr(&io, 1);
    CHECK_EQ(co_sched_poll(&s), 0);
    co_io_arm(&io);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, io_waiter, NULL, .id = 1), 0);
    co_sched_poll(&s);
    CHECK_EQ(co_cancel(&ctxs[1]), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[1], CO_ECANCELED);
    CHECK_EQ(s.armed, 0);
    co_io_complete_isr(&io, 1); /* after the cancel: harmless */
    CHECK_EQ(co_sched_poll(&s), 0);
}

/* External waits and co_unblock tokens. */
static int tag;
struct ext_waiter { co_frame co; int id; int n; int i; co_duration timeout; };
CO_ASYNC(ext_waiter, void)
{
    CO_BEGIN(ext_waiter, self);
    for (self->i = 0; self->i < self->n; self->i++) {
        if (self->timeout.ticks)
            CO_AWAIT_STATUS(rcs[self->id], co_external_for(&tag, self->timeout));
        else
            CO_AWAIT_STATUS(rcs[self->id], co_external(&tag));
        results[self->id]++;
    }
    CO_END;
}

struct unblocker { co_frame co; co_context *target; };
CO_ASYNC(unblocker, void)
{
    CO_BEGIN(unblocker, self);
    rcs[3] = (int)co_state_of(self->target); /* ready: it has not waited yet */
    co_unblock(self->target);
    CO_END;
}

static void test_external_tokens(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    results[0] = 0;
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], &futs[0], ext_waiter, NULL, .id = 0, .n = 3), 0);
    co_sched_poll(&s);
    CHECK_EQ(co_state_of(&ctxs[0]), CO_STATE_EXTERNAL);
    CHECK_STR(co_task_describe(&ctxs[0]).kind, "external");
    CHECK_PTR(ctxs[0].wait.object, &tag);
    CHECK_TRUE(co_unblock(&ctxs[0]));
    CHECK_TRUE(!co_unblock(&ctxs[0])); /* already pending */
    co_sched_poll(&s);
    co_sched_poll(&s);
    CHECK_EQ(results[0], 1);
    /* Wake before the wait: kept as a token, the next wait returns at once. */
    CHECK_EQ(co_state_of(&ctxs[0]), CO_STATE_EXTERNAL);
    CHECK_TRUE(co_unblock(&ctxs[0]));
    co_sched_poll(&s);
    CHECK_EQ(results[0], 2);
    CHECK_TRUE(co_unblock(&ctxs[0]));
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(results[0], 3);
    CHECK_EQ(co_future_status(&futs[0]), 0);
    /* Timeout of an external wait. */
    results[1] = 0;
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, ext_waiter, NULL, .id = 1, .n = 1, .timeout = co_ms(2)), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[1], CO_ETIMEDOUT);
    CHECK_EQ(s.armed, 0);
    /* Nothing timed and an external waiter: no deadlock, run_until idles. */
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, ext_waiter, NULL, .id = 1, .n = 1), 0);
    CHECK_EQ(co_sched_run_until(&s, co_now() + co_ms(1).ticks), CO_ETIMEDOUT);
    co_unblock(&ctxs[1]);
    CHECK_EQ(co_sched_run(&s), 0);
    /* A wake that arrives before the wait is kept as a token. */
    results[2] = 0;
    CHECK_EQ(CO_SPAWN(&s, &ctxs[3], NULL, unblocker, NULL, .target = &ctxs[2]), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[2], NULL, ext_waiter, NULL, .id = 2, .n = 1), 0);
    CHECK_EQ(co_sched_run_until(&s, co_now() + co_s(1).ticks), 0);
    CHECK_EQ(rcs[3], CO_STATE_READY);
    CHECK_EQ(results[2], 1);
    CHECK_EQ(rcs[2], 0);
}

/* Another thread completes io, unblocks and gives while the scheduler
 * sleeps in the port (real condition-variable wait). */
static co_sem sem;
static co_event ev;
struct sem_waiter { co_frame co; int id; };
CO_ASYNC(sem_waiter, void)
{
    CO_BEGIN(sem_waiter, self);
    CO_AWAIT(&sem);
    CO_AWAIT(&ev);
    results[self->id] = 1;
    CO_END;
}

static void *other_thread(void *arg)
{
    (void)arg;
    struct timespec ts = {0, 2000000};
    nanosleep(&ts, NULL);
    co_io_complete_isr(&io, 5);
    nanosleep(&ts, NULL);
    co_unblock(&ctxs[1]);
    nanosleep(&ts, NULL);
    co_sem_give_isr(&sem);
    nanosleep(&ts, NULL);
    co_event_set_isr(&ev);
    return NULL;
}

static void cross_thread(bool simulated)
{
    reset();
    if (!simulated)
        co_host_clock_real();
    co_sched s = CO_SCHED_INIT;
    co_io_arm(&io);
    co_sem_init(&sem, 0, 4);
    co_event_init(&ev, CO_EVENT_MANUAL);
    co_sem_expect_isr(&sem);
    co_event_expect_isr(&ev);
    results[1] = 0;
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, io_waiter, NULL, .id = 0), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, ext_waiter, NULL, .id = 1, .n = 1), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[2], NULL, sem_waiter, NULL, .id = 2), 0);
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, other_thread, NULL), 0);
    int rc = co_sched_run(&s);
    pthread_join(t, NULL);
    co_host_clock_simulated(0);
    CHECK_EQ(rc, 0);
    CHECK_EQ(results[0], 5);
    CHECK_EQ(results[1], 1);
    CHECK_EQ(results[2], 1);
    CHECK_TRUE(co_host_idle_count() > 0);
}

static void test_cross_thread_real_clock(void) { cross_thread(false); }
static void test_cross_thread_simulated_clock(void) { cross_thread(true); }

TEST_MAIN(TEST_CASE(test_io_complete_before_and_after), TEST_CASE(test_io_timeout_and_cancel),
          TEST_CASE(test_external_tokens), TEST_CASE(test_cross_thread_real_clock),
          TEST_CASE(test_cross_thread_simulated_clock))
