/* tests/target/dualcore/main.c - two Cortex-M33 cores, one scheduler each
 * (QEMU mps2-an521, costack built with CO_CM_CORES=2, CO_CONFIG_THREADS=1).
 *
 * Every operation crosses cores, in both directions at once. For each core
 * c a "lane" holds what c's tasks consume and the other core produces:
 *   io    c arms a co_io, posts a request number and rings the other core's
 *         doorbell; its interrupt handler completes the io with that number
 *         (co_io_complete_isr);
 *   chan  the other core's doorbell handler sends 1, 2, 3, ... into an
 *         ISR-fed channel (co_chan_send_isr, retried when full);
 *   sem   the same handler gives a semaphore (co_sem_give_isr);
 *   wake  c posts a number, rings the other core and waits (external);
 *         the handler there answers with co_unblock();
 * plus two ping-pong pairs, one started from each core, where a task wakes
 * its partner on the other core with co_unblock() and waits (external) for
 * the answer, and on each core two tasks sharing a mutex (the owner check
 * needs a per-core co_current()).
 * None lost: every io result is the number requested, the channel delivers
 * exactly 1..N in order, every take matches one give and no give is left
 * over, every wake answers the number just posted, every ping-pong answer
 * is the ball just thrown and co_unblock() never finds a wake already
 * pending. A monitor on core 0 fails the run
 * when a check fails or nothing moves for STALL_MS; exit status 0 = pass.
 */
#include <costack.h>
#include <stdatomic.h>
#include <stdio.h>

#include "costack_cm.h"
#include "mps2-an521/board_an521.h"

#ifndef N_IO
#define N_IO 7500u /* io completions per lane */
#endif
#ifndef N_CHAN
#define N_CHAN 20000u /* channel sends per lane */
#endif
#ifndef N_SEM
#define N_SEM 12500u /* semaphore gives per lane */
#endif
#ifndef N_WAKE
#define N_WAKE 5000u /* co_unblock() from the interrupt handler, per lane */
#endif
#ifndef N_ROUNDS
#define N_ROUNDS 5000u /* ping-pong rounds per pair: two co_unblock() each */
#endif
#define N_MUTEX 2000u  /* lock/unlock pairs per core (not cross-core) */
#define STALL_MS 10000u
#define TOTAL_OPS (2u * (N_IO + N_CHAN + N_SEM + N_WAKE) + 2u * 2u * N_ROUNDS)

#define BUF 256

/* ---- failures: recorded by either core, reported by core 0 --------------- */
static _Atomic uint32_t failures;
static const char *_Atomic fail_what;
static _Atomic uint32_t fail_got, fail_want, fail_core;

static void fail(const char *what, uint32_t got, uint32_t want)
{
    if (atomic_fetch_add(&failures, 1) == 0) {
        atomic_store(&fail_got, got);
        atomic_store(&fail_want, want);
        atomic_store(&fail_core, board_core_id());
        atomic_store(&fail_what, what);
    }
}

/* co_current() is per core (CO_CONFIG_THREADS=1 + the board's thread
 * pointer): a task always sees itself, never the other core's task. */
static void check_current(co_context *self)
{
    if (co_current() != self)
        fail("co_current() is not the running task", 0, 1);
}

/* ---- lanes ---------------------------------------------------------------- */
struct lane {
    /* the consumer's side (its core's tasks) */
    co_io io;
    co_chan chan;
    uint32_t chan_store[16];
    co_sem sem;
    _Atomic uint32_t io_done, chan_got, sem_taken, woken;
    co_context *waiter; /* the task the handler unblocks */
    /* the requests the producer's interrupt handler answers */
    _Atomic uint32_t io_req, wake_req, wake_ack;
    /* the producer's side (the other core's doorbell handler) */
    _Atomic uint32_t chan_sent, sem_given;
};
static struct lane lanes[2];

/* The doorbell: on core p it produces for lane 1 - p. */
void board_doorbell(void)
{
    struct lane *l = &lanes[1u - board_core_id()];
    uint32_t r = atomic_exchange(&l->io_req, 0);
    if (r)
        co_io_complete_isr(&l->io, (int32_t)r);
    r = atomic_exchange(&l->wake_req, 0);
    if (r) {
        atomic_store(&l->wake_ack, r);
        if (!co_unblock(l->waiter))
            fail("co_unblock from the handler: a wake was already pending", 0, 1);
    }
    for (uint32_t v = atomic_load(&l->chan_sent) + 1u; v <= N_CHAN; v++) {
        int rc = co_chan_send_isr(&l->chan, &v);
        if (rc == CO_EAGAIN)
            break; /* full: the next ring retries v */
        if (rc != 0)
            fail("co_chan_send_isr", (uint32_t)rc, 0);
        atomic_store(&l->chan_sent, v);
    }
    for (int k = 0; k < 4 && atomic_load(&l->sem_given) < N_SEM; k++) {
        co_sem_give_isr(&l->sem);
        atomic_fetch_add(&l->sem_given, 1);
    }
}

