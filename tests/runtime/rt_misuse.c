/* Bad input and silent misuse (issue 11, items 8 and 9): NULL at every
 * public entry point is contract NULL_ARGUMENT and then an error return
 * (or nothing); co_chan_init with NULL storage; re-initialising objects in
 * use; co_wake on a queued waiter; two awaiters of one co_io; an initial
 * semaphore count above its maximum; co_io_wait_for(0); a task that
 * cancels itself and returns 0. */
#include <costack.h>
#include <costack/dump.h>
#include <costack/trace.h>
#include <costack_host.h>
#include "test.h"

static int calls, last_id, counts[CO_CONTRACT_COUNT__];
static void record(int id, const char *text)
{
    (void)text;
    calls++;
    last_id = id;
    if (id > 0 && id < CO_CONTRACT_COUNT__)
        counts[id]++;
}

static void sink(void *arg, const char *t, size_t n) { (void)arg, (void)t, (void)n; }
static int tsink(void *arg, const void *b, size_t n) { (void)arg, (void)b, (void)n; return 0; }
static int dummy_fn(co_context *ctx, co_frame *f) { (void)ctx, (void)f; return 0; }

/* Every call below passes NULL where a pointer is required: each must
 * report NULL_ARGUMENT exactly once and return its error value. */
#define EXPECT_NULL(expr, want)                                                \
    do {                                                                       \
        int before_ = counts[CO_CONTRACT_NULL_ARGUMENT];                       \
        CHECK_EQ((expr), (want));                                              \
        CHECK_EQ(counts[CO_CONTRACT_NULL_ARGUMENT], before_ + 1);              \
    } while (0)
#define EXPECT_NULL_VOID(stmt)                                                 \
    do {                                                                       \
        int before_ = counts[CO_CONTRACT_NULL_ARGUMENT];                       \
        stmt;                                                                  \
        CHECK_EQ(counts[CO_CONTRACT_NULL_ARGUMENT], before_ + 1);              \
    } while (0)

static _Alignas(8) unsigned char bufs[4][256];
static co_context ctxs[4];
static co_future futs[4];
static int rcs[4];

/* Runs op in a task (with status into rcs[id]). */
struct op_task { co_frame co; int id; co_op op; };
CO_ASYNC(op_task, void)
{
    CO_BEGIN(op_task, self);
    CO_AWAIT_STATUS(rcs[self->id], self->op);
    CO_END;
}

static int run_op(co_op op)
{
    co_sched s = CO_SCHED_INIT;
    co_context_init(&ctxs[0], bufs[0], sizeof bufs[0]);
    rcs[0] = 99;
    if (CO_SPAWN(&s, &ctxs[0], NULL, op_task, NULL, .id = 0, .op = op) != 0)
        return 98;
    (void)co_sched_run(&s);
    return rcs[0];
}

