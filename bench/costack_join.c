/* bench/costack_join.c - join and select under the bundled scheduler:
 * (j) a join of two children that each yield once, against starting two
 * tasks that each yield once and running them to the end; a select of an
 * already-available channel receive against a timeout, against the plain
 * co_chan_recv. One operation = one join / one receive. */
#include <costack.h>
#include <costack/sched.h>

#include "bench.h"

static void check(int rc)
{
    if (rc != 0) {
        fprintf(stderr, "bench: unexpected status %d (%s)\n", rc, co_strerror(rc));
        abort();
    }
}

struct once { co_frame co; int dummy; };
static CO_ASYNC(once, void)
{
    CO_BEGIN(once, self);
    CO_YIELD();
    CO_END;
}

/* ---- join of two vs two tasks ---------------------------------------------- */

struct joiner { co_frame co; uint64_t n, i; };
static CO_ASYNC(joiner, void)
{
    CO_BEGIN(joiner, self);
    for (self->i = 0; self->i < self->n; self->i++)
        CO_JOIN(CO_JOIN_ALL, NULL, CO_CALL(once, NULL), CO_CALL(once, NULL));
    CO_END;
}

static void join2(void *arg, uint64_t n)
{
    (void)arg;
    _Alignas(8) static unsigned char buf[1024];
    static co_context ctx;
    co_sched s;
    co_sched_init(&s);
    co_context_init(&ctx, buf, sizeof buf);
    check(CO_SPAWN(&s, &ctx, NULL, joiner, NULL, .n = n));
    check(co_sched_run(&s));
}

/* The same work without join: start two tasks, run the scheduler until
 * both finished (what a task-per-child design does). */
static void spawn2(void *arg, uint64_t n)
{
    (void)arg;
    _Alignas(8) static unsigned char buf[2][128];
    static co_context ctx[2];
    co_sched s;
    co_sched_init(&s);
    co_context_init(&ctx[0], buf[0], sizeof buf[0]);
    co_context_init(&ctx[1], buf[1], sizeof buf[1]);
    for (uint64_t i = 0; i < n; i++) {
        check(CO_SPAWN(&s, &ctx[0], NULL, once, NULL));
        check(CO_SPAWN(&s, &ctx[1], NULL, once, NULL));
        check(co_sched_run(&s));
    }
}

/* ---- select(receive, timeout) vs receive ------------------------------------ */

static int store[4];
static co_chan ch;

struct receiver { co_frame co; uint64_t n, i; int v, which; bool select; };
static CO_ASYNC(receiver, void)
{
    CO_BEGIN(receiver, self);
    for (self->i = 0; self->i < self->n; self->i++) {
        self->v = (int)self->i;
        check(co_chan_send_try(&ch, &self->v)); /* the message is there */
        if (self->select)
            CO_SELECT(&self->which, NULL, CO_ON(co_chan_recv(&ch, &self->v)), CO_ON(co_ms(50)));
        else
            CO_AWAIT(co_chan_recv(&ch, &self->v));
    }
    CO_END;
}

static void recv_case(void *arg, uint64_t n)
{
    bool select = *(const bool *)arg;
    _Alignas(8) static unsigned char buf[1024];
    static co_context ctx;
    co_chan_init(&ch, store, sizeof store[0], 4);
    co_sched s;
    co_sched_init(&s);
    co_context_init(&ctx, buf, sizeof buf);
    check(CO_SPAWN(&s, &ctx, NULL, receiver, NULL, .n = n, .select = select));
    check(co_sched_run(&s));
}

int main(int argc, char **argv)
{
    struct bench_opts o;
    bench_parse(argc, argv, &o);
    static bool yes = true, no = false;
    bench_case(&o, "costack.join2.sched", join2, NULL, 2000000);
    bench_case(&o, "costack.spawn2.sched", spawn2, NULL, 2000000);
    bench_case(&o, "costack.select_recv.sched", recv_case, &yes, 5000000);
    bench_case(&o, "costack.recv.sched", recv_case, &no, 5000000);
    return 0;
}
