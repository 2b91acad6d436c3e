/* Sync objects on the simulated clock: FIFO hand-off, ownership errors,
 * waits-for cycles, timeouts (also racing gives), cancellation while
 * waiting, ISR gives, channel ordering and close semantics. */
#include <costack.h>
#include <costack_host.h>
#include "test.h"

#define N 16
static _Alignas(8) unsigned char bufs[N][256];
static co_context ctxs[N];
static co_future futs[N];
static int order[64], n_order;
static int rcs[N];

static void reset(void)
{
    co_host_clock_simulated(0);
    n_order = 0;
    for (int i = 0; i < N; i++) {
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
        rcs[i] = 99;
    }
}

/* ---- mutex ------------------------------------------------------------ */
static co_mutex m1 = CO_MUTEX_INIT, m2 = CO_MUTEX_INIT;

struct locker { co_frame co; int id; co_mutex *m; co_duration hold; co_duration timeout; int rc; };
CO_ASYNC(locker, void)
{
    CO_BEGIN(locker, self);
    if (self->timeout.ticks)
        CO_AWAIT_STATUS(self->rc, co_mutex_lock_for(self->m, self->timeout));
    else
        CO_AWAIT_STATUS(self->rc, self->m);
    rcs[self->id] = self->rc;
    if (self->rc < 0)
        CO_RETURN_VOID();
    order[n_order++] = self->id;
    if (co_mutex_owner(self->m) != CO_CONTEXT())
        CO_FAIL(CO_EINVAL);
    CO_AWAIT(self->hold);
    if (co_mutex_unlock(self->m) != 0)
        CO_FAIL(CO_EINVAL);
    CO_END;
}

static void test_mutex_fifo_handoff(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_mutex_init(&m1);
    for (int i = 0; i < 8; i++)
        CHECK_EQ(CO_SPAWN(&s, &ctxs[i], &futs[i], locker, NULL, .id = i, .m = &m1,
                          .hold = co_ms(1)), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_order, 8);
    for (int i = 0; i < 8; i++) {
        CHECK_EQ(order[i], i);
        CHECK_EQ(co_future_status(&futs[i]), 0);
    }
    CHECK_PTR(m1.owner, NULL);
    CHECK_PTR(m1.waiters.head, NULL);
    CHECK_EQ(co_now(), co_ms(8).ticks); /* one after the other */
}

static int relock_rc, foreign_unlock_rc, try_rc;
struct relocker { co_frame co; int dummy; };
CO_ASYNC(relocker, void)
{
    CO_BEGIN(relocker, self);
    CO_AWAIT(&m1);
    CO_AWAIT_STATUS(relock_rc, &m1);
    try_rc = co_mutex_lock_try(&m1);
    CO_AWAIT(co_ms(5));
    co_mutex_unlock(&m1);
    CO_END;
}
struct intruder { co_frame co; int dummy; };
CO_ASYNC(intruder, void)
{
    CO_BEGIN(intruder, self);
    foreign_unlock_rc = co_mutex_unlock(&m1);
    rcs[0] = co_mutex_lock_try(&m1);
    CO_END;
}

static void test_mutex_errors(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_mutex_init(&m1);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, relocker, NULL), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[2], NULL, intruder, NULL), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(relock_rc, CO_EDEADLK);
    CHECK_EQ(try_rc, CO_EDEADLK);
    CHECK_EQ(foreign_unlock_rc, CO_EPERM);
    CHECK_EQ(rcs[0], CO_EAGAIN);
    CHECK_EQ(co_mutex_unlock(&m1), CO_EPERM); /* outside any task */
}

/* A takes m1 then waits for m2; B holds m2 and asks for m1: EDEADLK. */
struct pair_locker { co_frame co; int id; co_mutex *first, *second; int rc; };
CO_ASYNC(pair_locker, void)
{
    CO_BEGIN(pair_locker, self);
    CO_AWAIT(self->first);
    CO_AWAIT(co_ms(1));
    CO_AWAIT_STATUS(self->rc, self->second);
    rcs[self->id] = self->rc;
    if (self->rc == 0)
        co_mutex_unlock(self->second);
    co_mutex_unlock(self->first);
    CO_END;
}

