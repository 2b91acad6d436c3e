/* ports/div64.h against the compiler's 64-bit division: divisors from 1 to
 * 2^63 (clock ratios, core frequencies, powers of two and their
 * neighbours), dividends at 0, around multiples of the divisor, near
 * 2^64 and at random. Every quotient must be exact. And the ports' count-
 * to-tick conversion (co__ticks_of) against floor(c * TICK_HZ / hz) in
 * 128 bits, for rates that are and are not whole multiples of the tick. */
#define CO__DIV64_HW 1 /* co__div64 dispatches as on a core with a divider */
#define CO__MUL32W_SOFT 1 /* and multiplies as on a Cortex-M0 (16-bit halves) */
#include "../../ports/div64.h"
#include "test.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;

static int check_one(const co__divisor *v, uint64_t c)
{
    uint64_t want = c / v->d;
    /* the dispatch, and the reciprocal on its own (used for every divisor
     * on a core without a divider) */
    uint64_t got[2] = {co__div64(v, c), co__div64_recip(v, c)};
    for (int i = 0; i < 2; i++)
        if (want != got[i]) {
            fprintf(stderr, "%llu / %llu (%s): got %llu, want %llu\n", (unsigned long long)c,
                    (unsigned long long)v->d, i ? "reciprocal" : "co__div64",
                    (unsigned long long)got[i], (unsigned long long)want);
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
            uint64_t c = test_xorshift64(&rng);
            bad += check_one(&v, c >> (k % 64));
            uint64_t q = c / d;
            bad += check_one(&v, q * d);     /* exact multiples */
            if (q)
                bad += check_one(&v, q * d - 1); /* one below */
        }
    }
    CHECK_EQ(bad, 0);
}

/* The digit division on its own, for every divisor below 2^16 (16
 * random dividends and the edges each). */
static void test_div64_digits(void)
{
    int bad = 0;
    for (uint32_t d = 1; d < 0x10000u; d++) {
        uint64_t edge[] = {0, d - 1u, d, UINT64_MAX, UINT64_MAX - d, UINT64_MAX / d * d,
                           ((uint64_t)d << 32) - 1u, (uint64_t)(d - 1u) << 48};
        for (unsigned k = 0; k < sizeof edge / sizeof edge[0] + 16u; k++) {
            uint64_t c = k < sizeof edge / sizeof edge[0] ? edge[k] : test_xorshift64(&rng) >> (k % 64);
            uint64_t got = co__div64_digits(c, d);
            if (got != c / d && bad++ < 5)
                fprintf(stderr, "digits: %llu / %u: got %llu, want %llu\n",
                        (unsigned long long)c, d, (unsigned long long)got,
                        (unsigned long long)(c / d));
        }
    }
    CHECK_EQ(bad, 0);
}

/* The widening multiply from 16-bit halves, and the 64-bit low product,
 * against the compiler's (edges: every half all ones or zero). */
static void test_mul32w(void)
{
    int bad = 0;
    const uint32_t edge[] = {0, 1, 0xFFFFu, 0x10000u, 0xFFFF0000u, 0xFFFFFFFFu, 0x8000FFFFu, 0x7FFF8000u};
    for (unsigned k = 0; k < 200000u; k++) {
        uint32_t a, b;
        if (k < 64u) {
            a = edge[k % 8u];
            b = edge[k / 8u];
        } else {
            uint64_t x = test_xorshift64(&rng);
            a = (uint32_t)x;
            b = (uint32_t)(x >> 32);
        }
        if (co__mul32w_halves(a, b) != (uint64_t)a * b && bad++ < 5)
            fprintf(stderr, "mul32w %u * %u wrong\n", a, b);
        uint64_t c = test_xorshift64(&rng), d = test_xorshift64(&rng) >> (k % 64u);
        if (co__mullo64(c, d) != c * d && bad++ < 5)
            fprintf(stderr, "mullo64 %llu * %llu wrong\n", (unsigned long long)c,
                    (unsigned long long)d);
    }
    CHECK_EQ(bad, 0);
}

__extension__ typedef unsigned __int128 u128;

static void test_ticks_of(void)
{
    const uint32_t rates[] = {CO_CONFIG_TICK_HZ, 2u * CO_CONFIG_TICK_HZ, 25000000u, 32768u,
                              12000000u, 16000000u, 48000000u, 999983u, 4000000000u, 1u};
    int bad = 0;
    for (unsigned i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        co__tick_rate r;
        co__tick_rate_init(&r, rates[i]);
        for (unsigned k = 0; k < 20000; k++) {
            uint64_t c = test_xorshift64(&rng) >> (k % 64);
            if (k < 64)
                c = k == 0 ? 0 : UINT64_MAX >> k;
            uint64_t want = (uint64_t)((u128)c * CO_CONFIG_TICK_HZ / rates[i]);
            if ((u128)c * CO_CONFIG_TICK_HZ / rates[i] > UINT64_MAX)
                continue; /* more ticks than co_time holds: not a count a clock reaches */
            uint64_t got = co__ticks_of(&r, c);
            if (got != want) {
                if (bad++ < 5)
                    fprintf(stderr, "%llu counts at %u Hz: got %llu ticks, want %llu\n",
                            (unsigned long long)c, rates[i], (unsigned long long)got,
                            (unsigned long long)want);
            }
        }
    }
    CHECK_EQ(bad, 0);
}

TEST_MAIN(TEST_CASE(test_mul32w), TEST_CASE(test_div64), TEST_CASE(test_div64_digits),
          TEST_CASE(test_ticks_of))