/* Consumer: N_IO completions, each with the number requested. */
struct io_user { co_frame co; struct lane *l; uint32_t i; int rc; };
CO_ASYNC(io_user, void)
{
    CO_BEGIN(io_user, self);
    for (self->i = 1; self->i <= N_IO; self->i++) {
        check_current(CO_CONTEXT());
        co_io_arm(&self->l->io);
        atomic_store(&self->l->io_req, self->i);
        board_doorbell_ring(1u - board_core_id());
        CO_AWAIT_STATUS(self->rc, &self->l->io);
        if (self->rc != 0)
            fail("io status", (uint32_t)self->rc, 0);
        if ((uint32_t)co_io_result(&self->l->io) != self->i)
            fail("io result", (uint32_t)co_io_result(&self->l->io), self->i);
        atomic_store(&self->l->io_done, self->i);
    }
    CO_END;
}

/* Consumer: N_WAKE external waits, each ended by the other core's handler
 * right after it acknowledged the number posted. */
static const char wake_tag = 0;
struct wake_user { co_frame co; struct lane *l; uint32_t i; int rc; };
CO_ASYNC(wake_user, void)
{
    CO_BEGIN(wake_user, self);
    for (self->i = 1; self->i <= N_WAKE; self->i++) {
        check_current(CO_CONTEXT());
        atomic_store(&self->l->wake_req, self->i);
        board_doorbell_ring(1u - board_core_id());
        CO_AWAIT_STATUS(self->rc, co_external(&wake_tag));
        if (self->rc != 0)
            fail("wake status", (uint32_t)self->rc, 0);
        if (atomic_load(&self->l->wake_ack) != self->i)
            fail("wake answer", atomic_load(&self->l->wake_ack), self->i);
        atomic_store(&self->l->woken, self->i);
    }
    CO_END;
}

/* Consumer: exactly 1..N_CHAN, in order. */
struct chan_user { co_frame co; struct lane *l; uint32_t i, v; int rc; };
CO_ASYNC(chan_user, void)
{
    CO_BEGIN(chan_user, self);
    for (self->i = 1; self->i <= N_CHAN; self->i++) {
        check_current(CO_CONTEXT());
        CO_AWAIT_STATUS(self->rc, co_chan_recv(&self->l->chan, &self->v));
        if (self->rc != 0)
            fail("chan status", (uint32_t)self->rc, 0);
        if (self->v != self->i)
            fail("chan element", self->v, self->i);
        atomic_store(&self->l->chan_got, self->i);
    }
    CO_END;
}

/* Consumer: N_SEM takes. */
struct sem_user { co_frame co; struct lane *l; uint32_t i; int rc; };
CO_ASYNC(sem_user, void)
{
    CO_BEGIN(sem_user, self);
    for (self->i = 1; self->i <= N_SEM; self->i++) {
        check_current(CO_CONTEXT());
        CO_AWAIT_STATUS(self->rc, &self->l->sem);
        if (self->rc != 0)
            fail("sem status", (uint32_t)self->rc, 0);
        atomic_store(&self->l->sem_taken, self->i);
    }
    CO_END;
}

/* Producer pacing on core p: rings its own doorbell until lane l (consumed
 * on the other core) has everything sent. */
struct pump { co_frame co; struct lane *l; };
CO_ASYNC(pump, void)
{
    CO_BEGIN(pump, self);
    while (atomic_load(&self->l->chan_sent) < N_CHAN || atomic_load(&self->l->sem_given) < N_SEM) {
        board_doorbell_ring(board_core_id());
        CO_YIELD();
    }
    CO_END;
}

/* ---- ping-pong: co_unblock() across cores, from task context --------------- */
struct pair {
    _Atomic uint32_t ball, back;
    _Atomic uint32_t rounds;
    co_context *thrower, *catcher;
};
static struct pair pairs[2];
static const char pp_tag = 0;

static void unblock(co_context *ctx)
{
    if (!co_unblock(ctx))
        fail("co_unblock: a wake was already pending", 0, 1);
}

struct thrower { co_frame co; struct pair *p; uint32_t i; int rc; };
CO_ASYNC(thrower, void)
{
    CO_BEGIN(thrower, self);
    for (self->i = 1; self->i <= N_ROUNDS; self->i++) {
        check_current(CO_CONTEXT());
        atomic_store(&self->p->ball, self->i);
        unblock(self->p->catcher);
        CO_AWAIT_STATUS(self->rc, co_external(&pp_tag));
        if (self->rc != 0)
            fail("thrower wait", (uint32_t)self->rc, 0);
        if (atomic_load(&self->p->back) != self->i)
            fail("ping-pong answer", atomic_load(&self->p->back), self->i);
        atomic_store(&self->p->rounds, self->i);
    }
    CO_END;
}

