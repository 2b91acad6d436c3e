/* costack/join.h - waiting on several things at once: join, select, timeout.
 *
 *   int st[2];
 *   CO_JOIN(CO_JOIN_ALL, st, CO_CALL(read_temp, &self->a, .addr = 0x48),
 *                            CO_CALL(read_temp, &self->b, .addr = 0x49));
 *   CO_SELECT_STATUS(rc, &self->which, NULL, CO_ON(co_chan_recv(&ch, &self->msg)),
 *                                            CO_ON(&uart_rx), CO_ON(co_ms(50)));
 *   CO_TIMEOUT_STATUS(rc, co_ms(50), CO_CALL(i2c_read, NULL, .dev = 3));
 *
 * Each branch (1..CO_JOIN_MAX) runs on its own sub-context whose buffer is
 * carved, with the join's header, out of the awaiting task's buffer: one
 * frame pushed at the await (CO_ENOMEM there when it does not fit, like any
 * push), popped when every branch has finished. Its size is fixed at
 * compile time: CO_CALL(fn, ...) gives the branch exactly fn's frame (a
 * child that awaits only awaitables), CO_CALL_IN(bytes, fn, ...) gives it
 * bytes (the analyser's bound of fn; it checks that bytes suffice),
 * CO_ON(awaitable) a small frame holding the awaitable. Design, block
 * states, cancellation and the winner rule: docs/join-select.md.
 */
#ifndef COSTACK_JOIN_H
#define COSTACK_JOIN_H

#include "async.h"
#include "sched.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most branches one join, select or timeout may have. */
#define CO_JOIN_MAX 8

/* Join error policies. CO_JOIN_ALL (the default to reach for) waits for
 * every branch and reports each status; CO_JOIN_FAIL_FAST cancels the
 * remaining branches at the first error (they report CO_ECANCELED, or
 * their own result when it was already in). */
enum { CO_JOIN_ALL = 0, CO_JOIN_FAIL_FAST = 1 };

/* One branch's record, followed in the parent's buffer by its own buffer. */
typedef struct co_branch co_branch;
typedef struct co__join co__join;
struct co_branch {
    co_context ctx;  /* the branch's sub-context */
    co_frame done;   /* its root frame: records the status, tells the join */
    co__join *join;  /* the join it belongs to */
    void *object;    /* CO_ON: the awaited object; once finished: the mutex
                        it won and passed to the awaiting task, or NULL */
    int status;      /* CO_PENDING until finished, then the branch's status */
};

/* The join frame: pushed on the awaiting task's buffer, branches follow. */
struct co__join {
    co_frame co;
    co_context *parent;  /* the awaiting context */
    co_executor exec;    /* without a co_sched: branch wakes land here */
    int *status;         /* per-branch statuses (caller's array, or NULL) */
    int *which;          /* select: the winner's index (or NULL) */
    unsigned char *next; /* while the await sets up: where the next branch goes */
    int first_error;     /* fail-fast: the first error seen */
    uint8_t n;           /* branches */
    uint8_t kind;        /* CO__J_JOIN, CO__J_SELECT, CO__J_TIMEOUT */
    uint8_t policy;      /* CO_JOIN_ALL / CO_JOIN_FAIL_FAST */
    uint8_t finished;    /* branches finished */
    uint8_t flags;       /* CO__JF_* */
    int8_t winner;       /* select: -1 until decided */
    uint8_t started;     /* branches whose sub-context is set up */
};
enum { CO__J_JOIN, CO__J_SELECT, CO__J_TIMEOUT };

/* The bytes a join frame takes: header, then per branch its record and
 * buffer (each rounded to CO_CONFIG_FRAME_ALIGN). */
#define CO__JALIGN(n)                                                          \
    (((size_t)(n) + (CO_CONFIG_FRAME_ALIGN - 1u)) & ~(size_t)(CO_CONFIG_FRAME_ALIGN - 1u))
#define CO__JOIN_HEAD CO__JALIGN(sizeof(co__join))
#define CO__BRANCH_HEAD CO__SLOT(sizeof(co_branch)) /* canary after it, if on */

