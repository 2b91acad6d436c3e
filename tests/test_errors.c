/* Errors: propagation by default, handling with CO_AWAIT_STATUS, out of
 * buffer as CO_ENOMEM, fault injection at every push, cancellation at
 * every suspension point of a multi-level program. */
#include <costack.h>
#include "test.h"

#define E_SENSOR (CO_EUSER - 1)

/* A leaf that may yield, then may fail. */
struct step { co_frame co; int fail; int yield; int v; };
CO_ASYNC(step, int)
{
    CO_BEGIN(step, self);
    if (self->yield)
        CO_YIELD();
    if (self->fail)
        CO_FAIL(self->fail);
    CO_RETURN(self->v);
    CO_END;
}

/* Propagates by default: its own code after the failing await never runs. */
static int after_failure_ran;
struct middle { co_frame co; int fail; int yield; int r; };
CO_ASYNC(middle, int)
{
    CO_BEGIN(middle, self);
    CO_AWAIT(step, &self->r, .fail = self->fail, .yield = self->yield, .v = 5);
    after_failure_ran = 1;
    CO_RETURN(self->r * 10);
    CO_END;
}

/* Handles the error and recovers with a fallback. */
struct handler { co_frame co; int fail; int yield; int r; int status; };
CO_ASYNC(handler, int)
{
    CO_BEGIN(handler, self);
    CO_AWAIT_STATUS(self->status, middle, &self->r, .fail = self->fail, .yield = self->yield);
    if (self->status == E_SENSOR)
        CO_RETURN(-1);
    if (self->status < 0)
        CO_FAIL(self->status);
    CO_RETURN(self->r);
    CO_END;
}

static int run_to_end(co_context *ctx)
{
    int guard = 0;
    while (co_resume(ctx) != CO_STATE_DONE && guard < 1000)
        guard++;
    return guard;
}

static void test_propagates(void)
{
    _Alignas(8) unsigned char buf[256];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    for (int yield = 0; yield <= 1; yield++) {
        co_future fut;
        int out = 1234;
        after_failure_ran = 0;
        CHECK_EQ(CO_START(&ctx, &fut, middle, &out, .fail = E_SENSOR, .yield = yield), 0);
        run_to_end(&ctx);
        CHECK_EQ(co_future_status(&fut), E_SENSOR);
        CHECK_EQ(out, 1234); /* no result written on failure */
        CHECK_EQ(after_failure_ran, 0);
        CHECK_EQ(co_used(&ctx), 0);
    }
}

static void test_handled(void)
{
    _Alignas(8) unsigned char buf[256];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    for (int yield = 0; yield <= 1; yield++) {
        co_future fut;
        int out = 0;
        CHECK_EQ(CO_START(&ctx, &fut, handler, &out, .fail = E_SENSOR, .yield = yield), 0);
        run_to_end(&ctx);
        CHECK_EQ(co_future_status(&fut), 0);
        CHECK_EQ(out, -1);
        CHECK_EQ(CO_START(&ctx, &fut, handler, &out, .fail = 0, .yield = yield), 0);
        run_to_end(&ctx);
        CHECK_EQ(co_future_status(&fut), 0);
        CHECK_EQ(out, 50);
        CHECK_EQ(CO_START(&ctx, &fut, handler, &out, .fail = CO_EIO, .yield = yield), 0);
        run_to_end(&ctx);
        CHECK_EQ(co_future_status(&fut), CO_EIO);
    }
}

/* Out of buffer: the buffer holds handler + middle but not step. */
static void test_enomem_reaches_caller(void)
{
    size_t two = CO__SLOT(sizeof(struct handler)) + CO__SLOT(sizeof(struct middle));
    _Alignas(8) unsigned char buf[512];
    co_context ctx;
    co_context_init(&ctx, buf, two + CO__SLOT(sizeof(struct step)) - 1);
    co_future fut;
    int out = 0;
    CHECK_EQ(CO_START(&ctx, &fut, handler, &out, .fail = 0), 0);
    CHECK_EQ(co_resume(&ctx), CO_STATE_DONE);
    CHECK_EQ(co_future_status(&fut), CO_ENOMEM);
    CHECK_EQ(co_used(&ctx), 0);
    CHECK_HIGH_WATER(&ctx, two);
    /* Root frame does not fit at all: the start fails, the future says so. */
    co_context_init(&ctx, buf, CO__SLOT(sizeof(struct handler)) - 1);
    CHECK_EQ(CO_START(&ctx, &fut, handler, &out, .fail = 0), CO_ENOMEM);
    CHECK_EQ(co_future_status(&fut), CO_ENOMEM);
    CHECK_EQ(co_state_of(&ctx), CO_STATE_DONE);
    /* One byte more and it runs to completion. */
    co_context_init(&ctx, buf, two + CO__SLOT(sizeof(struct step)));
    CHECK_EQ(CO_START(&ctx, &fut, handler, &out, .fail = 0, .yield = 1), 0);
    run_to_end(&ctx);
    CHECK_EQ(co_future_status(&fut), 0);
    CHECK_EQ(out, 50);
}

