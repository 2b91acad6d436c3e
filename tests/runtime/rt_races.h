/* tests/runtime/rt_races.h - shared by rt_races (every action at every
 * interference point) and rt_races_items (one deterministic case per race
 * item of issue 11): invariant bookkeeping, the debug-point hook, the
 * objects and the waiting task. Needs CO_CONFIG_FAULT_INJECTION. */
#ifndef RT_RACES_H
#define RT_RACES_H

#include <costack.h>
#include <costack_host.h>
#include "test.h"

#if CO_CONFIG_FAULT_INJECTION

/* ---- invariant bookkeeping ------------------------------------------------ */

static int violations;
static char first_violation[200];
#define VIOLATION(...)                                                          \
    do {                                                                        \
        if (violations++ == 0)                                                  \
            snprintf(first_violation, sizeof first_violation, __VA_ARGS__);     \
    } while (0)

static bool in_isr;   /* an ISR-side action is running */
static int expected_contracts, unexpected_contracts, last_contract;
static void on_contract(int id, const char *text)
{
    (void)text;
    last_contract = id;
    if (id == CO_CONTRACT_OBJECT_BUSY)
        expected_contracts++; /* the re-init action on an object in use */
    else
        unexpected_contracts++;
}

/* No context changes state from interrupt context: ISR-side calls hand
 * their work to the scheduler's thread. */
static void on_transition(co_context *ctx, co_state from, co_state to)
{
    (void)ctx;
    if (in_isr)
        VIOLATION("state %s -> %s from interrupt context", co_state_name(from), co_state_name(to));
}

/* ---- the hook ------------------------------------------------------------- */

static unsigned long hits[CO_DEBUG_POINT_COUNT];
static int target_point = -1;
static unsigned long target_hit;
static void (*target_action)(void);
static bool fired;
static void (*every_point)(void); /* invariant checked at every point */

static void hook(int point, const void *subject)
{
    (void)subject;
    hits[point]++;
    if (every_point)
        every_point();
    if (fired || point != target_point || hits[point] != target_hit)
        return;
    fired = true;
    target_action();
}

static void arm_hook(int point, unsigned long k, void (*action)(void))
{
    for (int i = 0; i < CO_DEBUG_POINT_COUNT; i++)
        hits[i] = 0;
    target_point = point;
    target_hit = k;
    target_action = action;
    fired = false;
}

/* ---- the workload ----------------------------------------------------------- */

enum { T_IO, T_EXT, T_SEM, T_EV, T_CHAN, T_ONCE, NT };
static co_sched sched;
static _Alignas(8) unsigned char bufs[NT + 2][256];
static co_context ctxs[NT + 2];
static co_io io;
static co_sem sem;
static co_event ev;
static co_chan chan;
static bool status_ok(int rc) { return rc == 0 || rc == CO_ETIMEDOUT || rc == CO_ECANCELED; }

struct waiter { co_frame co; int kind; int rounds; bool final; int i; int rc; int v; co_time d; };
CO_ASYNC(waiter, void)
{
    CO_BEGIN(waiter, self);
    for (self->i = 0; self->i < self->rounds + (self->final ? 1 : 0); self->i++) {
        self->d = self->i < self->rounds ? co_now() + co_ms(self->kind == 0 && !self->final ? 2 : 3).ticks
                                           : CO_TIME_NEVER;
        /* if/else, not switch: awaits may not sit in a switch (portable back-end) */
        if (self->kind == 0)
            CO_AWAIT_STATUS(self->rc, co_external_until(&ctxs[0], co_at(self->d)));
        else if (self->kind == 1)
            CO_AWAIT_STATUS(self->rc, co_sem_take_until(&sem, co_at(self->d)));
        else if (self->kind == 2)
            CO_AWAIT_STATUS(self->rc, co_event_wait_until(&ev, co_at(self->d)));
        else
            CO_AWAIT_STATUS(self->rc, co_chan_recv_until(&chan, &self->v, co_at(self->d)));
        if (!status_ok(self->rc))
            VIOLATION("wait of kind %d returned %d", self->kind, self->rc);
        if (self->rc == CO_ECANCELED)
            break;
    }
    CO_END;
}

#endif /* CO_CONFIG_FAULT_INJECTION */
#endif /* RT_RACES_H */
