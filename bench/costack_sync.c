/* bench/costack_sync.c - costack sync objects under the bundled scheduler:
 * (d) mutex ping-pong between two tasks, (e) channel throughput between a
 * producer and a consumer task. */
#include <costack.h>
#include <costack/chan.h>
#include <costack/mutex.h>
#include <costack/sched.h>

#include "bench.h"

static void check(int rc)
{
    if (rc != 0) {
        fprintf(stderr, "bench: unexpected status %d (%s)\n", rc, co_strerror(rc));
        abort();
    }
}

/* ---- (d) mutex ping-pong -------------------------------------------------- */

static co_mutex mu = CO_MUTEX_INIT;

/* Takes the mutex n times and holds it across one yield, so the other task
 * is always waiting: every lock blocks and every unlock hands the mutex
 * over (FIFO hand-off). One operation = both tasks took it once. */
struct pinger { co_frame co; uint64_t n; uint64_t i; };
static CO_ASYNC(pinger, void)
{
    CO_BEGIN(pinger, self);
    for (self->i = 0; self->i < self->n; self->i++) {
        CO_AWAIT(&mu);
        CO_YIELD();
        if (co_mutex_unlock(&mu) != 0)
            CO_FAIL(CO_EPERM);
    }
    CO_END;
}

static void mutex_pingpong(void *arg, uint64_t n)
{
    (void)arg;
    _Alignas(8) static unsigned char buf[2][256];
    static co_context ctx[2];
    co_future fut[2];
    co_mutex_init(&mu);
    co_sched s;
    co_sched_init(&s);
    for (int t = 0; t < 2; t++) {
        co_context_init(&ctx[t], buf[t], sizeof buf[t]);
        check(CO_SPAWN(&s, &ctx[t], &fut[t], pinger, NULL, .n = n));
    }
    check(co_sched_run(&s));
    check(co_future_status(&fut[0]));
    check(co_future_status(&fut[1]));
}

/* ---- (e) channel throughput ----------------------------------------------- */

#define CHAN_CAP 16 /* the same capacity as the pthread queue peer */
static int chan_store[CHAN_CAP];
static co_chan chan;

struct producer { co_frame co; uint64_t n; uint64_t i; int v; };
static CO_ASYNC(producer, void)
{
    CO_BEGIN(producer, self);
    for (self->i = 0; self->i < self->n; self->i++) {
        self->v = (int)self->i;
        CO_AWAIT(co_chan_send(&chan, &self->v));
    }
    CO_END;
}

struct consumer { co_frame co; uint64_t n; uint64_t i; int v; long acc; };
static CO_ASYNC(consumer, long)
{
    CO_BEGIN(consumer, self);
    for (self->i = 0; self->i < self->n; self->i++) {
        CO_AWAIT(co_chan_recv(&chan, &self->v));
        self->acc += self->v;
    }
    CO_RETURN(self->acc);
    CO_END;
}

/* One operation = one message sent and received. */
static void chan_msgs(void *arg, uint64_t n)
{
    (void)arg;
    _Alignas(8) static unsigned char buf[2][256];
    static co_context ctx[2];
    co_future fut[2];
    long acc = 0;
    co_chan_init(&chan, chan_store, sizeof chan_store[0], CHAN_CAP);
    co_sched s;
    co_sched_init(&s);
    co_context_init(&ctx[0], buf[0], sizeof buf[0]);
    co_context_init(&ctx[1], buf[1], sizeof buf[1]);
    check(CO_SPAWN(&s, &ctx[0], &fut[0], producer, NULL, .n = n));
    check(CO_SPAWN(&s, &ctx[1], &fut[1], consumer, &acc, .n = n));
    check(co_sched_run(&s));
    check(co_future_status(&fut[0]));
    check(co_future_status(&fut[1]));
    bench_sink(acc);
}

int main(int argc, char **argv)
{
    struct bench_opts o;
    bench_parse(argc, argv, &o);
    bench_case(&o, "costack.mutex.pingpong", mutex_pingpong, NULL, 2000000);
    bench_case(&o, "costack.chan.msg", chan_msgs, NULL, 5000000);
    return 0;
}
