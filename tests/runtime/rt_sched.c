/* Scheduler on the simulated clock: sleeps wake in deadline order and never
 * early, yields are FIFO, drift-free periods over 10^6 periods, the listener
 * sees every transition, the query API, global deadlock detection, timer
 * cancellation. */
#include <costack.h>
#include <costack_host.h>
#include "test.h"

#define N_TASKS 64

static co_time woke_at[N_TASKS], due_at[N_TASKS];
static int wake_order[N_TASKS], n_woken;

struct sleeper { co_frame co; int id; co_duration d; co_time due; };
CO_ASYNC(sleeper, void)
{
    CO_BEGIN(sleeper, self);
    self->due = co_time_add(co_now(), self->d);
    CO_AWAIT(self->d);
    woke_at[self->id] = co_now();
    due_at[self->id] = self->due;
    if (n_woken < N_TASKS)
        wake_order[n_woken] = self->id;
    n_woken++;
    CO_END;
}

static _Alignas(8) unsigned char bufs[N_TASKS][256];
static co_context ctxs[N_TASKS];

static void test_sleep_order(void)
{
    co_host_clock_simulated(1000);
    co_sched s = CO_SCHED_INIT;
    n_woken = 0;
    for (int i = 0; i < N_TASKS; i++) {
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
        /* Distinct durations in a scrambled order. */
        uint64_t ms = (uint64_t)((i * 37) % N_TASKS) + 1;
        CHECK_EQ(CO_SPAWN(&s, &ctxs[i], NULL, sleeper, NULL, .id = i, .d = co_ms(ms)), 0);
    }
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_woken, N_TASKS);
    for (int k = 0; k < N_TASKS; k++) {
        int id = wake_order[k];
        uint64_t ms = (uint64_t)((id * 37) % N_TASKS) + 1;
        CHECK_EQ(ms, (uint64_t)k + 1);                       /* deadline order */
        CHECK_EQ(woke_at[id], 1000 + co_ms(ms).ticks);       /* never early, never late (sim) */
    }
    CHECK_EQ(co_now(), 1000 + co_ms(N_TASKS).ticks);
}

/* Equal deadlines and yields: all wake; yields round-robin in FIFO order. */
static int trace[64], n_trace;
struct yielder { co_frame co; int id; int i; };
CO_ASYNC(yielder, void)
{
    CO_BEGIN(yielder, self);
    for (self->i = 0; self->i < 3; self->i++) {
        trace[n_trace++] = self->id;
        CO_YIELD();
    }
    CO_END;
}

static void test_yield_fifo(void)
{
    co_host_clock_simulated(0);
    co_sched s = CO_SCHED_INIT;
    n_trace = 0;
    for (int i = 0; i < 4; i++) {
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
        CHECK_EQ(CO_SPAWN(&s, &ctxs[i], NULL, yielder, NULL, .id = i), 0);
    }
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_trace, 12);
    for (int k = 0; k < 12; k++)
        CHECK_EQ(trace[k], k % 4);
}

/* A lone yielder and a wake that arrives meanwhile: the yielder runs
 * CO_CONFIG_SCHED_BATCH times, the next poll takes the wake from the inbox,
 * and the yielder (first in line since the batch ended) runs once more
 * before the woken task: the order a FIFO gives, though the scheduler
 * keeps a lone yielder off the FIFO between two polls. */
static bool unblocked;
struct lone { co_frame co; int i; };
CO_ASYNC(lone, void)
{
    CO_BEGIN(lone, self);
    for (self->i = 0; self->i < 20; self->i++) {
        trace[n_trace++] = 0;
        if (self->i == 2)
            unblocked = co_unblock(&ctxs[1]); /* through the inbox: seen at the next poll */
        CO_YIELD();
    }
    CO_END;
}
struct woken { co_frame co; int dummy; };
CO_ASYNC(woken, void)
{
    CO_BEGIN(woken, self);
    CO_AWAIT(co_external(&trace));
    trace[n_trace++] = 1;
    CO_END;
}

