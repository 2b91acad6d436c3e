/* src/io.c - I/O completion objects.
 *
 * The completer (ISR, other thread or core) touches only the co_io and the
 * scheduler it posts to, never the waiting context: it claims the object
 * (one CAS, so a second completion loses before it writes anything),
 * writes the result, publishes DONE, and, if a task was waiting when it
 * claimed, posts the object to that task's scheduler, whose drain ends the
 * wait on its own thread. A timeout or cancel that ends the wait first
 * simply leaves no waiter for that post to find, so a completion can never
 * end, or leak its status into, a later wait. A completion with nobody
 * waiting posts nothing (the next await sees DONE). */
#include "sched_impl.h"

enum { IO_IDLE, IO_ARMED, IO_WAITING, IO_CLAIMED, IO_DONE };

#define IO_OF(d) ((co_io *)(void *)((unsigned char *)(d) - offsetof(co_io, isr)))

void co_io_init(co_io *io)
{
    static const co_io empty = CO_IO_INIT;
    if (!CO__REQUIRE(io != NULL, NULL_ARGUMENT))
        return;
    if (!CO__REQUIRE(!CO__OBJECT_BUSY(&io->isr, co__io_deferred, io->waiter != NULL), OBJECT_BUSY))
        return;
    *io = empty;
}

void co_io_arm(co_io *io)
{
    if (!CO__REQUIRE(io != NULL, NULL_ARGUMENT))
        return;
    /* A completion still in flight (claimed) is of the previous operation:
     * its publish fails. A task already waiting keeps waiting. */
    uint32_t s = atomic_load(&io->state);
    while (s != IO_WAITING && !co__cas32(&io->state, &s, IO_ARMED)) {
    }
}

bool co_io_done(const co_io *io)
{
    if (!CO__REQUIRE(io != NULL, NULL_ARGUMENT))
        return false;
    return atomic_load(&io->state) == IO_DONE;
}

int32_t co_io_result(const co_io *io)
{
    return co_io_done(io) ? atomic_load_explicit(&io->result, memory_order_relaxed) : 0;
}

static int io_status(const void *obj)
{
    const co_io *io = (const co_io *)obj;
    if (atomic_load(&io->state) != IO_DONE)
        return CO_PENDING;
    int32_t r = atomic_load_explicit(&io->result, memory_order_relaxed);
    return r < 0 ? (int)r : 0;
}

void co_io_complete_isr(co_io *io, int32_t result)
{
    if (!CO__REQUIRE(io != NULL, NULL_ARGUMENT))
        return;
    uint32_t s = atomic_load(&io->state);
    CO__POINT(COMPLETE_READ, io);
    do {
        if (s == IO_CLAIMED || s == IO_DONE)
            return; /* a second completion: loses, touches nothing */
    } while (!co__cas32(&io->state, &s, IO_CLAIMED));
    bool waiting = s == IO_WAITING; /* its scheduler is bound and alive */
    CO__POINT(COMPLETE_CLAIMED, io);
    atomic_store_explicit(&io->result, result, memory_order_relaxed); /* published by DONE */
    s = IO_CLAIMED;
    while (!co__cas32(&io->state, &s, IO_DONE))
        if (s != IO_CLAIMED)
            return; /* re-armed meanwhile: this completion was the old operation's */
    CO__POINT(COMPLETE_DONE, io);
    if (waiting)
        co__post(&io->isr); /* the waiter's scheduler ends its wait */
}

/* On the waiters' scheduler: ends the wait of the task blocked on io. */
void co__io_deferred(co__deferred *d)
{
    co_io *io = IO_OF(d);
    co_context *w = io->waiter;
    if (w && atomic_load(&io->state) == IO_DONE) {
        io->waiter = NULL;
        co_wake(w, io_status(io));
    }
}

/* Timeout or cancel: io forgets its waiter and goes back to armed (unless
 * it completed meanwhile). On the scheduler's thread. */
static void co__io_unlink(co_context *ctx)
{
    co_io *io = (co_io *)(uintptr_t)ctx->wait.object;
    io->waiter = NULL;
    uint32_t s = IO_WAITING;
    while (!co__cas32(&io->state, &s, IO_ARMED) && s == IO_WAITING) {
    }
}

/* An io wait: its completion ends it (never co_unblock), and on a timeout
 * a completion that came first counts. */
static const co_wait_ops io_ops = {"io", co__io_unlink, io_status, NULL,
                                   CO__NAME_AT(co_io), 0, CO_WAIT_OWN_WAKE};

/* io's state once no completion is between its claim and its publish.
 * Only a completer on another core or thread can be seen there (an ISR on
 * this core runs to its end first), and it is two stores from done. */
static uint32_t settled(const co_io *io)
{
    uint32_t s;
    while ((s = atomic_load(&io->state)) == IO_CLAIMED) {
    }
    return s;
}

static int io_start(co_context *ctx, const co_op *op)
{
    co_io *io = (co_io *)op->object;
    if (!CO__REQUIRE(io != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    io->isr.run = co__io_deferred; /* a zeroed co_io (CO_IO_INIT not used) works too */
    co__bind_isr(&io->isr, ctx); /* before WAITING: a completion that claims it posts here */
    uint32_t s = settled(io);
    if (s == IO_DONE)
        return io_status(io);
    if (!CO__REQUIRE(io->waiter == NULL, IO_BUSY))
        return CO_EBUSY; /* one waiter at a time: a second would hide the first */
    if (co__deadline_past(op->deadline))
        return CO_ETIMEDOUT; /* a past deadline never blocks */
    while (!co__cas32(&io->state, &s, IO_WAITING)) {
        if (s == IO_CLAIMED)
            s = settled(io);
        if (s == IO_DONE)
            return io_status(io);
    }
    int rc = co_block(ctx, CO_STATE_IO, io, op->deadline, &io_ops);
    if (rc != CO_PENDING) {
        co__io_unlink(ctx); /* not running: a contract failure, nothing blocked */
        return rc;
    }
    io->waiter = ctx;
    co__fed_wait(ctx); /* an ISR ends it: never a deadlock */
    return rc;
}

int co__await_io(co_context *ctx, struct co_io *io) { return co__op_run(io_start, io, ctx); }
co_op co_io_wait_until(co_io *io, co_deadline d) { return co__op(io_start, io, NULL, d); }
co_op co_io_wait_for(co_io *io, co_duration d) { return co__op(io_start, io, NULL, co__after(d)); }
