/* A driver's own io awaitable plugs into the scheduler through its wait
 * table (co_wait_ops) and is treated like co_io: the views name its kind
 * and object, a completion that beats the timeout counts, cancel and
 * timeout undo the wait, and a wait on it is never taken for a deadlock. */
#include <costack.h>
#include <costack_host.h>
#include "test.h"

/* An ADC conversion: the "ISR" stores the value, then co_unblock()s. */
struct adc {
    co_awaitable aw;
    const char *name;
    co_context *waiter;
    int done;
    int32_t value;
    int unlinked;
};

static void adc_unlink(co_context *ctx)
{
    struct adc *a = (struct adc *)(uintptr_t)ctx->wait.object;
    a->waiter = NULL;
    a->unlinked++;
}
static int adc_status(const void *o) { return ((const struct adc *)o)->done ? 0 : CO_PENDING; }
static const co_wait_ops adc_ops = {"adc", adc_unlink, adc_status, NULL,
                                    CO_WAIT_AT(struct adc, name), 0, 0};

static co_duration adc_timeout;
static int adc_await(co_awaitable *aw, co_context *ctx)
{
    struct adc *a = (struct adc *)(void *)aw;
    if (a->done)
        return 0;
    a->waiter = ctx;
    co_time at = adc_timeout.ticks ? co_time_add(co_port_now(), adc_timeout) : CO_TIME_NEVER;
    return co_block(ctx, CO_STATE_IO, a, at, &adc_ops);
}

static void adc_complete(struct adc *a, int32_t v)
{
    a->value = v;
    a->done = 1;
    if (a->waiter)
        co_unblock(a->waiter);
}

static struct adc adc0 = {{adc_await}, "adc0", NULL, 0, 0, 0};

static int seen_rc;
static int32_t seen_v;
struct reader { co_frame co; int rc; };
CO_ASYNC(reader, void)
{
    CO_BEGIN(reader, self);
    CO_AWAIT_STATUS(self->rc, &adc0.aw);
    seen_rc = self->rc;
    seen_v = adc0.value;
    CO_END;
}

static _Alignas(8) unsigned char buf[256];
static co_context ctx;
static co_future fut;

static void start(co_sched *s, co_duration timeout)
{
    adc0.waiter = NULL;
    adc0.done = 0;
    adc0.value = 0;
    adc0.unlinked = 0;
    seen_rc = 99;
    seen_v = -1;
    adc_timeout = timeout;
    co_context_init(&ctx, buf, sizeof buf);
    CHECK_EQ(CO_SPAWN(s, &ctx, &fut, reader, NULL), 0);
    co_sched_poll(s);
    CHECK_EQ(co_state_of(&ctx), CO_STATE_IO);
}

static void test_views_and_completion(void)
{
    co_sched s = CO_SCHED_INIT;
    start(&s, co_ms(0));
    co_task_info i = co_task_describe(&ctx);
    CHECK_STR(i.kind, "adc");
    CHECK_STR(i.object_name, "adc0");
    CHECK_PTR(i.object, &adc0);
    /* Nothing ready, no timer: still no deadlock, an ISR may end it. */
    CHECK_EQ(co_sched_run_until(&s, co_time_add(co_port_now(), co_ms(5))), CO_ETIMEDOUT);
    adc_complete(&adc0, 1234);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(co_future_status(&fut), 0);
    CHECK_EQ(seen_rc, 0);
    CHECK_EQ(seen_v, 1234);
    CHECK_EQ(adc0.unlinked, 1); /* the delivered wake undid the wait too */
}

static void test_completion_beats_timeout(void)
{
    co_sched s = CO_SCHED_INIT;
    start(&s, co_ms(50));
    /* The conversion finished, but its wake has not been delivered when
     * the deadline passes: the completion counts, not CO_ETIMEDOUT. */
    adc0.value = 77;
    adc0.done = 1;
    co_host_clock_advance(co_ms(60));
    co_sched_poll(&s);
    CHECK_EQ(co_state_of(&ctx), CO_STATE_DONE);
    CHECK_EQ(seen_rc, 0);
    CHECK_EQ(seen_v, 77);
    CHECK_EQ(adc0.unlinked, 1);
}

static void test_timeout_and_cancel(void)
{
    co_sched s = CO_SCHED_INIT;
    start(&s, co_ms(50));
    co_host_clock_advance(co_ms(60));
    co_sched_poll(&s);
    CHECK_EQ(co_state_of(&ctx), CO_STATE_DONE);
    CHECK_EQ(seen_rc, CO_ETIMEDOUT);
    CHECK_EQ(adc0.unlinked, 1);
    CHECK_PTR(adc0.waiter, NULL);

    start(&s, co_ms(0));
    CHECK_EQ(co_cancel(&ctx), 0);
    CHECK_EQ(adc0.unlinked, 1);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(co_future_status(&fut), CO_ECANCELED);
}

static void setup(void) { co_host_clock_simulated(0); }

TEST_MAIN(TEST_CASE(setup), TEST_CASE(test_views_and_completion),
          TEST_CASE(test_completion_beats_timeout), TEST_CASE(test_timeout_and_cancel))
