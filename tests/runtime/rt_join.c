/* Join, select and timeout on the simulated clock, under co_sched and under
 * a plain co_resume loop: completion times, results, the winner rule,
 * losers unwound with nothing left behind (mutex queue, timers, io),
 * nesting, error policies, CO_ENOMEM and cancellation of the parent. */
#include <costack.h>
#include <costack/dump.h>
#include <costack_host.h>
#include "test.h"

static _Alignas(8) unsigned char buf[4][4096];
static co_context ctx[4];
static co_future fut[4];

static void reset(void)
{
    co_host_clock_simulated(0);
    for (int i = 0; i < 4; i++)
        co_context_init(&ctx[i], buf[i], sizeof buf[i]);
}

/* Runs ctx to the end without a scheduler: sleeps are served by moving the
 * simulated clock to the deadline and waking it. */
static co_state run_plain(co_context *c)
{
    for (int guard = 0; guard < 10000; guard++) {
        co_state st = co_resume(c);
        if (st == CO_STATE_DONE)
            return st;
        if (st == CO_STATE_READY)
            continue;
        if (st != CO_STATE_TIME && c->wait.deadline == CO_TIME_NEVER)
            return st; /* waits for somebody else */
        if (c->wait.deadline > co_now())
            co_host_clock_advance(co_ticks(c->wait.deadline - co_now()));
        co_wake(c, 0);
    }
    return co_state_of(c);
}

/* ---- children ------------------------------------------------------------ */
struct sleeper { co_frame co; co_duration d; int v; };
CO_ASYNC(sleeper, int)
{
    CO_BEGIN(sleeper, self);
    CO_AWAIT(self->d);
    if (self->v < 0)
        CO_FAIL(self->v);
    CO_RETURN(self->v);
    CO_END;
}

/* ---- join of three: completes at the longest ----------------------------- */
static int res[8], st[8], which, rc_out;
static co_time t_end;

struct join3 { co_frame co; int rc; };
CO_ASYNC(join3, void)
{
    CO_BEGIN(join3, self);
    CO_JOIN_STATUS(self->rc, CO_JOIN_ALL, st,
                   CO_CALL(sleeper, &res[0], .d = co_ms(10), .v = 1),
                   CO_CALL(sleeper, &res[1], .d = co_ms(30), .v = 2),
                   CO_CALL(sleeper, &res[2], .d = co_ms(20), .v = 3));
    rc_out = self->rc;
    t_end = co_now();
    CO_END;
}

static void check_join3(void)
{
    CHECK_EQ(rc_out, 0);
    CHECK_EQ(t_end, co_ms(30).ticks);
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(res[i], i + 1);
        CHECK_EQ(st[i], 0);
    }
    CHECK_EQ(co_used(&ctx[0]), 0);
}

