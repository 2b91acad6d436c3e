/* src/context.c - contexts: start, resume trampoline, block, wake, cancel. */
#include "co_impl.h"

#if CO_CONFIG_THREADS
_Thread_local co_context *co__current;
co_listener_fn *co__listener;
#else
struct co__globals co__g;
#endif
co__remote_hook_fn *_Atomic co__remote_hook;

#define CANARY_WORD 0xC0DEFACEu
#define POISON_BYTE 0xA5u

co_context *co_current(void) { return co__current; }

#if CO_CONFIG_FAULT_INJECTION
static co_debug_hook_fn *_Atomic debug_hook;

co_debug_hook_fn *co_debug_set_hook(co_debug_hook_fn *fn)
{
    co_debug_hook_fn *old = atomic_load(&debug_hook); /* no RMW: ARMv6-M has none */
    atomic_store(&debug_hook, fn);
    return old;
}

void co__debug_point(int point, const void *subject)
{
    co_debug_hook_fn *fn = atomic_load_explicit(&debug_hook, memory_order_acquire);
    if (fn)
        fn(point, subject);
}
#endif

/* Never inlined: the one place the listener is called from (analysers
 * resolve it here). */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
void co__notify(co_context *ctx, co_state from, co_state to)
{
    co_listener_fn *fn = co__listener;
    if (fn)
        fn(ctx, from, to);
}

int co__notify_yield(co_context *ctx)
{
    co__notify(ctx, CO_STATE_RUNNING, CO_STATE_READY);
    return CO_PENDING;
}

co_listener_fn *co_set_listener(co_listener_fn *fn)
{
    co_listener_fn *old = co__listener;
    co__listener = fn;
    return old;
}

const char *co_state_name(co_state s)
{
    static const char *const names[CO_STATE_COUNT__] = {
        "ready", "time", "io", "sync", "external", "running", "done",
    };
    return (unsigned)s < CO_STATE_COUNT__ ? names[s] : "invalid";
}

void co_context_init(co_context *ctx, void *buf, size_t size)
{
    static const co_context empty = {.wait = {CO_TIME_NEVER, NULL, NULL}, .state = CO_STATE_DONE};
    if (!CO__REQUIRE(ctx != NULL, NULL_ARGUMENT))
        return;
    *ctx = empty;
    uintptr_t a = (uintptr_t)buf, end = a + size;
    uintptr_t base = (a + CO_CONFIG_FRAME_ALIGN - 1u) & ~(uintptr_t)(CO_CONFIG_FRAME_ALIGN - 1u);
    if (!CO__REQUIRE(buf != NULL || size == 0, NULL_ARGUMENT) || base > end)
        base = end = a; /* too small to align: an empty buffer */
    ctx->base = ctx->top = (unsigned char *)buf + (base - a);
    ctx->limit = (unsigned char *)buf + (end - a);
#if CO_CONFIG_HIGH_WATER
    ctx->high = ctx->base;
#endif
}

#if CO_CONFIG_CANARY
static void canary_write(unsigned char *slot_end)
{
    for (unsigned i = 0; i < CO__CANARY_BYTES; i++)
        (slot_end - CO__CANARY_BYTES)[i] = (unsigned char)(CANARY_WORD >> (8u * (i & 3u)));
}

static bool canary_ok(const unsigned char *slot_end)
{
    for (unsigned i = 0; i < CO__CANARY_BYTES; i++)
        if ((slot_end - CO__CANARY_BYTES)[i] != (unsigned char)(CANARY_WORD >> (8u * (i & 3u))))
            return false;
    return true;
}

/* The end of f's slot: the next frame's start, or the buffer top. */
static unsigned char *slot_end_of(co_context *ctx, const co_frame *f)
{
    for (co_frame *g = ctx->leaf; g; g = g->caller) {
        if (g->caller == f)
            return (unsigned char *)(void *)g;
        if (g == f)
            return ctx->top;
    }
    return ctx->top;
}
#endif

static void *push_checked(co_context *ctx, size_t slot)
{
#if CO_CONFIG_FAULT_INJECTION
    if (ctx->fail_push_in && --ctx->fail_push_in == 0) {
        ctx->rc = CO_ENOMEM;
        return NULL;
    }
#endif
    if ((size_t)(ctx->limit - ctx->top) < slot) {
        ctx->rc = CO_ENOMEM;
        return NULL;
    }
    unsigned char *f = ctx->top;
    ctx->top = f + slot;
#if CO_CONFIG_HIGH_WATER
    if (ctx->top > ctx->high)
        ctx->high = ctx->top;
#endif
#if CO_CONFIG_CANARY
    canary_write(ctx->top);
#endif
    ctx->leaf = (co_frame *)(void *)f;
    return f;
}

