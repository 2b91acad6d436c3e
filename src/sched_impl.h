/* src/sched_impl.h - private to the runtime: context links, the wake word,
 * atomics that never call libatomic, wait queues. */
#ifndef CO_SCHED_IMPL_H
#define CO_SCHED_IMPL_H

#include "co_impl.h"

/* ---- context links (ctx->sched_link) ------------------------------------ */
enum {
    CO__L_HCHILD, CO__L_HSIB, CO__L_HPREV, /* timer heap: first, next to wait.deadline */
    CO__L_QNEXT,                           /* wait queue or ready FIFO (singly linked) */
    CO__L_INBOX,                           /* inbox stack (written by wakers) */
    CO__L_ANEXT, CO__L_APREV,              /* all-contexts list */
    CO__L_ARG                              /* the blocked operation's argument */
};
#define CO__LINK(ctx, i) (*(co_context **)(void *)&(ctx)->sched_link[i])
#define CO__F_WHEEL 0x40u /* ctx->flags: on a timer-wheel slot (else heap, if timed) */
#define CO__F_READYQ 0x80u /* ctx->flags: in its scheduler's ready FIFO */

#if (defined(__GNUC__) || defined(__clang__)) &&                                \
    !(defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M')
/* (not on microcontrollers: no cache to fill ahead on most, and two
 * instructions for every ready push) */
#define CO__PREFETCH(p) __builtin_prefetch(p)
#else
#define CO__PREFETCH(p) ((void)0)
#endif
#define CO__ARG(ctx) ((ctx)->sched_link[CO__L_ARG])

/* ---- the wake word (ctx->sched_wake) -------------------------------------
 * A armed: the context waits externally (co_external, or a custom io
 * blocker) and a remote co_unblock() may end it; W: a waker claimed this
 * wait; Q: the context is in its scheduler's inbox (a finished context
 * never is: see co__leave_inbox); T: token, a co_unblock() that arrived
 * outside an external wait; X: the armed wait is external; I: a wait
 * counted as wakeable from outside (deadlock detection: co_io waits and
 * sync objects fed from ISRs); S: the context was added to a co_sched
 * (co_unblock then always goes through the inbox, never co_wake, whatever
 * the scheduler thread is doing: S is cleared only by co_context_init).
 * The upper bits count arms. */
#define CO__W_A 1u
#define CO__W_W 2u
#define CO__W_Q 4u
#define CO__W_T 8u
#define CO__W_X 16u
#define CO__W_I 32u /* counted: waits that ISRs or other threads end */
#define CO__W_S 64u /* scheduled: added to a co_sched since co_context_init */
#define CO__W_GEN_SHIFT 7

/* ---- atomics: lock-free where the target has RMW, else critical section.
 * Sequentially consistent: the wake paths rely on store-load ordering. */
static inline bool co__cas32(_Atomic uint32_t *p, uint32_t *expect, uint32_t want)
{
#if CO_PORT_ATOMIC_RMW
    return atomic_compare_exchange_weak(p, expect, want);
#else
    co_port_irq s = co_port_critical_enter();
    uint32_t cur = atomic_load_explicit(p, memory_order_relaxed);
    bool ok = cur == *expect;
    if (ok)
        atomic_store_explicit(p, want, memory_order_relaxed);
    else
        *expect = cur;
    co_port_critical_exit(s);
    return ok;
#endif
}

static inline uint32_t co__xchg32(_Atomic uint32_t *p, uint32_t v)
{
#if CO_PORT_ATOMIC_RMW
    return atomic_exchange(p, v);
#else
    co_port_irq s = co_port_critical_enter();
    uint32_t old = atomic_load_explicit(p, memory_order_relaxed);
    atomic_store_explicit(p, v, memory_order_relaxed);
    co_port_critical_exit(s);
    return old;
#endif
}

static inline uint32_t co__add32(_Atomic uint32_t *p, uint32_t v)
{
#if CO_PORT_ATOMIC_RMW
    return atomic_fetch_add(p, v);
#else
    co_port_irq s = co_port_critical_enter();
    uint32_t old = atomic_load_explicit(p, memory_order_relaxed);
    atomic_store_explicit(p, old + v, memory_order_relaxed);
    co_port_critical_exit(s);
    return old;
#endif
}

/* ---- wait queues (intrusive, FIFO, singly linked) ------------------------
 * One link per context: push and pop O(1); taking a context out of the
 * middle (a cancel, a timeout, a priority change of a ready context) walks
 * the queue from its head: O(contexts queued on that one object). */
static inline void co__waitq_push(co__waitq *q, co_context *ctx)
{
    CO__LINK(ctx, CO__L_QNEXT) = NULL;
    if (q->tail)
        CO__LINK(q->tail, CO__L_QNEXT) = ctx;
    else
        q->head = ctx;
    q->tail = ctx;
}

/* Takes ctx off q (wherever it is; nothing if it is not there). */
CO__HIDDEN void co__waitq_remove(co__waitq *q, co_context *ctx);

/* Takes the head off q (it has no predecessor: fewer steps than remove). */
static inline co_context *co__waitq_pop(co__waitq *q)
{
    co_context *c = q->head;
    if (c) {
        co_context *n = CO__LINK(c, CO__L_QNEXT);
        q->head = n;
        if (!n)
            q->tail = NULL;
        CO__LINK(c, CO__L_QNEXT) = NULL;
        c->flags &= (uint8_t)~(CO__F_QUEUED | CO__F_READYQ); /* off its queue: co_wake may end a wait */
    }
    return c;
}

/* ---- bit scans without library calls --------------------------------------
 * Index of the highest set bit of x != 0; cores without a count-leading-
 * zeros instruction (ARMv6-M, RISC-V without Zbb) get a 5/6-step search
 * instead of a libgcc call. */
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__ARM_ARCH_6M__) &&                   \
    !(defined(__riscv) && !defined(__riscv_zbb))