struct catcher { co_frame co; struct pair *p; uint32_t i; int rc; };
CO_ASYNC(catcher, void)
{
    CO_BEGIN(catcher, self);
    for (self->i = 1; self->i <= N_ROUNDS; self->i++) {
        check_current(CO_CONTEXT());
        CO_AWAIT_STATUS(self->rc, co_external(&pp_tag));
        if (self->rc != 0)
            fail("catcher wait", (uint32_t)self->rc, 0);
        if (atomic_load(&self->p->ball) != self->i)
            fail("ping-pong ball", atomic_load(&self->p->ball), self->i);
        atomic_store(&self->p->back, self->i);
        unblock(self->p->thrower);
    }
    CO_END;
}

/* ---- a mutex per core: co_current() must be this core's task ------------- */
static co_mutex mutexes[2];
struct locker { co_frame co; co_mutex *m; uint32_t i; int rc; };
CO_ASYNC(locker, void)
{
    CO_BEGIN(locker, self);
    for (self->i = 0; self->i < N_MUTEX; self->i++) {
        CO_AWAIT(self->m);
        CO_YIELD();
        check_current(CO_CONTEXT());
        self->rc = co_mutex_unlock(self->m);
        if (self->rc != 0)
            fail("co_mutex_unlock by its owner", (uint32_t)self->rc, 0);
    }
    CO_END;
}

/* ---- progress and the monitor ---------------------------------------------- */
static uint32_t progress(void)
{
    uint32_t n = 0;
    for (int c = 0; c < 2; c++) {
        n += atomic_load(&lanes[c].io_done) + atomic_load(&lanes[c].chan_got) +
             atomic_load(&lanes[c].sem_taken) + atomic_load(&lanes[c].woken) +
             2u * atomic_load(&pairs[c].rounds);
    }
    return n;
}

static void report(void)
{
    for (int c = 0; c < 2; c++) {
        struct lane *l = &lanes[c];
        printf("lane %d: io %lu/%u (req %lu) chan %lu/%u (sent %lu) sem %lu/%u (given %lu) "
               "wake %lu/%u (req %lu); pair %d: %lu/%u rounds\n",
               c, (unsigned long)l->io_done, N_IO, (unsigned long)l->io_req,
               (unsigned long)l->chan_got, N_CHAN, (unsigned long)l->chan_sent,
               (unsigned long)l->sem_taken, N_SEM, (unsigned long)l->sem_given,
               (unsigned long)l->woken, N_WAKE, (unsigned long)l->wake_req, c,
               (unsigned long)pairs[c].rounds, N_ROUNDS);
    }
    if (atomic_load(&failures))
        printf("FAIL (%lu failures), first on core %lu: %s: got %lu, want %lu\n",
               (unsigned long)failures, (unsigned long)fail_core, fail_what ? fail_what : "?",
               (unsigned long)fail_got, (unsigned long)fail_want);
}

struct monitor { co_frame co; uint32_t last, still; };
CO_ASYNC(monitor, void)
{
    CO_BEGIN(monitor, self);
    while (progress() < TOTAL_OPS) {
        CO_AWAIT(co_ms(100));
        if (atomic_load(&failures)) {
            report();
            board_exit(1);
        }
        uint32_t now = progress();
        self->still = now == self->last ? self->still + 100u : 0u;
        self->last = now;
        if (self->still >= STALL_MS) {
            printf("no progress for %u ms: a wake-up was lost\n", STALL_MS);
            report();
            board_exit(1);
        }
    }
    CO_END;
}

/* ---- the two cores ---------------------------------------------------------- */
CO_TASK(io0, io_user, BUF);
CO_TASK(wake0, wake_user, BUF);
CO_TASK(chan0, chan_user, BUF);
CO_TASK(sem0, sem_user, BUF);
CO_TASK(pump0, pump, BUF);
CO_TASK(throw0, thrower, BUF);
CO_TASK(catch0, catcher, BUF);
CO_TASK(lock0a, locker, BUF);
CO_TASK(lock0b, locker, BUF);
CO_TASK(mon0, monitor, BUF);
CO_TASK(io1, io_user, BUF);
CO_TASK(wake1, wake_user, BUF);
CO_TASK(chan1, chan_user, BUF);
CO_TASK(sem1, sem_user, BUF);
CO_TASK(pump1, pump, BUF);
CO_TASK(throw1, thrower, BUF);
CO_TASK(catch1, catcher, BUF);
CO_TASK(lock1a, locker, BUF);
CO_TASK(lock1b, locker, BUF);

