/* bench/costack_core.c - costack without a scheduler: suspend+resume round
 * trips through a plain co_resume() loop, and await chains 1 and 3 deep,
 * completing synchronously or after one suspension. */
#include <costack.h>

#include "bench.h"

/* ---- (a) yield, resumed by a plain loop ---------------------------------- */

struct yielder { co_frame co; uint64_t n; uint64_t i; };
static CO_ASYNC(yielder, void)
{
    CO_BEGIN(yielder, self);
    for (self->i = 0; self->i < self->n; self->i++)
        CO_YIELD();
    CO_END;
}

static void yield_loop(void *arg, uint64_t n)
{
    (void)arg;
    _Alignas(8) unsigned char buf[256];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    co_future fut;
    if (CO_START(&ctx, &fut, yielder, NULL, .n = n) != 0)
        abort();
    while (co_resume(&ctx) != CO_STATE_DONE) {
    }
    if (co_future_status(&fut) != 0)
        abort();
}

/* ---- (b) await chains ---------------------------------------------------- */

struct c1 { co_frame co; int x; int yield; };
static CO_ASYNC(c1, int)
{
    CO_BEGIN(c1, self);
    if (self->yield)
        CO_YIELD();
    CO_RETURN(self->x + 1);
    CO_END;
}

struct c2 { co_frame co; int x; int yield; int r; };
static CO_ASYNC(c2, int)
{
    CO_BEGIN(c2, self);
    CO_AWAIT(c1, &self->r, .x = self->x, .yield = self->yield);
    CO_RETURN(self->r + 1);
    CO_END;
}

struct c3 { co_frame co; int x; int yield; int r; };
static CO_ASYNC(c3, int)
{
    CO_BEGIN(c3, self);
    CO_AWAIT(c2, &self->r, .x = self->x, .yield = self->yield);
    CO_RETURN(self->r + 1);
    CO_END;
}

/* Awaits the chain n times; depth 1 awaits c1, depth 3 awaits c3. */
struct chain_root { co_frame co; uint64_t n; int depth; int yield; uint64_t i; int r; long acc; };
static CO_ASYNC(chain_root, long)
{
    CO_BEGIN(chain_root, self);
    for (self->i = 0; self->i < self->n; self->i++) {
        if (self->depth == 1)
            CO_AWAIT(c1, &self->r, .x = (int)self->i, .yield = self->yield);
        else
            CO_AWAIT(c3, &self->r, .x = (int)self->i, .yield = self->yield);
        self->acc += self->r;
    }
    CO_RETURN(self->acc);
    CO_END;
}

struct chain_cfg { int depth; int yield; };

static void chain(void *arg, uint64_t n)
{
    const struct chain_cfg *cfg = arg;
    _Alignas(8) unsigned char buf[512];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    co_future fut;
    long out = 0;
    if (CO_START(&ctx, &fut, chain_root, &out, .n = n, .depth = cfg->depth,
                 .yield = cfg->yield) != 0)
        abort();
    while (co_resume(&ctx) != CO_STATE_DONE) {
    }
    if (co_future_status(&fut) != 0)
        abort();
    bench_sink(out);
}

int main(int argc, char **argv)
{
    struct bench_opts o;
    bench_parse(argc, argv, &o);
    static struct chain_cfg s1 = {1, 0}, s3 = {3, 0}, y1 = {1, 1}, y3 = {3, 1};
    bench_case(&o, "costack.yield.loop", yield_loop, NULL, 10000000);
    bench_case(&o, "costack.await1.sync", chain, &s1, 10000000);
    bench_case(&o, "costack.await3.sync", chain, &s3, 5000000);
    bench_case(&o, "costack.await1.susp", chain, &y1, 5000000);
    bench_case(&o, "costack.await3.susp", chain, &y3, 5000000);
    return 0;
}
