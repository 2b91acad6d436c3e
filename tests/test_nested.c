/* Nested awaits 5 deep with results at each level; loops and switch around
 * awaits; the synchronous fast path; high-water mark equals the frame sum. */
#include <costack.h>
#include "test.h"

static int resumes_seen; /* how often a frame suspended */

struct leaf { co_frame co; int x; int yield; };
CO_ASYNC(leaf, int)
{
    CO_BEGIN(leaf, self);
    if (self->yield) {
        resumes_seen++;
        CO_YIELD();
    }
    CO_RETURN(self->x + 1);
    CO_END;
}

struct level4 { co_frame co; int x; int yield; int r; };
CO_ASYNC(level4, int)
{
    CO_BEGIN(level4, self);
    CO_AWAIT(leaf, &self->r, .x = self->x, .yield = self->yield);
    CO_RETURN(self->r * 2);
    CO_END;
}

struct level3 { co_frame co; int x; int yield; int r; };
CO_ASYNC(level3, int)
{
    CO_BEGIN(level3, self);
    CO_AWAIT(level4, &self->r, .x = self->x, .yield = self->yield);
    CO_RETURN(self->r + 100);
    CO_END;
}

struct level2 { co_frame co; int x; int yield; int r; };
CO_ASYNC(level2, int)
{
    CO_BEGIN(level2, self);
    CO_AWAIT(level3, &self->r, .x = self->x, .yield = self->yield);
    CO_RETURN(self->r * 3);
    CO_END;
}

struct level1 { co_frame co; int x; int yield; long r; int tmp; };
CO_ASYNC(level1, long)
{
    CO_BEGIN(level1, self);
    CO_AWAIT(level2, &self->tmp, .x = self->x, .yield = self->yield);
    self->r = self->tmp;
    CO_RETURN(self->r - 1);
    CO_END;
}

/* ((x+1)*2+100)*3-1 */
static long expect(int x) { return (((long)x + 1) * 2 + 100) * 3 - 1; }

static void test_five_deep_sync(void)
{
    _Alignas(8) unsigned char buf[1024];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    co_future fut;
    long out = 0;
    resumes_seen = 0;
    CHECK_EQ(CO_START(&ctx, &fut, level1, &out, .x = 7), 0);
    CHECK_EQ(co_future_status(&fut), CO_PENDING);
    /* Everything completes without suspending: one resume finishes it. */
    CHECK_EQ(co_resume(&ctx), CO_STATE_DONE);
    CHECK_EQ(co_future_status(&fut), 0);
    CHECK_EQ(out, expect(7));
    CHECK_EQ(co_used(&ctx), 0);
    size_t sum = CO__SLOT(sizeof(struct level1)) + CO__SLOT(sizeof(struct level2)) +
                 CO__SLOT(sizeof(struct level3)) + CO__SLOT(sizeof(struct level4)) +
                 CO__SLOT(sizeof(struct leaf));
    CHECK_HIGH_WATER(&ctx, sum);
}

static void test_five_deep_suspending(void)
{
    _Alignas(8) unsigned char buf[1024];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    co_future fut;
    long out = 0;
    resumes_seen = 0;
    CHECK_EQ(CO_START(&ctx, &fut, level1, &out, .x = -3, .yield = 1), 0);
    CHECK_EQ(co_resume(&ctx), CO_STATE_READY); /* the leaf yielded */
    CHECK_EQ(resumes_seen, 1);
    CHECK_EQ(co_future_status(&fut), CO_PENDING);
    CHECK_TRUE(co_used(&ctx) > 0);
    CHECK_EQ(co_resume(&ctx), CO_STATE_DONE);
    CHECK_EQ(co_future_status(&fut), 0);
    CHECK_EQ(out, expect(-3));
    CHECK_EQ(co_used(&ctx), 0);
}

/* Awaits inside a for loop and a switch (computed goto back-end), or loop
 * only (switch back-end: an await may not sit inside a switch). */
