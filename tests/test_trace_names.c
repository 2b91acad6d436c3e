/* Names of sync and io objects (CO_CONFIG_OBJECT_NAMES): the static
 * initialisers and setters, what co_task_describe() and co_dump() show,
 * and the name records of the trace stream, which this test writes to
 * trace_names.bin for the golden test (CTest trace_names_golden converts it
 * with --elf: the unnamed mutex and context show by their ELF symbol). */
#include <costack.h>
#include <costack/chan.h>
#include <costack/dump.h>
#include <costack/event.h>
#include <costack/io.h>
#include <costack/mutex.h>
#include <costack/sched.h>
#include <costack/sem.h>
#include <costack/trace.h>
#include "costack_host.h"
#include "test.h"

#if CO_CONFIG_OBJECT_NAMES

static co_mutex console = CO_MUTEX_INIT_NAMED("console");
static co_mutex plain_lock = CO_MUTEX_INIT; /* no name: its symbol with --elf */
static int pipe_store[1];
static co_chan pipe_ch = CO_CHAN_INIT_NAMED(pipe_store, sizeof pipe_store[0], 1, "pipe");

struct holder { co_frame co; int v; };
CO_ASYNC(holder, void)
{
    CO_BEGIN(holder, self);
    CO_AWAIT(&console);
    CO_AWAIT(&plain_lock);
    CO_AWAIT(co_ms(5));
    co_mutex_unlock(&plain_lock);
    co_mutex_unlock(&console);
    CO_AWAIT(co_ms(5));
    self->v = 42;
    CO_AWAIT(co_chan_send(&pipe_ch, &self->v));
    CO_END;
}

struct waiter { co_frame co; int v; };
CO_ASYNC(waiter, void)
{
    CO_BEGIN(waiter, self);
    CO_AWAIT(&console);
    co_mutex_unlock(&console);
    CO_AWAIT(co_chan_recv(&pipe_ch, &self->v));
    CO_END;
}

struct anon { co_frame co; int dummy; };
CO_ASYNC(anon, void)
{
    CO_BEGIN(anon, self);
    CO_AWAIT(&plain_lock);
    co_mutex_unlock(&plain_lock);
    CO_END;
}

_Alignas(8) static unsigned char b1[256], b2[256], b3[256];
static co_context holder_ctx, waiter_ctx, anon_ctx;
static co_sched sched;