static void test_join3_sched(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    memset(res, 0, sizeof res);
    CHECK_EQ(CO_SPAWN(&s, &ctx[0], &fut[0], join3, NULL), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(co_future_status(&fut[0]), 0);
    check_join3();
}

static void test_join3_plain(void)
{
    reset();
    memset(res, 0, sizeof res);
    CHECK_EQ(CO_START(&ctx[0], &fut[0], join3, NULL), 0);
    /* one resume runs every branch up to its sleep: the task blocks by
     * time until the earliest branch deadline */
    CHECK_EQ(co_resume(&ctx[0]), CO_STATE_TIME);
    CHECK_EQ(ctx[0].wait.deadline, co_ms(10).ticks);
    co_context *br[8];
    CHECK_EQ(co_branches(&ctx[0], br, 8), 3);
    CHECK_EQ(co_state_of(br[1]), CO_STATE_TIME);
    CHECK_PTR(co_branch_parent(br[1]), &ctx[0]);
    CHECK_EQ(run_plain(&ctx[0]), CO_STATE_DONE);
    CHECK_EQ(co_future_status(&fut[0]), 0);
    check_join3();
}

/* ---- join error policies ------------------------------------------------- */
struct join_err { co_frame co; int policy; int rc; };
CO_ASYNC(join_err, void)
{
    CO_BEGIN(join_err, self);
    CO_JOIN_STATUS(self->rc, self->policy, st,
                   CO_CALL(sleeper, &res[0], .d = co_ms(30), .v = 1),
                   CO_CALL(sleeper, &res[1], .d = co_ms(10), .v = CO_EIO),
                   CO_CALL(sleeper, &res[2], .d = co_ms(20), .v = CO_EPERM));
    rc_out = self->rc;
    t_end = co_now();
    CO_END;
}

static void test_join_policies(void)
{
    for (int plain = 0; plain < 2; plain++) {
        reset();
        co_sched s = CO_SCHED_INIT;
        memset(res, 0, sizeof res);
        CHECK_EQ(CO_START(&ctx[0], &fut[0], join_err, NULL, .policy = CO_JOIN_ALL), 0);
        if (plain)
            CHECK_EQ(run_plain(&ctx[0]), CO_STATE_DONE);
        else
            CHECK_EQ(co_sched_add(&s, &ctx[0]) || co_sched_run(&s), 0);
        CHECK_EQ(rc_out, CO_EIO); /* the lowest failed branch */
        CHECK_EQ(t_end, co_ms(30).ticks);
        CHECK_EQ(st[0], 0);
        CHECK_EQ(st[1], CO_EIO);
        CHECK_EQ(st[2], CO_EPERM);
        CHECK_EQ(res[0], 1);

        reset();
        co_sched s2 = CO_SCHED_INIT;
        memset(res, 0, sizeof res);
        CHECK_EQ(CO_START(&ctx[0], &fut[0], join_err, NULL, .policy = CO_JOIN_FAIL_FAST), 0);
        if (plain)
            CHECK_EQ(run_plain(&ctx[0]), CO_STATE_DONE);
        else
            CHECK_EQ(co_sched_add(&s2, &ctx[0]) || co_sched_run(&s2), 0);
        CHECK_EQ(rc_out, CO_EIO);
        CHECK_EQ(t_end, co_ms(10).ticks); /* the others were cancelled at once */
        CHECK_EQ(st[0], CO_ECANCELED);
        CHECK_EQ(st[1], CO_EIO);
        CHECK_EQ(st[2], CO_ECANCELED);
        CHECK_EQ(res[0], 0);
        if (!plain)
            CHECK_EQ(co_sched_next_deadline(&s2), CO_TIME_NEVER); /* no timer left */
    }
}

/* ---- select: channel receive against a 50 ms timeout ---------------------- */
static int store[4];
static co_chan ch;
static int msg;

struct sel_chan { co_frame co; int rc; };
CO_ASYNC(sel_chan, void)
{
    CO_BEGIN(sel_chan, self);
    CO_SELECT_STATUS(self->rc, &which, st, CO_ON(co_chan_recv(&ch, &msg)), CO_ON(co_ms(50)));
    rc_out = self->rc;
    t_end = co_now();
    CO_END;
}

struct sender { co_frame co; co_duration after; int v; };
CO_ASYNC(sender, void)
{
    CO_BEGIN(sender, self);
    CO_AWAIT(self->after);
    CO_AWAIT(co_chan_send(&ch, &self->v));
    CO_END;
}

static void test_select_chan_timeout(void)
{
    for (int late = 0; late < 2; late++) {
        reset();
        co_sched s = CO_SCHED_INIT;
        co_chan_init(&ch, store, sizeof store[0], 4);
        msg = 0;
        CHECK_EQ(CO_SPAWN(&s, &ctx[0], &fut[0], sel_chan, NULL), 0);
        CHECK_EQ(CO_SPAWN(&s, &ctx[1], &fut[1], sender, NULL,
                          .after = co_ms(late ? 70 : 20), .v = 42), 0);
        CHECK_EQ(co_sched_run(&s), 0);
        if (!late) {
            CHECK_EQ(which, 0);
            CHECK_EQ(rc_out, 0);
            CHECK_EQ(msg, 42);
            CHECK_EQ(t_end, co_ms(20).ticks);
            CHECK_EQ(st[1], CO_ECANCELED);
        } else {
            CHECK_EQ(which, 1);
            CHECK_EQ(rc_out, 0); /* the duration branch won: its status */
            CHECK_EQ(msg, 0);
            CHECK_EQ(t_end, co_ms(50).ticks);
            CHECK_EQ(st[0], CO_ECANCELED);
            CHECK_PTR(ch.receivers.head, NULL); /* the loser left the queue */
            int v = 0;
            CHECK_EQ(co_chan_recv_try(&ch, &v), 0); /* the message waits */
            CHECK_EQ(v, 42);
        }
    }
}

/* ---- timeout -------------------------------------------------------------- */
struct timed { co_frame co; co_duration work; int rc; int v; };
CO_ASYNC(timed, void)
{
    CO_BEGIN(timed, self);
    CO_TIMEOUT_STATUS(self->rc, co_ms(50), CO_CALL(sleeper, &self->v, .d = self->work, .v = 7));
    rc_out = self->rc;
    res[0] = self->v;
    t_end = co_now();
    CO_END;
}

static void test_timeout(void)
{
    for (int plain = 0; plain < 2; plain++)
        for (int slow = 0; slow < 2; slow++) {
            reset();
            co_sched s = CO_SCHED_INIT;
            res[0] = 0;
            CHECK_EQ(CO_START(&ctx[0], &fut[0], timed, NULL,
                              .work = co_ms(slow ? 100 : 10)), 0);
            if (plain)
                CHECK_EQ(run_plain(&ctx[0]), CO_STATE_DONE);
            else
                CHECK_EQ(co_sched_add(&s, &ctx[0]) || co_sched_run(&s), 0);
            CHECK_EQ(rc_out, slow ? CO_ETIMEDOUT : 0);
            CHECK_EQ(res[0], slow ? 0 : 7);
            CHECK_EQ(t_end, co_ms(slow ? 50 : 10).ticks);
            if (!plain)
                CHECK_EQ(co_sched_next_deadline(&s), CO_TIME_NEVER);
        }
}

/* ---- simultaneous readiness: the lowest index wins ------------------------ */
struct two_steps { co_frame co; int v; };
CO_ASYNC(two_steps, int)
{
    CO_BEGIN(two_steps, self);
    CO_AWAIT(co_ms(5));
    CO_AWAIT(co_ms(5));
    CO_RETURN(self->v);
    CO_END;
}

struct sel_same { co_frame co; int rc; int v; };
CO_ASYNC(sel_same, void)
{
    CO_BEGIN(sel_same, self);
    /* branch 1's timer is armed first (at 0 for 10 ms), branch 0's at 5 ms
     * for 10 ms: both fire at 10 ms */
    CO_SELECT_STATUS(self->rc, &which, st, CO_CALL(two_steps, &self->v, .v = 5),
                     CO_ON(co_ms(10)));
    rc_out = self->rc;
    res[0] = self->v;
    t_end = co_now();
    CO_END;
}

static void test_select_same_instant(void)
{
    for (int plain = 0; plain < 2; plain++) {
        reset();
        co_sched s = CO_SCHED_INIT;
        CHECK_EQ(CO_START(&ctx[0], &fut[0], sel_same, NULL), 0);
        if (plain)
            CHECK_EQ(run_plain(&ctx[0]), CO_STATE_DONE);
        else
            CHECK_EQ(co_sched_add(&s, &ctx[0]) || co_sched_run(&s), 0);
        CHECK_EQ(t_end, co_ms(10).ticks);
        CHECK_EQ(which, 0);
        CHECK_EQ(res[0], 5);
        CHECK_EQ(st[0], 0);
        CHECK_EQ(st[1], 0); /* it finished too: reported, not the winner */
    }
}

/* ---- losers unwound: mutex wait, timer, io wait --------------------------- */
static co_mutex mx = CO_MUTEX_INIT;
static co_io io;

struct holder { co_frame co; int dummy; };
CO_ASYNC(holder, void)
{
    CO_BEGIN(holder, self);
    CO_AWAIT(&mx);
    CO_AWAIT(co_ms(100));
    co_mutex_unlock(&mx);
    CO_END;
}

struct sel_losers { co_frame co; int rc; };
CO_ASYNC(sel_losers, void)
{
    CO_BEGIN(sel_losers, self);
    CO_SELECT_STATUS(self->rc, &which, st, CO_ON(&mx), CO_ON(co_ms(80)), CO_ON(&io),
                     CO_ON(co_ms(10)));
    rc_out = self->rc;
    t_end = co_now();
    CO_END;
}

static void test_select_losers_unwound(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_mutex_init(&mx);
    co_io_init(&io);
    co_io_arm(&io);
    CHECK_EQ(CO_SPAWN(&s, &ctx[1], &fut[1], holder, NULL), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctx[0], &fut[0], sel_losers, NULL), 0);
    CHECK_EQ(co_sched_run_until(&s, co_ms(10).ticks), CO_ETIMEDOUT);
    co_task_info info[8];
    CHECK_EQ(co_future_status(&fut[0]), 0);
    CHECK_EQ(co_sched_query(&s, info, 8), 1); /* the holder: the branches finished and left */
    CHECK_EQ(t_end, co_ms(10).ticks);
    CHECK_EQ(which, 3);
    CHECK_EQ(rc_out, 0);
    CHECK_EQ(st[0], CO_ECANCELED);
    CHECK_EQ(st[1], CO_ECANCELED);
    CHECK_EQ(st[2], CO_ECANCELED);
    CHECK_PTR(mx.waiters.head, NULL);
    CHECK_PTR(co_mutex_owner(&mx), &ctx[1]);
    CHECK_EQ(co_sched_next_deadline(&s), co_ms(100).ticks); /* only the holder's timer */
    CHECK_EQ(s.armed, 0);                                   /* nobody waits on io */
    co_io_complete_isr(&io, 3);                             /* a late completion: harmless */
    CHECK_EQ(co_sched_run(&s), 0);
}

