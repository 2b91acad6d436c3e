/* costack/sched.h - the bundled scheduler: one policy built on co_resume().
 *
 *   static co_sched sched = CO_SCHED_INIT;
 *   CO_START(&sensor, NULL, sensor_loop, NULL);
 *   co_sched_add(&sched, &sensor);
 *   int rc = co_sched_run(&sched);   // 0: all done; CO_EDEADLK: stuck
 *
 * Coroutines never name the scheduler: they block (time, io, sync,
 * external) and whoever wakes them calls co_wake(), which reaches the
 * scheduler through ctx->exec. Ready selection is O(1): one FIFO, or with
 * CO_CONFIG_PRIORITIES levels the highest non-empty FIFO (bitmap); timers
 * live in the contexts (no allocation, no cap): an intrusive pairing heap
 * (insert O(1), expire and cancel O(log n) amortised) behind an optional
 * hierarchical wheel (CO_CONFIG_TIMER_WHEEL: insert, cancel, expire O(1);
 * equal deadlines within its reach fire in the order they were armed).
 * When nothing is ready the scheduler calls co_port_idle_until() with the
 * next deadline (tickless), following the protocol in port.h.
 *
 * One scheduler per core or thread. A context belongs to one scheduler;
 * sync objects are used by the contexts of one scheduler. Other threads,
 * cores and ISRs reach a scheduler only through co_unblock(), co_io and the
 * _isr calls, which hand work over through a lock-free inbox.
 *
 * ctx->sched_link use: [0..2] timer heap child/sibling/prev, or wheel slot
 * head/next/prev (on the cache line of wait.deadline), [3] wait/ready queue
 * next (singly linked), [4] inbox next, [5,6] all-contexts list, [7] the
 * pending operation's argument (channel element).
 */
#ifndef COSTACK_SCHED_H
#define COSTACK_SCHED_H

#include "async.h"
#include "port.h"
#include "cxx_open.h"

typedef struct co_sched co_sched;

/* Work an ISR or another thread posts to a scheduler (internal). */
typedef struct co__deferred co__deferred;
struct co__deferred {
    co__deferred *next;
    _Atomic uint32_t posted;          /* 1 while in the scheduler's inbox */
    void (*run)(co__deferred *d);     /* runs on the scheduler's thread */
    co_sched *_Atomic sched;          /* where to post; set by a waiter */
    uint8_t fed;                      /* ISRs give it: its waiters are not deadlocked */
};
#define CO__DEFERRED_INIT(fn) {0, 0, (fn), (co_sched *)0, 0}

/* A FIFO of contexts (intrusive, singly linked through ctx->sched_link):
 * the ready queue of a priority level, or the waiters of a sync object. */
typedef struct co__waitq {
    co_context *head, *tail;
} co__waitq;

/* The name member of sync and io objects (CO_CONFIG_OBJECT_NAMES): the
 * field, its initialiser, and the setter body. */
#if CO_CONFIG_OBJECT_NAMES
#define CO__NAME_FIELD const char *name;
#define CO__NAME_INIT(n) , (n)
#define CO__SET_NAME(obj, n) ((obj)->name = (n))
#else
#define CO__NAME_FIELD
#define CO__NAME_INIT(n)
#define CO__SET_NAME(obj, n) ((void)(obj), (void)(n))
#endif

struct co_sched {
    co_executor exec;                 /* ctx->exec points here */
    co__waitq ready[CO_CONFIG_PRIORITIES]; /* by ctx->prio_run */
#if CO_CONFIG_PRIORITIES > 1
    uint32_t ready_bits;              /* non-empty levels */
#endif
    uint32_t ready_count;             /* contexts in the ready FIFOs */
    co_context *timers;               /* pairing-heap root (earliest deadline
                                         of the timers beyond the wheel) */
    uint32_t timer_seq;               /* the heap's next arming number (equal
                                         deadlines wake in arming order) */
#if CO_CONFIG_TIMER_WHEEL
    co_time wheel_now;                /* the wheel's time: <= the clock */
    co_time wheel_soon;               /* 0, or the next deadline: exact, or a
                                         lower bound when wheel_bound */
    bool wheel_bound;
    uint64_t wheel_used[CO_CONFIG_TIMER_WHEEL];     /* non-empty slots */
    co_context *wheel[CO_CONFIG_TIMER_WHEEL][64];   /* circular lists, FIFO */
#endif
    co_context *all;                  /* every live context of this scheduler */
    co_context *_Atomic inbox;        /* contexts woken from elsewhere (LIFO stack) */
    co__deferred *_Atomic posted;     /* sync objects given from an ISR */
    co_port_cpu cpu;                  /* the port's idle/wake state */
    _Atomic uint32_t stop;            /* co_sched_stop() requested */
    uint32_t live;                    /* contexts added and not finished */
    uint32_t armed;                   /* contexts waiting on io, external, or an
                                         ISR-fed sync object */
};

