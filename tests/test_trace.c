/* The tracer on a simulated-time scenario: the exact event sequence and
 * timestamps; ring overwrite and stop modes; the binary stream, which the
 * CTest fixture then converts to JSON and compares with a golden file. */
#include <costack.h>
#include <costack/trace.h>
#include <costack/sched.h>
#include "costack_host.h"
#include "test.h"


#define FAKE_OBJECT ((const void *)(uintptr_t)0x1234u)

struct sleeper { co_frame co; int i; };
CO_ASYNC(sleeper, int)
{
    CO_BEGIN(sleeper, self);
    for (self->i = 0; self->i < 2; self->i++)
        CO_AWAIT(co_ms(10));
    CO_RETURN(7);
    CO_END;
}

struct waiter { co_frame co; int dummy; };
CO_ASYNC(waiter, void)
{
    CO_BEGIN(waiter, self);
    CO_AWAIT(co_block_on(CO_STATE_EXTERNAL, FAKE_OBJECT));
    CO_FAIL(CO_EIO);
    CO_END;
}

/* Runs the scenario: sleeper sleeps 10 ms twice; waiter waits until an
 * outside agent unblocks it at 15 ms, then fails with CO_EIO. */
static void scenario(void)
{
    _Alignas(8) static unsigned char b1[128], b2[128];
    static co_context a, w;
    co_context_init(&a, b1, sizeof b1);
    co_context_init(&w, b2, sizeof b2);
    co_context_set_name(&a, "sleeper");
    co_context_set_name(&w, "waiter");
    co_host_clock_simulated(0);
    CO_START(&a, NULL, sleeper, NULL);
    CO_START(&w, NULL, waiter, NULL);
    co_resume(&a);                        /* t=0: blocks until 10 ms */
    co_resume(&w);                        /* t=0: blocks on the object */
    co_host_clock_advance(co_ms(10));
    co_wake(&a, 0);
    co_resume(&a);                        /* t=10: blocks until 20 ms */
    co_host_clock_advance(co_ms(5));
    co_wake(&w, 0);                       /* t=15 */
    co_host_clock_advance(co_ms(1));
    co_resume(&w);                        /* t=16: fails */
    co_host_clock_advance(co_ms(4));
    co_wake(&a, 0);
    co_resume(&a);                        /* t=20: done */
}

struct mem { unsigned char b[4096]; size_t n; };
static int to_mem(void *arg, const void *bytes, size_t n)
{
    struct mem *m = arg;
    if (m->n + n > sizeof m->b)
        return CO_ENOMEM;
    memcpy(m->b + m->n, bytes, n);
    m->n += n;
    return 0;
}

/* A console: every trace line lands whole, with other output between. */
struct log { char b[16384]; size_t n, lines; };
static void log_put(struct log *lg, const char *s, size_t n)
{
    if (lg->n + n <= sizeof lg->b) {
        memcpy(lg->b + lg->n, s, n);
        lg->n += n;
    }
}
static void to_log(void *arg, const char *line, size_t n)
{
    struct log *lg = arg;
    CHECK_TRUE(n > 0 && line[n - 1] == '\n');
    if (lg->lines % 3 == 0)
        log_put(lg, "sensor: 21.5 C\r\n", 16); /* other output, CRLF */
    if (lg->lines == 1)
        log_put(lg, "costack-trace: not a data line\n", 31);
    log_put(lg, "[boot] ", lg->lines == 2 ? 7 : 0); /* a prefix on the same line */
    log_put(lg, line, n);
    lg->lines++;
}

static uint32_t rd32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

