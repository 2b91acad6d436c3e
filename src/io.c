/* src/io.c - I/O completion objects. */
#include "sched_impl.h"

enum { IO_IDLE, IO_ARMED, IO_WAITING, IO_DONE };

void co_io_init(co_io *io)
{
    static const co_io empty = CO_IO_INIT;
    *io = empty;
}

void co_io_arm(co_io *io)
{
    io->result = 0;
    io->waiter = NULL;
    atomic_store(&io->state, IO_ARMED);
}

bool co_io_done(const co_io *io) { return atomic_load(&io->state) == IO_DONE; }

int32_t co_io_result(const co_io *io) { return co_io_done(io) ? io->result : 0; }

int co__io_status(const void *obj)
{
    const co_io *io = (const co_io *)obj;
    if (atomic_load(&io->state) != IO_DONE)
        return CO_PENDING;
    return io->result < 0 ? (int)io->result : 0;
}

void co_io_complete_isr(co_io *io, int32_t result)
{
    uint32_t s = atomic_load(&io->state);
    if (s == IO_DONE)
        return;
    io->result = result; /* published by the exchange below */
    s = co__xchg32(&io->state, IO_DONE);
    if (s == IO_WAITING)
        (void)co__wake_remote(io->waiter, io->gen, false);
}

void co__io_unlink(co_context *ctx)
{
    co_io *io = (co_io *)(uintptr_t)ctx->wait.object;
    uint32_t s = IO_WAITING;
    (void)co__cas32(&io->state, &s, IO_ARMED); /* fails if it completed */
}

static int io_start(co_context *ctx, const co_op *op)
{
    co_io *io = (co_io *)op->object;
    int st = co__io_status(io);
    if (st != CO_PENDING)
        return st;
    io->waiter = ctx;
    io->gen = (atomic_load(&ctx->sched_wake) >> CO__W_GEN_SHIFT) + 1u; /* the coming arm */
    uint32_t s = atomic_load(&io->state);
    do {
        if (s == IO_DONE)
            return co__io_status(io);
    } while (!co__cas32(&io->state, &s, IO_WAITING));
    return co_block(ctx, CO_STATE_IO, io, op->deadline, co__io_unlink);
}

int co__await_io(co_context *ctx, struct co_io *io) { return co__op_run(io_start, io, ctx); }
co_op co_io_wait_until(co_io *io, co_deadline d) { return co__op(io_start, io, NULL, d); }
co_op co_io_wait_for(co_io *io, co_duration d) { return co__op(io_start, io, NULL, co__after(d)); }
