/* costack/context.h - contexts, frames, futures and block states.
 *
 * A context runs one task at a time over one caller-supplied byte buffer.
 * Every async function call pushes a frame on that buffer (strict LIFO);
 * completion pops it. co_resume() is the only primitive a scheduler needs.
 */
#ifndef COSTACK_CONTEXT_H
#define COSTACK_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdatomic.h>

#include "config.h"
#include "error.h"
#include "lc.h"
#include "time.h"
#include "cxx_open.h"

typedef struct co_context co_context;
typedef struct co_frame co_frame;

/* An async function: resumes frame f on ctx. Returns CO_PENDING when the
 * context suspended, else the frame's final status (0 or a negative code)
 * after it has popped itself. Written with CO_ASYNC, never by hand. */
typedef int co_fn(co_context *ctx, co_frame *f);

/* The frame header every frame struct starts with (member "co"). */
struct co_frame {
    co_fn *fn;        /* code that resumes this frame */
    co_frame *caller; /* awaiting frame; NULL for a task's root frame */
    void *result;     /* where the result lands; NULL discards it */
    co__lc_t lc;      /* resume point; 0 = not started */
};
_Static_assert(sizeof(co_frame) <= 4 * sizeof(void *), "frame header exceeds four words");

/* Why a context is not running. The five block states are READY (blocked by
 * nothing), TIME, IO, SYNC and EXTERNAL; RUNNING and DONE complete the set. */
typedef enum co_state {
    CO_STATE_READY = 0, /* runnable: co_resume() will run it */
    CO_STATE_TIME,      /* until wait.deadline */
    CO_STATE_IO,        /* until a driver completes wait.object */
    CO_STATE_SYNC,      /* on the sync object wait.object */
    CO_STATE_EXTERNAL,  /* until an agent outside the scheduler unblocks it */
    CO_STATE_RUNNING,   /* inside co_resume() */
    CO_STATE_DONE,      /* no task: never started, or finished */
    CO_STATE_COUNT__
} co_state;

/* Returns "ready", "time", ... for a state. Never blocks; ISR-safe. */
const char *co_state_name(co_state s);

/* How the runtime ends, times out and shows one kind of wait: one static
 * table per kind of object (mutex, io, a driver's own awaitable, ...), named
 * by the blocked context (wait.ops). The scheduler knows objects only
 * through it. Every member may be NULL; the hooks run on the scheduler's
 * thread (never in an ISR) and must not block. */
typedef struct co_wait_ops {
    const char *kind;                        /* "mutex", "io", ...: shown by the views */
    void (*unlink)(co_context *ctx);         /* takes ctx off its object (cancel, timeout) */
    int (*status)(const void *object);       /* on a timeout: the status of a completion
                                                that came first, else CO_PENDING */
    void (*raised)(co_context *ctx);         /* ctx's priority went up while it waits */
    uint8_t name_at;  /* CO_WAIT_AT(type, its const char *name), or 0: shown by the views */
    uint8_t owner_at; /* CO_WAIT_AT(type, its co_context *owner), or 0: whom the wait
                         depends on (a mutex's owner: views, co_sched_find_cycle) */
    uint8_t flags;    /* CO_WAIT_OWN_WAKE */
} co_wait_ops;

/* Where member sits in an object of type, for co_wait_ops (an object up to
 * 254 bytes into which the member lies; 0 stays "none"). */
#define CO_WAIT_AT(type, member) ((uint8_t)(offsetof(type, member) + 1u))

/* ops->flags: the object ends an io wait itself (its completion posts to
 * the scheduler); without it an io wait is armed for co_unblock(). */
#define CO_WAIT_OWN_WAKE 1u

/* What a blocked context waits on. */
typedef struct co_wait {
    co_time deadline;               /* CO_TIME_NEVER when none */
    const void *object;             /* io/sync object or external tag */
    const co_wait_ops *ops;         /* how to end it, or NULL (nothing to undo) */
} co_wait;

/* A task's result slot owned by the caller: status CO_PENDING until the
 * root frame finishes, then 0 or a negative error. Readable from any thread. */
typedef struct co_future {
    _Atomic int status;
} co_future;