static inline unsigned co__msb32(uint32_t x) { return 31u - (unsigned)__builtin_clz(x); }
static inline unsigned co__msb64(uint64_t x) { return 63u - (unsigned)__builtin_clzll(x); }
#else
static inline unsigned co__msb64(uint64_t x)
{
    unsigned n = 0;
    for (unsigned step = 32; step; step >>= 1)
        if (x >> step) {
            x >>= step;
            n += step;
        }
    return n;
}
static inline unsigned co__msb32(uint32_t x) { return co__msb64(x); }
#endif

/* ---- priorities (sched.c) ------------------------------------------------ */
/* Sets ctx's effective priority, moving it between ready FIFOs if queued. */
CO__HIDDEN void co__set_prio_run(co_context *ctx, unsigned p);

/* Nothing handed over from other threads, cores or ISRs (the inbox and the
 * posted objects are empty). */
CO__INLINE bool co__inbox_quiet(co_sched *s)
{
    return atomic_load_explicit(&s->inbox, memory_order_acquire) == NULL &&
           atomic_load_explicit(&s->posted, memory_order_acquire) == NULL;
}

/* Takes on ctx, bound to s (ctx->exec) while it already ran outside the
 * run loop (a join's first pass over its branches): links it and settles
 * its state like a co_resume() that just returned (join.c). */
CO__HIDDEN void co__sched_adopt(co_sched *s, co_context *ctx);

/* ---- timers (sched_timer.c) ------------------------------------------------ */
CO__HIDDEN void co__timer_insert(co_sched *s, co_context *ctx);
CO__HIDDEN void co__timer_remove(co_sched *s, co_context *ctx);
/* Removes and returns the earliest timer due at now, or NULL. */
CO__HIDDEN co_context *co__timer_due(co_sched *s, co_time now);
CO__HIDDEN co_time co__timer_next(const co_sched *s);
CO__HIDDEN bool co__timer_any(const co_sched *s);

/* False only when no timer is pending (one compare, for every poll). */
static inline bool co__timer_maybe(const co_sched *s)
{
#if CO_CONFIG_TIMER_WHEEL
    return s->wheel_soon != CO_TIME_NEVER; /* NEVER is only ever computed for none */
#else
    return s->timers != NULL;
#endif
}

