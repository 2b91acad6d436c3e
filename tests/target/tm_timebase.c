/* The Cortex-M port on a time base the application supplies (built with
 * COSTACK_BOARD_TIMEBASE=cmsdk: examples/boards/mps2/timebase.c, CMSDK
 * TIMER1 as the clock, TIMER0 as the alarm). Tasks sleep for assorted
 * durations and periods across the clock's first wrap: none wakes before
 * its deadline, the idle sleeps end by the application's alarm interrupt
 * (co_cm_timebase_alarm_isr() counted them), and SysTick is still off with
 * its reset values. That no SysTick register was ever written is checked
 * outside, by QEMU's trace (tests/target/systick_untouched.cmake). */
#include <stdio.h>

#include <costack.h>
#include "costack_cm.h"
#include "test.h"

#define REG(a) (*(volatile uint32_t *)(a))

static co_sched sched = CO_SCHED_INIT;
static int early, wakes;

struct sleeper { co_frame co; co_duration each; int n; co_time due; };
CO_ASYNC(sleeper, void)
{
    CO_BEGIN(sleeper, self);
    while (self->n-- > 0) {
        self->due = co_time_add(co_now(), self->each);
        CO_AWAIT(co_at(self->due));
        early += co_now() < self->due;
        wakes++;
    }
    CO_END;
}

static _Alignas(8) unsigned char bufs[4][128];
static co_context ctxs[4];

static void test_sleeps_on_the_application_timer(void)
{
    static const struct { uint32_t us; int n; } plan[] = {{10000, 14}, {3000, 40}, {250, 30}, {37000, 4}};
    uint32_t sleeps = co_cm_sleeps, alarms = co_cm_alarms;
    co_time t0 = co_now();
    for (int i = 0; i < 4; i++) {
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
        CHECK_EQ(CO_SPAWN(&sched, &ctxs[i], NULL, sleeper, NULL, .each = co_us(plan[i].us),
                          .n = plan[i].n), 0);
    }
    CHECK_EQ(co_sched_run(&sched), 0);
    co_time took = co_now() - t0;
    printf("%d wake-ups, %lu idle sleeps, %lu alarm interrupts, %lu ms\n", wakes,
           (unsigned long)(co_cm_sleeps - sleeps), (unsigned long)(co_cm_alarms - alarms),
           (unsigned long)(took / (CO_CONFIG_TICK_HZ / 1000u)));
    CHECK_EQ(wakes, 14 + 40 + 30 + 4);
    CHECK_EQ(early, 0);
    CHECK_ULE(co_ms(148).ticks, took);          /* the longest task: 4 x 37 ms */
    CHECK_GT(co_cm_sleeps - sleeps, 20);        /* it idled ... */
    CHECK_GT(co_cm_alarms - alarms, 20);        /* ... and the alarm ended the sleeps */
}

/* SysTick: disabled, no interrupt, reload 0, as after reset. */
static void test_systick_left_alone(void)
{
    CHECK_EQ(REG(0xE000E010u) & 3u, 0);
    CHECK_EQ(REG(0xE000E014u), 0);
}

TEST_MAIN(TEST_CASE(test_sleeps_on_the_application_timer), TEST_CASE(test_systick_left_alone))