/* Whoever schedules a context (optional): told when it becomes ready. */
typedef struct co_executor co_executor;
struct co_executor {
    /* Called by co_wake() in the waker's context; must not block. */
    void (*ready)(co_executor *exec, co_context *ctx);
    /* 0 for a user's executor; the bundled scheduler's is CO__EXEC_SCHED
     * (its remote wakes then use the scheduler's inbox). */
    uintptr_t kind;
};
#define CO__EXEC_SCHED 0x5C4Eu

/* The context. Fields are public for debuggers and the query API; change
 * them only through the functions below. */
struct co_context {
    unsigned char *base;  /* first byte of the aligned buffer */
    unsigned char *top;   /* next free byte; base when empty */
    unsigned char *limit; /* one past the last byte */
    co_frame *leaf;       /* innermost frame: where co_resume continues */
    co_future *future;    /* where the root status lands */
    co_executor *exec;    /* owner, or NULL */
    co_wait wait;         /* valid while blocked */
    int rc;               /* status handed to the frame that resumes */
    uint8_t state;        /* co_state */
    uint8_t flags;        /* CO__F_* */
    uint8_t held;         /* mutexes it owns (a task must not finish holding one) */
#if CO_CONFIG_PRIORITIES > 1
    uint8_t prio_run;     /* effective: raised by priority inheritance */
    uint8_t prio;         /* static priority (co_set_priority; 0 = lowest) */
#endif
    _Atomic uint32_t sched_wake; /* reserved: the runtime's cross-thread wake word */
    void *sched_link[8];  /* reserved for the executor (queues, timers, inbox; see sched.h) */
#if CO_CONFIG_HIGH_WATER
    unsigned char *high;  /* highest top ever: the high-water mark is high - base */
#endif
#if CO_CONFIG_TASK_NAMES
    const char *name;     /* task name, or NULL */
#endif
#if CO_CONFIG_TASK_ENTRY
    co_fn *entry;         /* entry fixed by CO_TASK, or NULL for any */
#endif
#if CO_CONFIG_FAULT_INJECTION
    uint32_t fail_push_in; /* k > 0: the k-th next push fails */
#endif
};

#define CO__F_CANCELLED 0x01u
#define CO__F_QUEUED 0x02u /* on a runtime sync object's wait queue */

/* Static initialiser for a context over buf[size] (buf aligned to
 * CO_CONFIG_FRAME_ALIGN by the caller: CO_TASK does it). */
#define CO_CONTEXT_INIT(buf, size, entry_fn, task_name)                        \
    {                                                                          \
        .base = (buf), .top = (buf), .limit = (buf) + (size),                  \
        .wait = {CO_TIME_NEVER, NULL, NULL}, .state = CO_STATE_DONE            \
        CO__INIT_HIGH(buf) CO__INIT_NAME(task_name) CO__INIT_ENTRY(entry_fn)   \
    }
#if CO_CONFIG_HIGH_WATER
#define CO__INIT_HIGH(buf) , .high = (buf)
#else
#define CO__INIT_HIGH(buf)
#endif
#if CO_CONFIG_TASK_NAMES
#define CO__INIT_NAME(n) , .name = (n)
#else
#define CO__INIT_NAME(n)
#endif
#if CO_CONFIG_TASK_ENTRY
#define CO__INIT_ENTRY(fn) , .entry = (fn)
#else
#define CO__INIT_ENTRY(fn)
#endif

/* Initialises ctx over buf[size]; any alignment (the library aligns frames,
 * at most CO_CONFIG_FRAME_ALIGN-1 bytes are lost). Only on a context with
 * no task (never started, or finished): a finished context has left its
 * scheduler entirely (no wake of its stays queued anywhere). Never
 * blocks; not ISR-safe. */
void co_context_init(co_context *ctx, void *buf, size_t size);

/* Sets a name shown by debug views (the string must outlive ctx). Never
 * blocks; not ISR-safe. */
static inline void co_context_set_name(co_context *ctx, const char *name)
{
#if CO_CONFIG_TASK_NAMES
    ctx->name = name;
#else
    (void)ctx;
    (void)name;
#endif
}

/* The task name set by CO_TASK or co_context_set_name(), or NULL (always
 * NULL without CO_CONFIG_TASK_NAMES). Never blocks; ISR-safe. */
static inline const char *co_context_name(const co_context *ctx)
{
#if CO_CONFIG_TASK_NAMES
    return ctx->name;
#else
    (void)ctx;
    return (const char *)0;
#endif
}

