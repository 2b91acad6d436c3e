/* Timers on the simulated clock, for whichever timer structure this build
 * has (CO_CONFIG_TIMER_WHEEL levels, or the heap alone): exact wake-ups from
 * 1 tick to days (across every wheel level and the heap behind it), one idle
 * per deadline, equal deadlines in arming order, the documented lower bound
 * for a crowded slot, cancellation from every level, and a randomized model
 * check (random sleeps, cancels and clock jumps; nothing early, nothing
 * late, deadline order, the next-deadline bound). */
#include <costack.h>
#include <costack_host.h>
#include "test.h"

#define MAX_TASKS 300

static _Alignas(8) unsigned char bufs[MAX_TASKS][192];
static co_context ctxs[MAX_TASKS];
static co_time due_of[MAX_TASKS], woke_at[MAX_TASKS];
static int order[MAX_TASKS * 64], n_order;

struct sleepy { co_frame co; int id; co_time due; };
CO_ASYNC(sleepy, void)
{
    CO_BEGIN(sleepy, self);
    CO_AWAIT(co_at(self->due));
    woke_at[self->id] = co_now();
    if (n_order < (int)(sizeof order / sizeof order[0]))
        order[n_order++] = self->id;
    CO_END;
}

static void spawn(co_sched *s, int i, co_time due)
{
    co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
    due_of[i] = due;
    woke_at[i] = CO_TIME_NEVER;
    CHECK_EQ(CO_SPAWN(s, &ctxs[i], NULL, sleepy, NULL, .id = i, .due = due), 0);
}

static void check_empty(co_sched *s)
{
    CHECK_PTR(s->timers, NULL);
    CHECK_EQ(co_sched_next_deadline(s), CO_TIME_NEVER);
#if CO_CONFIG_TIMER_WHEEL
    for (int l = 0; l < CO_CONFIG_TIMER_WHEEL; l++)
        CHECK_EQ(s->wheel_used[l], 0);
#endif
}

/* Deadlines from 1 tick to 2^41 ticks ahead (25 days at 1 MHz): every
 * level, the heap, and the move from heap to wheel. Each wakes exactly on
 * time, with one idle per deadline (the idle deadline is exact). */
static void test_exact_across_scales(void)
{
    co_host_clock_simulated(12345);
    co_sched s = CO_SCHED_INIT;
    n_order = 0;
    enum { N = 42 };
    for (int i = 0; i < N; i++)
        spawn(&s, i, 12345 + ((uint64_t)1 << i) + (uint64_t)i);
    CHECK_EQ(co_sched_poll(&s), N); /* all asleep */
    unsigned long idles = co_host_idle_count();
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(co_host_idle_count() - idles, N);
    CHECK_EQ(n_order, N);
    for (int i = 0; i < N; i++) {
        CHECK_EQ(woke_at[i], due_of[i]);
        CHECK_EQ(order[i], i);
    }
    check_empty(&s);
}

/* 50 tasks armed one after another, at times ever closer to one common
 * deadline (so the first wait in a high level, the last in level 0): they
 * wake in the order they were armed. Ties beyond the wheel's reach (in the
 * heap) have no order: there only the time is checked. */
static void test_equal_deadlines_in_arming_order(void)
{
    co_host_clock_simulated(1000);
    co_sched s = CO_SCHED_INIT;
    n_order = 0;
    enum { N = 50 };
    const co_time at = 1000 + 100000;
    for (int i = 0; i < N; i++) {
        spawn(&s, i, at);
        CHECK_EQ(co_sched_poll(&s), 1);
        co_host_clock_advance(co_ticks(i < N - 1 ? 1999 : 0));
    }
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_order, N);
    for (int i = 0; i < N; i++) {
        CHECK_EQ(woke_at[i], at);
#if CO_CONFIG_TIMER_WHEEL >= 3 /* reach 64^3 > 100 000: every wait on the wheel */
        CHECK_EQ(order[i], i);
#endif
    }
    check_empty(&s);
}

/* 20 distinct deadlines in one level-2 slot (8192..12287 seen from time 0).
 * Armed one by one, the earliest is known exactly. Once the earliest is
 * cancelled, finding the next would mean scanning more than the 8 timers a
 * next-deadline query looks at, so with the wheel it answers the slot's
 * start, a lower bound; the heap answers exactly. Either way every task
 * wakes exactly on time, with at most one extra idle per level. */
static void test_crowded_slot(void)
{
    co_host_clock_simulated(0);
    co_sched s = CO_SCHED_INIT;
    n_order = 0;
    enum { N = 20 };
    for (int i = 0; i < N; i++)
        spawn(&s, i, 8192 + 5 + 64 * (uint64_t)(N - 1 - i));
    spawn(&s, N, 8192 + 1);
    CHECK_EQ(co_sched_poll(&s), N + 1);
    CHECK_EQ(co_sched_next_deadline(&s), 8192 + 1);
    CHECK_EQ(co_cancel(&ctxs[N]), 0);
    CHECK_EQ(co_sched_poll(&s), 1); /* it ends */
    const co_time first = 8192 + 5;
#if CO_CONFIG_TIMER_WHEEL >= 3
    CHECK_EQ(co_sched_next_deadline(&s), 8192);
    CHECK_ULT(8192, first);
#elif CO_CONFIG_TIMER_WHEEL == 0
    CHECK_EQ(co_sched_next_deadline(&s), first);
#else
    CHECK_ULE(co_sched_next_deadline(&s), first);
#endif
    unsigned long idles = co_host_idle_count();
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_LE(co_host_idle_count() - idles, N + 2);
    CHECK_EQ(n_order, N);
    for (int i = 0; i < N; i++) {
        CHECK_EQ(woke_at[i], due_of[i]);
        CHECK_EQ(order[i], N - 1 - i);
    }
    check_empty(&s);
}