static void test_mutex_cycle(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_mutex_init(&m1);
    co_mutex_init(&m2);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, pair_locker, NULL, .id = 0, .first = &m1, .second = &m2), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, pair_locker, NULL, .id = 1, .first = &m2, .second = &m1), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[0], 0);          /* got m2 once B gave up */
    CHECK_EQ(rcs[1], CO_EDEADLK); /* would have closed the cycle */
    CHECK_PTR(m1.owner, NULL);
    CHECK_PTR(m2.owner, NULL);
}

static void test_mutex_timeout_and_cancel(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_mutex_init(&m1);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, locker, NULL, .id = 0, .m = &m1, .hold = co_ms(10)), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, locker, NULL, .id = 1, .m = &m1, .hold = co_ms(1),
                      .timeout = co_ms(3)), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[2], &futs[2], locker, NULL, .id = 2, .m = &m1, .hold = co_ms(1)), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[3], NULL, locker, NULL, .id = 3, .m = &m1, .hold = co_ms(1)), 0);
    CHECK_EQ(co_sched_run_until(&s, co_ms(5).ticks), CO_ETIMEDOUT);
    CHECK_EQ(rcs[1], CO_ETIMEDOUT);
    CHECK_EQ(co_now(), co_ms(5).ticks);
    CHECK_EQ(co_cancel(&ctxs[2]), 0); /* cancelled while waiting */
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[2], CO_ECANCELED);
    CHECK_EQ(n_order, 2);
    CHECK_EQ(order[0], 0);
    CHECK_EQ(order[1], 3);
    CHECK_PTR(m1.owner, NULL);
    CHECK_PTR(m1.waiters.head, NULL);
    CHECK_PTR(m1.waiters.tail, NULL);
}

/* ---- semaphore ----------------------------------------------------------- */
static co_sem sem;

struct taker { co_frame co; int id; co_duration timeout; int rc; };
CO_ASYNC(taker, void)
{
    CO_BEGIN(taker, self);
    if (self->timeout.ticks)
        CO_AWAIT_STATUS(self->rc, co_sem_take_for(&sem, self->timeout));
    else
        CO_AWAIT_STATUS(self->rc, &sem);
    rcs[self->id] = self->rc;
    if (self->rc == 0)
        order[n_order++] = self->id;
    CO_END;
}
struct giver { co_frame co; int n; co_duration every; int i; };
CO_ASYNC(giver, void)
{
    CO_BEGIN(giver, self);
    for (self->i = 0; self->i < self->n; self->i++) {
        CO_AWAIT(self->every);
        co_sem_give(&sem);
    }
    CO_END;
}

static void test_sem_fifo(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_sem_init(&sem, 1, 100);
    for (int i = 0; i < 6; i++)
        CHECK_EQ(CO_SPAWN(&s, &ctxs[i], NULL, taker, NULL, .id = i), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[6], NULL, giver, NULL, .n = 5, .every = co_ms(1)), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_order, 6);
    for (int i = 0; i < 6; i++)
        CHECK_EQ(order[i], i);
    CHECK_EQ(co_sem_count(&sem), 0);
    CHECK_EQ(co_sem_take_try(&sem), CO_EAGAIN);
    CHECK_EQ(co_sem_give(&sem), 0);
    CHECK_EQ(co_sem_take_try(&sem), 0);
    co_sem_init(&sem, 2, 2);
    CHECK_EQ(co_sem_give(&sem), CO_EAGAIN); /* at max */
}

/* A timeout and a give due at the same, earlier or later tick: the give is
 * never lost; it either reaches the waiter or stays counted. */
static void test_sem_timeout_races_give(void)
{
    for (int delta = -2; delta <= 2; delta++) {
        reset();
        co_sched s = CO_SCHED_INIT;
        co_sem_init(&sem, 0, 10);
        CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, taker, NULL, .id = 0, .timeout = co_ms(10)), 0);
        CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, giver, NULL, .n = 1,
                          .every = co_ticks(co_ms(10).ticks + (uint64_t)(int64_t)delta)), 0);
        CHECK_EQ(co_sched_run(&s), 0);
        if (delta < 0)
            CHECK_EQ(rcs[0], 0);
        if (delta > 0)
            CHECK_EQ(rcs[0], CO_ETIMEDOUT);
        CHECK_TRUE(rcs[0] == 0 || rcs[0] == CO_ETIMEDOUT);
        CHECK_EQ(co_sem_count(&sem), rcs[0] == 0 ? 0 : 1);
        CHECK_PTR(sem.waiters.head, NULL);
    }
}

