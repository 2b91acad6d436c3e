/* Timers on the simulated clock, for whichever timer structure this build
 * has (CO_CONFIG_TIMER_WHEEL levels, or the heap alone): exact wake-ups from
 * 1 tick to days (across every wheel level and the heap behind it), one idle
 * per deadline, equal deadlines in arming order, the documented lower bound
 * for a crowded slot, cancellation from every level, and a randomized model
 * check (random sleeps, cancels and clock jumps; nothing early, nothing
 * late, exact wake order against a sorted reference, the next-deadline
 * bound). Built for the stage's library and, as rt_timer_wheelN, for 0, 1
 * and 4 wheel levels (tests/runtime/CMakeLists.txt). */
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
 * wake in the order they were armed, on every timer structure. */
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
        CHECK_EQ(order[i], i);
    }
    check_empty(&s);
}

/* Equal deadlines beyond every wheel's reach (2^40 ticks ahead: in the
 * heap), armed in bursts and one by one, interleaved with other deadlines
 * and cancels: the survivors of each deadline wake in arming order, also
 * after they moved from the heap to the wheel. */
static void test_equal_deadlines_in_the_heap(void)
{
    co_host_clock_simulated(50);
    co_sched s = CO_SCHED_INIT;
    n_order = 0;
    enum { N = 120 };
    const co_time far = 50 + ((uint64_t)1 << 40);
    for (int i = 0; i < N; i++) {
        /* three deadlines in turn, the middle one far below the others */
        co_time due = i % 3 == 0 ? far : i % 3 == 1 ? far - 777 : far + 3;
        spawn(&s, i, due);
        if (i % 4 == 3) { /* bursts of four: armed within one poll */
            CHECK_EQ(co_sched_poll(&s), 4);
            co_host_clock_advance(co_ticks(1 + (uint64_t)i * 1000));
        }
    }
    for (int i = 5; i < N; i += 7)
        CHECK_EQ(co_cancel(&ctxs[i]), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    int k = 0;
    for (int pass = 0; pass < 3; pass++) { /* far - 777, far, far + 3 */
        int residue = pass == 0 ? 1 : pass == 1 ? 0 : 2;
        for (int i = 0; i < N; i++) {
            if (i % 3 != residue || (i >= 5 && (i - 5) % 7 == 0))
                continue;
            CHECK_EQ(order[k], i);
            CHECK_EQ(woke_at[i], due_of[i]);
            k++;
        }
    }
    CHECK_EQ(n_order, k);
    check_empty(&s);
}

/* Deadlines already past when armed, in scrambled order and some equal to
 * the present: all fire at the next poll in arming order (a past deadline
 * counts as armed now), before a deadline one tick later. */
static void test_past_deadlines_in_arming_order(void)
{
    co_host_clock_simulated(100000);
    co_sched s = CO_SCHED_INIT;
    n_order = 0;
    static const co_time due[] = {99999, 5, 100000, 70000, 0, 99000, 100000, 1, 100001, 42};
    enum { N = sizeof due / sizeof due[0] };
    for (int i = 0; i < N; i++)
        spawn(&s, i, due[i]);
    CHECK_EQ(co_sched_poll(&s), N); /* all armed, none due before the poll */
    CHECK_EQ(n_order, 0);
    CHECK_EQ(co_sched_next_deadline(&s), 100000);
    CHECK_EQ(co_sched_poll(&s), N - 1);
    CHECK_EQ(n_order, N - 1);
    for (int i = 0, k = 0; i < N; i++)
        if (due[i] <= 100000)
            CHECK_EQ(order[k++], i);
    co_host_clock_advance(co_ticks(1));
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_order, N);
    CHECK_EQ(order[N - 1], 8);
    /* The same again one poll later, once the clock moved on: armed in
     * separate polls, they still wake in arming order. */
    n_order = 0;
    for (int i = 0; i < N; i++) {
        spawn(&s, i, due[i]);
        CHECK_EQ(co_sched_poll(&s), i == 0 ? 1 : 2); /* the previous one is due */
        co_host_clock_advance(co_ticks(i == 3 ? 0 : 1));
    }
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_order, N);
    for (int i = 0; i < N; i++)
        CHECK_EQ(order[i], i);
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
static uint64_t rnd(void) { return test_xorshift64(&rng); }

/* Log-uniform distance: as many tiny as huge ones. */
static uint64_t rnd_ahead(void)
{
    unsigned bits = (unsigned)(rnd() % 38);
    return rnd() & (((uint64_t)1 << bits) - 1);
}

/* The model test of the timer order. Random sleeps (many on a few shared
 * deadlines, many already past when armed, bursts armed within one poll),
 * cancels and clock jumps (0 to 2^37 ticks, some straight onto a shared
 * deadline), against a sorted reference: each timer's key is (its deadline,
 * or the arming time if that is later; arming number). After every poll
 * the tasks it woke are exactly the reference's timers due at the poll's
 * time and armed before it, in key order: nothing early, nothing late,
 * ties and past deadlines in arming order. The next deadline is never
 * later than the reference's earliest (exact with the heap). The heap's
 * arming numbers start near their limit, so they are renumbered midway. */