void *co__push_slow(co_context *ctx, co_frame *caller, size_t slot)
{
    (void)caller;
    return push_checked(ctx, slot);
}

int co__complete_slow(co_context *ctx, co_frame *f, int status)
{
#if CO_CONFIG_CANARY
    if (!CO__REQUIRE(canary_ok(ctx->top), FRAME_OVERRUN) && status >= 0)
        status = CO_EINVAL;
    co_frame *caller = f->caller;
    unsigned char *start = (unsigned char *)f;
    for (unsigned char *p = start; p < ctx->top; p++)
        *p = POISON_BYTE;
    ctx->top = start;
    ctx->leaf = caller;
#else
    ctx->top = (unsigned char *)f;
    ctx->leaf = f->caller;
#endif
    return status;
}

int co__start(co_context *ctx, co_future *future, co_fn *fn, void *result,
              const co_frame *init, size_t size, size_t align)
{
    if (!CO__REQUIRE(ctx != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    if (!CO__REQUIRE(ctx->state == CO_STATE_DONE, START_BUSY))
        return CO_EBUSY;
#if CO_CONFIG_TASK_ENTRY
    if (!CO__REQUIRE(ctx->entry == NULL || ctx->entry == fn, START_ENTRY))
        return CO_EINVAL;
#endif
    if (align > CO_CONFIG_FRAME_ALIGN)
        return CO_EINVAL;
    ctx->flags = 0;
#if CO_CONFIG_PRIORITIES > 1
    ctx->prio_run = ctx->prio;
#endif
    ctx->top = ctx->base;
    ctx->leaf = NULL;
    if (future)
        co_future_init(future);
    unsigned char *f = push_checked(ctx, CO__SLOT(size));
    if (!f) {
        if (future)
            atomic_store_explicit(&future->status, CO_ENOMEM, memory_order_release);
        return CO_ENOMEM;
    }
    const unsigned char *src = (const unsigned char *)init;
    for (size_t i = 0; i < size; i++)
        f[i] = src[i];
    co_frame *root = (co_frame *)(void *)f;
    root->fn = fn;
    root->caller = NULL;
    root->result = result;
    root->lc = 0;
    ctx->future = future;
    ctx->rc = 0;
    ctx->wait.deadline = CO_TIME_NEVER;
    ctx->wait.object = NULL;
    ctx->wait.ops = NULL;
    co__set_state(ctx, CO_STATE_READY);
    return 0;
}

static void finish(co_context *ctx, int status)
{
    if ((ctx->flags & CO__F_CANCELLED) && status >= 0)
        status = CO_ECANCELED; /* cancelled, then returned without waiting */
    if (ctx->held) { /* its mutexes stay locked by a finished task */
        co__contract_failed(CO_CONTRACT_DONE_HOLDING_MUTEX);
        ctx->held = 0;
    }
    ctx->leaf = NULL;
    ctx->top = ctx->base;
    co_future *fut = ctx->future;
    ctx->future = NULL;
    ctx->rc = status; /* the final status, for listeners */
    co__set_state(ctx, CO_STATE_DONE);
    if (fut)
        atomic_store_explicit(&fut->status, status, memory_order_release);
}

/* Why co_resume() did not run ctx (out of line: the hot path stays small). */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline, cold))
#endif
static co_state not_ready(const co_context *ctx)
{
    if (!ctx) {
        co__contract_failed(CO_CONTRACT_NULL_ARGUMENT);
        return CO_STATE_DONE;
    }
    co_state st = (co_state)ctx->state;
    if (st == CO_STATE_DONE)
        co__contract_failed(CO_CONTRACT_RESUME_DONE);
    else if (st == CO_STATE_RUNNING)
        co__contract_failed(CO_CONTRACT_RESUME_RUNNING);
    return st; /* DONE, RUNNING, or still blocked */
}