struct looper { co_frame co; int n; int i; int acc; int r; };
CO_ASYNC(looper, int)
{
    CO_BEGIN(looper, self);
    for (self->i = 0; self->i < self->n; self->i++) {
#if CO_CONFIG_RESUME_GOTO
        switch (self->i % 3) {
        case 0:
            CO_AWAIT(leaf, &self->r, .x = self->i, .yield = 1);
            break;
        case 1:
            CO_YIELD();
            self->r = 1000;
            break;
        default:
            CO_AWAIT(leaf, &self->r, .x = -self->i);
            break;
        }
#else
        if (self->i % 3 == 0) {
            CO_AWAIT(leaf, &self->r, .x = self->i, .yield = 1);
        } else if (self->i % 3 == 1) {
            CO_YIELD();
            self->r = 1000;
        } else {
            CO_AWAIT(leaf, &self->r, .x = -self->i);
        }
#endif
        self->acc += self->r;
    }
    CO_RETURN(self->acc);
    CO_END;
}

static void test_loops_and_switch(void)
{
    _Alignas(8) unsigned char buf[256];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    co_future fut;
    int out = 0, expected = 0, suspensions = 0;
    for (int i = 0; i < 10; i++)
        expected += i % 3 == 0 ? i + 1 : i % 3 == 1 ? 1000 : -i + 1;
    CHECK_EQ(CO_START(&ctx, &fut, looper, &out, .n = 10), 0);
    while (co_resume(&ctx) != CO_STATE_DONE)
        suspensions++;
    CHECK_EQ(suspensions, 4 + 3); /* i = 0,3,6,9 yield in leaf; i = 1,4,7 yield */
    CHECK_EQ(out, expected);
    CHECK_EQ(co_future_status(&fut), 0);
}

/* void results, NULL result pointers, and CO_RETURN_VOID. */
static int side_effect;
struct noisy { co_frame co; int v; };
CO_ASYNC(noisy, void)
{
    CO_BEGIN(noisy, self);
    side_effect += self->v;
    if (self->v > 10)
        CO_RETURN_VOID();
    CO_YIELD();
    side_effect += self->v;
    CO_END;
}

struct caller_void { co_frame co; int dummy; };
CO_ASYNC(caller_void, void)
{
    CO_BEGIN(caller_void, self);
    CO_AWAIT(noisy, NULL, .v = 2);
    CO_AWAIT(noisy, NULL, .v = 20);
    CO_AWAIT(leaf, NULL, .x = 5); /* int result discarded */
    CO_END;
}

static void test_void_results(void)
{
    _Alignas(8) unsigned char buf[256];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    side_effect = 0;
    CHECK_EQ(CO_START(&ctx, NULL, caller_void, NULL), 0);
    CHECK_EQ(co_resume(&ctx), CO_STATE_READY);
    CHECK_EQ(co_resume(&ctx), CO_STATE_DONE);
    CHECK_EQ(side_effect, 2 + 2 + 20);
}

/* co_current names the running context, NULL outside. */
static co_context *seen_current;
struct who { co_frame co; int dummy; };
CO_ASYNC(who, void)
{
    CO_BEGIN(who, self);
    seen_current = co_current();
    CO_END;
}

static void test_current(void)
{
    _Alignas(8) unsigned char buf[128];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    CHECK_PTR(co_current(), NULL);
    CHECK_EQ(CO_START(&ctx, NULL, who, NULL), 0);
    CHECK_EQ(co_resume(&ctx), CO_STATE_DONE);
    CHECK_PTR(seen_current, &ctx);
    CHECK_PTR(co_current(), NULL);
}

/* Any buffer alignment: frames are aligned by the library. */
static void test_unaligned_buffer(void)
{
    _Alignas(8) unsigned char raw[1024 + 8];
    for (int off = 0; off < 8; off++) {
        co_context ctx;
        co_context_init(&ctx, raw + off, 1024);
        CHECK_EQ((uintptr_t)ctx.base % CO_CONFIG_FRAME_ALIGN, 0);
        CHECK_EQ(co_capacity(&ctx), off == 0 ? 1024 : 1024 - (8 - off));
        long out = 0;
        CHECK_EQ(CO_START(&ctx, NULL, level1, &out, .x = off, .yield = 1), 0);
        while (co_resume(&ctx) != CO_STATE_DONE) {
        }
        CHECK_EQ(out, expect(off));
    }
}