/* Runs ctx until it suspends or finishes; returns its state. A context that
 * is still blocked returns its state without running. Never blocks itself;
 * not ISR-safe; one thread at a time per context. */
co_state co_resume(co_context *ctx);

/* Current state of ctx. Never blocks; ISR-safe (a snapshot). */
static inline co_state co_state_of(const co_context *ctx) { return (co_state)ctx->state; }

/* Makes a blocked ctx ready with status for its pending await (0, or e.g.
 * CO_ETIMEDOUT); returns false if ctx was not blocked. The waker must have
 * removed ctx from any wait queue first: a context still queued on a
 * runtime mutex, semaphore, event or channel is refused (contract
 * WAKE_QUEUED, false; co_cancel() ends such a wait). Never blocks; not ISR-safe (ISR and
 * other threads use the runtime's _isr / co_unblock paths). */
bool co_wake(co_context *ctx, int status);

/* Ends ctx's external wait with status 0. For a context that was added to
 * a co_sched (since its co_context_init) this is safe from any thread,
 * core or ISR, also while it finishes or restarts (lock-free hand-off into
 * its scheduler, which it wakes from idle); a wake that arrives while ctx
 * is not waiting is kept for its next external wait (like a binary
 * semaphore; co_sched_add of a new task forgets it). Returns false if a
 * wake was already pending. A context never added to a co_sched gets
 * co_wake(ctx, 0) (same thread only). Never blocks. */
bool co_unblock(co_context *ctx);

/* Cancels the task on ctx: a pending wait returns CO_ECANCELED (a wait
 * that already ended, e.g. a mutex handed over or a message received,
 * keeps its result), every later wait (sleep, sync, io, external, yield)
 * fails at once, frames unwind through their error paths on the
 * next co_resume(), the future completes with CO_ECANCELED (also when the
 * task returns 0 afterwards, e.g. one that cancelled itself). A never-resumed
 * task is finished at once without running. Returns 0, or CO_EINVAL when no
 * task runs. Never blocks; not ISR-safe. */
int co_cancel(co_context *ctx);

/* The context whose code is running on this thread, or NULL. Never blocks;
 * ISR-safe (returns the interrupted context). */
co_context *co_current(void);

/* Bytes of buffer in use / capacity / high-water mark. Never block; ISR-safe. */
static inline size_t co_used(const co_context *ctx) { return (size_t)(ctx->top - ctx->base); }
static inline size_t co_capacity(const co_context *ctx) { return (size_t)(ctx->limit - ctx->base); }
#if CO_CONFIG_HIGH_WATER
/* Highest bytes ever in use. Never blocks; ISR-safe. */
static inline size_t co_high_water(const co_context *ctx) { return (size_t)(ctx->high - ctx->base); }
#else
/* 0: CO_CONFIG_HIGH_WATER is off. Never blocks; ISR-safe. */
static inline size_t co_high_water(const co_context *ctx) { (void)ctx; return 0; }
#endif

/* Sets a future pending. Never blocks; ISR-safe. */
static inline void co_future_init(co_future *f) { atomic_store_explicit(&f->status, CO_PENDING, memory_order_relaxed); }
/* CO_PENDING, or the task's final status. Never blocks; ISR-safe, any thread. */
static inline int co_future_status(const co_future *f) { return atomic_load_explicit(&f->status, memory_order_acquire); }
/* True once the task finished. Never blocks; ISR-safe, any thread. */
static inline bool co_future_done(const co_future *f) { return co_future_status(f) != CO_PENDING; }

/* Listener for every state transition (tracing, power policy). */
typedef void co_listener_fn(co_context *ctx, co_state from, co_state to);
/* Installs the global listener (NULL removes it); returns the previous one.
 * Never blocks; not ISR-safe (call at start-up). */
co_listener_fn *co_set_listener(co_listener_fn *fn);

#if CO_CONFIG_FAULT_INJECTION
/* Test aid: the k-th next frame push on ctx fails with CO_ENOMEM (k = 0
 * disarms). Never blocks; not ISR-safe. */
static inline void co_debug_fail_push(co_context *ctx, uint32_t k) { ctx->fail_push_in = k; }

/* X(name, text): the interference points of the wake, drain, expire,
 * timeout and completion paths. A test hook (co_debug_set_hook) runs at
 * each, so a test can place an interrupt, another thread's call or another
 * core's scheduler exactly in the window after it. Built only with
 * CO_CONFIG_FAULT_INJECTION; elsewhere the points compile to nothing. */
