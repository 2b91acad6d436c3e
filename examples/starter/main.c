/* main.c - the costack starter: three tasks on the bundled scheduler.
 *
 *   sampler  every 20 ms reads a (fake) sensor through a nested async call
 *            and sends the reading over the channel "readings"
 *   logger   receives the readings and prints each under the mutex "console"
 *   blinker  toggles an LED every 50 ms, printing under the same mutex
 *
 * Each task is a CO_TASK with a fixed buffer; the build (costack_check)
 * proves each buffer holds the task's deepest await chain. At the end the
 * firmware prints each task's high-water mark and the trace of the run
 * (co_trace_print), and exits 0 when every result is right.
 *
 * The one rule to remember: a C local does not survive an await. Keep
 * whatever must live across CO_AWAIT / CO_YIELD in the frame (self->...).
 */
#include <stdio.h>

#include <costack.h>
#include <costack/trace.h>

#define READINGS 10

static co_sched sched = CO_SCHED_INIT;
static co_mutex console = CO_MUTEX_INIT_NAMED("console");
static int32_t reading_store[2];
static co_chan readings = CO_CHAN_INIT_NAMED(reading_store, sizeof reading_store[0], 2, "readings");

/* A sensor read: the conversion takes 500 us (blocked by time). */
struct read_sensor { co_frame co; uint32_t n; };
CO_ASYNC(read_sensor, int32_t)
{
    CO_BEGIN(read_sensor, self);
    CO_AWAIT(co_us(500));
    CO_RETURN((int32_t)(200 + (self->n * 7u) % 50u));
    CO_END;
}

/* Everything that lives across an await is in the frame: n, the period
 * and the value. A C local here would be garbage after the first await. */
struct sampler { co_frame co; uint32_t n; co_period period; int32_t value; };
CO_ASYNC(sampler, void)
{
    CO_BEGIN(sampler, self);
    co_period_start(&self->period, co_ms(20));
    for (self->n = 0; self->n < READINGS; self->n++) {
        CO_AWAIT(co_period_next(&self->period));
        CO_AWAIT(read_sensor, &self->value, .n = self->n);
        CO_AWAIT(co_chan_send(&readings, &self->value)); /* waits while full */
    }
    co_chan_close(&readings);
    CO_END;
}

struct logger { co_frame co; int32_t value, sum; int rc; };
CO_ASYNC(logger, int32_t)
{
    CO_BEGIN(logger, self);
    for (;;) {
        CO_AWAIT_STATUS(self->rc, co_chan_recv(&readings, &self->value));
        if (self->rc == CO_ECLOSED)
            break; /* the sampler is done */
        self->sum += self->value;
        CO_AWAIT(&console);
        printf("[logger]  reading %ld\n", (long)self->value);
        co_mutex_unlock(&console);
    }
    CO_RETURN(self->sum);
    CO_END;
}

struct blinker { co_frame co; int i; };
CO_ASYNC(blinker, int)
{
    CO_BEGIN(blinker, self);
    for (self->i = 0; self->i < 4; self->i++) {
        CO_AWAIT(co_ms(50));
        CO_AWAIT(&console);
        printf("[blinker] LED %s\n", self->i % 2 ? "off" : "on");
        co_mutex_unlock(&console);
    }
    CO_RETURN(self->i);
    CO_END;
}

/* The buffers: try making one smaller than the analyser's bound. */
CO_TASK(sampler_task, sampler, STARTER_SAMPLER_BYTES);
CO_TASK(logger_task, logger, 48);
CO_TASK(blinker_task, blinker, 32);

static co_trace tracer;
static co_trace_event trace_ring[256];

/* co_trace_print() hands over whole lines: one write each. */
static void console_line(void *arg, const char *line, size_t n)
{
    (void)arg;
    fwrite(line, 1, n, stdout);
}

int main(void)
{
    int32_t sum = 0;
    int blinks = 0;
    co_future f[3];
    co_trace_start(&tracer, CO_TRACE_OVERWRITE, trace_ring, 256, NULL, NULL);
    int rc = CO_SPAWN(&sched, &sampler_task, &f[0], sampler, NULL);
    rc = rc ? rc : CO_SPAWN(&sched, &logger_task, &f[1], logger, &sum);
    rc = rc ? rc : CO_SPAWN(&sched, &blinker_task, &f[2], blinker, &blinks);
    rc = rc ? rc : co_sched_run(&sched); /* returns when every task is done */
    co_trace_stop(&tracer);

    int32_t want = 0;
    for (uint32_t n = 0; n < READINGS; n++)
        want += (int32_t)(200 + (n * 7u) % 50u);
    int ok = rc == 0 && sum == want && blinks == 4;
    co_context *tasks[] = {&sampler_task, &logger_task, &blinker_task};
    for (int i = 0; i < 3; i++) {
        ok = ok && co_future_status(&f[i]) == 0;
        printf("%-13s high-water %3lu of %3lu bytes\n", co_context_name(tasks[i]),
               (unsigned long)co_high_water(tasks[i]), (unsigned long)co_capacity(tasks[i]));
    }
    co_trace_print(&tracer, console_line, NULL);
    printf("starter %s: sum %ld (expected %ld)\n", ok ? "ok" : "FAILED", (long)sum, (long)want);
    return ok ? 0 : 1;
}