static void test_lone_yielder_order(void)
{
    co_host_clock_simulated(0);
    co_sched s = CO_SCHED_INIT;
    n_trace = 0;
    for (int i = 0; i < 2; i++)
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, woken, NULL), 0); /* runs first: waits */
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, lone, NULL), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(unblocked, true);
    CHECK_EQ(n_trace, 21);
    int at = -1;
    for (int k = 0; k < n_trace; k++)
        if (trace[k] == 1)
            at = k;
    /* poll 1: woken blocks (1), lone runs 7 (batch 8); poll 2: lone once,
     * then woken */
    CHECK_EQ(at, (int)CO_CONFIG_SCHED_BATCH);
}

/* 10^6 periods; the work in each period takes a varying amount of time,
 * yet every wake lands exactly on start + k * period. */
static long period_errors;
struct periodic { co_frame co; long n; co_period p; long k; co_time start; };
CO_ASYNC(periodic, void)
{
    CO_BEGIN(periodic, self);
    self->start = co_now();
    co_period_start(&self->p, co_us(1000));
    for (self->k = 1; self->k <= self->n; self->k++) {
        CO_AWAIT(co_period_next(&self->p));
        if (co_now() != self->start + (co_time)self->k * co_us(1000).ticks)
            period_errors++;
        co_host_clock_advance(co_us((uint64_t)(self->k * 7919 % 900))); /* "work" */
    }
    CO_END;
}

static void test_drift_free_period(void)
{
    co_host_clock_simulated(5);
    co_sched s = CO_SCHED_INIT;
    period_errors = 0;
    co_context_init(&ctxs[0], bufs[0], sizeof bufs[0]);
    const long n = 1000000;
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, periodic, NULL, .n = n), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(period_errors, 0);
    /* The last wake was at exactly start + n periods (plus its "work"). */
    CHECK_GE(co_now(), 5 + (co_time)n * co_us(1000).ticks);
    CHECK_LT(co_now(), 5 + (co_time)n * co_us(1000).ticks + co_us(1000).ticks);
}

/* The listener sees every transition, consistently chained. */
static unsigned transitions, broken_chain;
static co_state last_state[N_TASKS];
static void listen(co_context *ctx, co_state from, co_state to)
{
    int i = (int)(ctx - ctxs);
    if (i < 0 || i >= N_TASKS)
        return;
    if (last_state[i] != from)
        broken_chain++;
    last_state[i] = to;
    transitions++;
}