#define CO_DEBUG_POINTS(X)                                                     \
    X(UNBLOCK, "co_unblock read the wake word, before acting on it")           \
    X(WAKE_CLAIMED, "a remote wake claimed a wait, before the inbox push")     \
    X(WAKE_PUSHED, "a remote wake is in the inbox, before the scheduler kick") \
    X(POST_MARKED, "an ISR give marked its object posted, before the push")    \
    X(GIVE_COUNTED, "co_sem_give_isr counted its give, before posting")        \
    X(COMPLETE_READ, "co_io_complete_isr read the state, before its claim")    \
    X(COMPLETE_CLAIMED, "co_io_complete_isr claimed, before writing the result") \
    X(COMPLETE_DONE, "co_io_complete_isr published done, before the post")     \
    X(DRAIN_TAKEN, "the drain took the inbox and posted lists, before walking") \
    X(DRAIN_WOKEN, "the drain ended one wait taken from the inbox")            \
    X(DRAIN_RUN, "the drain is about to apply one posted object")              \
    X(POLL_DRAINED, "a poll drained, before expiring timers")                  \
    X(EXPIRE_DUE, "a timer fell due, before its wait is disarmed")             \
    X(EXPIRE_DISARMED, "a timed-out wait is disarmed, before its wake")        \
    X(ARMED, "an external wait was armed, before the scheduler moves on")      \
    X(FINISHED, "a context finished, before it leaves its scheduler")

enum co_debug_point {
#define CO__DBG_ENUM(name, text) CO_DEBUG_##name,
    CO_DEBUG_POINTS(CO__DBG_ENUM)
#undef CO__DBG_ENUM
    CO_DEBUG_POINT_COUNT
};

/* A test hook: called at every interference point with its number and the
 * context or object concerned; it may call any ISR-safe function (and, to
 * model another core, the scheduler's). */
typedef void co_debug_hook_fn(int point, const void *subject);

/* Installs the hook (NULL removes it); returns the previous one. Never
 * blocks; not ISR-safe (tests call it between runs). */
co_debug_hook_fn *co_debug_set_hook(co_debug_hook_fn *fn);

/* Runs the hook at point (internal: the runtime's CO__POINT). */
void co__debug_point(int point, const void *subject);
#define CO__POINT(name, subject) co__debug_point(CO_DEBUG_##name, (subject))
#else
#define CO__POINT(name, subject) ((void)0)
#endif

/* ---- used by awaitables and macros; not for direct use ----------------- */

/* Blocks the running ctx by state why on object until deadline; ops (or
 * NULL) says how a cancel or timeout undoes the wait and how the views
 * show it. Returns CO_PENDING. Not ISR-safe: only from the running
 * context's awaitables. */
int co_block(co_context *ctx, co_state why, const void *object, co_time deadline,
             const co_wait_ops *ops);

#define CO__SLOT(size)                                                         \
    (((size_t)(size) + (size_t)CO__CANARY_BYTES + (CO_CONFIG_FRAME_ALIGN - 1u)) \
     & ~(size_t)(CO_CONFIG_FRAME_ALIGN - 1u))
#if CO_CONFIG_CANARY
#define CO__CANARY_BYTES 8u
#else
#define CO__CANARY_BYTES 0u
#endif

void co__contract_failed(int id);
void *co__push_slow(co_context *ctx, co_frame *caller, size_t slot);
int co__complete_slow(co_context *ctx, co_frame *f, int status);
/* Calls the listener: the library's one indirect call to it, out of line,
 * so the analyser sees a single place to resolve (annotate co__notify). */
void co__notify(co_context *ctx, co_state from, co_state to);

#if CO_CONFIG_THREADS
extern _Thread_local co_context *co__current;
extern co_listener_fn *co__listener;
#else
/* The running context and the listener side by side: co_resume() reaches
 * both from one address (one literal load fewer per resumption). */
struct co__globals {
    co_context *current;
    co_listener_fn *listener;
};
extern struct co__globals co__g;
#define co__current (co__g.current)
#define co__listener (co__g.listener)
#endif

/* The await path's helpers are inlined whatever the optimisation level
 * (-Os otherwise calls them: a call and a return per await). */
#if defined(__GNUC__) || defined(__clang__)
#define CO__INLINE static inline __attribute__((always_inline))
#else
#define CO__INLINE static inline
#endif

