/* examples/demo/main.c - costack demo firmware for the example boards.
 *
 * Six tasks on the bundled scheduler, each a CO_TASK whose buffer the
 * analyser (costack-size) checks at build time:
 *   sensor     periodic (drift-free co_period) producer: reads a fake sensor
 *              through a nested async call, sends samples over a channel
 *   logger     consumer of the channel; prints under the console mutex
 *   heartbeat  shares the console mutex, holds it across a sleep
 *   shell      UART command task blocked by io until the RX interrupt
 *              completes a line: echo <text> | open | stats | quit
 *   door       blocked by external until someone (the shell, i.e. the host
 *              typing "open") unblocks it
 * With priority levels (the demo builds CO_CONFIG_PRIORITIES=4) the shell
 * runs first whenever it is ready and the logger outranks the heartbeat, so
 * while the logger waits for the console the heartbeat holding it runs at
 * the logger's level (priority inheritance; the report says how often).
 * When all finish it prints each task's state, status and buffer high-water
 * mark, and exits 0 if every result is right. Between events the scheduler
 * idles in the port (WFI with the board timer armed). Every state
 * transition is traced into a RAM ring, printed at the end on the console
 * by co_trace_print() ("costack-trace ..." lines) that costack-trace reads
 * from the captured log (scripts/demo.sh) and turns into a timeline. The
 * console is console.c's small formatter (no newlib stdio, no heap), and
 * the last lines give the main stack's painted high-water mark. The
 * mutex, channel and io object carry names, which the timeline shows.
 */
#include <string.h>

#include <costack.h>
#include <costack/trace.h>
#include "board.h"
#include "console.h"

#ifndef DEMO_TRACE_EVENTS
#define DEMO_TRACE_EVENTS 192 /* 16 bytes each; the newest are kept */
#endif
static co_trace tracer;
static co_trace_event trace_ring[DEMO_TRACE_EVENTS];

/* co_trace_print() hands over whole lines: one write each. */
static void console_line(void *arg, const char *line, size_t n)
{
    (void)arg;
    con_write(line, n);
}

#define PERIOD_MS 10u
#define SAMPLES 20u
#define BEATS 5
#define SHELL_IDLE_S 2u /* the shell quits after this long without input */

static co_sched sched = CO_SCHED_INIT;
static co_mutex console = CO_MUTEX_INIT_NAMED("console");

struct sample { uint32_t seq; int32_t value; co_time at; };
static struct sample sample_store[4];
static co_chan samples = CO_CHAN_INIT_NAMED(sample_store, sizeof sample_store[0], 4, "samples");

static co_time t0; /* boot of the scheduler */
static unsigned long ms_since_start(co_time t)
{
    return (unsigned long)((t - t0) / (CO_CONFIG_TICK_HZ / 1000u));
}

/* ---- producer: periodic sensor ------------------------------------------ */

/* A fake sensor: the conversion takes 200 us (blocked by time). */
struct read_sensor { co_frame co; uint32_t seq; };
CO_ASYNC(read_sensor, int32_t)
{
    CO_BEGIN(read_sensor, self);
    CO_AWAIT(co_us(200));
    CO_RETURN((int32_t)(200u + (self->seq * 7u) % 50u));
    CO_END;
}

static int32_t expected_sum(void)
{
    int32_t sum = 0;
    for (uint32_t i = 0; i < SAMPLES; i++)
        sum += (int32_t)(200u + (i * 7u) % 50u);
    return sum;
}

static co_time sensor_late_max; /* worst wake-up lateness seen (ticks) */

struct sensor_loop { co_frame co; co_period period; co_time due; struct sample s; };
CO_ASYNC(sensor_loop, void)
{
    CO_BEGIN(sensor_loop, self);
    co_period_start(&self->period, co_ms(PERIOD_MS));
    for (self->s.seq = 0; self->s.seq < SAMPLES; self->s.seq++) {
        self->due = self->period.next;
        CO_AWAIT(co_period_next(&self->period)); /* due = start + k * period */
        self->s.at = co_now();
        if (self->s.at - self->due > sensor_late_max)
            sensor_late_max = self->s.at - self->due;
        CO_AWAIT(read_sensor, &self->s.value, .seq = self->s.seq);
        CO_AWAIT(co_chan_send(&samples, &self->s)); /* blocked by sync when full */
    }
    co_chan_close(&samples);
    CO_END;
}

/* ---- consumer, sharing the console mutex -------------------------------- */

static unsigned logger_waited; /* times the console was held by another task */

