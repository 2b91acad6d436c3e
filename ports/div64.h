/* ports/div64.h - a 64-bit count divided by a constant fixed at start-up,
 * without a 64-bit division per call: the ports turn their hardware count
 * into co_time ticks on every co_port_now(), and a software 64-bit
 * division costs about 150 instructions on a Cortex-M4 and 600 on an M0.
 * The divisor's reciprocal is computed once (co__div64_init, the one
 * division); each quotient is then a 64x64 high multiply plus at most two
 * corrections, exact for every dividend. Private to the ports. */
#ifndef COSTACK_PORT_DIV64_H
#define COSTACK_PORT_DIV64_H

#include <stdint.h>

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

/* The high 64 bits of a * b, from 32x32->64 products (no libgcc call on
 * cores that have a 32-bit multiplier with a 64-bit result). */
static inline uint64_t co__mulhi64(uint64_t a, uint64_t b)
{
    uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
    return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* c / d, exact. m undershoots 2^64 / d by less than one, so the estimate
 * is at most two below the quotient. Never blocks; ISR-safe. */
static inline uint64_t co__div64(const co__divisor *v, uint64_t c)
{
    uint64_t q = co__mulhi64(c, v->m);
    uint64_t r = c - q * v->d;
    while (r >= v->d) {
        q++;
        r -= v->d;
    }
    return q;
}

#endif /* COSTACK_PORT_DIV64_H */