static co_sched sched[2] = {CO_SCHED_INIT, CO_SCHED_INIT};
static _Atomic int core1_rc = CO_PENDING;
static _Atomic bool core1_ready; /* its tasks are on its scheduler */

/* Pair k is thrown from core k and caught on the other core. */
static void spawn(uint32_t c, co_context *io, co_context *wk, co_context *ch, co_context *sem,
                  co_context *pu, co_context *th, co_context *ca, co_context *la, co_context *lb)
{
    co_sched *s = &sched[c];
    int rc = 0;
    lanes[c].waiter = wk;
    rc |= CO_SPAWN(s, io, NULL, io_user, NULL, .l = &lanes[c]);
    rc |= CO_SPAWN(s, wk, NULL, wake_user, NULL, .l = &lanes[c]);
    rc |= CO_SPAWN(s, ch, NULL, chan_user, NULL, .l = &lanes[c]);
    rc |= CO_SPAWN(s, sem, NULL, sem_user, NULL, .l = &lanes[c]);
    rc |= CO_SPAWN(s, pu, NULL, pump, NULL, .l = &lanes[1u - c]);
    rc |= CO_SPAWN(s, th, NULL, thrower, NULL, .p = &pairs[c]);
    rc |= CO_SPAWN(s, ca, NULL, catcher, NULL, .p = &pairs[1u - c]);
    rc |= CO_SPAWN(s, la, NULL, locker, NULL, .m = &mutexes[c]);
    rc |= CO_SPAWN(s, lb, NULL, locker, NULL, .m = &mutexes[c]);
    if (rc)
        fail("spawn", (uint32_t)rc, 0);
}

static void core1_main(void)
{
    spawn(1, &io1, &wake1, &chan1, &sem1, &pump1, &throw1, &catch1, &lock1a, &lock1b);
    atomic_store(&core1_ready, true);
    atomic_store(&core1_rc, co_sched_run(&sched[1]));
}

int main(void)
{
    printf("dualcore on %s: core %lu starts core 1; %u cross-core operations\n", board_name,
           (unsigned long)board_core_id(), TOTAL_OPS);
    for (int c = 0; c < 2; c++) {
        struct lane *l = &lanes[c];
        co_io_init(&l->io);
        co_chan_init(&l->chan, l->chan_store, sizeof l->chan_store[0], 16);
        co_sem_init(&l->sem, 0, UINT32_MAX);
        if (co_chan_expect_isr(&l->chan) != 0)
            fail("co_chan_expect_isr", 1, 0);
        co_sem_expect_isr(&l->sem);
    }
    pairs[0].thrower = &throw0;
    pairs[0].catcher = &catch1;
    pairs[1].thrower = &throw1;
    pairs[1].catcher = &catch0;
    spawn(0, &io0, &wake0, &chan0, &sem0, &pump0, &throw0, &catch0, &lock0a, &lock0b);
    if (CO_SPAWN(&sched[0], &mon0, NULL, monitor, NULL))
        fail("spawn monitor", 1, 0);
    board_core1_start(core1_main);
    /* co_unblock() reaches a context through its scheduler: wait until
     * core 1's are on theirs (core 0's were added before core 1 started). */
    while (!atomic_load(&core1_ready)) {
    }
    uint64_t t0 = co_cm_cycles();
    int rc0 = co_sched_run(&sched[0]);
    while (atomic_load(&core1_rc) == CO_PENDING) {
    }
    uint64_t cycles = co_cm_cycles() - t0;
    int rc1 = atomic_load(&core1_rc);
    if (rc0 != 0 || rc1 != 0)
        fail("co_sched_run", (uint32_t)(rc0 ? rc0 : rc1), 0);
    /* Nothing given twice: no take is left on either semaphore. Both
     * schedulers have stopped, so core 0 may look at core 1's objects. */
    for (int c = 0; c < 2; c++) {
        if (co_sem_take_try(&lanes[c].sem) != CO_EAGAIN)
            fail("a semaphore give arrived twice", (uint32_t)c, 0);
        if (co_chan_count(&lanes[c].chan) != 0)
            fail("channel elements left over", (uint32_t)co_chan_count(&lanes[c].chan), 0);
        if (!co_io_done(&lanes[c].io) || atomic_load(&lanes[c].io_req) != 0)
            fail("io request left over", atomic_load(&lanes[c].io_req), 0);
        if (atomic_load(&lanes[c].wake_req) != 0)
            fail("wake request left over", atomic_load(&lanes[c].wake_req), 0);
    }
    report();
    printf("%lu operations in %lu ms of core 0 time (QEMU, not silicon)\n",
           (unsigned long)progress(), (unsigned long)(cycles / 20000u));
    if (atomic_load(&failures) || progress() != TOTAL_OPS)
        return 1;
    printf("dualcore ok: %u cross-core operations, none lost\n", TOTAL_OPS);
    return 0;
}