/* ---- branches ----------------------------------------------------------- */

/* A branch calling async function fn (result into *resp, parameters as for
 * CO_AWAIT) with a buffer of exactly fn's frame. */
#define CO_CALL(...) CO__CALL_(__VA_ARGS__, )
#define CO__CALL_(fn, ...) (CALL, CO__SLOT(sizeof(struct fn)), fn, __VA_ARGS__)
/* The same with a buffer of bytes (>= fn's frame; the analyser checks it
 * holds fn's deepest await chain). */
#define CO_CALL_IN(bytes, ...) CO__CALL_IN_(bytes, __VA_ARGS__, )
#define CO__CALL_IN_(bytes, fn, ...) (CALL, CO__JALIGN(bytes), fn, __VA_ARGS__)
/* A branch awaiting awaitable x: a duration, deadline, blocker, co_op (the
 * timed and channel forms), &mutex, &sem, &event, &io or co_awaitable *. */
#define CO_ON(x) (ON, CO__SLOT(sizeof(struct co__on)), co__on, x)

/* The frame of a CO_ON branch. */
typedef union co__on_arg {
    co_duration d;
    co_deadline dl;
    co_blocker b;
    co_op op;
    void *p;
} co__on_arg;
struct co__on {
    co_frame co;
    int (*start)(co_context *ctx, co__on_arg *arg);
    co__on_arg arg;
};
CO_DECLARE(co__on, void);

int co__on_duration(co_context *ctx, co__on_arg *a);
int co__on_deadline(co_context *ctx, co__on_arg *a);
int co__on_blocker(co_context *ctx, co__on_arg *a);
int co__on_op(co_context *ctx, co__on_arg *a);
int co__on_awaitable(co_context *ctx, co__on_arg *a);
int co__on_mutex(co_context *ctx, co__on_arg *a);
int co__on_sem(co_context *ctx, co__on_arg *a);
int co__on_event(co_context *ctx, co__on_arg *a);
int co__on_io(co_context *ctx, co__on_arg *a);
#define CO__ON_START(x)                                                        \
    _Generic((x),                                                              \
        co_duration: co__on_duration, co_deadline: co__on_deadline,            \
        co_blocker: co__on_blocker, co_op: co__on_op,                          \
        co_awaitable *: co__on_awaitable, struct co_mutex *: co__on_mutex,     \
        struct co_sem *: co__on_sem, struct co_event *: co__on_event,          \
        struct co_io *: co__on_io)
/* Stores x (a value or a pointer) in the union. */
#define CO__ON_ARG(x)                                                          \
    _Generic((x),                                                              \
        co_duration: co__on_arg_d, co_deadline: co__on_arg_dl,                 \
        co_blocker: co__on_arg_b, co_op: co__on_arg_op,                        \
        default: co__on_arg_p)(x)
/* All of it defined (the largest member), then the one that is meant. */
static inline co__on_arg co__on_arg_none(void)
{
    co__on_arg a;
    a.op.start = 0;
    a.op.object = 0;
    a.op.arg = 0;
    a.op.deadline = 0;
    return a;
}
static inline co__on_arg co__on_arg_d(co_duration d) { co__on_arg a = co__on_arg_none(); a.d = d; return a; }
static inline co__on_arg co__on_arg_dl(co_deadline d) { co__on_arg a = co__on_arg_none(); a.dl = d; return a; }
static inline co__on_arg co__on_arg_b(co_blocker b) { co__on_arg a = co__on_arg_none(); a.b = b; return a; }
static inline co__on_arg co__on_arg_op(co_op op) { co__on_arg a; a.op = op; return a; }
static inline co__on_arg co__on_arg_p(const volatile void *p)
{
    co__on_arg a = co__on_arg_none();
    a.p = (void *)(uintptr_t)p;
    return a;
}

/* ---- the await forms ---------------------------------------------------- */

