/* src/sched_wake.c - wakes from other threads, cores and ISRs: the wake
 * word of each context, the lock-free inbox (MPSC Treiber stack, taken
 * whole by the scheduler and reversed to FIFO), co_unblock(), and deferred
 * work posted by _isr calls. */
#include "sched_impl.h"

CO__HIDDEN void co__arm(co_sched *s, co_context *ctx);
CO__HIDDEN uint32_t co__disarm(co_sched *s, co_context *ctx);
CO__HIDDEN bool co__drain(co_sched *s);

/* ---- the two inbox stacks -------------------------------------------------- */

static void inbox_push(co_sched *s, co_context *ctx)
{
#if CO_PORT_ATOMIC_RMW
    co_context *h = atomic_load_explicit(&s->inbox, memory_order_relaxed);
    do {
        CO__LINK(ctx, CO__L_INBOX) = h;
    } while (!atomic_compare_exchange_weak_explicit(&s->inbox, &h, ctx, memory_order_release,
                                                    memory_order_relaxed));
#else
    co_port_irq irq = co_port_critical_enter();
    CO__LINK(ctx, CO__L_INBOX) = atomic_load_explicit(&s->inbox, memory_order_relaxed);
    atomic_store_explicit(&s->inbox, ctx, memory_order_relaxed);
    co_port_critical_exit(irq);
#endif
}

static co_context *inbox_take(co_sched *s)
{
#if CO_PORT_ATOMIC_RMW
    return atomic_exchange_explicit(&s->inbox, NULL, memory_order_acquire);
#else
    co_port_irq irq = co_port_critical_enter();
    co_context *h = atomic_load_explicit(&s->inbox, memory_order_relaxed);
    atomic_store_explicit(&s->inbox, NULL, memory_order_relaxed);
    co_port_critical_exit(irq);
    return h;
#endif
}

static void posted_push(co_sched *s, co__deferred *d)
{
#if CO_PORT_ATOMIC_RMW
    co__deferred *h = atomic_load_explicit(&s->posted, memory_order_relaxed);
    do {
        d->next = h;
    } while (!atomic_compare_exchange_weak_explicit(&s->posted, &h, d, memory_order_release,
                                                    memory_order_relaxed));
#else
    co_port_irq irq = co_port_critical_enter();
    d->next = atomic_load_explicit(&s->posted, memory_order_relaxed);
    atomic_store_explicit(&s->posted, d, memory_order_relaxed);
    co_port_critical_exit(irq);
#endif
}

static co__deferred *posted_take(co_sched *s)
{
#if CO_PORT_ATOMIC_RMW
    return atomic_exchange_explicit(&s->posted, NULL, memory_order_acquire);
#else
    co_port_irq irq = co_port_critical_enter();
    co__deferred *h = atomic_load_explicit(&s->posted, memory_order_relaxed);
    atomic_store_explicit(&s->posted, NULL, memory_order_relaxed);
    co_port_critical_exit(irq);
    return h;
#endif
}


/* ---- wakers (any thread, core or ISR) -------------------------------------- */

/* Claims ctx's armed wait and hands it to its scheduler. any: a co_unblock()
 * (ends an external wait, else leaves a token); otherwise a co_io completion
 * for arm generation gen. Returns true if this call delivered a wake. */
bool co__wake_remote(co_context *ctx, uint32_t gen, bool any)
{
    co_sched *s = co__sched_of(ctx);
    uint32_t w = atomic_load_explicit(&ctx->sched_wake, memory_order_acquire), n;
    bool push;
    do {
        push = false;
        if (!any && (w >> CO__W_GEN_SHIFT) != (gen & CO__W_GEN_MASK))
            return false; /* an old wait: already ended */
        if (w & CO__W_W)
            return false; /* already claimed */
        bool ext = (w & CO__W_X) != 0;
        if ((w & CO__W_A) && ext == any) {
            n = w | CO__W_W;
            if (!(w & CO__W_Q)) {
                n |= CO__W_Q;
                push = true;
            }
        } else if (any) {
            if (w & CO__W_T)
                return false;
            n = w | CO__W_T;
        } else {
            return false; /* not armed yet: the arm sees the completion */
        }
    } while (!co__cas32(&ctx->sched_wake, &w, n));
#if CO_CONFIG_LISTENER
    co__remote_wake(ctx, NULL);
#endif
    if (push) {
        inbox_push(s, ctx);
        co_port_wake(&s->cpu);
    }
    return true;
}

bool co_unblock(co_context *ctx)
{
    if (!CO__REQUIRE(ctx != NULL, NULL_ARGUMENT))
        return false;
    if (!co__sched_of(ctx))
        return co_wake(ctx, 0); /* no scheduler: the same-thread form */
    return co__wake_remote(ctx, 0, true);
}

void co__post(co__deferred *d)
{
    co_sched *s = atomic_load_explicit(&d->sched, memory_order_seq_cst);
    if (!s || co__xchg32(&d->posted, 1) != 0)
        return; /* no waiter ever blocked (the next take absorbs it), or queued */
#if CO_CONFIG_LISTENER
    co__remote_wake(NULL, d);
#endif
    posted_push(s, d);
    co_port_wake(&s->cpu);
}

/* ---- the scheduler's side ------------------------------------------------ */

void co__bind_isr(co__deferred *d, const co_context *ctx)
{
    co_sched *sch = co__sched_of(ctx);
    if (sch && atomic_load_explicit(&d->sched, memory_order_relaxed) != sch)
        atomic_store(&d->sched, sch);
}