/* ---- a won mutex passes to the awaiting task ------------------------------ */
struct sel_mutex { co_frame co; int rc; };
CO_ASYNC(sel_mutex, void)
{
    CO_BEGIN(sel_mutex, self);
    CO_SELECT_STATUS(self->rc, &which, NULL, CO_ON(co_ms(500)), CO_ON(&mx));
    rc_out = self->rc;
    res[0] = co_mutex_owner(&mx) == CO_CONTEXT();
    if (self->rc == 0 && co_mutex_unlock(&mx) != 0)
        CO_FAIL(CO_EINVAL);
    CO_END;
}

static void test_select_wins_mutex(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_mutex_init(&mx);
    CHECK_EQ(CO_SPAWN(&s, &ctx[1], &fut[1], holder, NULL), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctx[0], &fut[0], sel_mutex, NULL), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(which, 1);
    CHECK_EQ(rc_out, 0);
    CHECK_EQ(res[0], 1);
    CHECK_EQ(co_future_status(&fut[0]), 0);
    CHECK_PTR(co_mutex_owner(&mx), NULL);
}

/* ---- a join keeps a won mutex only when it succeeds ----------------------- */
struct join_mutex { co_frame co; int fail; int rc; };
CO_ASYNC(join_mutex, void)
{
    CO_BEGIN(join_mutex, self);
    CO_JOIN_STATUS(self->rc, CO_JOIN_ALL, st, CO_ON(&mx),
                   CO_CALL(sleeper, NULL, .d = co_ms(5), .v = self->fail ? CO_EIO : 0));
    rc_out = self->rc;
    res[0] = co_mutex_owner(&mx) == CO_CONTEXT();
    if (self->rc == 0)
        co_mutex_unlock(&mx);
    CO_END;
}

