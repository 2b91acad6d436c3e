/* A select whose branch can finish at once (docs/join-select.md, "A branch
 * ready at once"): decided without setting up, resuming or cancelling any
 * branch sub-context (a listener sees no branch context change state), with
 * the same winner, statuses and nothing left behind as when the branches
 * run; the branches that only running can tell (async calls, a user's
 * awaitable) and waits that would block still take the ordinary path; the
 * join frame is pushed all the same (high-water mark and CO_ENOMEM as
 * before). Simulated clock, plain co_resume and co_sched. */
#include <costack.h>
#include <costack_host.h>
#include "test.h"

static _Alignas(8) unsigned char buf[2][2048];
static co_context ctx[2];
static co_future fut[2];
static int st[4], which, rc_out, msg, seen;
static co_time t_end;

/* State changes of contexts other than the tasks: branch sub-contexts. */
static unsigned branch_changes;
static void listen(co_context *c, co_state from, co_state to)
{
    (void)from;
    (void)to;
    if (c != &ctx[0] && c != &ctx[1])
        branch_changes++;
}

static void reset(void)
{
    co_host_clock_simulated(0);
    for (int i = 0; i < 2; i++)
        co_context_init(&ctx[i], buf[i], sizeof buf[i]);
    for (int i = 0; i < 4; i++)
        st[i] = 99;
    which = 99;
    rc_out = 99;
    msg = 0;
    branch_changes = 0;
}

/* Runs the task to the end without a scheduler (sleeps served by moving
 * the simulated clock); the number of resumes it took. */
static int run_plain(co_context *c)
{
    int n = 0;
    while (n < 1000) {
        co_state s = co_resume(c);
        n++;
        if (s == CO_STATE_DONE)
            return n;
        if (s == CO_STATE_READY)
            continue;
        if (c->wait.deadline == CO_TIME_NEVER)
            return -1;
        if (c->wait.deadline > co_now())
            co_host_clock_advance(co_ticks(c->wait.deadline - co_now()));
        co_wake(c, 0);
    }
    return -1;
}

static int store[4], store2[2];
static co_chan full, empty;
static co_mutex mx;
static co_sem sem, sem0;
static co_event ev;
static co_io io;

/* ---- each library awaitable ready at once, behind one that would block --- */
enum { K_RECV, K_SEND, K_MUTEX, K_SEM, K_EVENT, K_IO, K_RECV_PAST, K_COUNT };

struct sel_kind { co_frame co; int kind; int rc; };
CO_ASYNC(sel_kind, void)
{
    CO_BEGIN(sel_kind, self);
    /* branch 0 would block (an empty semaphore), branch 1 is ready */
    /* (if, not switch: the switch back-end's resume points are case labels) */
    if (self->kind == K_RECV) {
        CO_SELECT_STATUS(self->rc, &which, st, CO_ON(&sem0), CO_ON(co_chan_recv(&full, &msg)),
                         CO_ON(co_ms(50)));
    } else if (self->kind == K_SEND) {
        CO_SELECT_STATUS(self->rc, &which, st, CO_ON(&sem0), CO_ON(co_chan_send(&empty, &seen)),
                         CO_ON(co_ms(50)));
    } else if (self->kind == K_MUTEX) {
        CO_SELECT_STATUS(self->rc, &which, st, CO_ON(&sem0), CO_ON(&mx), CO_ON(co_ms(50)));
        seen = co_mutex_owner(&mx) == CO_CONTEXT() && CO_CONTEXT()->held == 1;
        if (self->rc == 0)
            co_mutex_unlock(&mx);
    } else if (self->kind == K_SEM) {
        CO_SELECT_STATUS(self->rc, &which, st, CO_ON(&sem0), CO_ON(&sem), CO_ON(co_ms(50)));
    } else if (self->kind == K_EVENT) {
        CO_SELECT_STATUS(self->rc, &which, st, CO_ON(&sem0), CO_ON(&ev), CO_ON(co_ms(50)));
    } else if (self->kind == K_IO) {
        CO_SELECT_STATUS(self->rc, &which, st, CO_ON(&sem0), CO_ON(&io), CO_ON(co_ms(50)));
    } else { /* a deadline already past: CO_ETIMEDOUT at once, as when run */
        CO_SELECT_STATUS(self->rc, &which, st, CO_ON(&sem0),
                         CO_ON(co_chan_recv_until(&empty, &msg, co_at(0))), CO_ON(co_ms(50)));
    }
    rc_out = self->rc;
    t_end = co_now();
    CO_END;
}