/* Awaits every branch (they run concurrently); st (int[n] or NULL) receives
 * each branch's status. Completes with 0 when all succeeded, else (ALL) the
 * error of the lowest failed branch or (FAIL_FAST) the first error seen;
 * that error propagates like CO_AWAIT's. Blocks (see docs); not ISR-safe. */
#define CO_JOIN(policy, st, ...)                                               \
    CO__JOIN(PROPAGATE, CO__UID, ~, CO__J_JOIN, policy, st, NULL, __VA_ARGS__)
#define CO_JOIN_STATUS(rc, policy, st, ...)                                    \
    CO__JOIN(STATUS, CO__UID, rc, CO__J_JOIN, policy, st, NULL, __VA_ARGS__)

/* Awaits the first branch to finish; the others are cancelled and fully
 * unwound before it continues. *which (int *, or NULL) receives the
 * winner's index (-1 when the task was cancelled first or the await failed
 * before starting, e.g. CO_ENOMEM), st (or NULL) every branch's status
 * (untouched when nothing started). Completes with the winner's status (an error
 * propagates). Winner rule: the lowest index among the branches finished
 * when the select resumes. Blocks; not ISR-safe. */
#define CO_SELECT(which, st, ...)                                              \
    CO__JOIN(PROPAGATE, CO__UID, ~, CO__J_SELECT, 0, st, which, __VA_ARGS__)
#define CO_SELECT_STATUS(rc, which, st, ...)                                   \
    CO__JOIN(STATUS, CO__UID, rc, CO__J_SELECT, 0, st, which, __VA_ARGS__)

/* Awaits branch with a timeout t (co_duration or co_deadline): its status,
 * or CO_ETIMEDOUT with the branch cancelled and unwound. Blocks; not
 * ISR-safe. */
#define CO_TIMEOUT(t, branch)                                                  \
    CO__JOIN(PROPAGATE, CO__UID, ~, CO__J_TIMEOUT, 0, NULL, NULL, branch, CO_ON(t))
#define CO_TIMEOUT_STATUS(rc, t, branch)                                       \
    CO__JOIN(STATUS, CO__UID, rc, CO__J_TIMEOUT, 0, NULL, NULL, branch, CO_ON(t))

/* ---- machinery ---------------------------------------------------------- */

#define CO__JN(...) CO__ARG64(__VA_ARGS__, 63, 62, 61, 60, 59, 58, 57, 56, 55, \
    54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, \
    35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, \
    16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define CO__JEACH(M, ...) CO__CAT(CO__JEACH_, CO__JN(__VA_ARGS__))(M, __VA_ARGS__)
#define CO__JEACH_1(M, a) M(0, a)
#define CO__JEACH_2(M, a, b) M(0, a) M(1, b)
#define CO__JEACH_3(M, a, b, c) CO__JEACH_2(M, a, b) M(2, c)
#define CO__JEACH_4(M, a, b, c, d) CO__JEACH_3(M, a, b, c) M(3, d)
#define CO__JEACH_5(M, a, b, c, d, e) CO__JEACH_4(M, a, b, c, d) M(4, e)
#define CO__JEACH_6(M, a, b, c, d, e, f) CO__JEACH_5(M, a, b, c, d, e) M(5, f)
#define CO__JEACH_7(M, a, b, c, d, e, f, g) CO__JEACH_6(M, a, b, c, d, e, f) M(6, g)
#define CO__JEACH_8(M, a, b, c, d, e, f, g, h) CO__JEACH_7(M, a, b, c, d, e, f, g) M(7, h)