static void test_null_everywhere(void)
{
    co_contract_fn *old = co_set_contract_handler(record);
    co_host_clock_simulated(0);
    char v = 0;
    co_task_info info;
    /* context.h */
    EXPECT_NULL_VOID(co_context_init(NULL, bufs[0], 16));
    EXPECT_NULL(co_resume(NULL), CO_STATE_DONE);
    EXPECT_NULL(co_wake(NULL, 0), false);
    EXPECT_NULL(co_unblock(NULL), false);
    EXPECT_NULL(co_cancel(NULL), CO_EINVAL);
    EXPECT_NULL(co_block(NULL, CO_STATE_EXTERNAL, NULL, CO_TIME_NEVER, NULL), CO_EINVAL);
    EXPECT_NULL(co__start(NULL, NULL, dummy_fn, NULL, NULL, 0, 8), CO_EINVAL);
    /* sched.h */
    EXPECT_NULL_VOID(co_sched_init(NULL));
    EXPECT_NULL(co_sched_add(NULL, &ctxs[0]), CO_EINVAL);
    EXPECT_NULL(co_sched_run(NULL), CO_EINVAL);
    EXPECT_NULL(co_sched_run_until(NULL, 0), CO_EINVAL);
    EXPECT_NULL(co_sched_poll(NULL), 0);
    EXPECT_NULL_VOID(co_sched_stop(NULL));
    EXPECT_NULL(co_set_priority(NULL, 0), CO_EINVAL);
    EXPECT_NULL(co_sched_next_deadline(NULL), CO_TIME_NEVER);
    EXPECT_NULL(co_sched_query(NULL, &info, 1), 0);
    EXPECT_NULL(co_await_chain(NULL, NULL, 0), 0);
    EXPECT_NULL(co_sched_find_cycle(NULL, NULL, 0), 0);
    EXPECT_NULL_VOID(info = co_task_describe(NULL));
    CHECK_PTR(info.ctx, NULL);
    /* io.h */
    EXPECT_NULL_VOID(co_io_init(NULL));
    EXPECT_NULL_VOID(co_io_arm(NULL));
    EXPECT_NULL_VOID(co_io_complete_isr(NULL, 1));
    EXPECT_NULL(co_io_done(NULL), false);
    EXPECT_NULL(co_io_result(NULL), 0);
    EXPECT_NULL(run_op(co_io_wait_for(NULL, co_ms(1))), CO_EINVAL);
    /* sem.h */
    EXPECT_NULL_VOID(co_sem_init(NULL, 0, 1));
    EXPECT_NULL(run_op(co_sem_take_for(NULL, co_ms(1))), CO_EINVAL);
    EXPECT_NULL(co_sem_take_try(NULL), CO_EINVAL);
    EXPECT_NULL(co_sem_give(NULL), CO_EINVAL);
    EXPECT_NULL_VOID(co_sem_give_isr(NULL));
    EXPECT_NULL_VOID(co_sem_expect_isr(NULL));
    /* event.h */
    EXPECT_NULL_VOID(co_event_init(NULL, CO_EVENT_AUTO));
    EXPECT_NULL(run_op(co_event_wait_for(NULL, co_ms(1))), CO_EINVAL);
    EXPECT_NULL(co_event_wait_try(NULL), CO_EINVAL);
    EXPECT_NULL_VOID(co_event_set(NULL));
    EXPECT_NULL_VOID(co_event_set_isr(NULL));
    EXPECT_NULL_VOID(co_event_expect_isr(NULL));
    EXPECT_NULL_VOID(co_event_clear(NULL));
    /* mutex.h */
    EXPECT_NULL_VOID(co_mutex_init(NULL));
    EXPECT_NULL(run_op(co_mutex_lock_for(NULL, co_ms(1))), CO_EINVAL);
    EXPECT_NULL(co_mutex_unlock(NULL), CO_EINVAL);
    /* chan.h */
    static co_chan ch;
    static char store[2];
    co_chan_init(&ch, store, 1, 2);
    EXPECT_NULL_VOID(co_chan_init(NULL, store, 1, 2));
    EXPECT_NULL(run_op(co_chan_send(NULL, &v)), CO_EINVAL);
    EXPECT_NULL(run_op(co_chan_send(&ch, NULL)), CO_EINVAL);
    EXPECT_NULL(run_op(co_chan_recv(NULL, &v)), CO_EINVAL);
    EXPECT_NULL(run_op(co_chan_recv_for(&ch, NULL, co_ms(1))), CO_EINVAL);
    EXPECT_NULL(co_chan_send_try(NULL, &v), CO_EINVAL);
    EXPECT_NULL(co_chan_send_try(&ch, NULL), CO_EINVAL);
    EXPECT_NULL(co_chan_recv_try(NULL, &v), CO_EINVAL);
    EXPECT_NULL(co_chan_recv_try(&ch, NULL), CO_EINVAL);
    EXPECT_NULL(co_chan_expect_isr(NULL), CO_EINVAL);
    EXPECT_NULL(co_chan_send_isr(NULL, &v), CO_EINVAL);
    EXPECT_NULL(co_chan_close(NULL), CO_EINVAL);
    /* dump.h, trace.h */
    EXPECT_NULL_VOID(co_dump(NULL, sink, NULL));
    EXPECT_NULL_VOID(co_dump_context(NULL, sink, NULL));
#if CO_CONFIG_TRACE
    static co_trace_event ring[4];
    EXPECT_NULL(co_trace_start(NULL, CO_TRACE_OVERWRITE, ring, 4, NULL, NULL), CO_EINVAL);
    EXPECT_NULL(co_trace_drain(NULL, tsink, NULL), CO_EINVAL);
#else
    (void)tsink;
#endif
    /* A co_op without a start function. */
    co_op none = {0};
    EXPECT_NULL(run_op(none), CO_EINVAL);
    /* co_chan_init with NULL storage and a capacity: refused, ch unchanged. */
    calls = 0;
    co_chan_init(&ch, NULL, 1, 4);
    CHECK_EQ(last_id, CO_CONTRACT_CHAN_NO_STORAGE);
    CHECK_EQ(calls, 1);
    CHECK_PTR(ch.buf, store);
    co_chan_init(&ch, NULL, 1, 0); /* a rendezvous channel needs none */
    CHECK_EQ(calls, 1);
    co_set_contract_handler(old);
}