void co__sched_ready(co_executor *exec, co_context *ctx);

/* Static initialiser of an empty scheduler. */
#define CO_SCHED_INIT {.exec = {co__sched_ready, CO__EXEC_SCHED}}

/* Initialises s empty. Never blocks; not ISR-safe. */
void co_sched_init(co_sched *s);

/* Binds a started context (CO_START) to s and queues it. Returns 0, or
 * CO_EINVAL if it has no task or belongs to another executor. Never blocks;
 * not ISR-safe; on s's thread. */
int co_sched_add(co_sched *s, co_context *ctx);

/* CO_START then co_sched_add: CO_SPAWN(&sched, &ctx, &fut, fn, &res, .p = 1).
 * Returns 0 or the first error. Never blocks; not ISR-safe. */
#define CO_SPAWN(s, ctx, ...) co__spawn((s), (ctx), CO_START((ctx), __VA_ARGS__))
static inline int co__spawn(co_sched *s, co_context *ctx, int started)
{
    return started != 0 ? started : co_sched_add(s, ctx);
}

/* Runs s until every context finished (0), nothing can ever run again
 * (CO_EDEADLK: nothing ready, no timer, nobody waits on io, external or a
 * semaphore/event fed from ISRs; the query API shows why), or
 * co_sched_stop() (CO_EAGAIN). Sleeps in the port
 * when idle. Blocks; not ISR-safe; one thread per scheduler. */
int co_sched_run(co_sched *s);

/* co_sched_run() that also returns CO_ETIMEDOUT once the clock reaches
 * until (it idles no further than until). Blocks; not ISR-safe. */
int co_sched_run_until(co_sched *s, co_time until);

/* Does everything due now without sleeping: takes handed-over wakes, fires
 * expired timers, runs each context that was ready at the start once.
 * Returns how many ran. Never blocks; not ISR-safe (for super-loops). */
unsigned co_sched_poll(co_sched *s);

/* Asks co_sched_run() to return CO_EAGAIN soon. Never blocks; ISR-safe;
 * any thread. */
void co_sched_stop(co_sched *s);

/* Sets ctx's static priority: 0 (lowest, the default) .. CO_CONFIG_PRIORITIES
 * - 1. Among ready contexts the highest level runs first, FIFO within a
 * level; a ready context moves at once, and raising one that waits for a
 * mutex raises the owner too. While ctx owns mutexes its effective
 * priority never drops below what waiters passed on. 0, or
 * CO_EINVAL when out of range. Never blocks; not ISR-safe; on the
 * scheduler's thread (or before the context is added). */
int co_set_priority(co_context *ctx, unsigned prio);

/* ctx's effective priority (static, or raised by priority inheritance).
 * Never blocks; not ISR-safe. */
static inline unsigned co_priority(const co_context *ctx)
{
#if CO_CONFIG_PRIORITIES > 1
    return ctx->prio_run;
#else
    (void)ctx;
    return 0;
#endif
}

/* Earliest pending deadline, or CO_TIME_NEVER. Exact, except with the wheel
 * when the earliest timer shares a slot of level >= 1 with more than 8
 * others: then the slot's start, at most 64^level - 1 ticks early (idle
 * wakes there once, moves the slot down a level, sleeps again). Never
 * blocks; not ISR-safe. */
co_time co_sched_next_deadline(const co_sched *s);

/* ---- time --------------------------------------------------------------- */

/* Current time (co_port_now()). Never blocks; ISR-safe. */
static inline co_time co_now(void) { return co_port_now(); }

/* Drift-free period: each co_period_next() is the previous deadline plus
 * the period, whatever the time spent in between (a late wake-up is caught
 * up, never accumulated). */
typedef struct co_period {
    co_time next;      /* deadline of the next tick */
    co_duration every; /* the period */
} co_period;

/* Starts a period whose first tick is one period from now. Never blocks;
 * ISR-safe. */