static co_time key_of[MAX_TASKS];
static long seq_of[MAX_TASKS];

static int by_key(const void *a, const void *b)
{
    int i = *(const int *)a, j = *(const int *)b;
    if (key_of[i] != key_of[j])
        return key_of[i] < key_of[j] ? -1 : 1;
    return seq_of[i] < seq_of[j] ? -1 : seq_of[i] > seq_of[j];
}

static void test_random_model(void)
{
    co_host_clock_simulated(5);
    co_sched s = CO_SCHED_INIT;
    s.timer_seq = (uint32_t)INT32_MAX - 3000u;
    long wakes = 0, cancels = 0, ties = 0, past = 0, seq = 0;
    static bool armed[MAX_TASKS];
    static int want[MAX_TASKS];
    co_time shared[6] = {0};
    for (int i = 0; i < MAX_TASKS; i++) {
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
        armed[i] = false;
    }
    for (int step = 0; step < 40000; step++) {
        co_time now = co_now();
        if (step % 64 == 0)
            for (int k = 0; k < 6; k++)
                shared[k] = now + rnd_ahead();
        uint64_t what = rnd() % 16;
        int burst = what < 2 ? 1 + (int)(rnd() % 6) : what < 9 ? 1 : 0;
        for (int b = 0; b < burst; b++) {
            int i = (int)(rnd() % MAX_TASKS);
            if (co_state_of(&ctxs[i]) != CO_STATE_DONE)
                continue;
            uint64_t kind = rnd() % 8;
            co_time due = kind < 3 ? shared[rnd() % 6]
                        : kind < 5 ? (now > 1000 ? now - rnd() % 1000 : 0) : now + rnd_ahead();
            spawn(&s, i, due);
            armed[i] = true; /* in the poll below, at now, in spawn order */
            key_of[i] = due > now ? due : now;
            seq_of[i] = seq++;
            past += due < now;
        }
        if (burst == 0 && what < 12) {
            int i = (int)(rnd() % MAX_TASKS); /* the next sleeper from a random place */
            for (int k = 0; k < MAX_TASKS && co_state_of(&ctxs[i]) != CO_STATE_TIME; k++)
                i = (i + 1) % MAX_TASKS;
            if (co_state_of(&ctxs[i]) == CO_STATE_TIME) {
                CHECK_EQ(co_cancel(&ctxs[i]), 0);
                armed[i] = false;
                cancels++;
            }
        } else if (burst == 0 && what < 14) {
            co_host_clock_advance(co_ticks(rnd_ahead()));
        } else if (burst == 0) {
            co_time to = shared[rnd() % 6];
            if (to > now)
                co_host_clock_advance(co_ticks(to - now));
        }
        now = co_now();
        /* The reference: armed before this poll and due at its time. */
        int n_want = 0;
        for (int j = 0; j < MAX_TASKS; j++)
            if (armed[j] && co_state_of(&ctxs[j]) == CO_STATE_TIME && key_of[j] <= now)
                want[n_want++] = j;
        qsort(want, (size_t)n_want, sizeof want[0], by_key);
        for (int k = 1; k < n_want; k++)
            ties += key_of[want[k]] == key_of[want[k - 1]];
        n_order = 0;
        (void)co_sched_poll(&s);
        if (n_order != n_want)
            TEST_FAIL_AT("step %d at %llu: %d woke, %d due", step, (unsigned long long)now, n_order,
                         n_want);
        for (int k = 0; k < n_order; k++) {
            int j = order[k];
            if (j != want[k])
                TEST_FAIL_AT("step %d: wake %d was task %d (key %llu #%ld), want task %d (key %llu #%ld)",
                             step, k, j, (unsigned long long)key_of[j], seq_of[j], want[k],
                             (unsigned long long)key_of[want[k]], seq_of[want[k]]);
            if (woke_at[j] < due_of[j])
                TEST_FAIL_AT("task %d woke at %llu, due %llu", j, (unsigned long long)woke_at[j],
                             (unsigned long long)due_of[j]);
            armed[j] = false;
        }
        wakes += n_order;
        co_time min = CO_TIME_NEVER;
        for (int j = 0; j < MAX_TASKS; j++)
            if (armed[j] && key_of[j] < min)
                min = key_of[j];
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
    printf("timer model: %ld wake-ups (%ld tied with the one before), %ld armed past, %ld cancels, "
           "arming numbers now at %lu\n", wakes, ties, past, cancels, (unsigned long)s.timer_seq);
    CHECK_GT(wakes, 1000);
    CHECK_GT(ties, 1000);
    CHECK_GT(past, 1000);
    CHECK_GT(cancels, 400);
    CHECK_ULT(s.timer_seq, (uint32_t)INT32_MAX - 3000u); /* renumbered on the way */
}

TEST_MAIN(TEST_CASE(test_exact_across_scales), TEST_CASE(test_equal_deadlines_in_arming_order),
          TEST_CASE(test_equal_deadlines_in_the_heap), TEST_CASE(test_past_deadlines_in_arming_order),
          TEST_CASE(test_crowded_slot), TEST_CASE(test_cancel_from_every_level),
          TEST_CASE(test_random_model))