static void setup_objects(void)
{
    co_chan_init(&full, store, sizeof store[0], 4);
    co_chan_init(&empty, store2, sizeof store2[0], 2);
    int v = 42;
    CHECK_EQ(co_chan_send_try(&full, &v), 0);
    co_mutex_init(&mx);
    co_sem_init(&sem, 1, 1);
    co_sem_init(&sem0, 0, 1);
    co_event_init(&ev, CO_EVENT_AUTO);
    co_event_set(&ev);
    co_io_init(&io);
    co_io_arm(&io);
    co_io_complete_isr(&io, CO_EIO); /* an error status passes through */
    seen = 5;
}

static void test_each_kind(void)
{
    co_listener_fn *prev = co_set_listener(listen);
    for (int sched = 0; sched < 2; sched++)
        for (int k = 0; k < K_COUNT; k++) {
            reset();
            setup_objects();
            co_sched s = CO_SCHED_INIT;
            CHECK_EQ(CO_START(&ctx[0], &fut[0], sel_kind, NULL, .kind = k), 0);
            if (sched) {
                CHECK_EQ(co_sched_add(&s, &ctx[0]), 0);
                CHECK_EQ(co_sched_poll(&s), 1); /* ran once and finished */
                CHECK_EQ(s.live, 0);
                CHECK_EQ(co_sched_next_deadline(&s), CO_TIME_NEVER); /* no timer armed */
            } else {
                CHECK_EQ(run_plain(&ctx[0]), 1); /* one resume, no wait */
            }
            CHECK_EQ(co_future_status(&fut[0]), 0);
            CHECK_EQ(branch_changes, 0); /* no branch sub-context ran */
            CHECK_EQ(which, 1);
            CHECK_EQ(rc_out, k == K_IO ? CO_EIO : k == K_RECV_PAST ? CO_ETIMEDOUT : 0);
            CHECK_EQ(st[0], CO_ECANCELED);
            CHECK_EQ(st[1], rc_out);
            CHECK_EQ(st[2], CO_ECANCELED);
            CHECK_EQ(t_end, 0);
            CHECK_PTR(sem0.waiters.head, NULL); /* the blocking branch left nothing */
            CHECK_EQ(co_used(&ctx[0]), 0);
            switch (k) {
            case K_RECV: CHECK_EQ(msg, 42); break;
            case K_SEND: CHECK_EQ(co_chan_recv_try(&empty, &msg), 0); CHECK_EQ(msg, 5); break;
            case K_MUTEX: CHECK_EQ(seen, 1); CHECK_PTR(co_mutex_owner(&mx), NULL); break;
            case K_SEM: CHECK_EQ(co_sem_count(&sem), 0); break;
            case K_EVENT: CHECK_EQ(co_event_wait_try(&ev), CO_EAGAIN); break; /* consumed */
            default: break;
            }
            CHECK_EQ(ctx[0].held, 0);
        }
    co_set_listener(prev);
}

/* ---- the ordinary path where trying cannot decide ---------------------- */
struct nap { co_frame co; co_duration d; int v; };
CO_ASYNC(nap, int)
{
    CO_BEGIN(nap, self);
    CO_AWAIT(self->d);
    CO_RETURN(self->v);
    CO_END;
}

/* A user's awaitable, ready at once: only its await() tells. */
static int ready_await(co_awaitable *aw, co_context *c)
{
    (void)aw;
    (void)c;
    return 0;
}
static co_awaitable ready_aw = {ready_await};

enum { O_CALL_FIRST, O_AWAITABLE, O_WOULD_BLOCK, O_OWN_MUTEX, O_COUNT };
struct sel_other { co_frame co; int kind; int rc; int v; };
CO_ASYNC(sel_other, void)
{
    CO_BEGIN(sel_other, self);
    if (self->kind == O_CALL_FIRST) { /* an async call before the ready receive: it runs first */
        CO_SELECT_STATUS(self->rc, &which, st, CO_CALL(nap, &self->v, .d = co_ms(5), .v = 3),
                         CO_ON(co_chan_recv(&full, &msg)));
    } else if (self->kind == O_AWAITABLE) {
        CO_SELECT_STATUS(self->rc, &which, st, CO_ON(&sem0), CO_ON(&ready_aw), CO_ON(&sem));
    } else if (self->kind == O_WOULD_BLOCK) { /* a timed receive that must wait: its timeout decides */
        CO_SELECT_STATUS(self->rc, &which, st, CO_ON(co_chan_recv_for(&empty, &msg, co_ms(10))),
                         CO_ON(co_ms(50)));
    } else { /* the task holds the mutex: its branch blocks, the timer wins */
        CO_AWAIT(&mx);
        CO_SELECT_STATUS(self->rc, &which, st, CO_ON(&mx), CO_ON(co_ms(20)));
        co_mutex_unlock(&mx);
    }
    rc_out = self->rc;
    t_end = co_now();
    CO_END;
}

