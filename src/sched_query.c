/* src/sched_query.c - what every context waits on (not a hot path). It
 * knows objects only through their wait tables (ctx->wait.ops), so a
 * program that queries links no sync object it does not use. */
#include "sched_impl.h"
#include "join_weak.h"

const char *co__wait_kind(const co_context *ctx)
{
    const co_wait_ops *ops = ctx->wait.ops;
    switch (co_state_of(ctx)) {
    case CO_STATE_TIME:
        return "time";
    case CO_STATE_EXTERNAL:
        return "external";
    case CO_STATE_IO:
        return ops && ops->kind ? ops->kind : "io (custom)";
    case CO_STATE_SYNC:
        return ops && ops->kind ? ops->kind : "sync (custom)";
    default:
        return NULL;
    }
}

const char *co__object_name(const co_context *ctx)
{
    const co_wait_ops *ops = ctx->wait.ops;
    co_state st = co_state_of(ctx);
    if (!ctx->wait.object || (st != CO_STATE_SYNC && st != CO_STATE_IO) || !ops || !ops->name_at)
        return NULL;
    const char *const *name = (const char *const *)(const void *)((const unsigned char *)ctx->wait.object +
                                                                  ops->name_at - 1u);
    return *name;
}

/* Whom ctx waits for (a mutex's owner), or NULL. */
static co_context *waits_for(const co_context *ctx)
{
    const co_wait_ops *ops = ctx->wait.ops;
    co_state st = co_state_of(ctx);
    if (!ctx->wait.object || (st != CO_STATE_SYNC && st != CO_STATE_IO) || !ops || !ops->owner_at)
        return NULL;
    co_context *const *owner = (co_context *const *)(const void *)((const unsigned char *)ctx->wait.object +
                                                                  ops->owner_at - 1u);
    return *owner;
}

size_t co_await_chain(const co_context *ctx, co_fn **fns, size_t max)
{
    if (!CO__REQUIRE(ctx != NULL && (fns != NULL || max == 0), NULL_ARGUMENT))
        return 0;
    size_t n = 0;
    for (const co_frame *f = ctx->leaf; f; f = f->caller, n++)
        if (n < max)
            fns[n] = f->fn;
    return n;
}

co_task_info co_task_describe(const co_context *ctx)
{
    co_task_info i = {0};
    i.deadline = CO_TIME_NEVER;
    if (!CO__REQUIRE(ctx != NULL, NULL_ARGUMENT))
        return i;
    i.ctx = (co_context *)(uintptr_t)ctx;
    i.name = co_context_name(ctx);
    i.state = co_state_of(ctx);
    if (i.state >= CO_STATE_TIME && i.state <= CO_STATE_EXTERNAL) {
        i.object = ctx->wait.object;
        i.deadline = ctx->wait.deadline;
        i.kind = co__wait_kind(ctx);
        i.object_name = co__object_name(ctx);
        i.owner = waits_for(ctx);
    }
    i.used = co_used(ctx);
    i.priority = co_priority(ctx);
    i.depth = (unsigned)co_await_chain(ctx, NULL, 0);
    i.parent = CO__BRANCH_PARENT(ctx);
    i.branches = (unsigned)CO__BRANCHES(ctx, NULL, 0);
    return i;
}

size_t co_sched_query(const co_sched *s, co_task_info *out, size_t max)
{
    if (!CO__REQUIRE(s != NULL && (out != NULL || max == 0), NULL_ARGUMENT))
        return 0;
    size_t n = 0;
    co_context *last = s->all;
    while (last && CO__LINK(last, CO__L_ANEXT))
        last = CO__LINK(last, CO__L_ANEXT);
    for (co_context *c = last; c; c = CO__LINK(c, CO__L_APREV), n++) /* oldest first */
        if (n < max)
            out[n] = co_task_describe(c);
    return n;
}

size_t co_sched_find_cycle(const co_sched *s, co_context **out, size_t max)
{
    if (!CO__REQUIRE(s != NULL && (out != NULL || max == 0), NULL_ARGUMENT))
        return 0;
    for (co_context *start = s->all; start; start = CO__LINK(start, CO__L_ANEXT)) {
        /* Floyd: does the chain from start loop back to start? */
        co_context *slow = start, *fast = start;
        for (;;) {
            fast = waits_for(fast);
            if (fast)
                fast = waits_for(fast);
            slow = waits_for(slow);
            if (!fast || !slow || fast == slow)
                break;
        }
        if (!fast || !slow)
            continue;
        size_t n = 0;
        co_context *c = slow;
        do {
            if (n < max)
                out[n] = c;
            n++;
            c = waits_for(c);
        } while (c != slow);
        return n;
    }
    return 0;
}
