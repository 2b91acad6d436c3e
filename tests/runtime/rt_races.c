/* Interference points (issue 11): an "interrupt" (or another thread, or
 * another core's scheduler) placed exactly in the windows of the wake,
 * drain, expire, timeout and completion paths, through the runtime's
 * debug points (CO_DEBUG_POINTS, built with CO_CONFIG_FAULT_INJECTION).
 *
 * test_every_point_every_action runs one workload with every action
 * (complete, second complete, unblock, give, channel send from ISR,
 * cancel, re-init) at every hit of every point, and checks invariants
 * after each run: no lost wake (every task finishes once its wakes are
 * sent), no double resume (no contract), no status leak (each wait
 * returns 0, CO_ETIMEDOUT or CO_ECANCELED, and an io result belongs to
 * the wait's own operation and never changes once done), no scheduler
 * state changed from interrupt context, every queue and count consistent.
 * A point that the workload never reaches fails the test: a new point
 * must be covered. rt_races_items.c places the interference of each race
 * item of the issue deterministically. Simulated clock, one thread. */
#include "rt_races.h"

#if CO_CONFIG_FAULT_INJECTION

static const char *const point_names[] = {
#define NAME(name, text) #name,
    CO_DEBUG_POINTS(NAME)
#undef NAME
};

static co_future futs[NT + 2];
static int chan_store[4];
static int32_t io_arm;           /* operation number the io task armed */
static bool io_done_seen;        /* io result seen done for this operation */
static int32_t io_done_value;
static int32_t io_seq;

/* Once done, io's result never changes until it is armed again. */
static void check_io_stable(void)
{
    if (!co_io_done(&io))
        return;
    int32_t r = co_io_result(&io);
    if (!io_done_seen) {
        io_done_seen = true;
        io_done_value = r;
    } else if (r != io_done_value) {
        VIOLATION("io result changed from %d to %d after done", (int)io_done_value, (int)r);
    }
}

struct io_task { co_frame co; int i; int rc; };
CO_ASYNC(io_task, void)
{
    CO_BEGIN(io_task, self);
    for (self->i = 1; self->i <= 4; self->i++) {
        co_io_arm(&io);
        io_arm = self->i;
        io_done_seen = false;
        if (self->i < 4)
            CO_AWAIT_STATUS(self->rc, co_io_wait_for(&io, co_ms(3)));
        else
            CO_AWAIT_STATUS(self->rc, &io);
        if (!status_ok(self->rc))
            VIOLATION("io wait %d returned %d", self->i, self->rc);
        if (self->rc == 0 && co_io_result(&io) / 100 != self->i)
            VIOLATION("io wait %d got result %d of another operation", self->i,
                      (int)co_io_result(&io));
        if (self->rc == CO_ECANCELED)
            break;
    }
    CO_END;
}

/* kind: 0 external, 1 semaphore, 2 event, 3 channel; rounds timed waits,
 * then (final) one wait without a deadline. */
static void spawn_once(void)
{
    co_context_init(&ctxs[T_ONCE], bufs[T_ONCE], sizeof bufs[T_ONCE]);
    if (CO_SPAWN(&sched, &ctxs[T_ONCE], &futs[T_ONCE], waiter, NULL, .kind = 0, .rounds = 1) != 0)
        VIOLATION("respawn failed");
}

static void setup(void)
{
    co_host_clock_simulated(0);
    co_sched_init(&sched);
    memset(&io, 0, sizeof io);
    memset(&sem, 0, sizeof sem);
    memset(&ev, 0, sizeof ev);
    memset(&chan, 0, sizeof chan);
    co_io_init(&io);
    co_sem_init(&sem, 0, 100);
    co_event_init(&ev, CO_EVENT_AUTO);
    co_chan_init(&chan, chan_store, sizeof chan_store[0], 4);
    co_sem_expect_isr(&sem);
    co_event_expect_isr(&ev);
    co_chan_expect_isr(&chan);
    io_arm = 0;
    io_seq = 0;
    io_done_seen = false;
    for (int i = 0; i < NT; i++)
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
    CO_SPAWN(&sched, &ctxs[T_IO], &futs[T_IO], io_task, NULL);
    for (int k = 0; k < 4; k++)
        CO_SPAWN(&sched, &ctxs[T_EXT + k], &futs[T_EXT + k], waiter, NULL, .kind = k, .rounds = 3,
                 .final = true);
    CO_SPAWN(&sched, &ctxs[T_ONCE], &futs[T_ONCE], waiter, NULL, .kind = 0, .rounds = 1);
}