static void test_ordinary_path(void)
{
    co_listener_fn *prev = co_set_listener(listen);
    for (int sched = 0; sched < 2; sched++)
        for (int k = 0; k < O_COUNT; k++) {
            reset();
            setup_objects();
            co_sched s = CO_SCHED_INIT;
            CHECK_EQ(CO_START(&ctx[0], &fut[0], sel_other, NULL, .kind = k), 0);
            if (sched)
                CHECK_EQ(co_sched_add(&s, &ctx[0]) || co_sched_run(&s), 0);
            else
                CHECK_TRUE(run_plain(&ctx[0]) > 0);
            CHECK_EQ(co_future_status(&fut[0]), 0);
            CHECK_TRUE(branch_changes > 0); /* the branches ran */
            CHECK_EQ(co_used(&ctx[0]), 0);
            CHECK_PTR(sem0.waiters.head, NULL);
            CHECK_PTR(empty.receivers.head, NULL);
            CHECK_PTR(mx.waiters.head, NULL);
            CHECK_PTR(co_mutex_owner(&mx), NULL);
            if (sched)
                CHECK_EQ(co_sched_next_deadline(&s), CO_TIME_NEVER);
            switch (k) {
            case O_CALL_FIRST:
                CHECK_EQ(which, 1); /* the call blocked first, the receive won */
                CHECK_EQ(st[0], CO_ECANCELED);
                CHECK_EQ(msg, 42);
                CHECK_EQ(t_end, 0);
                break;
            case O_AWAITABLE:
                CHECK_EQ(which, 1);
                CHECK_EQ(st[2], CO_ECANCELED); /* never ran: the semaphore stays */
                CHECK_EQ(co_sem_count(&sem), 1);
                CHECK_EQ(t_end, 0);
                break;
            case O_WOULD_BLOCK:
                CHECK_EQ(which, 0);
                CHECK_EQ(rc_out, CO_ETIMEDOUT);
                CHECK_EQ(t_end, co_ms(10).ticks);
                break;
            default:
                CHECK_EQ(which, 1);
                CHECK_EQ(rc_out, 0);
                CHECK_EQ(st[0], CO_ECANCELED);
                CHECK_EQ(t_end, co_ms(20).ticks);
                break;
            }
        }
    co_set_listener(prev);
}

/* ---- the join frame is pushed all the same ------------------------------ */
#define SEL_BYTES                                                              \
    (CO__JOIN_HEAD + 2 * CO__BRANCH_HEAD + 2 * CO__SLOT(sizeof(struct co__on)))

struct sel_two { co_frame co; int rc; };
CO_ASYNC(sel_two, void)
{
    CO_BEGIN(sel_two, self);
    CO_SELECT_STATUS(self->rc, &which, st, CO_ON(co_chan_recv(&full, &msg)), CO_ON(co_ms(50)));
    rc_out = self->rc;
    CO_END;
}

static void test_memory(void)
{
    reset();
    setup_objects();
    CHECK_EQ(CO_START(&ctx[0], &fut[0], sel_two, NULL), 0);
    CHECK_EQ(co_resume(&ctx[0]), CO_STATE_DONE);
    CHECK_EQ(rc_out, 0);
    CHECK_EQ(msg, 42);
    /* what the analyser bounds the task with (test_join checks that) */
    CHECK_HIGH_WATER(&ctx[0], CO__SLOT(sizeof(struct sel_two)) + CO__SLOT(SEL_BYTES));

    /* one byte short: CO_ENOMEM at the await though the message is there */
    static _Alignas(8) unsigned char small[CO__SLOT(sizeof(struct sel_two)) + CO__SLOT(SEL_BYTES) - 1];
    int v = 43;
    CHECK_EQ(co_chan_send_try(&full, &v), 0);
    co_context_init(&ctx[1], small, sizeof small);
    CHECK_EQ(CO_START(&ctx[1], &fut[1], sel_two, NULL), 0);
    CHECK_EQ(co_resume(&ctx[1]), CO_STATE_DONE);
    CHECK_EQ(rc_out, CO_ENOMEM);
    CHECK_EQ(which, -1);
    CHECK_EQ(co_chan_recv_try(&full, &v), 0); /* not taken */
    CHECK_EQ(v, 43);
}

int main(void)
{
    test_each_kind();
    test_ordinary_path();
    test_memory();
    if (test_failures)
        printf("%d failure(s)\n", test_failures);
    else
        printf("ok\n");
    return test_failures ? 1 : 0;
}