struct logger { co_frame co; struct sample s; int rc; int32_t sum; };
CO_ASYNC(logger, int32_t)
{
    CO_BEGIN(logger, self);
    for (;;) {
        CO_AWAIT_STATUS(self->rc, co_chan_recv(&samples, &self->s));
        if (self->rc == CO_ECLOSED)
            break;
        if (self->rc < 0)
            CO_FAIL(self->rc);
        self->sum += self->s.value;
        if (co_mutex_owner(&console))
            logger_waited++;
        CO_AWAIT(&console); /* blocked by sync while heartbeat holds it */
        con_printf("[logger]    sample %2lu = %ld (taken at %4lu ms)\n", (unsigned long)self->s.seq,
               (long)self->s.value, ms_since_start(self->s.at));
        co_mutex_unlock(&console);
    }
    CO_RETURN(self->sum);
    CO_END;
}

static unsigned heartbeat_raised; /* beats that ended at an inherited priority */

struct heartbeat { co_frame co; int i; };
CO_ASYNC(heartbeat, int)
{
    CO_BEGIN(heartbeat, self);
    for (self->i = 1; self->i <= BEATS; self->i++) {
        CO_AWAIT(co_ms(37));
        CO_AWAIT(&console);
        con_printf("[heartbeat] beat %d at %lu ms: holding the console for 4 ms\n", self->i,
               ms_since_start(co_now()));
        CO_AWAIT(co_ms(4)); /* holds the mutex across a sleep */
        if (co_priority(co_current()) > co_current()->prio)
            heartbeat_raised++; /* the logger waits: it passed its priority on */
        co_mutex_unlock(&console);
    }
    CO_RETURN(self->i - 1);
    CO_END;
}

/* ---- the door: blocked by external -------------------------------------- */

static const char door_tag[] = "door";

struct door_task { co_frame co; int dummy; };
CO_ASYNC(door_task, int)
{
    CO_BEGIN(door_task, self);
    CO_AWAIT(co_block_on(CO_STATE_EXTERNAL, door_tag));
    con_printf("[door]      opened at %lu ms\n", ms_since_start(co_now()));
    CO_RETURN(1);
    CO_END;
}

/* ---- UART shell: blocked by io until the RX interrupt ------------------- */

static co_io rx_line = CO_IO_INIT_NAMED("uart rx line");
static char rx_ring[128];
static volatile unsigned rx_head, rx_tail; /* ISR writes head, task reads tail */
static volatile unsigned rx_dropped;

/* UART RX interrupt (board glue calls it for every byte). */
void board_uart_rx(uint8_t byte)
{
    unsigned next = (rx_head + 1u) % sizeof rx_ring;
    if (next == rx_tail) {
        rx_dropped++;
    } else {
        rx_ring[rx_head] = (char)byte;
        rx_head = next;
    }
    if (byte == '\n' || byte == '\r' || next == rx_tail)
        co_io_complete_isr(&rx_line, 1); /* wakes the shell */
}

/* Takes one line (without its end) out of the ring; false if none yet. */
static bool take_line(char *dst, size_t cap)
{
    bool found = false;
    co_port_irq s = co_port_critical_enter();
    for (unsigned i = rx_tail; i != rx_head; i = (i + 1u) % sizeof rx_ring)
        if (rx_ring[i] == '\n' || rx_ring[i] == '\r') {
            found = true;
            break;
        }
    if (found) {
        size_t n = 0;
        while (rx_ring[rx_tail] != '\n' && rx_ring[rx_tail] != '\r') {
            if (n + 1 < cap)
                dst[n++] = rx_ring[rx_tail];
            rx_tail = (rx_tail + 1u) % sizeof rx_ring;
        }
        rx_tail = (rx_tail + 1u) % sizeof rx_ring;
        dst[n] = '\0';
    }
    co_port_critical_exit(s);
    return found;
}

static void uart_puts(const char *s) { board_uart_write(s, (unsigned)strlen(s)); }

CO_TASK(sensor, sensor_loop, 112);
CO_TASK(logger_task, logger, 64);
CO_TASK(heartbeat_task, heartbeat, 32);
CO_TASK(door, door_task, 32);
static void print_tasks(void);

struct shell { co_frame co; char line[64]; int rc; int commands; };
CO_ASYNC(shell, int)
{
    CO_BEGIN(shell, self);
    uart_puts("costack shell: echo <text> | open | stats | quit\r\n");
    for (;;) {
        co_io_arm(&rx_line); /* before looking: a line arriving now completes it */
        if (!take_line(self->line, sizeof self->line)) {
            CO_AWAIT_STATUS(self->rc, co_io_wait_for(&rx_line, co_s(SHELL_IDLE_S)));
            if (self->rc == CO_ETIMEDOUT) {
                con_printf("[shell]     no input for %u s\n", SHELL_IDLE_S);
                break;
            }
            continue;
        }
        if (self->line[0] == '\0')
            continue;
        self->commands++;
        con_printf("[shell]     command \"%s\" at %lu ms\n", self->line, ms_since_start(co_now()));
        if (strncmp(self->line, "echo ", 5) == 0) {
            uart_puts(self->line + 5);
            uart_puts("\r\n");
        } else if (strcmp(self->line, "open") == 0) {
            co_unblock(&door); /* ends the door's external wait */
        } else if (strcmp(self->line, "stats") == 0) {
            CO_AWAIT(&console);
            print_tasks();
            co_mutex_unlock(&console);
        } else if (strcmp(self->line, "quit") == 0) {
            break;
        } else {
            uart_puts("unknown command\r\n");
        }
        CO_YIELD();
    }
    if (co_state_of(&door) == CO_STATE_EXTERNAL) {
        con_printf("[shell]     leaving: opening the door myself\n");
        co_unblock(&door);
    }
    CO_RETURN(self->commands);
    CO_END;
}