/* A deeper program with several pushes and suspensions per level. */
struct tree { co_frame co; int depth; int i; int r; int sum; };
CO_ASYNC(tree, int)
{
    CO_BEGIN(tree, self);
    if (self->depth == 0) {
        CO_YIELD();
        CO_RETURN(1);
    }
    for (self->i = 0; self->i < 2; self->i++) {
        CO_AWAIT(tree, &self->r, .depth = self->depth - 1);
        self->sum += self->r;
        CO_YIELD();
    }
    CO_RETURN(self->sum);
    CO_END;
}

#if CO_CONFIG_FAULT_INJECTION
/* Pushes made by a full run of tree(depth): 2^(depth+1) - 2 awaits. */
static int tree_pushes(int depth) { return (1 << (depth + 1)) - 2; }
#endif

static void test_fault_injection_every_push(void)
{
#if !CO_CONFIG_FAULT_INJECTION
    TEST_SKIP("built without CO_CONFIG_FAULT_INJECTION");
#else
    _Alignas(8) unsigned char buf[1024];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    const int depth = 3, pushes = tree_pushes(depth);
    for (int k = 1; k <= pushes + 1; k++) {
        co_future fut;
        int out = 0;
        CHECK_EQ(CO_START(&ctx, &fut, tree, &out, .depth = depth), 0);
        co_debug_fail_push(&ctx, (uint32_t)k);
        run_to_end(&ctx);
        if (k <= pushes) {
            CHECK_EQ(co_future_status(&fut), CO_ENOMEM);
        } else { /* armed past the last push: nothing fails */
            CHECK_EQ(co_future_status(&fut), 0);
            CHECK_EQ(out, 1 << depth);
        }
        CHECK_EQ(co_used(&ctx), 0);
        co_debug_fail_push(&ctx, 0);
    }
    /* Still reusable after all that. */
    co_future fut;
    int out = 0;
    CHECK_EQ(CO_START(&ctx, &fut, tree, &out, .depth = depth), 0);
    run_to_end(&ctx);
    CHECK_EQ(out, 1 << depth);
#endif
}

/* Cancel after n suspensions, for every n the program has: every wait
 * after the cancel fails, so the task unwinds in one resume. */
static void test_cancel_every_suspension(void)
{
    _Alignas(8) unsigned char buf[1024];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    const int depth = 3;
    co_future fut;
    int out = 0;
    CHECK_EQ(CO_START(&ctx, &fut, tree, &out, .depth = depth), 0);
    int total = run_to_end(&ctx); /* suspensions of a full run */
    CHECK_GT(total, 10);
    for (int n = 0; n <= total; n++) {
        out = 0;
        CHECK_EQ(CO_START(&ctx, &fut, tree, &out, .depth = depth), 0);
        int s = 0;
        while (s < n && co_resume(&ctx) != CO_STATE_DONE)
            s++;
        int was_done = co_state_of(&ctx) == CO_STATE_DONE;
        CHECK_EQ(co_cancel(&ctx), was_done ? CO_EINVAL : 0);
        if (co_state_of(&ctx) != CO_STATE_DONE)
            CHECK_EQ(co_resume(&ctx), CO_STATE_DONE); /* unwinds in one resume */
        /* After the last suspension no wait is left: the yield that ended
         * before the cancel keeps its result and the task returns, but a
         * cancelled task's future is CO_ECANCELED all the same. */
        CHECK_EQ(co_future_status(&fut), was_done ? 0 : CO_ECANCELED);
        CHECK_EQ(co_used(&ctx), 0);
    }
}

