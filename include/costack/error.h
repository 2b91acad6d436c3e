/* costack/error.h - outcome codes (negative ints from one table) and
 * contract checks (numbered misuse reports routed to one hook). */
#ifndef COSTACK_ERROR_H
#define COSTACK_ERROR_H
#include "cxx_open.h"

/* X(name, value, text): every outcome code the library returns. 0 is
 * success; errors are negative; user errors should be <= CO_EUSER. */
#define CO_ERRNO_MAP(X)                                                        \
    X(ENOMEM, -1, "frame buffer exhausted")                                    \
    X(ECANCELED, -2, "operation cancelled")                                    \
    X(ETIMEDOUT, -3, "deadline passed")                                        \
    X(EDEADLK, -4, "deadlock")                                                 \
    X(EPERM, -5, "not the owner")                                              \
    X(EBUSY, -6, "context busy")                                               \
    X(EINVAL, -7, "invalid argument")                                          \
    X(ECLOSED, -8, "channel closed")                                           \
    X(EAGAIN, -9, "would block")                                               \
    X(EIO, -10, "I/O error")                                                   \
    X(ENOTSUP, -11, "not supported")

enum co_errno {
    CO_OK = 0,
#define CO__ERR_ENUM(name, value, text) CO_##name = (value),
    CO_ERRNO_MAP(CO__ERR_ENUM)
#undef CO__ERR_ENUM
    CO_EUSER = -64 /* first code free for applications (and below) */
};

/* A frame or task that has not finished: co_future_status() while pending,
 * and the internal "suspended" return of an async function. Never an error. */
#define CO_PENDING 1

/* Returns a static text for an outcome code. Never blocks; ISR-safe. */
const char *co_strerror(int status);

/* X(id, name, text): every contract check. A failed check calls the hook
 * installed with co_set_contract_handler(); the default hook comes from the
 * port (host: print and abort; bare metal: breakpoint and halt). */
#define CO_CONTRACT_MAP(X)                                                     \
    X(1, RESUME_DONE, "co_resume on a finished or never-started context")      \
    X(2, RESUME_RUNNING, "co_resume on a context that is already running")     \
    X(3, AWAIT_WRONG_CONTEXT, "await on a context that is not the running one")\
    X(4, AWAIT_NOT_LEAF, "await from a frame that is not the innermost one")   \
    X(5, FRAME_OVERRUN, "a frame wrote past its end (canary broken)")          \
    X(6, FAIL_NOT_NEGATIVE, "CO_FAIL with a status that is not negative")      \
    X(7, START_BUSY, "start on a context whose task has not finished")         \
    X(8, START_ENTRY, "entry differs from the one its CO_TASK declared")       \
    X(9, METHOD_TOO_SMALL, "method frame smaller than its interface frame")    \
    X(10, NULL_ARGUMENT, "required pointer argument is NULL")                  \
    X(11, BLOCK_OUTSIDE, "block outside a running context")                    \
    X(12, BAD_STATE, "state argument out of range")                           \
    X(13, DONE_HOLDING_MUTEX, "a task finished while it owned a mutex")        \
    X(14, CHAN_NOT_ISR, "co_chan_send_isr on a channel not declared for ISRs") \
    X(15, OBJECT_BUSY, "re-init of an object with waiters or an ISR give in flight") \
    X(16, IO_BUSY, "a second context awaits a co_io that already has a waiter") \
    X(17, WAKE_QUEUED, "co_wake on a context queued on a sync object (co_cancel)") \
    X(18, CHAN_NO_STORAGE, "co_chan_init with NULL storage and capacity > 0") \
    X(19, RESUME_LOST, "resume point lost: an await inside a switch statement (switch back-end); move it out of the switch")

enum co_contract {
#define CO__CON_ENUM(id, name, text) CO_CONTRACT_##name = (id),
    CO_CONTRACT_MAP(CO__CON_ENUM)
#undef CO__CON_ENUM
    CO_CONTRACT_COUNT__
};

/* Contract hook: id from CO_CONTRACT_MAP, its text (NULL when
 * CO_CONFIG_CHECK_TEXT is 0). If it returns, the failing call returns an
 * error (or does nothing) and the library stays consistent. */
typedef void co_contract_fn(int id, const char *text);

/* Installs the contract hook (NULL restores the port's default); returns the
 * previous one. Never blocks; not ISR-safe (call at start-up). */
co_contract_fn *co_set_contract_handler(co_contract_fn *fn);

/* Returns the text of contract id, or "unknown". Never blocks; ISR-safe. */
const char *co_contract_text(int id);

#include "cxx_close.h"
#endif /* COSTACK_ERROR_H */