static void test_join_mutex(void)
{
    for (int fail = 0; fail < 2; fail++) {
        reset();
        co_sched s = CO_SCHED_INIT;
        co_mutex_init(&mx);
        CHECK_EQ(CO_SPAWN(&s, &ctx[0], &fut[0], join_mutex, NULL, .fail = fail), 0);
        CHECK_EQ(co_sched_run(&s), 0);
        CHECK_EQ(co_future_status(&fut[0]), 0);
        CHECK_EQ(rc_out, fail ? CO_EIO : 0);
        CHECK_EQ(res[0], !fail);
        CHECK_EQ(st[0], fail ? CO_ECANCELED : 0); /* its result was not kept */
        CHECK_PTR(co_mutex_owner(&mx), NULL);
        CHECK_EQ(ctx[0].held, 0);
    }
}

/* ---- nested join inside a select branch ----------------------------------- */
struct inner_join { co_frame co; int *out; };
CO_ASYNC(inner_join, int)
{
    CO_BEGIN(inner_join, self);
    CO_JOIN(CO_JOIN_ALL, NULL, CO_CALL(sleeper, &self->out[0], .d = co_ms(10), .v = 11),
            CO_CALL(sleeper, &self->out[1], .d = co_ms(25), .v = 12));
    CO_RETURN(self->out[0] + self->out[1]);
    CO_END;
}

#define INNER_BYTES                                                            \
    (CO__SLOT(sizeof(struct inner_join)) +                                     \
     CO__SLOT(CO__JOIN_HEAD + 2 * CO__BRANCH_HEAD + 2 * CO__SLOT(sizeof(struct sleeper))))

struct nested { co_frame co; co_duration limit; int sum; int rc; };
CO_ASYNC(nested, void)
{
    CO_BEGIN(nested, self);
    CO_SELECT_STATUS(self->rc, &which, NULL,
                     CO_CALL_IN(INNER_BYTES, inner_join, &self->sum, .out = res),
                     CO_ON(self->limit));
    rc_out = self->rc;
    st[0] = self->sum;
    t_end = co_now();
    CO_END;
}