struct text { char b[2048]; size_t n; };
static void to_text(void *arg, const char *s, size_t n)
{
    struct text *t = arg;
    if (t->n + n < sizeof t->b) {
        memcpy(t->b + t->n, s, n);
        t->n += n;
        t->b[t->n] = 0;
    }
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

static void test_names_traced(void)
{
    static co_trace tr;
    static co_trace_event ring[128];
    co_context_init(&holder_ctx, b1, sizeof b1);
    co_context_init(&waiter_ctx, b2, sizeof b2);
    co_context_init(&anon_ctx, b3, sizeof b3); /* no name */
    co_context_set_name(&holder_ctx, "holder");
    co_context_set_name(&waiter_ctx, "waiter");
    co_host_clock_simulated(0);
    co_sched_init(&sched);
    CHECK_EQ(co_trace_start(&tr, CO_TRACE_STOP, ring, 128, NULL, NULL), 0);
    CHECK_EQ(CO_SPAWN(&sched, &holder_ctx, NULL, holder, NULL), 0);
    CHECK_EQ(CO_SPAWN(&sched, &waiter_ctx, NULL, waiter, NULL), 0);
    CHECK_EQ(CO_SPAWN(&sched, &anon_ctx, NULL, anon, NULL), 0);
    CHECK_EQ(co_sched_run_until(&sched, co_time_add(0, co_ms(1))), CO_ETIMEDOUT);

    /* The query API and the dump name what each task waits on. */
    co_task_info w = co_task_describe(&waiter_ctx), a = co_task_describe(&anon_ctx);
    CHECK_STR(w.object_name, "console");
    CHECK_TRUE(a.object == &plain_lock && a.object_name == NULL);
    static struct text t;
    t.n = 0;
    co_dump(&sched, to_text, &t);
    printf("%s", t.b);
    CHECK_TRUE(strstr(t.b, "waiter: sync on mutex console owned by holder") != NULL);
    CHECK_TRUE(strstr(t.b, ": sync on mutex 0x") != NULL); /* anon: no name, the address */

    CHECK_EQ(co_sched_run_until(&sched, co_time_add(0, co_ms(7))), CO_ETIMEDOUT);
    w = co_task_describe(&waiter_ctx);
    CHECK_STR(w.kind, "channel (recv)");
    CHECK_STR(w.object_name, "pipe");
    CHECK_EQ(co_sched_run(&sched), 0);
    co_trace_stop(&tr);

    /* Name records: three contexts, then the two named objects waited on. */
    CHECK_EQ(tr.objects[0], &console);
    CHECK_STR(tr.object_names[0], "console");
    CHECK_EQ(tr.objects[1], &pipe_ch);
    CHECK_TRUE(tr.objects[2] == NULL);
    static struct mem m;
    m.n = 0;
    CHECK_EQ(co_trace_drain(&tr, to_mem, &m), 0);
    /* The tail: ... end, holder, waiter, (anon: empty name), console, pipe. */
    const size_t names = (8 + 6) + (8 + 6) + 8 + (8 + 7) + (8 + 4);
    CHECK_GE(m.n, names);
    const unsigned char *r = m.b + m.n - names;
    CHECK_EQ(r[0], 0);  /* type: context */
    CHECK_EQ(r[1], 6);  /* "holder" */
    r += 14 + 14 + 8;
    CHECK_EQ(r[0], 1);  /* type: object */
    CHECK_EQ(r[1], 7);  /* "console" */
    CHECK_TRUE(memcmp(r + 8, "console", 7) == 0);
    uint32_t addr = (uint32_t)r[4] | (uint32_t)r[5] << 8 | (uint32_t)r[6] << 16 | (uint32_t)r[7] << 24;
    CHECK_EQ(addr, (uint32_t)(uintptr_t)&console);
    FILE *f = fopen("trace_names.bin", "wb");
    CHECK_TRUE(f != NULL);
    CHECK_EQ(fwrite(m.b, 1, m.n, f), m.n);
    CHECK_EQ(fclose(f), 0);
}

/* io, semaphore and event waits show their object's name too. */
static co_io rx_done = CO_IO_INIT_NAMED("uart rx");
static co_sem slots = CO_SEM_INIT_NAMED(0, 1, "slots");
static co_event ready_ev = CO_EVENT_INIT_NAMED(CO_EVENT_MANUAL, "ready");

struct on_io { co_frame co; int dummy; };
CO_ASYNC(on_io, void)
{
    CO_BEGIN(on_io, self);
    co_io_arm(&rx_done);
    CO_AWAIT(&rx_done);
    CO_END;
}
struct on_sem { co_frame co; int dummy; };
CO_ASYNC(on_sem, void)
{
    CO_BEGIN(on_sem, self);
    CO_AWAIT(&slots);
    CO_END;
}
struct on_event { co_frame co; int dummy; };
CO_ASYNC(on_event, void)
{
    CO_BEGIN(on_event, self);
    CO_AWAIT(&ready_ev);
    CO_END;
}

static void test_kinds_named(void)
{
    _Alignas(8) static unsigned char bi[128], bs[128], be[128];
    static co_context ci, cs, ce;
    static co_sched s2;
    co_context_init(&ci, bi, sizeof bi);
    co_context_init(&cs, bs, sizeof bs);
    co_context_init(&ce, be, sizeof be);
    co_sched_init(&s2);
    CHECK_EQ(CO_SPAWN(&s2, &ci, NULL, on_io, NULL), 0);
    CHECK_EQ(CO_SPAWN(&s2, &cs, NULL, on_sem, NULL), 0);
    CHECK_EQ(CO_SPAWN(&s2, &ce, NULL, on_event, NULL), 0);
    co_sched_poll(&s2);
    co_task_info i = co_task_describe(&ci), m = co_task_describe(&cs), e = co_task_describe(&ce);
    CHECK_STR(i.kind, "io");
    CHECK_STR(i.object_name, "uart rx");
    CHECK_STR(m.kind, "semaphore");
    CHECK_STR(m.object_name, "slots");
    CHECK_STR(e.kind, "event");
    CHECK_STR(e.object_name, "ready");
    co_io_complete_isr(&rx_done, 0);
    co_sem_give(&slots);
    co_event_set(&ready_ev);
    CHECK_EQ(co_sched_run(&s2), 0);
}

/* Every nameable object: the setter and the named initialiser. */
static void test_setters(void)
{
    static co_sem s = CO_SEM_INIT_NAMED(0, 1, "slots");
    static co_event e = CO_EVENT_INIT_NAMED(CO_EVENT_AUTO, "ready");
    static co_io io = CO_IO_INIT_NAMED("uart rx");
    static co_mutex mx;
    co_mutex_init(&mx);
    CHECK_TRUE(mx.name == NULL);
    co_mutex_set_name(&mx, "m");
    CHECK_STR(mx.name, "m");
    co_mutex_init(&mx); /* init forgets the name */
    CHECK_TRUE(mx.name == NULL);
    CHECK_STR(s.name, "slots");
    CHECK_STR(e.name, "ready");
    CHECK_STR(io.name, "uart rx");
    co_sem_set_name(&s, "s2");
    co_event_set_name(&e, "e2");
    co_io_set_name(&io, "io2");
    co_chan_set_name(&pipe_ch, "p2");
    CHECK_STR(s.name, "s2");
    CHECK_STR(e.name, "e2");
    CHECK_STR(io.name, "io2");
    CHECK_STR(pipe_ch.name, "p2");
    co_chan_set_name(&pipe_ch, "pipe");
}

TEST_MAIN(TEST_CASE(test_names_traced), TEST_CASE(test_kinds_named), TEST_CASE(test_setters))
#else
int main(void) { return 77; } /* names configured out: nothing to test */
#endif