/* ---- actions ------------------------------------------------------------ */

static void isr_complete(void)
{
    in_isr = true;
    co_io_complete_isr(&io, io_arm * 100 + 50 + (io_seq++ % 40));
    in_isr = false;
}
static void isr_complete_twice(void)
{
    isr_complete();
    isr_complete();
}
static void isr_unblock(void)
{
    in_isr = true;
    co_unblock(&ctxs[T_EXT]);
    co_unblock(&ctxs[T_ONCE]);
    in_isr = false;
}
static void isr_give(void)
{
    in_isr = true;
    co_sem_give_isr(&sem);
    co_event_set_isr(&ev);
    in_isr = false;
}
static void isr_chan(void)
{
    in_isr = true;
    int v = 7;
    (void)co_chan_send_isr(&chan, &v);
    in_isr = false;
}
/* Another core's scheduler (or a task) cancels while the window is open. */
static void do_cancel(void)
{
    bool was = in_isr;
    in_isr = false;
    co_cancel(&ctxs[T_SEM]);
    co_cancel(&ctxs[T_IO]);
    in_isr = was;
}
/* Re-initialise what may be re-initialised: objects (refused while in
 * use), and the one-shot task's context once it has left the scheduler. */
static void do_reinit(void)
{
    bool was = in_isr;
    in_isr = false;
    co_sem_init(&sem, 0, 100);
    co_sem_expect_isr(&sem);
    co_event_init(&ev, CO_EVENT_AUTO);
    co_event_expect_isr(&ev);
    co_chan_init(&chan, chan_store, sizeof chan_store[0], 4);
    co_chan_expect_isr(&chan);
    if (co_state_of(&ctxs[T_ONCE]) == CO_STATE_DONE && ctxs[T_ONCE].exec == NULL)
        spawn_once();
    in_isr = was;
}

static void (*const actions[])(void) = {isr_complete, isr_complete_twice, isr_unblock, isr_give,
                                        isr_chan, do_cancel, do_reinit};
static const char *const action_names[] = {"complete", "second complete", "unblock", "give",
                                           "channel send", "cancel", "re-init"};
#define N_ACTIONS (sizeof actions / sizeof actions[0])

/* ---- the run and its invariants -------------------------------------------- */

static void check_after_poll(void)
{
    check_io_stable();
    for (int i = 0; i < NT; i++) {
        uint32_t w = atomic_load(&ctxs[i].sched_wake);
        if (co_state_of(&ctxs[i]) == CO_STATE_DONE && (w & 4u))
            VIOLATION("task %d finished while still in the inbox", i);
    }
}

static void step(void)
{
    co_sched_poll(&sched);
    check_after_poll();
}

static void run_workload(void)
{
    static void (*const baseline[])(void) = {isr_complete, NULL, isr_give, isr_chan, NULL};
    for (int t = 0; t < 12; t++) {
        if (baseline[t % 5])
            baseline[t % 5]();
        else if (t % 5 == 1) {
            in_isr = true;
            co_unblock(&ctxs[T_EXT]);
            in_isr = false;
        }
        step();
        co_host_clock_advance(co_ms(1));
        step();
    }
    /* Final phase: send every unfinished task its wake until it finishes.
     * A lost wake that poisons later ones (a stale inbox mark, a posted
     * object that is never reposted) leaves a task here forever. */
    for (int round = 0; round < 40; round++) {
        bool all = true;
        for (int i = 0; i < NT; i++)
            all &= co_state_of(&ctxs[i]) == CO_STATE_DONE;
        if (all)
            break;
        in_isr = true;
        if (co_state_of(&ctxs[T_IO]) != CO_STATE_DONE)
            co_io_complete_isr(&io, io_arm * 100 + 99);
        co_unblock(&ctxs[T_EXT]);
        co_unblock(&ctxs[T_ONCE]);
        co_sem_give_isr(&sem);
        co_event_set_isr(&ev);
        int v = 1;
        (void)co_chan_send_isr(&chan, &v);
        in_isr = false;
        step();
        co_host_clock_advance(co_ms(1));
        step();
    }
}