static void test_nested(void)
{
    for (int plain = 0; plain < 2; plain++)
        for (int cut = 0; cut < 2; cut++) {
            reset();
            co_sched s = CO_SCHED_INIT;
            memset(res, 0, sizeof res);
            st[0] = 0;
            CHECK_EQ(CO_START(&ctx[0], &fut[0], nested, NULL,
                              .limit = co_ms(cut ? 15 : 40)), 0);
            if (plain)
                CHECK_EQ(run_plain(&ctx[0]), CO_STATE_DONE);
            else
                CHECK_EQ(co_sched_add(&s, &ctx[0]) || co_sched_run(&s), 0);
            CHECK_EQ(co_future_status(&fut[0]), 0);
            CHECK_EQ(which, cut ? 1 : 0);
            CHECK_EQ(t_end, co_ms(cut ? 15 : 25).ticks);
            CHECK_EQ(st[0], cut ? 0 : 23);
            CHECK_EQ(res[0], 11);             /* the first inner branch finished */
            CHECK_EQ(res[1], cut ? 0 : 12);   /* the second was cancelled */
            CHECK_HIGH_WATER(&ctx[0],
                     CO__SLOT(sizeof(struct nested)) +
                         CO__SLOT(CO__JOIN_HEAD + 2 * CO__BRANCH_HEAD + INNER_BYTES +
                                  CO__SLOT(sizeof(struct co__on))));
            if (!plain)
                CHECK_EQ(co_sched_next_deadline(&s), CO_TIME_NEVER);
        }
}

/* ---- CO_ENOMEM when the buffer cannot hold the branches ------------------- */
static void test_enomem(void)
{
    static _Alignas(8) unsigned char small[CO__SLOT(sizeof(struct join3)) + CO__JOIN_HEAD +
                                           3 * CO__BRANCH_HEAD];
    co_host_clock_simulated(0);
    co_context c;
    co_context_init(&c, small, sizeof small);
    CHECK_EQ(CO_START(&c, &fut[0], join3, NULL), 0);
    rc_out = 1;
    CHECK_EQ(co_resume(&c), CO_STATE_DONE);
    CHECK_EQ(co_future_status(&fut[0]), 0);
    CHECK_EQ(rc_out, CO_ENOMEM);
    /* one more sleeper frame each and it fits */
    static _Alignas(8) unsigned char enough[CO__SLOT(sizeof(struct join3)) +
                                            CO__SLOT(CO__JOIN_HEAD + 3 * CO__BRANCH_HEAD +
                                                     3 * CO__SLOT(sizeof(struct sleeper)))];
    co_context_init(&c, enough, sizeof enough);
    CHECK_EQ(CO_START(&c, &fut[0], join3, NULL), 0);
    CHECK_EQ(run_plain(&c), CO_STATE_DONE);
    CHECK_EQ(rc_out, 0);
    CHECK_HIGH_WATER(&c, sizeof enough);
}

/* ---- cancel of the parent mid-join ---------------------------------------- */
struct canceller { co_frame co; co_context *victim; };
CO_ASYNC(canceller, void)
{
    CO_BEGIN(canceller, self);
    CO_AWAIT(co_ms(15));
    co_cancel(self->victim);
    CO_END;
}

