/* tests/test.h - typed assertions that print both values, and a runner.
 * Never bare assert(): these stay on under NDEBUG. */
#ifndef COSTACK_TEST_H
#define COSTACK_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int test_failures, test_skips;
int test_failures, test_skips;

/* Marks the running case skipped (a feature not built in) and leaves it. */
#define TEST_SKIP(why)                                                         \
    do {                                                                       \
        printf("skip: %s\n", why);                                             \
        test_skips++;                                                          \
        return;                                                                \
    } while (0)

#define TEST_FAIL_AT(fmt, ...)                                                 \
    do {                                                                       \
        fprintf(stderr, "%s:%d: " fmt "\n", __FILE__, __LINE__, __VA_ARGS__);  \
        test_failures++;                                                       \
        return;                                                                \
    } while (0)

#define CHECK_INT(op, a, b)                                                    \
    do {                                                                       \
        long long ca_ = (long long)(a), cb_ = (long long)(b);                  \
        if (!(ca_ op cb_))                                                     \
            TEST_FAIL_AT("CHECK(%s %s %s) failed: %lld vs %lld", #a, #op, #b, ca_, cb_); \
    } while (0)
/* Unsigned 64-bit compares (times, where CO_TIME_NEVER is UINT64_MAX). */
#define CHECK_UINT(op, a, b)                                                   \
    do {                                                                       \
        unsigned long long ua_ = (unsigned long long)(a), ub_ = (unsigned long long)(b); \
        if (!(ua_ op ub_))                                                     \
            TEST_FAIL_AT("CHECK(%s %s %s) failed: %llu vs %llu", #a, #op, #b, ua_, ub_); \
    } while (0)
#define CHECK_ULE(a, b) CHECK_UINT(<=, a, b)
#define CHECK_ULT(a, b) CHECK_UINT(<, a, b)
#define CHECK_EQ(a, b) CHECK_INT(==, a, b)
#define CHECK_NE(a, b) CHECK_INT(!=, a, b)
/* The high-water mark of ctx is want (0 without CO_CONFIG_HIGH_WATER). */
#if CO_CONFIG_HIGH_WATER
#define CHECK_HIGH_WATER(ctx, want) CHECK_EQ(co_high_water(ctx), want)
#else
#define CHECK_HIGH_WATER(ctx, want) do { (void)(want); CHECK_EQ(co_high_water(ctx), 0); } while (0)
#endif
#define CHECK_LT(a, b) CHECK_INT(<, a, b)
#define CHECK_LE(a, b) CHECK_INT(<=, a, b)
#define CHECK_GE(a, b) CHECK_INT(>=, a, b)
#define CHECK_GT(a, b) CHECK_INT(>, a, b)
#define CHECK_TRUE(c) CHECK_INT(==, !!(c), 1)
#define CHECK_PTR(a, b)                                                        \
    do {                                                                       \
        const void *pa_ = (const void *)(a), *pb_ = (const void *)(b);         \
        if (pa_ != pb_)                                                        \
            TEST_FAIL_AT("CHECK(%s == %s) failed: %p vs %p", #a, #b, pa_, pb_); \
    } while (0)
#define CHECK_STR(a, b)                                                        \
    do {                                                                       \
        const char *sa_ = (a), *sb_ = (b);                                     \
        if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0)                             \
            TEST_FAIL_AT("CHECK(%s == %s) failed: \"%s\" vs \"%s\"", #a, #b,   \
                         sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");         \
    } while (0)

/* Marsaglia's xorshift64: the tests' deterministic pseudo-random stream
 * (state != 0). Advances *s and returns it. */
static inline uint64_t test_xorshift64(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

typedef void test_fn(void);
struct test_case { const char *name; test_fn *fn; };

/* Runs every case; prints one line each and a summary; exit code 0 iff all
 * passed. */
static inline int test_run(const struct test_case *cases, size_t n)
{
    int failed = 0, skipped = 0;
    for (size_t i = 0; i < n; i++) {
        int before = test_failures, skips = test_skips;
        cases[i].fn();
        int ok = test_failures == before, skip = test_skips != skips;
        failed += !ok;
        skipped += ok && skip;
        printf("%s %s\n", !ok ? "FAIL" : skip ? "skip" : "ok  ", cases[i].name);
    }
    printf("%d passed, %d failed, %d skipped\n", (int)n - failed - skipped, failed, skipped);
    return failed ? 1 : 0;
}

#define TEST_CASE(fn) {#fn, fn}
#define TEST_MAIN(...)                                                         \
    int main(void)                                                             \
    {                                                                          \
        static const struct test_case cases[] = {__VA_ARGS__};                 \
        return test_run(cases, sizeof cases / sizeof cases[0]);                \
    }

#endif /* COSTACK_TEST_H */