static inline bool co__timer_linked(const co_sched *s, const co_context *ctx)
{
    return (ctx->flags & CO__F_WHEEL) || ctx->sched_link[CO__L_HPREV] != NULL || s->timers == ctx;
}

/* ---- internal calls between runtime files ------------------------------- */
CO__HIDDEN void co__post(co__deferred *d);
/* True when co_X_init must refuse the object whose ISR deferral is D: it
 * was initialised (D's runner is its type's, RUNNER) and tasks wait on it
 * (WAITING, evaluated only then: fresh storage may hold anything) or a give
 * is still queued for its scheduler. */
#define CO__OBJECT_BUSY(D, RUNNER, WAITING)                                    \
    ((D)->run == (RUNNER) &&                                                   \
     ((WAITING) || atomic_load_explicit(&(D)->posted, memory_order_acquire) != 0))
/* A finished ctx leaves s only once no wake of its is in s's inbox. */
CO__HIDDEN void co__leave_inbox(co_sched *s, co_context *ctx);
/* Tells _isr calls on d's object which scheduler to post to: ctx's. Call
 * before looking at the object's state, so what an ISR gives after the
 * look is posted (see co__post). */
CO__HIDDEN void co__bind_isr(co__deferred *d, const co_context *ctx);
/* The blocking end of a sync operation: CO_ETIMEDOUT at once if op's
 * deadline has passed, else blocks ctx by sync on op->object, queued FIFO
 * in q, op->arg kept for the waker (CO__ARG), and counted as fed when isr
 * (the object's deferred, or NULL) is given from ISRs; ops is the
 * object kind's wait table. CO_PENDING. */
CO__HIDDEN int co__sync_wait(co_context *ctx, const co_op *op, co__waitq *q, const co__deferred *isr,
                             const co_wait_ops *ops);
CO__HIDDEN void co__fed_wait(co_context *ctx);
CO__HIDDEN bool co__take_token(co_context *ctx);
CO__HIDDEN void co__mark_fed(co__deferred *d, const co__waitq *q);
CO__HIDDEN const char *co__wait_kind(const co_context *ctx);
/* The name of the io or sync object ctx waits on (CO_CONFIG_OBJECT_NAMES), or NULL. */
CO__HIDDEN const char *co__object_name(const co_context *ctx);

/* ---- wait tables --------------------------------------------------------- */
/* CO__NAME_AT(type): co_wait_ops.name_at of a library object (0 without
 * CO_CONFIG_OBJECT_NAMES: no field). */
#if CO_CONFIG_OBJECT_NAMES
#define CO__NAME_AT(type) CO_WAIT_AT(type, name)
#else
#define CO__NAME_AT(type) 0
#endif

/* ---- the spellings every blocking operation shares ----------------------- */
typedef int co__start_fn(co_context *ctx, const co_op *op);

/* The op an _until form returns. */
static inline co_op co__op(co__start_fn *start, const void *object, const void *arg, co_deadline d)
{
    co_op op = {start, (void *)(uintptr_t)object, (void *)(uintptr_t)arg, d.at};
    return op;
}

/* The deadline of a _for form: now + d. */
static inline co_deadline co__after(co_duration d) { return co_at(co__later(d)); }

/* CO_AWAIT(&object): the operation without a deadline, started at once
 * (op.c: one copy of the op set-up for every object type). */
CO__HIDDEN int co__op_run(co__start_fn *start, const void *object, co_context *ctx);

/* The scheduler that runs ctx, or NULL. */
static inline co_sched *co__sched_of(const co_context *ctx)
{
    return ctx->exec && ctx->exec->kind == CO__EXEC_SCHED ? (co_sched *)(void *)ctx->exec : NULL;
}

/* Copies n bytes (no libc in the core). */
static inline void co__copy(void *dst, const void *src, size_t n)
{
    unsigned char *d = (unsigned char *)dst;
    const unsigned char *s = (const unsigned char *)src;
    while (n--)
        *d++ = *s++;
}

#endif /* CO_SCHED_IMPL_H */