static void check_final(void)
{
    target_point = -1; /* the workload is over: no more interference */
    step();            /* takes what was handed over after the last task finished */
    for (int i = 0; i < NT; i++) {
        if (co_state_of(&ctxs[i]) != CO_STATE_DONE)
            VIOLATION("task %d never finished (state %s): a wake was lost", i,
                      co_state_name(co_state_of(&ctxs[i])));
        uint32_t w = atomic_load(&ctxs[i].sched_wake);
        if (w & (1u | 2u | 4u | 32u))
            VIOLATION("task %d finished with wake word %#x", i, (unsigned)w);
        if (ctxs[i].exec != NULL)
            VIOLATION("task %d finished but still on its scheduler", i);
    }
    if (sched.armed != 0 || sched.live != 0 || sched.ready_count != 0)
        VIOLATION("scheduler counts armed %u live %u ready %u", (unsigned)sched.armed,
                  (unsigned)sched.live, (unsigned)sched.ready_count);
    if (atomic_load(&sched.inbox) || atomic_load(&sched.posted) || sched.all)
        VIOLATION("scheduler lists not empty");
    if (sem.waiters.head || ev.waiters.head || chan.receivers.head || chan.senders.head || io.waiter)
        VIOLATION("an object still holds a waiter");
    if (atomic_load(&sem.isr.posted) || atomic_load(&ev.isr.posted) || atomic_load(&chan.isr.posted) ||
        atomic_load(&io.isr.posted))
        VIOLATION("an object still marked posted");
    if (unexpected_contracts)
        VIOLATION("contract %d reported", last_contract);
}

static void begin_run(void)
{
    violations = 0;
    unexpected_contracts = expected_contracts = 0;
    in_isr = false;
}

static void test_every_point_every_action(void)
{
    co_contract_fn *old = co_set_contract_handler(on_contract);
    co_listener_fn *old_l = co_set_listener(on_transition);
    co_debug_set_hook(hook);
    every_point = check_io_stable;
    /* Baseline: which points the workload reaches, and how often. */
    begin_run();
    arm_hook(-1, 0, NULL);
    setup();
    run_workload();
    check_final();
    if (violations)
        TEST_FAIL_AT("baseline run: %s", first_violation);
    unsigned long base[CO_DEBUG_POINT_COUNT];
    for (int p = 0; p < CO_DEBUG_POINT_COUNT; p++) {
        base[p] = hits[p];
        if (base[p] == 0)
            TEST_FAIL_AT("point %s is never reached by the workload: cover it", point_names[p]);
    }
    long runs = 0, failed = 0;
    for (int p = 0; p < CO_DEBUG_POINT_COUNT; p++)
        for (size_t a = 0; a < N_ACTIONS; a++)
            for (unsigned long k = 1; k <= base[p] && k <= 64; k++) {
                begin_run();
                arm_hook(p, k, actions[a]);
                setup();
                run_workload();
                check_final();
                runs++;
                if (!fired)
                    continue; /* the action changed the path before hit k */
                if (violations && failed++ < 12)
                    fprintf(stderr, "%s at hit %lu of %s: %s\n", action_names[a], k, point_names[p],
                            first_violation);
            }
    co_debug_set_hook(NULL);
    every_point = NULL;
    co_set_listener(old_l);
    co_set_contract_handler(old);
    printf("interference: %d points x %zu actions, %ld runs, %ld with a broken invariant\n",
           CO_DEBUG_POINT_COUNT, N_ACTIONS, runs, failed);
    CHECK_EQ(failed, 0);
}

TEST_MAIN(TEST_CASE(test_every_point_every_action))

#else
int main(void)
{
    printf("skip: needs CO_CONFIG_FAULT_INJECTION (the debug points)\n");
    return 77;
}
#endif
