/* The tracer on join/select branches (simulated time, co_sched): every
 * branch context is recorded under its parent task with its index, nested
 * branches under their branch, the parent's wait is named after its join;
 * writes trace_join.bin, which CTest converts (JSON, SVG, text) and
 * compares with golden files that show the branches grouped under
 * "worker". */
#include <costack.h>
#include <costack/trace.h>
#include <costack/sched.h>
#include "costack_host.h"
#include "test.h"

static int store[2];
static co_chan ch;

struct nap { co_frame co; co_duration d; };
CO_ASYNC(nap, void)
{
    CO_BEGIN(nap, self);
    CO_AWAIT(self->d);
    CO_END;
}

struct inner { co_frame co; int dummy; };
CO_ASYNC(inner, void)
{
    CO_BEGIN(inner, self);
    CO_JOIN(CO_JOIN_ALL, NULL, CO_CALL(nap, NULL, .d = co_ms(10)), CO_CALL(nap, NULL, .d = co_ms(30)));
    CO_END;
}
#define INNER_BYTES                                                            \
    (CO__SLOT(sizeof(struct inner)) +                                          \
     CO__SLOT(CO__JOIN_HEAD + 2 * CO__BRANCH_HEAD + 2 * CO__SLOT(sizeof(struct nap))))

/* select(receive, 50 ms): the message comes at 20 ms; then a select of a
 * join of two naps (10, 30 ms) against 100 ms: the join wins at 50 ms. */
static int won[2];
struct worker { co_frame co; int v; };
CO_ASYNC(worker, void)
{
    CO_BEGIN(worker, self);
    CO_SELECT(&won[0], NULL, CO_ON(co_chan_recv(&ch, &self->v)), CO_ON(co_ms(50)));
    CO_SELECT(&won[1], NULL, CO_CALL_IN(INNER_BYTES, inner, NULL), CO_ON(co_ms(100)));
    CO_END;
}

struct sender { co_frame co; int v; };
CO_ASYNC(sender, void)
{
    CO_BEGIN(sender, self);
    CO_AWAIT(co_ms(20));
    CO_AWAIT(co_chan_send(&ch, &self->v));
    CO_END;
}

struct mem { unsigned char b[8192]; size_t n; };
static int to_mem(void *arg, const void *bytes, size_t n)
{
    struct mem *m = arg;
    if (m->n + n > sizeof m->b)
        return CO_ENOMEM;
    memcpy(m->b + m->n, bytes, n);
    m->n += n;
    return 0;
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void test_branches(void)
{
    static co_trace tr;
    static co_trace_event ring[256];
    _Alignas(8) static unsigned char b1[4096], b2[256];
    static co_context w, s;
    co_host_clock_simulated(0);
    co_chan_init(&ch, store, sizeof store[0], 2);
    co_chan_set_name(&ch, "rx");
    co_context_init(&w, b1, sizeof b1);
    co_context_init(&s, b2, sizeof b2);
    co_context_set_name(&w, "worker");
    co_context_set_name(&s, "sender");
    CHECK_EQ(co_trace_start(&tr, CO_TRACE_STOP, ring, 256, NULL, NULL), 0);
    co_sched sc = CO_SCHED_INIT;
    CHECK_EQ(CO_SPAWN(&sc, &w, NULL, worker, NULL), 0);
    CHECK_EQ(CO_SPAWN(&sc, &s, NULL, sender, NULL, .v = 7), 0);
    CHECK_EQ(co_sched_run(&sc), 0);
    CHECK_EQ(co_now(), co_ms(50).ticks);
    CHECK_EQ(won[0], 0);
    CHECK_EQ(won[1], 0);
    co_trace_stop(&tr);
    CHECK_EQ(tr.lost, 0);

    /* ids: worker 0, sender 1; every other context is a branch: of worker
     * (the two selects' branches) or of the inner join's branch */
    CHECK_PTR(tr.ids[0], &w);
    CHECK_PTR(tr.ids[1], &s);
    CHECK_EQ(tr.parent[0], 0);
    CHECK_EQ(tr.parent[1], 0);
    unsigned of_worker = 0, nested = 0, n = 2;
    for (; n < CO_CONFIG_TRACE_CONTEXTS && tr.ids[n]; n++) {
        CHECK_TRUE(tr.parent[n] != 0);
        CHECK_STR(tr.names[n], "worker"); /* branches carry the parent's name */
        if (tr.parent[n] == 1) {
            of_worker++;
        } else {
            unsigned p = tr.parent[n] - 1u;
            CHECK_TRUE(p < n && tr.parent[p] == 1); /* a branch of a branch of worker */
            nested++;
        }
        CHECK_TRUE((tr.branch[n] & 0x7F) < 2);
    }
    /* the selects' branch 0 share one context (same parent, same index),
     * the two branch 1 are at different places: 3 under worker, 2 nested */
    CHECK_EQ(of_worker, 3);
    CHECK_EQ(nested, 2);

    /* the stream ends with one branch record per branch */
    static struct mem m;
    CHECK_EQ(co_trace_drain(&tr, to_mem, &m), 0);
    unsigned records = 0;
    for (size_t off = 16; off + 16 <= m.n; off += 16) {
        if (m.b[off + 6] != CO_TRACE_END)
            continue;
        size_t r = off + 16;
        for (uint32_t k = 0, count = rd32(m.b + off + 12); k < count && r + 8 <= m.n; k++) {
            if (m.b[r] == 2) {
                CHECK_EQ(m.b[r + 1], 0);
                uint16_t id = (uint16_t)(m.b[r + 2] | m.b[r + 3] << 8);
                CHECK_EQ(rd32(m.b + r + 4) & 0xFFFFu, tr.parent[id] - 1u);
                records++;
            }
            r += 8 + m.b[r + 1];
        }
        CHECK_EQ(r, m.n);
        break;
    }
    CHECK_EQ(records, of_worker + nested);
    FILE *f = fopen("trace_join.bin", "wb");
    CHECK_TRUE(f != NULL);
    CHECK_EQ(fwrite(m.b, 1, m.n, f), m.n);
    CHECK_EQ(fclose(f), 0);
}

int main(void)
{
    test_branches();
    if (test_failures)
        printf("%d failure(s)\n", test_failures);
    else
        printf("ok\n");
    return test_failures ? 1 : 0;
}