/* Tells the listener of a yield (RUNNING -> READY); returns CO_PENDING, so
 * the yield's return is a tail call and the yielding function needs no
 * stack frame of its own for it. */
int co__notify_yield(co_context *ctx);

/* CO_YIELD()'s return: the context is READY; tells the listener, if any. */
CO__INLINE int co__yield_return(co_context *ctx)
{
#if CO_CONFIG_LISTENER
    if (co__listener)
        return co__notify_yield(ctx);
#else
    (void)ctx;
#endif
    return CO_PENDING;
}

/* A yield on behalf of ctx's frame (the join driver): ready again at once,
 * status 0 for the resume. */
static inline void co__yield_now(co_context *ctx)
{
    ctx->rc = 0;
    ctx->state = CO_STATE_READY;
#if CO_CONFIG_LISTENER
    if (co__listener)
        co__notify(ctx, CO_STATE_RUNNING, CO_STATE_READY);
#endif
}

#if CO_CONFIG_CHECKS
#define CO__REQUIRE(cond, name) ((cond) ? true : (co__contract_failed(CO_CONTRACT_##name), false))
#else
#define CO__REQUIRE(cond, name) ((void)0, true)
#endif

/* Reserves slot bytes for a frame awaited by caller; NULL with ctx->rc set
 * (CO_ENOMEM) when it cannot. A cancelled context still pushes: a call runs
 * until it would wait, and every wait of a cancelled context fails. */
CO__INLINE void *co__push(co_context *ctx, co_frame *caller, size_t slot)
{
    /* The awaiting frame must be the innermost one of the running context. */
    if (!CO__REQUIRE(ctx->leaf == caller, AWAIT_NOT_LEAF)) {
        ctx->rc = CO_EINVAL;
        return NULL;
    }
    (void)caller;
#if CO_CONFIG_CANARY || CO_CONFIG_FAULT_INJECTION
    return co__push_slow(ctx, caller, slot);
#else
    unsigned char *f = ctx->top;
    if ((size_t)(ctx->limit - f) < slot) {
        ctx->rc = CO_ENOMEM;
        return NULL;
    }
    ctx->top = f + slot;
#if CO_CONFIG_HIGH_WATER
    if (f + slot > ctx->high)
        ctx->high = f + slot;
#endif
    ctx->leaf = (co_frame *)(void *)f;
#if defined(__GNUC__) || defined(__clang__)
    if (!f)
        __builtin_unreachable(); /* lets the caller drop its NULL test */
#endif
    return f;
#endif
}

/* Fills a pushed frame of size bytes: the header, then every other byte
 * zero (parameters left out and locals start at 0, as in C). Small frames
 * get inline stores: -Os would otherwise call memset for each await. */
#define CO__ZERO_INLINE_MAX 64
#if defined(__GNUC__) || defined(__clang__)
typedef uintptr_t __attribute__((may_alias)) co__word;
#define CO__MEMSET __builtin_memset /* no <string.h>: freestanding builds */
#else
#include <string.h>
#define CO__MEMSET memset
#endif
CO__INLINE void co__frame_fill(co_frame *c, size_t size, co_fn *fn, co_frame *caller,
                               void *result)
{
    c->fn = fn;
    c->caller = caller;
    c->result = result;
    c->lc = 0;
    size -= sizeof(co_frame);
#if defined(__GNUC__) || defined(__clang__)
    if (size <= CO__ZERO_INLINE_MAX && size % sizeof(co__word) == 0) {
        co__word *w = (co__word *)(void *)(c + 1);
        _Pragma("GCC unroll 16")
        for (size_t i = 0; i < size / sizeof(co__word); i++) {
#if defined(__clang__)
            __asm__("" : "+r"(w)); /* else Clang turns the loop into a memset call */
#endif
            w[i] = 0;
        }
        return;
    }
#endif
    if (size)
        CO__MEMSET(c + 1, 0, size);
}

/* Pops f (the innermost frame) and returns status. */
CO__INLINE int co__complete(co_context *ctx, co_frame *f, int status)
{
#if CO_CONFIG_CANARY
    return co__complete_slow(ctx, f, status);
#else
    ctx->top = (unsigned char *)f;
    ctx->leaf = f->caller;
    return status;
#endif
}

#include "cxx_close.h"
#endif /* COSTACK_CONTEXT_H */