#define CO__JUNPACK(...) __VA_ARGS__
#define CO__JSIZE_(kind, size, ...) size
/* + this branch's bytes (record and buffer). */
#define CO__JSIZE(i, spec) +(CO__BRANCH_HEAD + CO__JSIZE_ spec)
#define CO__JINIT(i, spec) CO__JINIT2(i, CO__JUNPACK spec)
#define CO__JINIT2(i, ...) CO__JINIT3(i, __VA_ARGS__)
#define CO__JINIT3(i, kind, size, fn, ...) CO__CAT(CO__JINIT_, kind)(i, size, fn, __VA_ARGS__)
#define CO__JINIT_CALL(i, size, fn, resp, ...)                                 \
    {                                                                          \
        CO__CHECK_RESULT(co__rt_##fn, resp, #fn);                              \
        _Static_assert((size) >= CO__SLOT(sizeof(struct fn)),                  \
                       "branch buffer smaller than the frame of " #fn);        \
        _Static_assert(_Alignof(struct fn) <= CO_CONFIG_FRAME_ALIGN,           \
                       "frame of " #fn " needs more than CO_CONFIG_FRAME_ALIGN"); \
        CO__REC_BRANCH(fn, size)                                               \
        struct fn *co__c = (struct fn *)co__join_slot(co__j, (size),           \
                                                      CO__SLOT(sizeof(struct fn)), NULL); \
        co__frame_fill(&co__c->co, sizeof(struct fn), fn, &co__branch_of(co__c)->done, \
                       (void *)(resp));                                        \
        CO__SET_PARAMS(co__c, __VA_ARGS__)                                     \
    }
#define CO__JINIT_ON(i, size, onfn, x)                                           \
    {                                                                          \
        CO__REC_BRANCH_ON(size)                                                \
        co__on_arg co__a = CO__ON_ARG(x);                                      \
        struct co__on *co__c = (struct co__on *)co__join_slot(                 \
            co__j, (size), CO__SLOT(sizeof(struct co__on)),                    \
            CO__ON_OBJECT(x)(&co__a));                                         \
        co__c->co.fn = co__on;                                                 \
        co__c->co.caller = &co__branch_of(co__c)->done;                        \
        co__c->co.result = NULL;                                               \
        co__c->co.lc = 0;                                                      \
        co__c->start = CO__ON_START(x);                                        \
        co__c->arg = co__a;                                                    \
    }

#define CO__JOIN(mode, n, rcvar, kind, policy, st, which, ...)                 \
    do {                                                                       \
        enum { co__nb = CO__JN(__VA_ARGS__) };                                 \
        _Static_assert(co__nb >= 1 && co__nb <= CO_JOIN_MAX, "1 to CO_JOIN_MAX branches"); \
        enum { co__jbytes = CO__JOIN_HEAD CO__JEACH(CO__JSIZE, __VA_ARGS__) }; \
        CO__REC_JOIN((size_t)co__jbytes)                                       \
        int co__r;                                                             \
        co__join *co__j; /* assigned: the switch back-end resumes below */     \
        co__j = (co__ctx->flags & CO__F_CANCELLED)                             \
            ? (co__ctx->rc = CO_ECANCELED, (co__join *)NULL)                   \
            : (co__join *)co__push(co__ctx, co__f, CO__SLOT(co__jbytes));      \
        if (co__j) {                                                           \
            co__join_init(co__j, co__f, (kind), (policy), co__nb, (st), (which)); \
            CO__JEACH(CO__JINIT, __VA_ARGS__)                                  \
            co__r = co__join_run(co__ctx, &co__j->co);                         \
            CO__SUSPEND(n)                                                     \
        } else {                                                               \
            co__r = co__ctx->rc;                                               \
            co__join_not_started((which));                                     \
        }                                                                      \
        CO__AFTER_##mode(rcvar)                                                \
    } while (0)

/* The await failed before any branch started (CO_ENOMEM, CO_ECANCELED). */
static inline void co__join_not_started(int *which)
{
    if (which)
        *which = -1;
}

/* Fills in the join header (frame of co__join_run awaited by caller). */
void co__join_init(co__join *j, co_frame *caller, int kind, int policy, int n, int *st,
                   int *which);
/* Places the next branch (record, then size bytes of buffer whose first
 * slot bytes hold its first frame) and returns the first frame; its
 * sub-context is set up when it starts. object: CO_ON's object or NULL. */
static inline void *co__join_slot(co__join *j, size_t size, size_t slot, void *object)
{
    co_branch *b = (co_branch *)(void *)j->next;
    unsigned char *base = j->next + CO__BRANCH_HEAD;
    b->ctx.base = base;
    b->ctx.top = base + slot;
    b->ctx.limit = base + size;
    b->join = j;
    b->object = object;
    b->status = CO_PENDING;
    j->next = base + size;
    return base;
}
/* The record of the branch whose first frame is first (it precedes the
 * branch's buffer). */
static inline co_branch *co__branch_of(void *first)
{
    return (co_branch *)(void *)((unsigned char *)first - CO__BRANCH_HEAD);
}
/* The object an awaitable branch waits on, kept for a won mutex (chosen
 * by x's type at compile time). */
static inline void *co__on_obj_p(const co__on_arg *a) { return a->p; }
static inline void *co__on_obj_op(const co__on_arg *a) { return a->op.object; }
static inline void *co__on_obj_none(const co__on_arg *a) { (void)a; return NULL; }
#define CO__ON_OBJECT(x)                                                       \
    _Generic((x), struct co_mutex *: co__on_obj_p, co_op: co__on_obj_op,       \
             default: co__on_obj_none)
/* Tries the branch whose first frame is first on probe (the branch's own,
 * not yet started context: exec, flags, held and wake bits fresh) without
 * blocking: its status when a CO_ON awaitable finished at once (a mutex is
 * then owned by probe), CO_PENDING when it would block (nothing done), or
 * CO__ON_RUN when only running the branch tells (an async call, a
 * co_awaitable, a user's co_op). Never blocks; not ISR-safe. */
int co__on_try(co_context *probe, co_frame *first);
enum { CO__ON_RUN = 2 };
/* The join frame's code: starts, drives and finishes the branches. */
CO_DECLARE(co__join_run, void);

/* ---- observing ---------------------------------------------------------- */

/* If ctx awaits a join/select/timeout, its branches' contexts (up to max
 * into out) and their count, else 0. Never blocks; not ISR-safe. */
size_t co_branches(const co_context *ctx, co_context **out, size_t max);

/* The context awaiting the join that ctx is a branch of, or NULL. Never
 * blocks; not ISR-safe. */
co_context *co_branch_parent(const co_context *ctx);

/* The index of ctx among the branches of its join (as co_branch_parent()
 * finds it), or -1 when ctx is not a branch. Never blocks; not ISR-safe. */
int co__branch_index(const co_context *ctx);

/* ---- records (analyser) -------------------------------------------------- */
#if CO_CONFIG_RECORDS
/* At a join site: a = bytes the join frame pushes (header, records, buffers). */
#define CO__REC_JOIN(bytes)                                                    \
    __asm__ volatile(CO__REC_ASM(5, __LINE__, ".Lco_site%=", "0",              \
                                 ".asciz \"co__join_run\"\n\t" CO__REC_FILE)   \
                     : : "i"(bytes), "i"(CO_CONFIG_FRAME_ALIGN));
/* Per branch: a = its buffer bytes, q = the function it runs. */
#define CO__REC_BRANCH(fn, bytes)                                              \
    __asm__ volatile(CO__REC_ASM(6, __LINE__, ".Lco_site%=", CO__REC_OP(2),    \
                                 ".asciz \"" #fn "\"\n\t" CO__REC_FILE)        \
                     : : "i"(bytes), "i"(_Alignof(struct fn)), "i"(fn));
/* A CO_ON branch: q = 0, the library's co__on by name. */
#define CO__REC_BRANCH_ON(bytes)                                               \
    __asm__ volatile(CO__REC_ASM(6, __LINE__, ".Lco_site%=", "0",              \
                                 ".asciz \"co__on\"\n\t" CO__REC_FILE)         \
                     : : "i"(bytes), "i"(CO_CONFIG_FRAME_ALIGN));
#else
#define CO__REC_JOIN(bytes)
#define CO__REC_BRANCH(fn, bytes)
#define CO__REC_BRANCH_ON(bytes)
#endif

#ifdef __cplusplus
}
#endif

#endif /* COSTACK_JOIN_H */