/* Restarting a finished context reuses its buffer from empty. */
static void test_reuse(void)
{
    _Alignas(8) unsigned char buf[512];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    for (int i = 0; i < 100; i++) {
        long out = 0;
        co_future fut;
        CHECK_EQ(CO_START(&ctx, &fut, level1, &out, .x = i, .yield = i & 1), 0);
        while (co_resume(&ctx) != CO_STATE_DONE) {
        }
        CHECK_EQ(out, expect(i));
        CHECK_EQ(co_future_status(&fut), 0);
        CHECK_EQ(co_used(&ctx), 0);
    }
}

/* A frame's members not named at the await start at zero even where an
 * earlier frame left bytes behind: small frames (inline stores) and large
 * ones (memset) alike; parameters are assigned in the order written,
 * nested designators included, up to CO_MAX_PARAMS of them. */
struct pt { int x, y; };
struct scribble { co_frame co; unsigned char fill; unsigned char junk[200]; };
CO_ASYNC(scribble, void)
{
    CO_BEGIN(scribble, self);
    memset(self->junk, self->fill, sizeof self->junk);
    CO_END;
}

struct small_fr { co_frame co; int a; int b; long c; };
CO_ASYNC(small_fr, long)
{
    CO_BEGIN(small_fr, self);
    CO_RETURN(self->a * 1000 + self->b * 100 + self->c); /* b, c never named */
    CO_END;
}

struct large_fr { co_frame co; struct pt p; int first; unsigned char tail[100]; };
CO_ASYNC(large_fr, long)
{
    CO_BEGIN(large_fr, self);
    long sum = 0;
    for (size_t i = 0; i < sizeof self->tail; i++)
        sum += self->tail[i];
    CO_RETURN(sum * 1000000 + self->p.x * 10000 + self->p.y * 100 + self->first);
    CO_END;
}

struct many_fr {
    co_frame co;
    int p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12;
    int p13, p14, p15, p16, p17, p18, p19, p20, p21, p22, p23, p24;
};
CO_ASYNC(many_fr, int)
{
    CO_BEGIN(many_fr, self);
    CO_RETURN(self->p1 + self->p12 + self->p24);
    CO_END;
}

static long params_r1, params_r2, params_r4;
static int params_r3;
struct params_root { co_frame co; long r1, r2, r4; int r3; };
CO_ASYNC(params_root, void)
{
    CO_BEGIN(params_root, self);
    CO_AWAIT(scribble, NULL, .fill = 0xA5);
    CO_AWAIT(small_fr, &self->r1, .a = 7);
    CO_AWAIT(scribble, NULL, .fill = 0x5A);
    CO_AWAIT(large_fr, &self->r2, .p.y = 3, .first = 4, .p.x = 2);
    CO_AWAIT(large_fr, &self->r4, .p = ((struct pt){5, 6}), .first = 7); /* braces: parenthesised */
    CO_AWAIT(many_fr, &self->r3, .p1 = 1, .p2 = 2, .p3 = 3, .p4 = 4, .p5 = 5, .p6 = 6,
             .p7 = 7, .p8 = 8, .p9 = 9, .p10 = 10, .p11 = 11, .p12 = 12, .p13 = 13,
             .p14 = 14, .p15 = 15, .p16 = 16, .p17 = 17, .p18 = 18, .p19 = 19,
             .p20 = 20, .p21 = 21, .p22 = 22, .p23 = 23, .p24 = 24);
    params_r1 = self->r1; /* the root frame is poisoned once it pops */
    params_r2 = self->r2;
    params_r4 = self->r4;
    params_r3 = self->r3;
    CO_END;
}

static void test_params(void)
{
    _Alignas(8) unsigned char buf[1024];
    memset(buf, 0xEE, sizeof buf);
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    co_future fut;
    CHECK_EQ(CO_START(&ctx, &fut, params_root, NULL), 0);
    CHECK_EQ(co_resume(&ctx), CO_STATE_DONE);
    CHECK_EQ(co_future_status(&fut), 0);
    CHECK_EQ(params_r1, 7000);
    CHECK_EQ(params_r2, 20304);
    CHECK_EQ(params_r3, 1 + 12 + 24);
    CHECK_EQ(params_r4, 50607);
}

TEST_MAIN(TEST_CASE(test_five_deep_sync), TEST_CASE(test_five_deep_suspending),
          TEST_CASE(test_loops_and_switch), TEST_CASE(test_void_results),
          TEST_CASE(test_current), TEST_CASE(test_unaligned_buffer), TEST_CASE(test_reuse),
          TEST_CASE(test_params))