CO_TASK(shell_task, shell, 96);

/* ---- report ------------------------------------------------------------- */

static co_context *const tasks[] = {&sensor, &logger_task, &heartbeat_task, &door, &shell_task};

static void print_tasks(void)
{
    for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++) {
        co_task_info t = co_task_describe(tasks[i]);
        con_printf("  %-15s %-8s priority %u waits on %-9s buffer %3lu in use\n", t.name,
               co_state_name(t.state), t.priority, t.kind ? t.kind : "-", (unsigned long)t.used);
    }
}

int main(void)
{
    co_future f_sensor, f_logger, f_beat, f_door, f_shell;
    int32_t sum = 0;
    int beats = 0, opened = 0, commands = 0;

    con_printf("costack demo on %s: %u tasks, tick %lu Hz\n", board_name,
           (unsigned)(sizeof tasks / sizeof tasks[0]), (unsigned long)CO_CONFIG_TICK_HZ);
    board_uart_rx_enable();
    co_trace_start(&tracer, CO_TRACE_OVERWRITE, trace_ring, DEMO_TRACE_EVENTS, NULL, NULL);
    t0 = co_now();
    /* Without priority levels these are all 0 (the scheduler is one FIFO). */
    co_set_priority(&shell_task, CO_CONFIG_PRIORITIES - 1);
    co_set_priority(&logger_task, CO_CONFIG_PRIORITIES > 2 ? 1 : 0);
    int rc = CO_SPAWN(&sched, &sensor, &f_sensor, sensor_loop, NULL);
    rc = rc ? rc : CO_SPAWN(&sched, &logger_task, &f_logger, logger, &sum);
    rc = rc ? rc : CO_SPAWN(&sched, &heartbeat_task, &f_beat, heartbeat, &beats);
    rc = rc ? rc : CO_SPAWN(&sched, &door, &f_door, door_task, &opened);
    rc = rc ? rc : CO_SPAWN(&sched, &shell_task, &f_shell, shell, &commands);
    if (rc == 0)
        rc = co_sched_run(&sched);
    co_time end = co_now();
    co_trace_stop(&tracer);

    con_printf("\nscheduler returned %d (%s) after %lu ms; idle sleeps: %lu\n", rc, co_strerror(rc),
           ms_since_start(end), board_sleep_count());
    con_printf("sensor: %u samples every %u ms, worst wake-up lateness %lu us "
           "(longest idle overrun %lu us)\n", SAMPLES, PERIOD_MS,
           (unsigned long)(sensor_late_max / (CO_CONFIG_TICK_HZ / 1000000u)),
           board_idle_overrun_us());
    con_printf("logger: sum %ld (expected %ld), waited for the console %u times\n", (long)sum,
           (long)expected_sum(), logger_waited);
    con_printf("shell: %d command(s); door opened: %d\n", commands, opened);
    con_printf("priorities: %u levels; heartbeat ran at the logger's priority in %u of %d beats\n\n",
           (unsigned)CO_CONFIG_PRIORITIES, heartbeat_raised, BEATS);

    const co_future *futs[] = {&f_sensor, &f_logger, &f_beat, &f_door, &f_shell};
    int ok = rc == 0 && sum == expected_sum() && beats == BEATS && opened == 1;
    con_printf("%-15s %-6s %-7s %10s %7s\n", "task", "state", "status", "high-water", "buffer");
    for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++) {
        int st = co_future_status(futs[i]);
        ok = ok && st == 0 && co_state_of(tasks[i]) == CO_STATE_DONE;
        con_printf("%-15s %-6s %-7d %10lu %7lu\n", tasks[i]->name, co_state_name(co_state_of(tasks[i])),
               st, (unsigned long)co_high_water(tasks[i]), (unsigned long)co_capacity(tasks[i]));
    }
    /* Machine-readable lines for scripts/demo.sh (joined with the analyser). */
    for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++)
        con_printf("costack-task %s high-water %lu buffer %lu\n", tasks[i]->name,
               (unsigned long)co_high_water(tasks[i]), (unsigned long)co_capacity(tasks[i]));
    co_trace_print(&tracer, console_line, NULL);
    /* The main stack's high-water mark (painted at reset), for stage 60's
     * check against costack-size's running-stack bound. */
    con_printf("costack-stack high-water %lu\n", board_stack_high_water());
    con_printf("costack-heap used %lu\n", board_heap_used()); /* no malloc: 0 */
    con_printf("demo %s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
