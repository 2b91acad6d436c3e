/* costack/time.h - 64-bit monotonic time in ticks, durations and deadlines.
 *
 * co_time counts CO_CONFIG_TICK_HZ ticks since boot; at 1 GHz it wraps after
 * 584 years. A co_duration is relative, a co_deadline absolute: awaiting
 * either blocks the context by time (CO_AWAIT(co_ms(100))).
 */
#ifndef COSTACK_TIME_H
#define COSTACK_TIME_H

#include <stdint.h>
#include "config.h"
#include "cxx_open.h"

typedef uint64_t co_time;                      /* ticks since boot */
#define CO_TIME_NEVER UINT64_MAX               /* "no deadline" */

typedef struct co_duration { uint64_t ticks; } co_duration; /* relative */
typedef struct co_deadline { co_time at; } co_deadline;     /* absolute */

/* Ticks for n units of 1/per_sec seconds, rounded up (never sleep short):
 * exact when the count is below CO_TIME_NEVER, else CO_TIME_NEVER (never a
 * wrapped small count), at every CO_CONFIG_TICK_HZ. Never blocks; ISR-safe. */
static inline uint64_t co__ticks(uint64_t n, uint64_t per_sec)
{
    const uint64_t hz = CO_CONFIG_TICK_HZ;
    if (hz % per_sec == 0) {
        uint64_t k = hz / per_sec;
        return n > UINT64_MAX / k ? CO_TIME_NEVER : n * k;
    }
    /* n = whole * per_sec + rest: whole seconds exactly, then the rest
     * (rest * hz < 10^18 fits); each step saturates, the sum too. */
    uint64_t whole = n / per_sec, rest = n % per_sec;
    if (whole > UINT64_MAX / hz)
        return CO_TIME_NEVER;
    uint64_t part = (rest * hz + per_sec - 1) / per_sec;
    whole *= hz;
    return part > CO_TIME_NEVER - whole ? CO_TIME_NEVER : whole + part;
}

/* Duration constructors (rounded up to whole ticks). Never block; ISR-safe. */
static inline co_duration co_ns(uint64_t n) { co_duration d = {co__ticks(n, 1000000000u)}; return d; }
static inline co_duration co_us(uint64_t n) { co_duration d = {co__ticks(n, 1000000u)}; return d; }
static inline co_duration co_ms(uint64_t n) { co_duration d = {co__ticks(n, 1000u)}; return d; }
static inline co_duration co_s(uint64_t n) { co_duration d = {co__ticks(n, 1u)}; return d; }
/* A duration of exactly t ticks. Never blocks; ISR-safe. */
static inline co_duration co_ticks(uint64_t t) { co_duration d = {t}; return d; }

/* Absolute deadline at time t. Never blocks; ISR-safe. */
static inline co_deadline co_at(co_time t) { co_deadline d = {t}; return d; }

/* now + d, saturating at CO_TIME_NEVER. Never blocks; ISR-safe. */
static inline co_time co_time_add(co_time now, co_duration d)
{
    return d.ticks > CO_TIME_NEVER - now ? CO_TIME_NEVER : now + d.ticks;
}

#include "cxx_close.h"
#endif /* COSTACK_TIME_H */
