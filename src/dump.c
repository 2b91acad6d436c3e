/* src/dump.c - text description of contexts, built on the query API. */
#include "co_impl.h"
#include "costack/dump.h"
#include "costack/sched.h"
#include "sched_impl.h"
#include "join_weak.h"

/* A tiny formatter: no printf in the core. */
struct out {
    co_dump_write_fn *write;
    void *arg;
};

static void put(struct out *o, const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    o->write(o->arg, s, n);
}

static void put_u(struct out *o, uint64_t v)
{
    char b[24];
    int i = (int)sizeof b;
    b[--i] = 0;
    do {
        b[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    put(o, b + i);
}

static void put_hex(struct out *o, uintptr_t v)
{
    char b[2 + 2 * sizeof v + 1];
    int i = (int)sizeof b;
    b[--i] = 0;
    do {
        b[--i] = "0123456789abcdef"[v & 15u];
        v >>= 4;
    } while (v);
    b[--i] = 'x';
    b[--i] = '0';
    put(o, b + i);
}

static void put_ctx(struct out *o, const co_context *c)
{
    if (c && co_context_name(c))
        put(o, co_context_name(c));
    else
        put_hex(o, (uintptr_t)c);
}

const char *co_fn_name(co_fn *fn)
{
#if CO_CONFIG_FN_NAMES
    co_frame q = {0};
    if (fn)
        fn(NULL, &q);
    return (const char *)q.result;
#else
    (void)fn;
    return NULL;
#endif
}

static void put_indent(struct out *o, unsigned indent)
{
    for (unsigned i = 0; i < indent; i++)
        put(o, "  ");
}

/* One context at nesting level indent, then (a level deeper) the branches
 * of the join/select it awaits. */
static void dump_one(const co_context *ctx, co_dump_write_fn *write, void *arg, unsigned indent,
                     const co_context *parent)
{
    if (!CO__REQUIRE(ctx != NULL && write != NULL, NULL_ARGUMENT))
        return;
    struct out o = {write, arg};
    co_task_info info = co_task_describe(ctx);
    put_indent(&o, indent);
    if (info.parent)
        parent = info.parent;
    if (parent) { /* a finished branch no longer knows its parent itself */
        put(&o, "branch of ");
        put_ctx(&o, parent);
    }
    if (!parent || co_context_name(ctx) != co_context_name(parent)) { /* branches carry the parent's name */
        if (parent)
            put(&o, " ");
        put_ctx(&o, ctx);
    }
    put(&o, ": ");
    put(&o, co_state_name(info.state));
    if (info.kind && (info.state == CO_STATE_IO || info.state == CO_STATE_SYNC ||
                      info.state == CO_STATE_EXTERNAL)) {
        put(&o, " on ");
        put(&o, info.kind);
        if (info.object_name) {
            put(&o, " ");
            put(&o, info.object_name);
        } else if (info.object) {
            put(&o, " ");
            put_hex(&o, (uintptr_t)info.object);
        }
        if (info.owner) {
            put(&o, " owned by ");
            put_ctx(&o, info.owner);
        }
    }
    if (info.priority != 0) {
        put(&o, ", priority ");
        put_u(&o, info.priority);
#if CO_CONFIG_PRIORITIES > 1
        if (info.priority != ctx->prio) {
            put(&o, " (inherited, own ");
            put_u(&o, ctx->prio);
            put(&o, ")");
        }
#endif
    }
    if (info.deadline != CO_TIME_NEVER) {
        put(&o, ", deadline ");
        put_u(&o, info.deadline);
        put(&o, " (now ");
        put_u(&o, co_port_now());
        put(&o, ")");
    }
    put(&o, ", buffer ");
    put_u(&o, co_used(ctx));
    put(&o, "/");
    put_u(&o, co_high_water(ctx));
    put(&o, "/");
    put_u(&o, co_capacity(ctx));
    put(&o, " used/high/cap\n");
    co_fn *chain[16];
    size_t n = co_await_chain(ctx, chain, sizeof chain / sizeof chain[0]);
    for (size_t i = 0; i < n && i < sizeof chain / sizeof chain[0]; i++) {
        put_indent(&o, indent);
        put(&o, "    #");
        put_u(&o, i);
        put(&o, " ");
        const char *name = co_fn_name(chain[i]);
        if (name)
            put(&o, name);
        else
            put_hex(&o, (uintptr_t)chain[i]);
        put(&o, "\n");
    }
    if (n > sizeof chain / sizeof chain[0]) {
        put_indent(&o, indent);
        put(&o, "    ... ");
        put_u(&o, n - sizeof chain / sizeof chain[0]);
        put(&o, " more\n");
    }
    co_context *br[CO_JOIN_MAX];
    size_t nb = CO__BRANCHES(ctx, br, CO_JOIN_MAX);
    for (size_t i = 0; i < nb && i < CO_JOIN_MAX; i++)
        if (indent < 8)
            dump_one(br[i], write, arg, indent + 1, ctx);
}

void co_dump_context(const co_context *ctx, co_dump_write_fn *write, void *arg)
{
    dump_one(ctx, write, arg, 0, NULL);
}

void co_dump(const co_sched *s, co_dump_write_fn *write, void *arg)
{
    if (!CO__REQUIRE(s != NULL && write != NULL, NULL_ARGUMENT))
        return;
    struct out o = {write, arg};
    size_t n = co_sched_query(s, NULL, 0);
    put(&o, "costack: ");
    put_u(&o, n);
    put(&o, " task(s)\n");
    co_context *last = s->all;
    while (last && CO__LINK(last, CO__L_ANEXT))
        last = CO__LINK(last, CO__L_ANEXT);
    for (co_context *c = last; c; c = CO__LINK(c, CO__L_APREV)) /* oldest first */
        if (!CO__BRANCH_PARENT(c)) /* branches follow their parent */
            co_dump_context(c, write, arg);
    co_context *cycle[16];
    size_t k = co_sched_find_cycle(s, cycle, sizeof cycle / sizeof cycle[0]);
    if (k) {
        put(&o, "deadlock: ");
        for (size_t i = 0; i < k && i < sizeof cycle / sizeof cycle[0]; i++) {
            put_ctx(&o, cycle[i]);
            put(&o, " -> ");
        }
        put_ctx(&o, cycle[0]);
        put(&o, "\n");
    }
}
