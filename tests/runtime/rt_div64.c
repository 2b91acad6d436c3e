/* ports/div64.h against the compiler's 64-bit division: divisors from 1 to
 * 2^63 (clock ratios, core frequencies, powers of two and their
 * neighbours), dividends at 0, around multiples of the divisor, near
 * 2^64 and at random. Every quotient must be exact. */
#include "../../ports/div64.h"
#include "test.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int check_one(const co__divisor *v, uint64_t c)
{
    uint64_t want = c / v->d, got = co__div64(v, c);
    if (want != got) {
        fprintf(stderr, "%llu / %llu: got %llu, want %llu\n", (unsigned long long)c,
                (unsigned long long)v->d, (unsigned long long)got, (unsigned long long)want);
        return 1;
    }
    return 0;
}

static void test_div64(void)
{
    uint64_t divisors[64 * 3 + 16] = {1, 2, 3, 7, 10, 12, 25, 48, 64, 1000, 1024, 32768,
                                      1000000, 12000000, 16000000, 25000000};
    unsigned nd = 16;
    for (unsigned b = 1; b < 64; b++) {
        divisors[nd++] = (uint64_t)1 << b;
        divisors[nd++] = ((uint64_t)1 << b) - 1;
        divisors[nd++] = ((uint64_t)1 << b) + 1;
    }
    int bad = 0;
    for (unsigned i = 0; i < nd; i++) {
        co__divisor v;
        co__div64_init(&v, divisors[i]);
        uint64_t d = divisors[i];
        uint64_t edge[] = {0, 1, d - 1, d, d + 1, 2 * d - 1, 2 * d, UINT64_MAX, UINT64_MAX - 1,
                           UINT64_MAX - d, UINT64_MAX / d * d, UINT64_MAX / d * d - 1};
        for (unsigned k = 0; k < sizeof edge / sizeof edge[0]; k++)
            bad += check_one(&v, edge[k]);
        for (unsigned k = 0; k < 20000; k++) {
            uint64_t c = next();
            bad += check_one(&v, c >> (k % 64));
            uint64_t q = c / d;
            bad += check_one(&v, q * d);     /* exact multiples */
            if (q)
                bad += check_one(&v, q * d - 1); /* one below */
        }
    }
    CHECK_EQ(bad, 0);
}

TEST_MAIN(TEST_CASE(test_div64))