static void test_sem_isr_give(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_sem_init(&sem, 0, 10);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(CO_SPAWN(&s, &ctxs[i], NULL, taker, NULL, .id = i), 0);
    CHECK_EQ(co_sched_poll(&s), 3); /* all waiting */
    co_sem_give_isr(&sem);
    co_sem_give_isr(&sem);
    CHECK_EQ(n_order, 0); /* applied on the scheduler, not in the "ISR" */
    CHECK_EQ(co_sched_run_until(&s, co_ms(1).ticks), CO_ETIMEDOUT);
    CHECK_EQ(n_order, 2);
    co_sem_give_isr(&sem);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_order, 3);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(order[i], i);
    /* Gives with nobody waiting are absorbed by the next take. */
    co_sem_give_isr(&sem);
    CHECK_EQ(co_sem_take_try(&sem), 0);
}

/* ---- event ----------------------------------------------------------------- */
static co_event ev;
struct ev_waiter { co_frame co; int id; co_duration timeout; int rc; };
CO_ASYNC(ev_waiter, void)
{
    CO_BEGIN(ev_waiter, self);
    if (self->timeout.ticks)
        CO_AWAIT_STATUS(self->rc, co_event_wait_for(&ev, self->timeout));
    else
        CO_AWAIT_STATUS(self->rc, &ev);
    rcs[self->id] = self->rc;
    if (self->rc == 0)
        order[n_order++] = self->id;
    CO_END;
}

static void test_event_manual(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_event_init(&ev, CO_EVENT_MANUAL);
    for (int i = 0; i < 4; i++)
        CHECK_EQ(CO_SPAWN(&s, &ctxs[i], NULL, ev_waiter, NULL, .id = i), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[4], NULL, ev_waiter, NULL, .id = 4, .timeout = co_ms(1)), 0);
    /* Once the timed waiter gave up nothing can set the event: deadlock. */
    CHECK_EQ(co_sched_run_until(&s, co_ms(2).ticks), CO_EDEADLK);
    CHECK_EQ(rcs[4], CO_ETIMEDOUT);
    CHECK_EQ(co_now(), co_ms(1).ticks);
    co_event_set(&ev);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_order, 4); /* all released, FIFO */
    for (int i = 0; i < 4; i++)
        CHECK_EQ(order[i], i);
    CHECK_EQ(co_event_wait_try(&ev), 0); /* stays set */
    CHECK_EQ(co_event_wait_try(&ev), 0);
    co_event_clear(&ev);
    CHECK_EQ(co_event_wait_try(&ev), CO_EAGAIN);
}

static void test_event_auto(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_event_init(&ev, CO_EVENT_AUTO);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(CO_SPAWN(&s, &ctxs[i], NULL, ev_waiter, NULL, .id = i), 0);
    CHECK_EQ(co_sched_poll(&s), 3);
    co_event_set(&ev);
    co_sched_poll(&s);
    CHECK_EQ(n_order, 1); /* exactly one per set */
    co_event_set_isr(&ev);
    co_sched_poll(&s);
    co_sched_poll(&s);
    CHECK_EQ(n_order, 2);
    co_event_set(&ev);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_order, 3);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(order[i], i);
    co_event_set(&ev); /* nobody waits: stays set for one wait */
    CHECK_EQ(co_event_wait_try(&ev), 0);
    CHECK_EQ(co_event_wait_try(&ev), CO_EAGAIN);
}

/* ---- channel ------------------------------------------------------------- */
static int store[4];
static co_chan ch;
static long sum_recv, n_recv, out_of_order;