static void test_sequence(void)
{
    static co_trace tr;
    static co_trace_event ring[64];
    co_host_clock_simulated(0); /* before the tracer reads the clock */
    CHECK_EQ(co_trace_start(&tr, CO_TRACE_OVERWRITE, ring, 64, NULL, NULL), 0);
    scenario();
    co_trace_stop(&tr);
    /* kind, ctx id, state, t (us), value */
    static const struct { int kind, ctx, state; uint32_t t; int value; } want[] = {
        {CO_TRACE_START, 0, CO_STATE_READY, 0, 0},
        {CO_TRACE_START, 1, CO_STATE_READY, 0, 0},
        {CO_TRACE_RESUME, 0, CO_STATE_RUNNING, 0, 0},
        {CO_TRACE_BLOCK, 0, CO_STATE_TIME, 0, 10000},
        {CO_TRACE_RESUME, 1, CO_STATE_RUNNING, 0, 0},
        {CO_TRACE_BLOCK, 1, CO_STATE_EXTERNAL, 0, 0},
        {CO_TRACE_WAKE, 0, CO_STATE_TIME, 10000, 0},
        {CO_TRACE_RESUME, 0, CO_STATE_RUNNING, 10000, 0},
        {CO_TRACE_BLOCK, 0, CO_STATE_TIME, 10000, 10000},
        {CO_TRACE_WAKE, 1, CO_STATE_EXTERNAL, 15000, 0},
        {CO_TRACE_RESUME, 1, CO_STATE_RUNNING, 16000, 0},
        {CO_TRACE_DONE, 1, CO_STATE_DONE, 16000, CO_EIO},
        {CO_TRACE_WAKE, 0, CO_STATE_TIME, 20000, 0},
        {CO_TRACE_RESUME, 0, CO_STATE_RUNNING, 20000, 0},
        {CO_TRACE_DONE, 0, CO_STATE_DONE, 20000, 0},
    };
    const size_t n = sizeof want / sizeof want[0];
    CHECK_EQ(tr.count, n);
    for (size_t i = 0; i < n && i < tr.count; i++) {
        const co_trace_event *e = &ring[i];
        CHECK_EQ(e->kind, want[i].kind);
        CHECK_EQ(e->ctx, want[i].ctx);
        CHECK_EQ(e->state, want[i].state);
        CHECK_EQ(e->t_lo, want[i].t);
        CHECK_EQ(e->value, want[i].value);
    }
    CHECK_EQ(ring[5].object, 0x1234);
    CHECK_STR(tr.names[0], "sleeper");
    CHECK_STR(tr.names[1], "waiter");

    /* The stream: header, clock base, events, end, two names. */
    static struct mem m;
    m.n = 0;
    CHECK_EQ(co_trace_drain(&tr, to_mem, &m), 0);
    CHECK_EQ(m.n, 16 + 16 * (1 + n + 1) + (8 + 7) + (8 + 6));
    CHECK_EQ(rd32(m.b + 4), 2); /* version */
    CHECK_EQ(rd32(m.b), CO_TRACE_MAGIC);
    CHECK_EQ(rd32(m.b + 8), CO_CONFIG_TICK_HZ);
    CHECK_EQ(tr.count, 0); /* drained */
    FILE *f = fopen("trace_scenario.bin", "wb");
    CHECK_TRUE(f != NULL);
    CHECK_EQ(fwrite(m.b, 1, m.n, f), m.n);
    CHECK_EQ(fclose(f), 0);

    /* The same run printed as console lines (co_trace_print) into a log with
     * other output between them: costack-trace reads it back to the same
     * JSON (CTest trace_log_golden). */
    co_host_clock_simulated(0);
    CHECK_EQ(co_trace_start(&tr, CO_TRACE_OVERWRITE, ring, 64, NULL, NULL), 0);
    scenario();
    co_trace_stop(&tr);
    static struct log lg;
    lg.n = lg.lines = 0;
    CHECK_EQ(co_trace_print(&tr, to_log, &lg), 0);
    /* One line per piece of at most 32 bytes: header, clock base, the n
     * events, end, and two pieces (head, text) per name. */
    CHECK_EQ(lg.lines, 1 + 1 + n + 1 + 2 * 2);
    f = fopen("trace_scenario.log", "wb");
    CHECK_TRUE(f != NULL);
    CHECK_EQ(fwrite(lg.b, 1, lg.n, f), lg.n);
    CHECK_EQ(fclose(f), 0);
    CHECK_EQ(co_trace_print(&tr, NULL, NULL), CO_EINVAL);
}