static void test_listener(void)
{
    co_host_clock_simulated(0);
    co_sched s = CO_SCHED_INIT;
    transitions = broken_chain = 0;
    for (int i = 0; i < 4; i++) {
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
        last_state[i] = CO_STATE_DONE;
    }
    co_listener_fn *old = co_set_listener(listen);
    for (int i = 0; i < 4; i++)
        CHECK_EQ(CO_SPAWN(&s, &ctxs[i], NULL, sleeper, NULL, .id = i, .d = co_ms(1)), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    co_set_listener(old);
    /* start->ready, ready->running, running->time, time->ready,
     * ready->running, running->done: 6 per task. */
    CHECK_EQ(transitions, 4 * 6);
    CHECK_EQ(broken_chain, 0);
}

/* Yields are transitions too (RUNNING -> READY, told from the yield's
 * tail call), under co_sched and under a plain co_resume() loop. */
static unsigned yields_seen;
static void listen_yields(co_context *ctx, co_state from, co_state to)
{
    listen(ctx, from, to);
    if (from == CO_STATE_RUNNING && to == CO_STATE_READY)
        yields_seen++;
}

struct yield3 { co_frame co; int i; };
CO_ASYNC(yield3, void)
{
    CO_BEGIN(yield3, self);
    for (self->i = 0; self->i < 3; self->i++)
        CO_YIELD();
    CO_END;
}

static void test_listener_yield(void)
{
    co_sched s = CO_SCHED_INIT;
    transitions = broken_chain = yields_seen = 0;
    for (int i = 0; i < 3; i++) {
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
        last_state[i] = CO_STATE_DONE;
    }
    co_listener_fn *old = co_set_listener(listen_yields);
    for (int i = 0; i < 2; i++)
        CHECK_EQ(CO_SPAWN(&s, &ctxs[i], NULL, yield3, NULL), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    co_future f;
    CHECK_EQ(CO_START(&ctxs[2], &f, yield3, NULL), 0);
    while (co_resume(&ctxs[2]) != CO_STATE_DONE) {
    }
    co_set_listener(old);
    /* start, 4 resumes, 3 yields, done: 9 per task */
    CHECK_EQ(transitions, 3 * 9);
    CHECK_EQ(yields_seen, 3 * 3);
    CHECK_EQ(broken_chain, 0);
    CHECK_EQ(co_future_status(&f), 0);
}

static int last_contract;
static void note_contract(int id, const char *text) { last_contract = id; (void)text; }

/* Query: states, kinds, objects, owners, deadlines and the await chain. */
static co_mutex qm = CO_MUTEX_INIT;
static co_sem qsem = CO_SEM_INIT(0, 1);
struct hold_and_wait { co_frame co; int dummy; };
CO_ASYNC(hold_and_wait, void)
{
    CO_BEGIN(hold_and_wait, self);
    CO_AWAIT(&qm);
    CO_AWAIT(&qsem); /* nobody gives: deadlock */
    co_mutex_unlock(&qm);
    CO_END;
}
struct inner_lock { co_frame co; int dummy; };
CO_ASYNC(inner_lock, void)
{
    CO_BEGIN(inner_lock, self);
    CO_AWAIT(&qm);
    co_mutex_unlock(&qm);
    CO_END;
}
struct outer_lock { co_frame co; int dummy; };
CO_ASYNC(outer_lock, void)
{
    CO_BEGIN(outer_lock, self);
    CO_AWAIT(inner_lock, NULL);
    CO_END;
}

static void test_query_and_deadlock(void)
{
    co_host_clock_simulated(0);
    co_sched s = CO_SCHED_INIT;
    co_mutex_init(&qm);
    co_sem_init(&qsem, 0, 1);
    co_context_init(&ctxs[0], bufs[0], sizeof bufs[0]);
    co_context_init(&ctxs[1], bufs[1], sizeof bufs[1]);
    co_context_init(&ctxs[2], bufs[2], sizeof bufs[2]);
    co_context_set_name(&ctxs[0], "holder");
    co_context_set_name(&ctxs[1], "waiter");
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, hold_and_wait, NULL), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, outer_lock, NULL), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[2], NULL, sleeper, NULL, .id = 2, .d = co_s(3600)), 0);
    CHECK_EQ(co_sched_run_until(&s, co_s(1).ticks), CO_ETIMEDOUT);
    co_task_info info[4];
    CHECK_EQ(co_sched_query(&s, info, 4), 3);
    CHECK_STR(info[0].name, "holder");
    CHECK_EQ(info[0].state, CO_STATE_SYNC);
    CHECK_STR(info[0].kind, "semaphore");
    CHECK_PTR(info[0].object, &qsem);
    CHECK_EQ(info[1].state, CO_STATE_SYNC);
    CHECK_STR(info[1].kind, "mutex");
    CHECK_PTR(info[1].object, &qm);
    CHECK_PTR(info[1].owner, &ctxs[0]);
    CHECK_EQ(info[1].depth, 2);
    co_fn *chain[4];
    CHECK_EQ(co_await_chain(&ctxs[1], chain, 4), 2);
    CHECK_TRUE(chain[0] == inner_lock); /* innermost first */
    CHECK_TRUE(chain[1] == outer_lock);
    CHECK_EQ(info[2].state, CO_STATE_TIME);
    CHECK_STR(info[2].kind, "time");
    CHECK_EQ(info[2].deadline, co_s(3600).ticks);
    CHECK_EQ(co_sched_next_deadline(&s), co_s(3600).ticks);
    /* The sleeper finishes after an hour of simulated time; then nothing
     * can ever run: the scheduler reports the deadlock instead of sleeping. */
    CHECK_EQ(co_sched_run(&s), CO_EDEADLK);
    CHECK_EQ(co_now(), co_s(3600).ticks);
    CHECK_EQ(co_sched_query(&s, info, 4), 2);
    co_context *cyc[4];
    CHECK_EQ(co_sched_find_cycle(&s, cyc, 4), 0); /* no mutex cycle: a lost give */
    /* Cancelling the stuck tasks lets the run finish; the holder unwinds
     * without unlocking, which is reported (contract 13). */
    co_contract_fn *old = co_set_contract_handler(note_contract);
    last_contract = 0;
    CHECK_EQ(co_cancel(&ctxs[0]), 0);
    CHECK_EQ(co_cancel(&ctxs[1]), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    co_set_contract_handler(old);
    CHECK_EQ(last_contract, CO_CONTRACT_DONE_HOLDING_MUTEX);
    CHECK_PTR(qm.owner, &ctxs[0]); /* a cancelled owner does not release */
}