struct producer { co_frame co; int first, n, i, v; co_duration pause; int rc; };
CO_ASYNC(producer, void)
{
    CO_BEGIN(producer, self);
    for (self->i = 0; self->i < self->n; self->i++) {
        self->v = self->first + self->i;
        CO_AWAIT(co_chan_send(&ch, &self->v));
        if (self->pause.ticks)
            CO_AWAIT(self->pause);
    }
    CO_END;
}
struct consumer { co_frame co; int id; int v, last; int rc; co_duration timeout; };
CO_ASYNC(consumer, void)
{
    CO_BEGIN(consumer, self);
    self->last = -1;
    for (;;) {
        if (self->timeout.ticks)
            CO_AWAIT_STATUS(self->rc, co_chan_recv_for(&ch, &self->v, self->timeout));
        else
            CO_AWAIT_STATUS(self->rc, co_chan_recv(&ch, &self->v));
        if (self->rc < 0)
            break;
        if (self->v <= self->last)
            out_of_order++;
        self->last = self->v;
        sum_recv += self->v;
        n_recv++;
    }
    rcs[self->id] = self->rc;
    CO_END;
}
struct closer { co_frame co; co_duration after; };
CO_ASYNC(closer, void)
{
    CO_BEGIN(closer, self);
    CO_AWAIT(self->after);
    co_chan_close(&ch);
    CO_END;
}

static void run_chan(size_t cap)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_chan_init(&ch, store, sizeof store[0], cap);
    sum_recv = n_recv = out_of_order = 0;
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, producer, NULL, .first = 0, .n = 1000), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, consumer, NULL, .id = 1), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[2], NULL, closer, NULL, .after = co_s(1)), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_recv, 1000);
    CHECK_EQ(sum_recv, 999L * 1000 / 2);
    CHECK_EQ(out_of_order, 0);
    CHECK_EQ(rcs[1], CO_ECLOSED);
    CHECK_EQ(co_chan_count(&ch), 0);
}

static void test_chan_buffered(void) { run_chan(4); }
static void test_chan_rendezvous(void) { run_chan(0); }

static void test_chan_close_and_timeouts(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_chan_init(&ch, store, sizeof store[0], 2);
    int v = 7;
    CHECK_EQ(co_chan_send_try(&ch, &v), 0);
    v = 8;
    CHECK_EQ(co_chan_send_try(&ch, &v), 0);
    CHECK_EQ(co_chan_send_try(&ch, &v), CO_EAGAIN);
    /* A producer blocks on the full channel; the close wakes it with ECLOSED. */
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], &futs[0], producer, NULL, .first = 100, .n = 1), 0);
    CHECK_EQ(co_sched_poll(&s), 1);
    CHECK_EQ(co_state_of(&ctxs[0]), CO_STATE_SYNC);
    CHECK_EQ(co_chan_close(&ch), 0);
    CHECK_EQ(co_chan_close(&ch), CO_ECLOSED);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(co_future_status(&futs[0]), CO_ECLOSED);
    /* Receives drain what is buffered, then fail. */
    int out = 0;
    CHECK_EQ(co_chan_recv_try(&ch, &out), 0);
    CHECK_EQ(out, 7);
    CHECK_EQ(co_chan_recv_try(&ch, &out), 0);
    CHECK_EQ(out, 8);
    CHECK_EQ(co_chan_recv_try(&ch, &out), CO_ECLOSED);
    CHECK_EQ(co_chan_send_try(&ch, &out), CO_ECLOSED);
    /* Receive timeout, and a receiver cancelled while waiting. */
    co_chan_init(&ch, store, sizeof store[0], 2);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, consumer, NULL, .id = 1, .timeout = co_ms(3)), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[2], &futs[2], consumer, NULL, .id = 2), 0);
    CHECK_EQ(co_sched_run_until(&s, co_now() + co_ms(5).ticks), CO_EDEADLK);
    CHECK_EQ(rcs[1], CO_ETIMEDOUT);
    CHECK_EQ(co_cancel(&ctxs[2]), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[2], CO_ECANCELED);
    CHECK_PTR(ch.receivers.head, NULL);
    CHECK_PTR(ch.senders.head, NULL);
}

TEST_MAIN(TEST_CASE(test_mutex_fifo_handoff), TEST_CASE(test_mutex_errors),
          TEST_CASE(test_mutex_cycle), TEST_CASE(test_mutex_timeout_and_cancel),
          TEST_CASE(test_sem_fifo), TEST_CASE(test_sem_timeout_races_give),
          TEST_CASE(test_sem_isr_give), TEST_CASE(test_event_manual),
          TEST_CASE(test_event_auto), TEST_CASE(test_chan_buffered),
          TEST_CASE(test_chan_rendezvous), TEST_CASE(test_chan_close_and_timeouts))