co_state co_resume(co_context *ctx)
{
    /* The analyser's constants, kept with the code every program links. */
    CO__REC_CONFIG(CO_CONFIG_FRAME_ALIGN, CO__CANARY_BYTES, sizeof(co_frame),
                   (CO_CONFIG_CANARY ? 1 : 0) | (CO_CONFIG_RESUME_GOTO ? 2 : 0))
    if (!ctx || ctx->state != CO_STATE_READY)
        return not_ready(ctx);
    co_context *prev = co__current;
    co__current = ctx;
    ctx->state = CO_STATE_RUNNING; /* co__set_state, inline on the hot path */
#if CO_CONFIG_LISTENER
    if (co__listener)
        co__notify(ctx, CO_STATE_READY, CO_STATE_RUNNING);
#endif
    co_frame *f = ctx->leaf;
    for (;;) {
#if CO_CONFIG_CANARY
        if (!CO__REQUIRE(canary_ok(slot_end_of(ctx, f)), FRAME_OVERRUN)) {
            ctx->rc = CO_EINVAL;
        }
#endif
        int rc = f->fn(ctx, f);
        if (rc == CO_PENDING)
            break;
        /* f completed, so it popped itself: the leaf is its caller */
        f = ctx->leaf;
        if (!f) {
            finish(ctx, rc);
            break;
        }
        ctx->rc = rc; /* the awaiting frame reads its child's status */
    }
    co__current = prev;
    return (co_state)ctx->state;
}

int co_block(co_context *ctx, co_state why, const void *object, co_time deadline,
             const co_wait_ops *ops)
{
    if (!CO__REQUIRE(ctx != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    if (!CO__REQUIRE(ctx->state == CO_STATE_RUNNING, BLOCK_OUTSIDE))
        return CO_EINVAL;
    if (!CO__REQUIRE((unsigned)why <= CO_STATE_EXTERNAL, BAD_STATE))
        return CO_EINVAL;
    ctx->wait.deadline = deadline;
    ctx->wait.object = object;
    ctx->wait.ops = ops;
    co__set_state(ctx, why);
    return CO_PENDING;
}

bool co_wake(co_context *ctx, int status)
{
    if (!CO__REQUIRE(ctx != NULL, NULL_ARGUMENT))
        return false;
    co_state s = (co_state)ctx->state;
    if (s > CO_STATE_EXTERNAL || s == CO_STATE_READY)
        return false;
    /* Still on a sync object's queue: waking it would leave it there (a
     * mutex would later be handed to it). The runtime's wakers take it off
     * first; others use co_cancel(). */
    if (!CO__REQUIRE(!(ctx->flags & CO__F_QUEUED), WAKE_QUEUED))
        return false;
    ctx->rc = status;
    ctx->wait.deadline = CO_TIME_NEVER;
    ctx->wait.object = NULL;
    ctx->wait.ops = NULL;
    co__set_state(ctx, CO_STATE_READY);
    if (ctx->exec)
        ctx->exec->ready(ctx->exec, ctx);
    return true;
}

int co_cancel(co_context *ctx)
{
    if (!CO__REQUIRE(ctx != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    co_state s = (co_state)ctx->state;
    if (s == CO_STATE_DONE)
        return CO_EINVAL;
    ctx->flags |= CO__F_CANCELLED;
    if (s == CO_STATE_RUNNING)
        return 0; /* its next await fails */
    co_frame *root = ctx->leaf;
    if (s == CO_STATE_READY && root && root->caller == NULL && root->lc == 0) {
        finish(ctx, CO_ECANCELED); /* never ran: nothing to unwind */
        return 0;
    }
    if (s == CO_STATE_READY)
        return 0; /* its wait already ended: that result stands, the next wait fails */
    co__wait_unlink(ctx);
    co_wake(ctx, CO_ECANCELED);
    return 0;
}

/* ---- the core awaitables ------------------------------------------------ */

int co__await_deadline(co_context *ctx, co_deadline d)
{
    return co_block(ctx, CO_STATE_TIME, NULL, d.at, NULL);
}

co_time co__later(co_duration d) { return co_time_add(co_port_now(), d); }

int co__await_duration(co_context *ctx, co_duration d)
{
    return co_block(ctx, CO_STATE_TIME, NULL, co__later(d), NULL);
}

int co__await_blocker(co_context *ctx, co_blocker b)
{
    return co_block(ctx, b.state, b.object, CO_TIME_NEVER, NULL);
}

int co__await_awaitable(co_context *ctx, co_awaitable *aw)
{
    if (!CO__REQUIRE(aw != NULL && aw->await != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    return aw->await(aw, ctx);
}
