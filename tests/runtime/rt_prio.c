/* Static priorities and priority inheritance (CO_CONFIG_PRIORITIES > 1; with
 * one level only the range check and plain FIFO order are tested): the
 * highest ready level runs first and FIFO within a level, a priority change
 * moves a ready context at once, a woken high-priority task runs before
 * busy lower ones, and mutexes pass priority on: to the owner, along a
 * chain of owners, to the next owner of a mutex that still has waiters,
 * and back down when the owner holds no mutex. */
#include <costack.h>
#include <costack_host.h>
#include "test.h"

enum { N = 6 };
static _Alignas(8) unsigned char bufs[N][256];
static co_context ctxs[N];
static char trace[256];
static int n_trace;

static void mark(char c)
{
    if (n_trace < (int)sizeof trace - 1)
        trace[n_trace++] = c;
    trace[n_trace] = 0;
}

static void reset(void)
{
    co_host_clock_simulated(0);
    n_trace = 0;
    trace[0] = 0;
}

/* Context i, empty, at priority prio (before CO_SPAWN). */
static void prep(int i, unsigned prio)
{
    co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
    CHECK_EQ(co_set_priority(&ctxs[i], prio), 0);
}

/* Marks its letter, yields, k times. */
struct yielder { co_frame co; char c; int k; };
CO_ASYNC(yielder, void)
{
    CO_BEGIN(yielder, self);
    while (self->k-- > 0) {
        mark(self->c);
        CO_YIELD();
    }
    CO_END;
}

static void spawn_yielder(co_sched *s, int i, unsigned prio, char c, int k)
{
    prep(i, prio);
    CHECK_EQ(CO_SPAWN(s, &ctxs[i], NULL, yielder, NULL, .c = c, .k = k), 0);
}

static void test_range_and_fifo(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_context_init(&ctxs[0], bufs[0], sizeof bufs[0]);
    CHECK_EQ(co_set_priority(&ctxs[0], CO_CONFIG_PRIORITIES), CO_EINVAL);
    CHECK_EQ(co_set_priority(&ctxs[0], 0), 0);
    spawn_yielder(&s, 0, 0, 'a', 2);
    spawn_yielder(&s, 1, 0, 'b', 2);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_STR(trace, "abab"); /* one level: FIFO, a yield goes to the back */
}

#if CO_CONFIG_PRIORITIES > 1
static void test_highest_level_first(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    spawn_yielder(&s, 0, 0, 'l', 2);
    spawn_yielder(&s, 1, 1, 'm', 2);
    spawn_yielder(&s, 2, 1, 'n', 2);
    spawn_yielder(&s, 3, 2, 'h', 2);
    CHECK_EQ(co_sched_run(&s), 0);
    /* h alone at the top (its yield keeps it first), then m and n take
     * turns, then l. */
    CHECK_STR(trace, "hhmnmnll");
    /* A ready context moves at once when its priority changes. */
    reset();
    spawn_yielder(&s, 0, 0, 'a', 1);
    spawn_yielder(&s, 1, 0, 'b', 1);
    CHECK_EQ(co_set_priority(&ctxs[1], 1), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_STR(trace, "ba");
}

/* A high task sleeping 1 ms while a low one yields 10 times per ms of
 * simulated time (it sleeps 100 us per yield): the high one runs as soon as
 * it is due, ahead of the busy low one. */
struct napper { co_frame co; char c; int k; co_duration d; };
CO_ASYNC(napper, void)
{
    CO_BEGIN(napper, self);
    while (self->k-- > 0) {
        CO_AWAIT(self->d);
        mark(self->c);
    }
    CO_END;
}

static void test_woken_high_runs_first(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    prep(0, 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, napper, NULL, .c = 'l', .k = 20, .d = co_us(100)), 0);
    prep(1, 3);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, napper, NULL, .c = 'H', .k = 1, .d = co_us(1000)), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    /* At 1000 us both are due (l's 10th nap ends too): H runs first. */
    CHECK_STR(trace, "lllllllllHlllllllllll");
}

/* L (0) takes the mutex and naps 10 ms holding it; H (3) then waits for it;
 * M (1) is busy (yields) meanwhile. Inheritance: L runs at 3, so when its
 * nap ends it beats M, unlocks, and H runs before M finishes. */
static co_mutex mtx = CO_MUTEX_INIT, mtx2 = CO_MUTEX_INIT;
static unsigned prio_seen[4];

struct low_holder { co_frame co; };
CO_ASYNC(low_holder, void)
{
    CO_BEGIN(low_holder, self);
    CO_AWAIT(&mtx);
    mark('L');
    CO_AWAIT(co_ms(10));
    prio_seen[0] = co_priority(co_current()); /* raised by H's wait */
    mark('U');
    co_mutex_unlock(&mtx);
    prio_seen[1] = co_priority(co_current()); /* back to its own */
    CO_END;
}

struct high_locker { co_frame co; char c; co_mutex *m; };
CO_ASYNC(high_locker, void)
{
    CO_BEGIN(high_locker, self);
    CO_AWAIT(co_ms(1));
    CO_AWAIT(self->m);
    mark(self->c);
    co_mutex_unlock(self->m);
    CO_END;
}

