/* Contract checks: misuse reaches the installed hook with its number, the
 * failing call returns without harm, and the context stays usable. */
#include <costack.h>
#include "test.h"

static int last_id, calls;
static void record_contract(int id, const char *text)
{
    last_id = id;
    calls++;
    (void)text;
}

struct once { co_frame co; int n; };
CO_ASYNC(once, int)
{
    CO_BEGIN(once, self);
    CO_YIELD();
    CO_RETURN(self->n);
    CO_END;
}

static void test_resume_finished(void)
{
    co_contract_fn *old = co_set_contract_handler(record_contract);
    _Alignas(8) unsigned char buf[128];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    calls = 0;
    CHECK_EQ(co_resume(&ctx), CO_STATE_DONE); /* never started */
    CHECK_EQ(calls, 1);
    CHECK_EQ(last_id, CO_CONTRACT_RESUME_DONE);
    int out = 0;
    CHECK_EQ(CO_START(&ctx, NULL, once, &out, .n = 3), 0);
    CHECK_EQ(CO_START(&ctx, NULL, once, &out, .n = 4), CO_EBUSY); /* busy */
    CHECK_EQ(last_id, CO_CONTRACT_START_BUSY);
    while (co_resume(&ctx) != CO_STATE_DONE) {
    }
    CHECK_EQ(out, 3);
    CHECK_EQ(co_resume(&ctx), CO_STATE_DONE); /* finished */
    CHECK_EQ(last_id, CO_CONTRACT_RESUME_DONE);
    CHECK_EQ(calls, 3);
    co_set_contract_handler(old);
}

/* CO_FAIL with a non-negative status is misuse: reported, becomes EINVAL. */
struct bad_fail { co_frame co; int dummy; };
CO_ASYNC(bad_fail, void)
{
    CO_BEGIN(bad_fail, self);
    CO_FAIL(5);
    CO_END;
}

static void test_fail_not_negative(void)
{
    co_contract_fn *old = co_set_contract_handler(record_contract);
    _Alignas(8) unsigned char buf[128];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    co_future fut;
    calls = 0;
    CHECK_EQ(CO_START(&ctx, &fut, bad_fail, NULL), 0);
    CHECK_EQ(co_resume(&ctx), CO_STATE_DONE);
    CHECK_EQ(calls, 1);
    CHECK_EQ(last_id, CO_CONTRACT_FAIL_NOT_NEGATIVE);
    CHECK_EQ(co_future_status(&fut), CO_EINVAL);
    co_set_contract_handler(old);
}

/* Awaiting from a frame of another context: the push is refused. */
static co_context *other_ctx;
static int other_status;
struct intruder { co_frame co; int dummy; };
CO_ASYNC(intruder, void)
{
    CO_BEGIN(intruder, self);
    CO_END;
}
struct meddler { co_frame co; int dummy; };
CO_ASYNC(meddler, void)
{
    CO_BEGIN(meddler, self);
    {
        /* Simulate code of another context awaiting on this one's frame:
         * call the await machinery with the wrong context. */
        co_context *const co__ctx_saved = co__ctx;
        co_context *co__ctx_wrong = other_ctx;
        other_status = co__push(co__ctx_wrong, co__f, 64) == NULL ? co__ctx_wrong->rc : 0;
        (void)co__ctx_saved;
    }
    CO_END;
}

static void test_await_wrong_context(void)
{
    co_contract_fn *old = co_set_contract_handler(record_contract);
    _Alignas(8) unsigned char b1[128], b2[128];
    co_context a, b;
    co_context_init(&a, b1, sizeof b1);
    co_context_init(&b, b2, sizeof b2);
    other_ctx = &b;
    calls = 0;
    CHECK_EQ(CO_START(&b, NULL, intruder, NULL), 0);
    CHECK_EQ(CO_START(&a, NULL, meddler, NULL), 0);
    CHECK_EQ(co_resume(&a), CO_STATE_DONE);
    CHECK_EQ(calls, 1);
    CHECK_EQ(last_id, CO_CONTRACT_AWAIT_NOT_LEAF);
    CHECK_EQ(other_status, CO_EINVAL);
    CHECK_EQ(co_used(&b), CO__SLOT(sizeof(struct intruder))); /* untouched */
    CHECK_EQ(co_resume(&b), CO_STATE_DONE);
    co_set_contract_handler(old);
}

/* A frame that writes past its end is caught by the canary. */
struct overrun { co_frame co; unsigned char data[8]; };
CO_ASYNC(overrun, void)
{
    CO_BEGIN(overrun, self);
    CO_YIELD();
    /* Deliberate bug: write past the frame into the canary. */
    unsigned char *p = (unsigned char *)self;
    p[CO__SLOT(sizeof(struct overrun)) - 1] ^= 0xFFu;
    CO_END;
}

static void test_canary(void)
{
#if !CO_CONFIG_CANARY
    TEST_SKIP("built without CO_CONFIG_CANARY");
#else
    co_contract_fn *old = co_set_contract_handler(record_contract);
    _Alignas(8) unsigned char buf[128];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    co_future fut;
    calls = 0;
    CHECK_EQ(CO_START(&ctx, &fut, overrun, NULL), 0);
    CHECK_EQ(co_resume(&ctx), CO_STATE_READY);
    CHECK_EQ(calls, 0);
    CHECK_EQ(co_resume(&ctx), CO_STATE_DONE);
    CHECK_EQ(calls, 1);
    CHECK_EQ(last_id, CO_CONTRACT_FRAME_OVERRUN);
    CHECK_EQ(co_future_status(&fut), CO_EINVAL);
    CHECK_EQ(co_used(&ctx), 0);
    /* The freed frame is poisoned. */
    CHECK_EQ(buf[sizeof(co_frame)], 0xA5);
    co_set_contract_handler(old);
#endif
}

static void test_contract_texts(void)
{
    CHECK_STR(co_contract_text(CO_CONTRACT_RESUME_DONE),
              "co_resume on a finished or never-started context");
    CHECK_STR(co_contract_text(999), "unknown");
}

TEST_MAIN(TEST_CASE(test_resume_finished), TEST_CASE(test_fail_not_negative),
          TEST_CASE(test_await_wrong_context), TEST_CASE(test_canary),
          TEST_CASE(test_contract_texts))