/* ---- item 9 ------------------------------------------------------------- */

static co_mutex mtx;
struct locker { co_frame co; int id; };
CO_ASYNC(locker, void)
{
    CO_BEGIN(locker, self);
    CO_AWAIT_STATUS(rcs[self->id], &mtx);
    if (rcs[self->id] == 0)
        co_mutex_unlock(&mtx);
    CO_END;
}

/* co_wake on a mutex waiter still in its queue: refused (the mutex would
 * end up owned by a finished task); co_cancel ends the wait cleanly. */
static void test_wake_queued_waiter(void)
{
    co_contract_fn *old = co_set_contract_handler(record);
    co_host_clock_simulated(0);
    co_sched s = CO_SCHED_INIT;
    co_mutex_init(&mtx);
    co_context_init(&ctxs[0], bufs[0], sizeof bufs[0]);
    co_context_init(&ctxs[1], bufs[1], sizeof bufs[1]);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], &futs[1], locker, NULL, .id = 1), 0);
    /* Hold the mutex by a task that stays blocked on time. */
    mtx.owner = &ctxs[0];
    co_sched_poll(&s);
    CHECK_EQ(co_state_of(&ctxs[1]), CO_STATE_SYNC);
    calls = 0;
    CHECK_EQ(co_wake(&ctxs[1], 0), false);
    CHECK_EQ(last_id, CO_CONTRACT_WAKE_QUEUED);
    CHECK_EQ(co_state_of(&ctxs[1]), CO_STATE_SYNC);
    CHECK_PTR(mtx.waiters.head, &ctxs[1]);
    /* Re-initialising the mutex with a waiter: refused, unchanged. */
    co_mutex_init(&mtx);
    CHECK_EQ(last_id, CO_CONTRACT_OBJECT_BUSY);
    CHECK_PTR(mtx.owner, &ctxs[0]);
    CHECK_EQ(co_cancel(&ctxs[1]), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[1], CO_ECANCELED);
    CHECK_PTR(mtx.waiters.head, NULL);
    CHECK_PTR(mtx.owner, &ctxs[0]); /* never handed to the finished task */
    CHECK_EQ(calls, 2);
    mtx.owner = NULL;
    co_mutex_init(&mtx); /* idle now: accepted */
    CHECK_EQ(calls, 2);
    co_set_contract_handler(old);
}

static co_sem sem;
static co_chan chan;
static int chan_store[2], chan_v;
struct sem_taker { co_frame co; int id; };
CO_ASYNC(sem_taker, void)
{
    CO_BEGIN(sem_taker, self);
    CO_AWAIT_STATUS(rcs[self->id], co_sem_take_for(&sem, co_ms(10)));
    CO_END;
}
struct chan_receiver { co_frame co; int id; };
CO_ASYNC(chan_receiver, void)
{
    CO_BEGIN(chan_receiver, self);
    CO_AWAIT_STATUS(rcs[self->id], co_chan_recv_for(&chan, &chan_v, co_ms(10)));
    CO_END;
}

/* Re-initialising a semaphore or channel that has waiters: refused, the
 * waiters keep waiting and time out normally. */
static void test_reinit_with_waiters(void)
{
    co_contract_fn *old = co_set_contract_handler(record);
    co_host_clock_simulated(0);
    co_sched s = CO_SCHED_INIT;
    co_sem_init(&sem, 0, 4);
    co_chan_init(&chan, chan_store, sizeof chan_store[0], 2);
    for (int i = 0; i < 2; i++)
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, sem_taker, NULL, .id = 0), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, chan_receiver, NULL, .id = 1), 0);
    co_sched_poll(&s);
    calls = 0;
    co_sem_init(&sem, 3, 4);
    CHECK_EQ(last_id, CO_CONTRACT_OBJECT_BUSY);
    CHECK_EQ(co_sem_count(&sem), 0);
    co_chan_init(&chan, chan_store, sizeof chan_store[0], 1);
    CHECK_EQ(last_id, CO_CONTRACT_OBJECT_BUSY);
    CHECK_EQ(chan.cap, 2);
    co_event ev = CO_EVENT_INIT(CO_EVENT_AUTO);
    co_event_init(&ev, CO_EVENT_MANUAL); /* no waiters: fine */
    CHECK_EQ(calls, 2);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[0], CO_ETIMEDOUT);
    CHECK_EQ(rcs[1], CO_ETIMEDOUT);
    co_sem_init(&sem, 3, 4); /* idle: accepted */
    CHECK_EQ(co_sem_count(&sem), 3);
    CHECK_EQ(calls, 2);
    co_set_contract_handler(old);
}