/* Cancelling sleepers removes them from the timer heap at once. */
static void test_cancel_sleepers(void)
{
    co_host_clock_simulated(0);
    co_sched s = CO_SCHED_INIT;
    n_woken = 0;
    for (int i = 0; i < N_TASKS; i++) {
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
        CHECK_EQ(CO_SPAWN(&s, &ctxs[i], NULL, sleeper, NULL, .id = i,
                          .d = co_ms((uint64_t)(i * 13 % 17) + 1)), 0);
    }
    CHECK_EQ(co_sched_poll(&s), N_TASKS); /* all asleep now */
    for (int i = 0; i < N_TASKS; i += 2)
        CHECK_EQ(co_cancel(&ctxs[i]), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_woken, N_TASKS / 2);
    for (int k = 0; k < n_woken; k++)
        CHECK_EQ(wake_order[k] % 2, 1);
    CHECK_PTR(s.timers, NULL);
    CHECK_EQ(s.live, 0);
}

/* Absolute deadlines and past deadlines: a deadline in the past is a yield. */
struct at_sleeper { co_frame co; co_time at; };
CO_ASYNC(at_sleeper, void)
{
    CO_BEGIN(at_sleeper, self);
    CO_AWAIT(co_at(self->at));
    woke_at[0] = co_now();
    CO_END;
}

static void test_deadlines(void)
{
    co_host_clock_simulated(co_s(10).ticks);
    co_sched s = CO_SCHED_INIT;
    co_context_init(&ctxs[0], bufs[0], sizeof bufs[0]);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, at_sleeper, NULL, .at = co_s(5).ticks), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(woke_at[0], co_s(10).ticks);
    /* A sleep of days does not overflow. */
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, sleeper, NULL, .id = 0, .d = co_s(86400u * 30)), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(woke_at[0], co_s(10).ticks + co_s(86400u * 30).ticks);
}

/* Real clock: the scheduler really sleeps in the port (timed condition
 * wait) and a timer never fires before its deadline. No upper bound is
 * asserted: the machine may be slow. */
static void test_real_clock_never_early(void)
{
    co_host_clock_real();
    co_sched s = CO_SCHED_INIT;
    n_woken = 0;
    unsigned long idles = co_host_idle_count();
    co_time start = co_now();
    for (int i = 0; i < 4; i++) {
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
        CHECK_EQ(CO_SPAWN(&s, &ctxs[i], NULL, sleeper, NULL, .id = i, .d = co_ms((uint64_t)i + 1)), 0);
    }
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_woken, 4);
    for (int i = 0; i < 4; i++) {
        CHECK_GE(woke_at[i], due_at[i]);
        CHECK_GE(due_at[i], start + co_ms((uint64_t)i + 1).ticks);
    }
    CHECK_GT(co_host_idle_count(), idles);
    co_host_clock_simulated(0);
}

TEST_MAIN(TEST_CASE(test_sleep_order), TEST_CASE(test_real_clock_never_early), TEST_CASE(test_yield_fifo), TEST_CASE(test_lone_yielder_order),
          TEST_CASE(test_drift_free_period), TEST_CASE(test_listener), TEST_CASE(test_listener_yield),
          TEST_CASE(test_query_and_deadlock), TEST_CASE(test_cancel_sleepers),
          TEST_CASE(test_deadlines))