/* Timers at every distance cancelled one by one (scrambled order): the next
 * deadline always names the earliest survivor, and nothing is left. */
static void test_cancel_from_every_level(void)
{
    co_host_clock_simulated(777);
    co_sched s = CO_SCHED_INIT;
    n_order = 0;
    static const uint64_t ahead[] = {0, 1, 63, 64, 100, 4095, 4096, 5000, 300000,
                                     (1u << 24) - 1, 1u << 24, 1u << 25, (uint64_t)1 << 40};
    enum { N = sizeof ahead / sizeof ahead[0] };
    for (int i = 0; i < N; i++)
        spawn(&s, i, 777 + 1 + ahead[i]);
    CHECK_EQ(co_sched_poll(&s), N);
    bool gone[N] = {false};
    for (int k = 0; k < N; k++) {
        int i = (k * 5 + 3) % N;
        CHECK_EQ(co_cancel(&ctxs[i]), 0);
        gone[i] = true;
        co_time min = CO_TIME_NEVER;
        for (int j = 0; j < N; j++)
            if (!gone[j] && due_of[j] < min)
                min = due_of[j];
        CHECK_EQ(co_sched_next_deadline(&s), min);
    }
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_order, 0);
    check_empty(&s);
}

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Log-uniform distance: as many tiny as huge ones. */
static uint64_t rnd_ahead(void)
{
    unsigned bits = (unsigned)(rnd() % 38);
    return rnd() & (((uint64_t)1 << bits) - 1);
}

/* Random sleeps, cancels and clock jumps (0 to 2^37 ticks) with polls in
 * between, against a model: after every poll no timer that is due is still
 * waiting (nothing late), no task woke before its deadline (nothing early),
 * the tasks a poll woke ran in deadline order, and the next deadline is
 * never later than the model's earliest (exact with the heap). */
static void test_random_model(void)
{
    co_host_clock_simulated(5);
    co_sched s = CO_SCHED_INIT;
    long wakes = 0, cancels = 0;
    static int armed_in[MAX_TASKS];
    for (int i = 0; i < MAX_TASKS; i++)
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
    for (int step = 0; step < 40000; step++) {
        int i = (int)(rnd() % MAX_TASKS);
        uint64_t what = rnd() % 16;
        if (co_state_of(&ctxs[i]) == CO_STATE_DONE && what < 9) {
            spawn(&s, i, co_now() + rnd_ahead());
            armed_in[i] = step;
        } else if (co_state_of(&ctxs[i]) == CO_STATE_TIME && what < 12) {
            CHECK_EQ(co_cancel(&ctxs[i]), 0);
            cancels++;
        } else if (what < 13) {
            co_host_clock_advance(co_ticks(rnd_ahead()));
        }
        n_order = 0;
        (void)co_sched_poll(&s);
        co_time now = co_now(), min = CO_TIME_NEVER;
        for (int k = 0; k < n_order; k++) {
            int j = order[k];
            if (woke_at[j] < due_of[j])
                TEST_FAIL_AT("task %d woke at %llu, due %llu", j, (unsigned long long)woke_at[j],
                             (unsigned long long)due_of[j]);
            if (k > 0 && due_of[j] < due_of[order[k - 1]])
                TEST_FAIL_AT("task %d (due %llu) ran after a later deadline", j,
                             (unsigned long long)due_of[j]);
        }
        wakes += n_order;
        for (int j = 0; j < MAX_TASKS; j++)
            if (co_state_of(&ctxs[j]) == CO_STATE_TIME) {
                if (due_of[j] <= now && armed_in[j] != step) /* armed during this poll: the next one */
                    TEST_FAIL_AT("task %d due %llu still asleep at %llu", j,
                                 (unsigned long long)due_of[j], (unsigned long long)now);
                if (due_of[j] < min)
                    min = due_of[j];
            }
        co_time next = co_sched_next_deadline(&s);
#if CO_CONFIG_TIMER_WHEEL
        CHECK_ULE(next, min);
#else
        CHECK_EQ(next, min);
#endif
    }
    for (int i = 0; i < MAX_TASKS; i++)
        if (co_state_of(&ctxs[i]) == CO_STATE_TIME)
            CHECK_EQ(co_cancel(&ctxs[i]), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    check_empty(&s);
    printf("timer model: %ld wake-ups, %ld cancels\n", wakes, cancels);
    CHECK_GT(wakes, 1000);
    CHECK_GT(cancels, 400);
}

TEST_MAIN(TEST_CASE(test_exact_across_scales), TEST_CASE(test_equal_deadlines_in_arming_order),
          TEST_CASE(test_crowded_slot), TEST_CASE(test_cancel_from_every_level),
          TEST_CASE(test_random_model))
