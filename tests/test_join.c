/* Join, select and timeout with only portable pieces (yields, a semaphore,
 * a short real sleep), so the target stage runs them under QEMU too: both
 * the plain co_resume loop and co_sched, results, the winner, losers
 * unwound, the buffer's high-water mark equal to the join frame's size,
 * CO_ENOMEM, and cancelling the task mid-join. */
#include <costack.h>
#include "test.h"

static _Alignas(8) unsigned char buf[2][2048];
static co_context ctx[2];
static co_future fut[2];

struct yielder { co_frame co; int n, v; };
CO_ASYNC(yielder, int)
{
    CO_BEGIN(yielder, self);
    while (self->n-- > 0)
        CO_YIELD();
    CO_RETURN(self->v);
    CO_END;
}

static int res[4], st[4], which, rc_out;

struct joiner { co_frame co; int rc; };
CO_ASYNC(joiner, void)
{
    CO_BEGIN(joiner, self);
    CO_JOIN_STATUS(self->rc, CO_JOIN_ALL, st, CO_CALL(yielder, &res[0], .n = 1, .v = 10),
                   CO_CALL(yielder, &res[1], .n = 3, .v = 11),
                   CO_CALL(yielder, &res[2], .n = 2, .v = 12));
    rc_out = self->rc;
    CO_END;
}

#define JOIN3_BYTES                                                            \
    (CO__SLOT(sizeof(struct joiner)) +                                         \
     CO__SLOT(CO__JOIN_HEAD + 3 * (CO__BRANCH_HEAD + CO__SLOT(sizeof(struct yielder)))))

/* A static task: the analyser bounds it (stage 60 compares that bound
 * with the high-water mark this prints, on each target). */
CO_TASK(join_task, joiner, 2048);

static void test_join_plain(void)
{
    CHECK_EQ(CO_START(&join_task, &fut[0], joiner, NULL), 0);
    int resumes = 0;
    while (co_resume(&join_task) != CO_STATE_DONE && resumes < 100)
        resumes++;
    CHECK_EQ(resumes, 3); /* one resume advances every branch: the longest yields 3 times */
    CHECK_EQ(rc_out, 0);
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(res[i], 10 + i);
        CHECK_EQ(st[i], 0);
    }
    CHECK_HIGH_WATER(&join_task, JOIN3_BYTES);
    CHECK_EQ(co_used(&join_task), 0);
    printf("task join_task %lu\n", (unsigned long)co_high_water(&join_task));
}

static void test_enomem(void)
{
    static _Alignas(8) unsigned char small[JOIN3_BYTES - 8];
    co_context c;
    co_context_init(&c, small, sizeof small);
    rc_out = 1;
    CHECK_EQ(CO_START(&c, &fut[0], joiner, NULL), 0);
    CHECK_EQ(co_resume(&c), CO_STATE_DONE);
    CHECK_EQ(rc_out, CO_ENOMEM);
}

struct selector { co_frame co; int rc; };
CO_ASYNC(selector, void)
{
    CO_BEGIN(selector, self);
    CO_SELECT_STATUS(self->rc, &which, st, CO_CALL(yielder, &res[0], .n = 3, .v = 1),
                     CO_CALL(yielder, &res[1], .n = 1, .v = 2));
    rc_out = self->rc;
    CO_END;
}

static void test_select_plain(void)
{
    res[0] = res[1] = 0;
    co_context_init(&ctx[0], buf[0], sizeof buf[0]);
    CHECK_EQ(CO_START(&ctx[0], &fut[0], selector, NULL), 0);
    while (co_resume(&ctx[0]) != CO_STATE_DONE) {
    }
    CHECK_EQ(which, 1);
    CHECK_EQ(rc_out, 0);
    CHECK_EQ(res[1], 2);
    CHECK_EQ(res[0], 0);
    CHECK_EQ(st[0], CO_ECANCELED); /* unwound at its next yield */
}

static void test_cancel_mid_join(void)
{
    co_context_init(&ctx[0], buf[0], sizeof buf[0]);
    rc_out = 1;
    res[1] = 0;
    CHECK_EQ(CO_START(&ctx[0], &fut[0], joiner, NULL), 0);
    CHECK_EQ(co_resume(&ctx[0]), CO_STATE_READY);
    CHECK_EQ(co_cancel(&ctx[0]), 0);
    CHECK_EQ(co_resume(&ctx[0]), CO_STATE_DONE);
    CHECK_EQ(rc_out, CO_ECANCELED);
    CHECK_EQ(res[1], 0);
    CHECK_EQ(co_used(&ctx[0]), 0);
}

/* Under co_sched: one branch waits for the semaphore another gives; a
 * timeout around a semaphore nobody gives. */
static co_sem sem = CO_SEM_INIT(0, 1);
struct giver { co_frame co; int dummy; };
CO_ASYNC(giver, void)
{
    CO_BEGIN(giver, self);
    CO_YIELD();
    co_sem_give(&sem);
    CO_END;
}

struct sched_user { co_frame co; int rc; };
CO_ASYNC(sched_user, void)
{
    CO_BEGIN(sched_user, self);
    CO_JOIN(CO_JOIN_ALL, st, CO_ON(&sem), CO_CALL(giver, NULL));
    CO_TIMEOUT_STATUS(self->rc, co_ms(2), CO_ON(&sem));
    rc_out = self->rc;
    CO_END;
}

static void test_sched(void)
{
    co_sched s = CO_SCHED_INIT;
    co_sem_init(&sem, 0, 1);
    co_context_init(&ctx[0], buf[0], sizeof buf[0]);
    CHECK_EQ(CO_SPAWN(&s, &ctx[0], &fut[0], sched_user, NULL), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(co_future_status(&fut[0]), 0);
    CHECK_EQ(st[0], 0);
    CHECK_EQ(st[1], 0);
    CHECK_EQ(rc_out, CO_ETIMEDOUT);
    CHECK_PTR(sem.waiters.head, NULL);
    CHECK_EQ(co_sched_next_deadline(&s), CO_TIME_NEVER);
}

TEST_MAIN(TEST_CASE(test_join_plain), TEST_CASE(test_enomem), TEST_CASE(test_select_plain),
          TEST_CASE(test_cancel_mid_join), TEST_CASE(test_sched))
