/* Duration-to-tick conversion at one tick rate (CO_CONFIG_TICK_HZ, set per
 * build: tests/runtime/CMakeLists.txt builds this file once per rate, among
 * them rates that do not divide a second evenly). Against a 128-bit
 * reference: every co_ns/co_us/co_ms/co_s result is the exact tick count
 * rounded up when it fits below CO_TIME_NEVER, and CO_TIME_NEVER when it
 * does not, never a wrapped small number. Checked around the exact
 * overflow boundary of each unit, at powers of two and at random values;
 * co_time_add saturates too. Uses <costack/time.h> alone (no library). */
#include <costack/time.h>
#include "test.h"

__extension__ typedef unsigned __int128 u128;

/* The exact answer: ceil(n * hz / per_sec), or CO_TIME_NEVER when that is
 * not below CO_TIME_NEVER. */
static uint64_t reference(uint64_t n, uint64_t per_sec)
{
    u128 t = ((u128)n * CO_CONFIG_TICK_HZ + per_sec - 1) / per_sec;
    return t >= (u128)CO_TIME_NEVER ? CO_TIME_NEVER : (uint64_t)t;
}

static const struct unit {
    const char *name;
    uint64_t per_sec;
    co_duration (*make)(uint64_t n);
} units[] = {
    {"co_ns", 1000000000u, co_ns},
    {"co_us", 1000000u, co_us},
    {"co_ms", 1000u, co_ms},
    {"co_s", 1u, co_s},
};

static long checked;

static int check_one(const struct unit *u, uint64_t n)
{
    uint64_t got = u->make(n).ticks, want = reference(n, u->per_sec);
    checked++;
    if (got != want) {
        fprintf(stderr, "%lu Hz: %s(%llu) = %llu, want %llu\n", (unsigned long)CO_CONFIG_TICK_HZ,
                u->name, (unsigned long long)n, (unsigned long long)got, (unsigned long long)want);
        return 1;
    }
    return 0;
}

/* The largest n whose exact tick count is still below CO_TIME_NEVER, and
 * values around it: the first that does not fit must saturate. */
static void test_overflow_boundary(void)
{
    int bad = 0;
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        const struct unit *u = &units[k];
        /* n * hz / per_sec < 2^64 - 1  <=>  n < (2^64 - 1) * per_sec / hz */
        u128 lim = ((u128)CO_TIME_NEVER * u->per_sec) / CO_CONFIG_TICK_HZ;
        uint64_t edge = lim > (u128)UINT64_MAX ? UINT64_MAX : (uint64_t)lim;
        for (uint64_t d = 0; d < 2048; d++) {
            if (edge >= d)
                bad += check_one(u, edge - d);
            if (edge <= UINT64_MAX - d)
                bad += check_one(u, edge + d);
        }
        /* One past the edge must not fit unless n runs out first. */
        if (edge < UINT64_MAX)
            CHECK_UINT(==, u->make(edge + 1).ticks, CO_TIME_NEVER);
        bad += check_one(u, UINT64_MAX);
        bad += check_one(u, UINT64_MAX - 1);
    }
    CHECK_EQ(bad, 0);
}

/* Small values (exact, rounded up), powers of two and their neighbours
 * (every magnitude), and pseudo-random values of every bit length. */
static void test_exact_or_never(void)
{
    int bad = 0;
    uint64_t x = 0x243f6a8885a308d3u;
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        const struct unit *u = &units[k];
        for (uint64_t n = 0; n < 5000; n++)
            bad += check_one(u, n);
        for (unsigned b = 0; b < 64; b++)
            for (int d = -3; d <= 3; d++)
                bad += check_one(u, ((uint64_t)1 << b) + (uint64_t)(int64_t)d);
        for (int i = 0; i < 200000; i++) {
            test_xorshift64(&x);
            bad += check_one(u, x >> (x % 64u));
        }
    }
    CHECK_EQ(bad, 0);
    /* A whole second is the rate, one unit never rounds to 0 ticks. */
    CHECK_UINT(==, co_s(1).ticks, CO_CONFIG_TICK_HZ);
    CHECK_UINT(==, co_ns(1).ticks, 1);
}

/* now + duration saturates at CO_TIME_NEVER. */
static void test_time_add_saturates(void)
{
    CHECK_UINT(==, co_time_add(5, co_ticks(7)), 12);
    CHECK_UINT(==, co_time_add(CO_TIME_NEVER - 7, co_ticks(6)), CO_TIME_NEVER - 1);
    CHECK_UINT(==, co_time_add(CO_TIME_NEVER - 7, co_ticks(7)), CO_TIME_NEVER);
    CHECK_UINT(==, co_time_add(CO_TIME_NEVER - 7, co_ticks(8)), CO_TIME_NEVER);
    CHECK_UINT(==, co_time_add(12345, co_s(UINT64_MAX / 2)), CO_TIME_NEVER);
    CHECK_UINT(==, co_time_add(1, co_ms(UINT64_MAX)), CO_TIME_NEVER);
    printf("%lu Hz: %ld conversions checked\n", (unsigned long)CO_CONFIG_TICK_HZ, checked);
}

TEST_MAIN(TEST_CASE(test_overflow_boundary), TEST_CASE(test_exact_or_never),
          TEST_CASE(test_time_add_saturates))