struct busy { co_frame co; int k; };
CO_ASYNC(busy, void)
{
    CO_BEGIN(busy, self);
    CO_AWAIT(co_ms(2));
    while (self->k-- > 0) {
        mark('m');
        CO_AWAIT(co_ms(1)); /* busy for 20 ms, never blocked long */
    }
    CO_END;
}

static void test_inheritance(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    prep(0, 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, low_holder, NULL), 0);
    prep(1, 3);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, high_locker, NULL, .c = 'H', .m = &mtx), 0);
    prep(2, 1);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[2], NULL, busy, NULL, .k = 20), 0);
    CHECK_EQ(co_sched_run_until(&s, co_us(1500).ticks), CO_ETIMEDOUT);
    CHECK_EQ(co_priority(&ctxs[0]), 3); /* H waits: L runs at H's level */
    co_task_info info = co_task_describe(&ctxs[0]);
    CHECK_EQ(info.priority, 3);
    CHECK_EQ(co_sched_run(&s), 0);
    /* At 10 ms L (raised) and m are both due: L goes first, H follows. */
    CHECK_STR(trace, "LmmmmmmmmUHmmmmmmmmmmmm");
    CHECK_EQ(prio_seen[0], 3);
    CHECK_EQ(prio_seen[1], 0);
}

/* Chain: L (0) holds A and naps; M (1) holds B and waits for A; H (3) waits
 * for B: both L and M run at 3. */
struct mid { co_frame co; };
CO_ASYNC(mid, void)
{
    CO_BEGIN(mid, self);
    CO_AWAIT(&mtx2);
    CO_AWAIT(co_us(500));
    CO_AWAIT(&mtx);
    mark('M');
    co_mutex_unlock(&mtx);
    co_mutex_unlock(&mtx2);
    CO_END;
}

static void test_chain_and_pass_on(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    prep(0, 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, low_holder, NULL), 0);
    prep(1, 1);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, mid, NULL), 0);
    prep(2, 3);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[2], NULL, high_locker, NULL, .c = 'H', .m = &mtx2), 0);
    CHECK_EQ(co_sched_run_until(&s, co_us(1500).ticks), CO_ETIMEDOUT);
    CHECK_EQ(co_priority(&ctxs[1]), 3); /* M: raised by H */
    CHECK_EQ(co_priority(&ctxs[0]), 3); /* L: raised through M */
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_STR(trace, "LUMH");
    CHECK_EQ(co_priority(&ctxs[1]), 1);

    /* Pass-on: L holds the mutex; W2 (2) then W3 (3) wait, FIFO: W2 gets it
     * first and, with W3 still waiting, runs at 3 until it unlocks. */
    reset();
    co_sched_init(&s); /* the clock went back: a fresh scheduler */
    prep(0, 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, low_holder, NULL), 0);
    prep(1, 2);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, high_locker, NULL, .c = '2', .m = &mtx), 0);
    CHECK_EQ(co_sched_poll(&s), 2);
    co_host_clock_advance(co_us(1000));
    CHECK_EQ(co_sched_poll(&s), 1); /* W2 waits */
    prep(2, 3);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[2], NULL, high_locker, NULL, .c = '3', .m = &mtx), 0);
    CHECK_EQ(co_sched_run_until(&s, co_us(5000).ticks), CO_ETIMEDOUT); /* W3 waits */
    CHECK_EQ(co_priority(&ctxs[0]), 3);
    co_host_clock_advance(co_us(5000)); /* L's nap ends: it unlocks */
    CHECK_EQ(co_sched_poll(&s), 1);
    CHECK_EQ(co_priority(&ctxs[0]), 0);
    CHECK_EQ(co_priority(&ctxs[1]), 3); /* W2 owns it now, W3 still waits */
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_STR(trace, "LU23");
    CHECK_EQ(co_priority(&ctxs[1]), 2);
}

/* Raising a context that already waits for a mutex raises the owner. */
static void test_raise_waiter(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    prep(0, 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], NULL, low_holder, NULL), 0);
    prep(1, 0);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, high_locker, NULL, .c = 'W', .m = &mtx), 0);
    CHECK_EQ(co_sched_run_until(&s, co_us(1500).ticks), CO_ETIMEDOUT); /* W waits */
    CHECK_EQ(co_priority(&ctxs[0]), 0);
    CHECK_EQ(co_set_priority(&ctxs[1], 2), 0);
    CHECK_EQ(co_priority(&ctxs[0]), 2);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_STR(trace, "LUW");
    CHECK_EQ(co_priority(&ctxs[0]), 0);
}
#endif

#if CO_CONFIG_PRIORITIES > 1
TEST_MAIN(TEST_CASE(test_range_and_fifo), TEST_CASE(test_highest_level_first),
          TEST_CASE(test_woken_high_runs_first), TEST_CASE(test_inheritance),
          TEST_CASE(test_chain_and_pass_on), TEST_CASE(test_raise_waiter))
#else
TEST_MAIN(TEST_CASE(test_range_and_fifo))
#endif
