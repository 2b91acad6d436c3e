/* ports/div64.h - a 64-bit count divided by a constant fixed at start-up,
 * without a 64-bit division per call, and the ports' count-to-tick
 * conversion built on it: the ports turn their hardware count into co_time
 * ticks on every co_port_now(), and a software 64-bit division costs about
 * 150 instructions on a Cortex-M4 and 600 on an M0. The divisor's
 * reciprocal is computed once (co__div64_init, the one division); each
 * quotient is then a 64x64 high multiply plus at most two corrections,
 * exact for every dividend. Private to the ports. */
#ifndef COSTACK_PORT_DIV64_H
#define COSTACK_PORT_DIV64_H

#include <stdbool.h>
#include <stdint.h>

#include "costack/config.h"

typedef struct co__divisor {
    uint64_t d; /* divisor, > 0 */
    uint64_t m; /* floor((2^64 - 1) / d) */
} co__divisor;

/* Prepares division by d (> 0). Not ISR-safe against a concurrent use. */
static inline void co__div64_init(co__divisor *v, uint64_t d)
{
    v->d = d;
    v->m = UINT64_MAX / d;
}

/* 1 = the core has no 32x32->64 multiply instruction (ARMv6-M, ARMv8-M
 * Baseline): the compiler would call libgcc's 64x64 multiply for each
 * widening product, so co__mul32w builds it from four 16x16 products. */
#ifndef CO__MUL32W_SOFT
#if defined(__ARM_ARCH_6M__) || defined(__ARM_ARCH_8M_BASE__)
#define CO__MUL32W_SOFT 1
#else
#define CO__MUL32W_SOFT 0
#endif
#endif

/* a * b, all 64 bits, from 16-bit halves (no carry lost: the middle sum
 * is checked for a wrap). Never blocks; ISR-safe. */
static inline uint64_t co__mul32w_halves(uint32_t a, uint32_t b)
{
    uint32_t a0 = a & 0xFFFFu, a1 = a >> 16, b0 = b & 0xFFFFu, b1 = b >> 16;
    uint32_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint32_t mid = p01 + (p00 >> 16); /* < 2^32: p01 <= (2^16 - 1)^2 */
    mid += p10;
    uint32_t carry = mid < p10 ? 0x10000u : 0u;
    uint32_t lo = (mid << 16) | (p00 & 0xFFFFu), hi = p11 + (mid >> 16) + carry;
    return ((uint64_t)hi << 32) | lo;
}

/* a * b widened to 64 bits: one instruction where the core has it. */
static inline uint64_t co__mul32w(uint32_t a, uint32_t b)
{
#if CO__MUL32W_SOFT
    return co__mul32w_halves(a, b);
#else
    return (uint64_t)a * b;
#endif
}

/* The high 64 bits of a * b, from 32x32->64 products (no libgcc call). */
static inline uint64_t co__mulhi64(uint64_t a, uint64_t b)
{
    uint32_t a0 = (uint32_t)a, a1 = (uint32_t)(a >> 32), b0 = (uint32_t)b, b1 = (uint32_t)(b >> 32);
    uint64_t p00 = co__mul32w(a0, b0), p01 = co__mul32w(a0, b1), p10 = co__mul32w(a1, b0),
             p11 = co__mul32w(a1, b1);
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
    return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* The low 64 bits of a * b (a 64x64 multiply without a libgcc call). */
static inline uint64_t co__mullo64(uint64_t a, uint64_t b)
{
    uint32_t a0 = (uint32_t)a, a1 = (uint32_t)(a >> 32), b0 = (uint32_t)b, b1 = (uint32_t)(b >> 32);
    return co__mul32w(a0, b0) + ((uint64_t)(a0 * b1 + a1 * b0) << 32);
}

/* 1 = the core divides 32-bit numbers in hardware (ARMv7-M, ARMv8-M
 * Mainline, RISC-V M): small divisors take co__div64_digits. */
#ifndef CO__DIV64_HW
#if defined(__ARM_FEATURE_IDIV) || defined(__riscv_div)
#define CO__DIV64_HW 1
#else
#define CO__DIV64_HW 0
#endif
#endif

/* c / d for 0 < d < 2^16, exact: three 32-bit divisions (the high word,
 * then two 16-bit digits, each remainder below d so every partial dividend
 * fits 32 bits). Never blocks; ISR-safe. */
static inline uint64_t co__div64_digits(uint64_t c, uint32_t d)
{
    uint32_t hi = (uint32_t)(c >> 32), lo = (uint32_t)c;
    uint32_t q2 = hi / d, x = ((hi - q2 * d) << 16) | (lo >> 16);
    uint32_t q1 = x / d;
    x = ((x - q1 * d) << 16) | (lo & 0xFFFFu);
    return ((uint64_t)q2 << 32) | (((uint64_t)q1 << 16) + x / d);
}

/* c / d by the reciprocal, exact. m undershoots 2^64 / d by less than
 * one, so the estimate is at most two below the quotient. Never blocks;
 * ISR-safe. */
static inline uint64_t co__div64_recip(const co__divisor *v, uint64_t c)
{
    uint64_t q = co__mulhi64(c, v->m);
    uint64_t r = c - co__mullo64(q, v->d);
    while (r >= v->d) {
        q++;
        r -= v->d;
    }
    return q;
}

/* c / d, exact: the hardware digits for a small divisor (a clock's counts
 * per tick: about 15 instructions instead of 30 on a Cortex-M4), else the
 * reciprocal. Never blocks; ISR-safe. */
static inline uint64_t co__div64(const co__divisor *v, uint64_t c)
{
#if CO__DIV64_HW
    if (v->d < 0x10000u)
        return co__div64_digits(c, (uint32_t)v->d);
#endif
    return co__div64_recip(v, c);
}

/* A hardware count's rate, for exact whole ticks of CO_CONFIG_TICK_HZ:
 * per_tick when the rate is a whole number of counts per tick, else by_hz
 * (whole seconds, then the rest). */
typedef struct co__tick_rate {
    co__divisor per_tick, by_hz;
    uint32_t hz; /* counts per second, > 0 */
    bool whole;  /* hz % CO_CONFIG_TICK_HZ == 0 */
} co__tick_rate;

/* Prepares conversion from a count of hz (> 0) per second. Start-up only. */
static inline void co__tick_rate_init(co__tick_rate *r, uint32_t hz)
{
    r->hz = hz;
    r->whole = hz % CO_CONFIG_TICK_HZ == 0;
    co__div64_init(&r->per_tick, r->whole ? hz / CO_CONFIG_TICK_HZ : 1u);
    co__div64_init(&r->by_hz, hz);
}

/* Whole ticks in count c, exact and without 64-bit overflow. Never
 * blocks; ISR-safe. */
static inline uint64_t co__ticks_of(const co__tick_rate *r, uint64_t c)
{
    if (r->whole)
        return co__div64(&r->per_tick, c);
    uint64_t s = co__div64(&r->by_hz, c), rest = c - s * r->hz; /* rest < hz < 2^32 */
    return s * CO_CONFIG_TICK_HZ + co__div64(&r->by_hz, rest * CO_CONFIG_TICK_HZ);
}

#endif /* COSTACK_PORT_DIV64_H */