/* Cancel while blocked on an external object: the unlink hook runs. */
static int unlinked;
static void count_unlink(co_context *ctx) { (void)ctx; unlinked++; }
static const co_wait_ops gate_ops = {"gate", count_unlink, NULL, NULL, 0, 0, 0};
struct blocked { co_frame co; int status; int after; };
static int block_with_unlink(co_awaitable *aw, co_context *ctx)
{
    return co_block(ctx, CO_STATE_EXTERNAL, aw, CO_TIME_NEVER, &gate_ops);
}
static co_awaitable gate = {block_with_unlink};
CO_ASYNC(blocked, int)
{
    CO_BEGIN(blocked, self);
    CO_AWAIT_STATUS(self->status, &gate);
    self->after = 1; /* handling variant sees CO_ECANCELED */
    CO_AWAIT_STATUS(self->status, co_yield_now()); /* sticky: fails at once */
    if (self->status == CO_ECANCELED)
        CO_FAIL(CO_ECANCELED);
    CO_RETURN(1);
    CO_END;
}

static void test_cancel_blocked(void)
{
    _Alignas(8) unsigned char buf[128];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    co_future fut;
    int out = 0;
    unlinked = 0;
    CHECK_EQ(CO_START(&ctx, &fut, blocked, &out), 0);
    CHECK_EQ(co_resume(&ctx), CO_STATE_EXTERNAL);
    CHECK_PTR(ctx.wait.object, &gate);
    CHECK_EQ(co_resume(&ctx), CO_STATE_EXTERNAL); /* still blocked: nothing runs */
    CHECK_EQ(co_cancel(&ctx), 0);
    CHECK_EQ(unlinked, 1);
    CHECK_EQ(co_state_of(&ctx), CO_STATE_READY);
    CHECK_EQ(co_resume(&ctx), CO_STATE_DONE);
    CHECK_EQ(co_future_status(&fut), CO_ECANCELED);
    CHECK_EQ(co_used(&ctx), 0);
    /* A never-resumed task is finished at once, without running. */
    CHECK_EQ(CO_START(&ctx, &fut, blocked, &out), 0);
    CHECK_EQ(co_cancel(&ctx), 0);
    CHECK_EQ(co_state_of(&ctx), CO_STATE_DONE);
    CHECK_EQ(co_future_status(&fut), CO_ECANCELED);
    CHECK_EQ(unlinked, 1);
}

/* Unblocking: co_unblock makes a blocked context ready, with status 0. */
static void test_unblock(void)
{
    _Alignas(8) unsigned char buf[128];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    co_future fut;
    int out = 0;
    CHECK_EQ(CO_START(&ctx, &fut, blocked, &out), 0);
    CHECK_EQ(co_unblock(&ctx), 0); /* ready, not blocked: nothing to do */
    CHECK_EQ(co_resume(&ctx), CO_STATE_EXTERNAL);
    CHECK_EQ(co_unblock(&ctx), 1);
    CHECK_EQ(co_resume(&ctx), CO_STATE_READY); /* yielded after the gate */
    CHECK_EQ(co_resume(&ctx), CO_STATE_DONE);
    CHECK_EQ(co_future_status(&fut), 0);
    CHECK_EQ(out, 1);
}

static void test_strerror(void)
{
    CHECK_STR(co_strerror(0), "success");
    CHECK_STR(co_strerror(CO_ENOMEM), "frame buffer exhausted");
    CHECK_STR(co_strerror(CO_ECANCELED), "operation cancelled");
    CHECK_STR(co_strerror(E_SENSOR), "application error");
    CHECK_STR(co_strerror(-50), "unknown error");
    CHECK_STR(co_state_name(CO_STATE_SYNC), "sync");
    /* Every code in the table is distinct and has its own text. */
#define DISTINCT(name, value, text) CHECK_STR(co_strerror(CO_##name), text);
    CO_ERRNO_MAP(DISTINCT)
#undef DISTINCT
}

TEST_MAIN(TEST_CASE(test_propagates), TEST_CASE(test_handled),
          TEST_CASE(test_enomem_reaches_caller), TEST_CASE(test_fault_injection_every_push),
          TEST_CASE(test_cancel_every_suspension), TEST_CASE(test_cancel_blocked),
          TEST_CASE(test_unblock), TEST_CASE(test_strerror))