static inline void co_period_start(co_period *p, co_duration every)
{
    p->every = every;
    p->next = co_time_add(co_port_now(), every);
}

/* The next tick to await, CO_AWAIT(co_period_next(&self->p)); advances p.
 * Never blocks; ISR-safe. */
static inline co_deadline co_period_next(co_period *p)
{
    co_deadline d = {p->next};
    p->next = co_time_add(p->next, p->every);
    return d;
}

/* ---- query -------------------------------------------------------------- */

/* One context as seen by co_sched_query(). */
typedef struct co_task_info {
    co_context *ctx;
    const char *name;     /* ctx->name, may be NULL */
    co_state state;
    const char *kind;     /* what it waits on: "mutex", "semaphore", "event",
                             "channel", "io", "external", "time", "join"
                             (its branches) or NULL */
    const void *object;   /* the object it waits on, or NULL */
    const char *object_name; /* its name (CO_CONFIG_OBJECT_NAMES), or NULL */
    co_context *owner;    /* for a mutex: its owner, else NULL */
    co_time deadline;     /* CO_TIME_NEVER when none */
    size_t used;          /* buffer bytes in use */
    unsigned priority;    /* effective priority (co_priority) */
    unsigned depth;       /* frames on its await chain */
    co_context *parent;   /* for a join/select branch: the awaiting context */
    unsigned branches;    /* awaiting a join/select: its branch count, else 0 */
} co_task_info;

/* Fills out[0..max) with every live context of s (in the order they were
 * added) and returns how many there are. Not a hot path (O(n)). Never
 * blocks; not ISR-safe; on s's thread. */
size_t co_sched_query(const co_sched *s, co_task_info *out, size_t max);

/* Describes one context. Never blocks; not ISR-safe. */
co_task_info co_task_describe(const co_context *ctx);

/* Writes ctx's await chain (innermost frame first) as the functions of its
 * frames into fns[0..max); returns the chain length. Never blocks; not
 * ISR-safe (reads frames the scheduler's thread changes). */
size_t co_await_chain(const co_context *ctx, co_fn **fns, size_t max);

/* Finds a cycle in the waits-for graph (context -> mutex -> owner -> ...)
 * among s's contexts; writes it into out[0..max) and returns its length, 0
 * when there is none. Never blocks; not ISR-safe. */
size_t co_sched_find_cycle(const co_sched *s, co_context **out, size_t max);

/* ---- the generic operation awaitable ------------------------------------ */

/* What co_mutex_lock_for(), co_chan_send() ... return: awaited with
 * CO_AWAIT(op). start() finishes now (status <= 0) or blocks ctx and
 * returns CO_PENDING. Users may build their own. */
typedef struct co_op co_op;
struct co_op {
    int (*start)(co_context *ctx, const co_op *op);
    void *object;
    void *arg;
    co_time deadline;
};

int co__await_op(co_context *ctx, co_op op);
struct co_mutex;
struct co_sem;
struct co_event;
struct co_io;
int co__await_mutex(co_context *ctx, struct co_mutex *m);
int co__await_sem(co_context *ctx, struct co_sem *s);
int co__await_event(co_context *ctx, struct co_event *e);
int co__await_io(co_context *ctx, struct co_io *io);

/* CO_AWAIT(&mutex), CO_AWAIT(&sem), CO_AWAIT(&event), CO_AWAIT(&io), and
 * CO_AWAIT(op) for every timed or parameterised form. */
#undef CO__AWAITABLE_EXTRA
#define CO__AWAITABLE_EXTRA                                                    \
    , co_op: co__await_op, struct co_mutex *: co__await_mutex,                 \
      struct co_sem *: co__await_sem, struct co_event *: co__await_event,      \
      struct co_io *: co__await_io

/* ---- external waits ----------------------------------------------------- */

/* Waits (blocked by external, on tag, which the query shows) until some
 * thread, core or ISR calls co_unblock() on this context, or the deadline /
 * timeout passes (CO_ETIMEDOUT). A co_unblock() that came earlier ends the
 * wait at once. CO_AWAIT(co_external_for(&uart_tag, co_ms(50))). */
co_op co_external(const void *tag);
co_op co_external_until(const void *tag, co_deadline d);
co_op co_external_for(const void *tag, co_duration d);

#include "cxx_close.h"
#endif /* COSTACK_SCHED_H */