int co__sync_wait(co_context *ctx, const co_op *op, co__waitq *q, const co__deferred *isr,
                  void (*unlink)(co_context *ctx))
{
    if (op->deadline <= co_port_now())
        return CO_ETIMEDOUT;
    int rc = co_block(ctx, CO_STATE_SYNC, op->object, op->deadline, unlink);
    if (rc != CO_PENDING)
        return rc; /* not running: a contract failure, nothing queued */
    CO__ARG(ctx) = op->arg;
    co__waitq_push(q, ctx);
    if (isr && isr->fed)
        co__fed_wait(ctx);
    return rc;
}

/* Consumes a co_unblock() that arrived outside a wait. */
bool co__take_token(co_context *ctx)
{
    uint32_t w = atomic_load_explicit(&ctx->sched_wake, memory_order_relaxed);
    while (w & CO__W_T)
        if (co__cas32(&ctx->sched_wake, &w, w & ~CO__W_T))
            return true;
    return false;
}

/* Counts ctx's sync wait as one an ISR may end (not a deadlock). */
void co__fed_wait(co_context *ctx)
{
    co_sched *s = co__sched_of(ctx);
    if (!s)
        return;
    uint32_t w = atomic_load_explicit(&ctx->sched_wake, memory_order_relaxed);
    while (!(w & CO__W_I)) {
        if (co__cas32(&ctx->sched_wake, &w, w | CO__W_I)) {
            s->armed++;
            break;
        }
    }
}

/* Marks an object as fed from ISRs; counts the waiters it already has. */
void co__mark_fed(co__deferred *d, const co__waitq *q)
{
    if (d->fed)
        return;
    d->fed = 1;
    for (co_context *c = q->head; c; c = CO__LINK(c, CO__L_QNEXT))
        co__fed_wait(c);
}

/* Arms a context that just blocked by io or external (called right after
 * co_resume returned). Consumes a token or an early completion at once. */
void co__arm(co_sched *s, co_context *ctx)
{
    bool ext = co_state_of(ctx) == CO_STATE_EXTERNAL || ctx->wait.unlink != co__io_unlink;
    uint32_t w = atomic_load_explicit(&ctx->sched_wake, memory_order_relaxed), n;
    bool token;
    do {
        token = ext && (w & CO__W_T);
        if (token)
            n = w & ~CO__W_T;
        else
            n = ((w + (1u << CO__W_GEN_SHIFT)) & ~(CO__W_W | CO__W_X)) | CO__W_A |
                (ext ? CO__W_X : 0u);
    } while (!co__cas32(&ctx->sched_wake, &w, n));
    if (token) {
        co_wake(ctx, 0);
        return;
    }
    s->armed++;
    if (!ext && co__io_status(ctx->wait.object) != CO_PENDING) {
        /* Completed before we armed: claim it ourselves unless its ISR did. */
        w = n;
        while (!(w & CO__W_W)) {
            if (co__cas32(&ctx->sched_wake, &w, w & ~(CO__W_A | CO__W_X))) {
                s->armed--;
                co_wake(ctx, co__io_status(ctx->wait.object));
                return;
            }
        }
    }
}

/* Disarms ctx (woken here: timeout, cancel); returns the previous word. A
 * claim in flight (W) is dropped: the inbox entry finds nothing armed. */
uint32_t co__disarm(co_sched *s, co_context *ctx)
{
    uint32_t w = atomic_load_explicit(&ctx->sched_wake, memory_order_relaxed);
    while (!co__cas32(&ctx->sched_wake, &w, w & ~(CO__W_A | CO__W_W | CO__W_X | CO__W_I))) {
    }
    if (w & (CO__W_A | CO__W_I))
        s->armed--;
    return w;
}

/* Takes everything handed over; returns true if it did anything. */
bool co__drain(co_sched *s)
{
    if (co__inbox_quiet(s)) /* plain loads: the common case costs no RMW */
        return false;
    co_context *list = inbox_take(s);
    co__deferred *dl = posted_take(s);
    co_context *fifo = NULL;
    while (list) { /* reverse the stack: wakes keep their order */
        co_context *next = CO__LINK(list, CO__L_INBOX);
        CO__LINK(list, CO__L_INBOX) = fifo;
        fifo = list;
        list = next;
    }
    while (fifo) {
        co_context *c = fifo, *next = CO__LINK(c, CO__L_INBOX); /* before Q clears */
        fifo = next;
        uint32_t w = atomic_load_explicit(&c->sched_wake, memory_order_relaxed), n;
        bool wake;
        do {
            wake = (w & CO__W_A) && (w & CO__W_W);
            n = w & ~CO__W_Q;
            if (wake)
                n &= ~(CO__W_A | CO__W_W | CO__W_X);
        } while (!co__cas32(&c->sched_wake, &w, n));
        if (wake) {
            s->armed--;
            int status = 0;
            if (co_state_of(c) == CO_STATE_IO && c->wait.unlink == co__io_unlink)
                status = co__io_status(c->wait.object);
            if (c->wait.unlink)
                c->wait.unlink(c);
            co_wake(c, status);
        }
    }
    co__deferred *dfifo = NULL;
    while (dl) {
        co__deferred *next = dl->next;
        dl->next = dfifo;
        dfifo = dl;
        dl = next;
    }
    while (dfifo) {
        co__deferred *d = dfifo;
        dfifo = d->next;
        atomic_store_explicit(&d->posted, 0, memory_order_seq_cst); /* a new give reposts */
        d->run(d);
    }
    return true;
}