static void test_ring_modes(void)
{
    static co_trace tr;
    static co_trace_event ring[4];
    co_host_clock_simulated(0);
    CHECK_EQ(co_trace_start(&tr, CO_TRACE_OVERWRITE, ring, 4, NULL, NULL), 0);
    scenario();
    co_trace_stop(&tr);
    CHECK_EQ(tr.count, 4); /* the newest four */
    CHECK_EQ(ring[(tr.head + 3) % 4].kind, CO_TRACE_DONE);
    CHECK_EQ(ring[(tr.head + 3) % 4].t_lo, 20000);
    CHECK_EQ(tr.lost, 0);

    co_host_clock_simulated(0);
    CHECK_EQ(co_trace_start(&tr, CO_TRACE_STOP, ring, 4, NULL, NULL), 0);
    scenario();
    co_trace_stop(&tr);
    CHECK_EQ(tr.count, 4); /* the oldest four */
    CHECK_EQ(ring[0].kind, CO_TRACE_START);
    CHECK_EQ(tr.lost, 15 - 4);
    /* Only one tracer at a time; bad arguments are refused. */
    CHECK_EQ(co_trace_start(&tr, CO_TRACE_STOP, NULL, 4, NULL, NULL), CO_EINVAL);
    CHECK_EQ(co_trace_start(&tr, CO_TRACE_STREAM, NULL, 0, NULL, NULL), CO_EINVAL);
}

static void test_stream(void)
{
    static co_trace tr;
    static struct mem m;
    m.n = 0;
    co_host_clock_simulated(0);
    CHECK_EQ(co_trace_start(&tr, CO_TRACE_STREAM, NULL, 0, to_mem, &m), 0);
    scenario();
    co_trace_stop(&tr);
    CHECK_EQ(m.n, 16 + 16 * (1 + 15 + 1) + (8 + 7) + (8 + 6));

}

/* A wake handed over through the scheduler's inbox (co_unblock: from an ISR
 * or another thread on a target) is recorded when it is posted, before the
 * scheduler takes it. */
static void test_remote_wake(void)
{
    _Alignas(8) static unsigned char buf[128];
    static co_context w;
    static co_sched s;
    static co_trace tr;
    static co_trace_event ring[32];
    co_context_init(&w, buf, sizeof buf);
    co_host_clock_simulated(0);
    co_sched_init(&s);
    co_host_clock_simulated(0);
    CHECK_EQ(co_trace_start(&tr, CO_TRACE_STOP, ring, 32, NULL, NULL), 0);
    CHECK_EQ(CO_SPAWN(&s, &w, NULL, waiter, NULL), 0);
    co_sched_poll(&s); /* blocks by external */
    CHECK_EQ(co_state_of(&w), CO_STATE_EXTERNAL);
    co_host_clock_advance(co_ms(3));
    CHECK_TRUE(co_unblock(&w));
    co_host_clock_advance(co_ms(2));
    co_sched_poll(&s); /* takes the wake, runs it to the end */
    co_trace_stop(&tr);
    CHECK_EQ(co_state_of(&w), CO_STATE_DONE);
    int remote = -1, wake = -1;
    for (uint32_t i = 0; i < tr.count; i++) {
        if (ring[i].kind == CO_TRACE_REMOTE && remote < 0)
            remote = (int)i;
        if (ring[i].kind == CO_TRACE_WAKE && wake < 0)
            wake = (int)i;
    }
    CHECK_GE(remote, 0);
    CHECK_GT(wake, remote);
    CHECK_EQ(ring[remote].t_lo, 3000); /* when posted */
    CHECK_EQ(ring[wake].t_lo, 5000);   /* when the scheduler took it */
    CHECK_EQ(ring[remote].ctx, ring[wake].ctx);
}

TEST_MAIN(TEST_CASE(test_sequence), TEST_CASE(test_ring_modes), TEST_CASE(test_stream),
          TEST_CASE(test_remote_wake))