static co_io io;
struct io_task { co_frame co; int id; co_duration d; };
CO_ASYNC(io_task, void)
{
    CO_BEGIN(io_task, self);
    CO_AWAIT_STATUS(rcs[self->id], co_io_wait_for(&io, self->d));
    CO_END;
}

/* Two tasks awaiting one co_io: the second is refused (IO_BUSY, CO_EBUSY)
 * instead of hiding the first, which then gets the completion. */
static void test_two_io_waiters(void)
{
    co_contract_fn *old = co_set_contract_handler(record);
    co_host_clock_simulated(0);
    co_sched s = CO_SCHED_INIT;
    co_io_init(&io);
    co_io_arm(&io);
    for (int i = 0; i < 2; i++) {
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
        rcs[i] = 99;
        CHECK_EQ(CO_SPAWN(&s, &ctxs[i], NULL, io_task, NULL, .id = i, .d = co_s(1)), 0);
    }
    calls = 0;
    co_sched_poll(&s);
    CHECK_EQ(calls, 1);
    CHECK_EQ(last_id, CO_CONTRACT_IO_BUSY);
    CHECK_EQ(rcs[1], CO_EBUSY);
    co_io_init(&io); /* a task awaits it: refused */
    CHECK_EQ(last_id, CO_CONTRACT_OBJECT_BUSY);
    co_io_complete_isr(&io, 5);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[0], 0);
    CHECK_EQ(co_io_result(&io), 5);
    CHECK_EQ(co_now(), 0); /* woken by the completion, not the timeout */
    CHECK_EQ(calls, 2);
    co_set_contract_handler(old);
}

/* A past deadline never blocks: co_io_wait_for(0) fails at once, like
 * every other _for(0) (no round through the scheduler). */
static void test_io_wait_zero(void)
{
    co_host_clock_simulated(100);
    co_sched s = CO_SCHED_INIT;
    co_io_init(&io);
    co_io_arm(&io);
    co_context_init(&ctxs[0], bufs[0], sizeof bufs[0]);
    rcs[0] = 99;
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, io_task, NULL, .id = 0, .d = co_ms(0)), 0);
    CHECK_EQ(co_sched_poll(&s), 1);
    CHECK_EQ(co_state_of(&ctxs[0]), CO_STATE_DONE); /* in that one resume */
    CHECK_EQ(rcs[0], CO_ETIMEDOUT);
    /* Completed already: the status, even with a zero timeout. */
    co_io_complete_isr(&io, 9);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, io_task, NULL, .id = 0, .d = co_ms(0)), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[0], 0);
}

/* CO_SEM_INIT(5, 2) and co_sem_init(s, 5, 2): the count is clamped to 2. */
static void test_sem_initial_above_max(void)
{
    co_sem a = CO_SEM_INIT(5, 2), b;
    memset(&b, 0, sizeof b);
    co_sem_init(&b, 5, 2);
    CHECK_EQ(co_sem_count(&a), 2);
    CHECK_EQ(co_sem_count(&b), 2);
    CHECK_EQ(co_sem_give(&b), CO_EAGAIN);
}

/* A task that cancels itself and then returns 0 completes CO_ECANCELED. */
struct self_cancel { co_frame co; int dummy; };
CO_ASYNC(self_cancel, int)
{
    CO_BEGIN(self_cancel, self);
    co_cancel(co_current());
    CO_RETURN(0);
    CO_END;
}

static void test_self_cancel(void)
{
    co_sched s = CO_SCHED_INIT;
    co_context_init(&ctxs[0], bufs[0], sizeof bufs[0]);
    int out = 7;
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], &futs[0], self_cancel, &out), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(co_future_status(&futs[0]), CO_ECANCELED);
}

TEST_MAIN(TEST_CASE(test_null_everywhere), TEST_CASE(test_wake_queued_waiter),
          TEST_CASE(test_reinit_with_waiters), TEST_CASE(test_two_io_waiters),
          TEST_CASE(test_io_wait_zero), TEST_CASE(test_sem_initial_above_max),
          TEST_CASE(test_self_cancel))
