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

/* Claims ctx's armed external wait and hands it to its scheduler, or
 * leaves a token when it is not waiting. Returns true if this call
 * delivered a wake or a token. */
static bool wake_remote(co_context *ctx)
{
    uint32_t w = atomic_load_explicit(&ctx->sched_wake, memory_order_acquire), n;
    bool push;
    do {
        push = false;
        if (w & CO__W_W)
            return false; /* already claimed */
        if ((w & CO__W_A) && (w & CO__W_X)) {
            n = w | CO__W_W;
            if (!(w & CO__W_Q)) {
                n |= CO__W_Q;
                push = true;
            }
        } else {
            if (w & CO__W_T)
                return false;
            n = w | CO__W_T;
        }
    } while (!co__cas32(&ctx->sched_wake, &w, n));
    CO__POINT(WAKE_CLAIMED, ctx);
    if (!push)
        return true;
    /* The scheduler is read only now, after the claim: the wait we claimed
     * was armed by ctx's scheduler after it set ctx->exec (the CAS reads
     * from that arm), and ctx cannot finish and leave (co__leave_inbox)
     * while Q is set, so exec is the live scheduler, never NULL and never
     * one ctx ran on before a restart. */
    co_sched *s = co__sched_of(ctx);
#if CO_CONFIG_LISTENER
    co__remote_wake(ctx, NULL);
#endif
    inbox_push(s, ctx);
    CO__POINT(WAKE_PUSHED, ctx);
    co_port_wake(&s->cpu);
    return true;
}

bool co_unblock(co_context *ctx)
{
    if (!CO__REQUIRE(ctx != NULL, NULL_ARGUMENT))
        return false;
    uint32_t w = atomic_load_explicit(&ctx->sched_wake, memory_order_acquire);
    CO__POINT(UNBLOCK, ctx);
    /* Decided by the wake word, never by ctx->exec: the scheduler's thread
     * changes exec when ctx finishes or restarts, and a co_wake() from
     * here would then run the scheduler's code on this thread. */
    if (!(w & CO__W_S))
        return co_wake(ctx, 0); /* never on a scheduler: the same-thread form */
    return wake_remote(ctx);
}

void co__post(co__deferred *d)
{
    co_sched *s = atomic_load_explicit(&d->sched, memory_order_seq_cst);
    if (!s || co__xchg32(&d->posted, 1) != 0)
        return; /* no waiter ever blocked (the next take absorbs it), or queued */
    CO__POINT(POST_MARKED, d);
#if CO_CONFIG_LISTENER
    co__remote_wake(NULL, d);
#endif
    posted_push(s, d);
    co_port_wake(&s->cpu);
}

/* ---- the scheduler's side ------------------------------------------------ */

/* Ordering (why the first ISR give is never missed on a weak-memory
 * multi-core part): the waiter stores d->sched, then reads the object's
 * give count or buffer; the ISR adds to the give count (or claims the io),
 * then reads d->sched in co__post. That is a store-buffering pattern: each
 * side must see the other's write or the other side sees its own. The ISR
 * side is sequentially consistent (RMW, then seq_cst load); here the
 * seq_cst store is followed by a seq_cst fence, so the waiter's later
 * relaxed load of the count observes every give ordered before the fence
 * (C11 7.17.4: a load after a seq_cst fence sees the last seq_cst change
 * before the fence or a later one). Either the give is absorbed now, or
 * the ISR reads our scheduler and posts. A store of the same scheduler
 * again needs no fence: the first store's fence already ordered every
 * later give against it. Without the fence, a relaxed load may be
 * satisfied before the store leaves the store buffer (Arm, RISC-V). */
void co__bind_isr(co__deferred *d, const co_context *ctx)
{
    co_sched *sch = co__sched_of(ctx);
    if (sch && atomic_load_explicit(&d->sched, memory_order_relaxed) != sch) {
        atomic_store(&d->sched, sch);
        atomic_thread_fence(memory_order_seq_cst);
    }
}

int co__sync_wait(co_context *ctx, const co_op *op, co__waitq *q, const co__deferred *isr,
                  const co_wait_ops *ops)
{
    if (co__deadline_past(op->deadline))
        return CO_ETIMEDOUT;
    int rc = co_block(ctx, CO_STATE_SYNC, op->object, op->deadline, ops);
    if (rc != CO_PENDING)
        return rc; /* not running: a contract failure, nothing queued */
    CO__ARG(ctx) = op->arg;
    co__waitq_push(q, ctx);
    ctx->flags |= CO__F_QUEUED;
    if (isr && isr->fed)
        co__fed_wait(ctx);
    return rc;
}

/* Out of line: every object's unlink and the ready queue share it. */
void co__waitq_remove(co__waitq *q, co_context *ctx)
{
    co_context *p = NULL, *c = q->head;
    while (c && c != ctx) {
        p = c;
        c = CO__LINK(c, CO__L_QNEXT);
    }
    if (c) {
        co_context *n = CO__LINK(ctx, CO__L_QNEXT);
        if (p)
            CO__LINK(p, CO__L_QNEXT) = n;
        else
            q->head = n;
        if (q->tail == ctx)
            q->tail = p;
        CO__LINK(ctx, CO__L_QNEXT) = NULL;
    }
    ctx->flags &= (uint8_t)~(CO__F_QUEUED | CO__F_READYQ);
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

/* Arms a context that just blocked externally (called right after
 * co_resume returned). Consumes a token at once. */
void co__arm(co_sched *s, co_context *ctx)
{
    uint32_t w = atomic_load_explicit(&ctx->sched_wake, memory_order_relaxed), n;
    bool token;
    do {
        token = (w & CO__W_T) != 0;
        if (token)
            n = w & ~CO__W_T;
        else
            n = ((w + (1u << CO__W_GEN_SHIFT)) & ~CO__W_W) | CO__W_A | CO__W_X;
    } while (!co__cas32(&ctx->sched_wake, &w, n));
    if (token) {
        co_wake(ctx, 0);
        return;
    }
    s->armed++;
    CO__POINT(ARMED, ctx);
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
    CO__POINT(DRAIN_TAKEN, s);
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
            co__wait_unlink(c);
            co_wake(c, 0);
            CO__POINT(DRAIN_WOKEN, c);
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
        CO__POINT(DRAIN_RUN, d);
        d->run(d);
    }
    return true;
}

/* A context that finished must not stay in the inbox: co_context_init
 * would cut the inbox short there (the wakes behind it lost), a new wake
 * would push it a second time (a loop), and a restart elsewhere would have
 * this scheduler end a wait of another one's. A waker that set Q pushes
 * within a few instructions (it may be between its claim and its push on
 * another core or thread): drain until that entry has been taken. */
void co__leave_inbox(co_sched *s, co_context *ctx)
{
    while (atomic_load_explicit(&ctx->sched_wake, memory_order_acquire) & CO__W_Q)
        (void)co__drain(s);
}