static void test_cancel_parent(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    memset(res, 0, sizeof res);
    rc_out = 1;
    CHECK_EQ(CO_SPAWN(&s, &ctx[0], &fut[0], join3, NULL), 0);
    CHECK_EQ(CO_SPAWN(&s, &ctx[1], &fut[1], canceller, NULL, .victim = &ctx[0]), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    /* join3 handles the join's status and returns 0, but a cancelled
     * task's future is CO_ECANCELED whatever it returns (runtime.md) */
    CHECK_EQ(co_future_status(&fut[0]), CO_ECANCELED);
    CHECK_EQ(rc_out, CO_ECANCELED);
    CHECK_EQ(t_end, co_ms(15).ticks);
    CHECK_EQ(res[0], 1); /* finished before the cancel */
    CHECK_EQ(res[1], 0);
    CHECK_EQ(res[2], 0);
    CHECK_EQ(co_now(), co_ms(15).ticks); /* nothing waited for the cancelled sleeps */
    CHECK_EQ(co_sched_next_deadline(&s), CO_TIME_NEVER);

    /* the same without a scheduler */
    reset();
    memset(res, 0, sizeof res);
    CHECK_EQ(CO_START(&ctx[0], &fut[0], join3, NULL), 0);
    CHECK_EQ(co_resume(&ctx[0]), CO_STATE_TIME);
    co_host_clock_advance(co_ms(10));
    co_wake(&ctx[0], 0);
    CHECK_EQ(co_resume(&ctx[0]), CO_STATE_TIME);
    CHECK_EQ(res[0], 1);
    CHECK_EQ(co_cancel(&ctx[0]), 0);
    CHECK_EQ(co_resume(&ctx[0]), CO_STATE_DONE);
    CHECK_EQ(rc_out, CO_ECANCELED);
    CHECK_EQ(res[1], 0);
}

/* ---- a branch ready at once: the await does not suspend ---------------- */
static void test_select_ready_at_once(void)
{
    for (int plain = 0; plain < 2; plain++) {
        reset();
        co_sched s = CO_SCHED_INIT;
        co_chan_init(&ch, store, sizeof store[0], 4);
        int v = 42;
        CHECK_EQ(co_chan_send_try(&ch, &v), 0);
        msg = 0;
        CHECK_EQ(CO_START(&ctx[0], &fut[0], sel_chan, NULL), 0);
        if (plain) {
            CHECK_EQ(co_resume(&ctx[0]), CO_STATE_DONE); /* one resume, no wait */
        } else {
            CHECK_EQ(co_sched_add(&s, &ctx[0]), 0);
            CHECK_EQ(co_sched_poll(&s), 1); /* ran once, finished */
            CHECK_EQ(s.live, 0);
            CHECK_EQ(co_sched_next_deadline(&s), CO_TIME_NEVER); /* no timer was armed */
        }
        CHECK_EQ(which, 0);
        CHECK_EQ(rc_out, 0);
        CHECK_EQ(msg, 42);
        CHECK_EQ(st[1], CO_ECANCELED); /* the timeout never ran */
        CHECK_EQ(co_used(&ctx[0]), 0);
    }
}

/* ---- observing: the query and the dump show branches under the parent -- */
static char text[4096];
static size_t text_n;
static void collect(void *arg, const char *t, size_t n)
{
    (void)arg;
    if (text_n + n < sizeof text) {
        memcpy(text + text_n, t, n);
        text_n += n;
        text[text_n] = 0;
    }
}

static void test_observe(void)
{
    reset();
    co_sched s = CO_SCHED_INIT;
    co_context_set_name(&ctx[0], "parent");
    CHECK_EQ(CO_SPAWN(&s, &ctx[0], &fut[0], join3, NULL), 0);
    CHECK_EQ(co_sched_run_until(&s, co_ms(15).ticks), CO_ETIMEDOUT);
    co_task_info info[8];
    CHECK_EQ(co_sched_query(&s, info, 8), 3); /* the parent and two branches left */
    CHECK_PTR(info[0].ctx, &ctx[0]);
    CHECK_EQ(info[0].state, CO_STATE_SYNC);
    CHECK_STR(info[0].kind, "join");
    CHECK_EQ(info[0].branches, 3);
    CHECK_PTR(info[0].parent, NULL);
    for (int i = 1; i < 3; i++) {
        CHECK_PTR(info[i].parent, &ctx[0]);
        CHECK_EQ(info[i].state, CO_STATE_TIME);
        CHECK_EQ(info[i].branches, 0);
    }
    text_n = 0;
    co_dump(&s, collect, NULL);
    if (getenv("RT_JOIN_DUMP"))
        fputs(text, stdout);
    CHECK_TRUE(strstr(text, "parent: sync on join") != NULL);
    CHECK_TRUE(strstr(text, "\n  branch of parent: time") != NULL);
    CHECK_TRUE(strstr(text, "\n  branch of parent: done") != NULL); /* the finished one */
    CHECK_EQ(co_sched_run(&s), 0);
}

int main(void)
{
    test_join3_sched();
    test_join3_plain();
    test_join_policies();
    test_select_chan_timeout();
    test_timeout();
    test_select_same_instant();
    test_select_losers_unwound();
    test_select_wins_mutex();
    test_join_mutex();
    test_nested();
    test_enomem();
    test_cancel_parent();
    test_observe();
    test_select_ready_at_once();
    if (test_failures)
        printf("%d failure(s)\n", test_failures);
    else
        printf("ok\n");
    return test_failures ? 1 : 0;
}
