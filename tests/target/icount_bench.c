/* tests/target/icount_bench.c - instructions per operation on the target,
 * counted under QEMU with "-icount shift=0" (the virtual clock advances one
 * nanosecond per executed instruction, so the board's timer, read before
 * and after, counts instructions; deterministic, independent of the host).
 *
 * Every case runs N and 2N operations; instructions per operation =
 * (T(2N) - T(N)) / N, which cancels set-up and the timer reads. The
 * calibration case is a loop of exactly two instructions per iteration and
 * must read back as 2.00. Prints one line per case:
 *
 *   icount <case> <instructions per operation> n <N>
 *
 * and exits 0 only if the calibration reads 2.00 +- 0.05 and every count is
 * positive and below 100 000 (a sanity check: no count is asserted; the
 * targets are goal lines printed by bench/target.sh). Built with
 * -DICOUNT_N=<N> (default 4000). Run only under -icount shift=0: without it
 * the clock follows the host and the calibration fails. */
#include <stdint.h>
#include <stdio.h>

#include <costack.h>
#include <costack/chan.h>
#include <costack/mutex.h>
#include <costack/sched.h>

#include "board.h"
#include "icount_fns.h"

#ifndef ICOUNT_N
#define ICOUNT_N 4000
#endif

/* ---- the clock: timer counts -> virtual nanoseconds = instructions ---- */

#if defined(__arm__)
#include "costack_cm.h"
/* co_cm_cycles(): SysTick on the core clock, which the board programs. */
#if defined(BOARD_MPS2_AN385) || defined(BOARD_MPS2_AN386)
#define NS_NUM 40u /* 25 MHz */
#define NS_DEN 1u
#elif defined(BOARD_MPS2_AN505)
#define NS_NUM 50u /* 20 MHz */
#define NS_DEN 1u
#elif defined(BOARD_MICROBIT)
#define NS_NUM 125u /* 16 MHz: 62.5 ns per count */
#define NS_DEN 2u
#else
#error "icount_bench: unknown Arm board"
#endif
static uint64_t counts(void) { return co_cm_cycles(); }
#elif defined(__riscv)
#include "costack_rv.h"
#define NS_NUM 100u /* CLINT mtime at 10 MHz */
#define NS_DEN 1u
static uint64_t counts(void) { return co_rv_mtime(); }
#else
#error "icount_bench: Arm or RISC-V boards only"
#endif

static int failed;

static void check(int rc, const char *what)
{
    if (rc != 0) {
        printf("icount: %s failed with %d\n", what, rc);
        failed = 1;
    }
}

/* ---- the cases: each runs n operations --------------------------------- */

static void c_calib(uint32_t n) { icount_spin2(n); }

static void c_fncall3(uint32_t n)
{
    int acc = 0;
    for (uint32_t i = 0; i < n; i++)
        acc += icount_p3((int)i);
    static volatile int sink;
    sink = acc;
}

static void c_fncall1(uint32_t n)
{
    int acc = 0;
    for (uint32_t i = 0; i < n; i++)
        acc += icount_p1((int)i);
    static volatile int sink;
    sink = acc;
}

_Alignas(8) static unsigned char buf[2][256];
static co_context ctx[2];
static co_future fut[2];

struct yielder { co_frame co; uint32_t n; uint32_t i; };
static CO_ASYNC(yielder, void)
{
    CO_BEGIN(yielder, self);
    for (self->i = 0; self->i < self->n; self->i++)
        CO_YIELD();
    CO_END;
}

/* Two tasks alternating CO_YIELD under co_sched_run(): per yield, each a
 * switch to the other task through the ready FIFO. */
static void c_yield_sched2(uint32_t n)
{
    co_sched s;
    co_sched_init(&s);
    co_context_init(&ctx[0], buf[0], sizeof buf[0]);
    co_context_init(&ctx[1], buf[1], sizeof buf[1]);
    check(CO_SPAWN(&s, &ctx[0], &fut[0], yielder, NULL, .n = n / 2), "spawn");
    check(CO_SPAWN(&s, &ctx[1], &fut[1], yielder, NULL, .n = n - n / 2), "spawn");
    check(co_sched_run(&s), "sched_run");
    check(co_future_status(&fut[0]), "yield.sched2");
    check(co_future_status(&fut[1]), "yield.sched2");
}

/* A yield round trip resumed by a plain co_resume() loop. */
static void c_yield_loop(uint32_t n)
{
    co_context_init(&ctx[0], buf[0], sizeof buf[0]);
    check(CO_START(&ctx[0], &fut[0], yielder, NULL, .n = n), "start");
    while (co_resume(&ctx[0]) != CO_STATE_DONE) {
    }
    check(co_future_status(&fut[0]), "yield.loop");
}

/* The same yield, one task under co_sched_run(). */
static void c_yield_sched(uint32_t n)
{
    co_sched s;
    co_sched_init(&s);
    co_context_init(&ctx[0], buf[0], sizeof buf[0]);
    check(CO_SPAWN(&s, &ctx[0], &fut[0], yielder, NULL, .n = n), "spawn");
    check(co_sched_run(&s), "sched_run");
    check(co_future_status(&fut[0]), "yield.sched");
}

struct c1 { co_frame co; int x; int r; };
static CO_ASYNC(c1, int)
{
    CO_BEGIN(c1, self);
    CO_RETURN(self->x + 1);
    CO_END;
}
struct c2 { co_frame co; int x; int r; };
static CO_ASYNC(c2, int)
{
    CO_BEGIN(c2, self);
    CO_AWAIT(c1, &self->r, .x = self->x);
    CO_RETURN(self->r + 1);
    CO_END;
}
struct c3 { co_frame co; int x; int r; };
static CO_ASYNC(c3, int)
{
    CO_BEGIN(c3, self);
    CO_AWAIT(c2, &self->r, .x = self->x);
    CO_RETURN(self->r + 1);
    CO_END;
}

/* Awaits a chain `depth` deep n times; every level completes at once. */
struct chain_root { co_frame co; uint32_t n; int depth; uint32_t i; int r; int acc; };
static CO_ASYNC(chain_root, int)
{
    CO_BEGIN(chain_root, self);
    for (self->i = 0; self->i < self->n; self->i++) {
        if (self->depth == 1)
            CO_AWAIT(c1, &self->r, .x = (int)self->i);
        else
            CO_AWAIT(c3, &self->r, .x = (int)self->i);
        self->acc += self->r;
    }
    CO_RETURN(self->acc);
    CO_END;
}

static void chain(uint32_t n, int depth)
{
    static int out;
    co_context_init(&ctx[0], buf[0], sizeof buf[0]);
    check(CO_START(&ctx[0], &fut[0], chain_root, &out, .n = n, .depth = depth), "start");
    while (co_resume(&ctx[0]) != CO_STATE_DONE) {
    }
    check(co_future_status(&fut[0]), "await chain");
}
static void c_await1(uint32_t n) { chain(n, 1); }
static void c_await3(uint32_t n) { chain(n, 3); }

/* A timer wake-up: the task awaits a deadline that has passed, the
 * scheduler's timer check finds it due at its next pass and resumes it. */
struct sleeper { co_frame co; uint32_t n; uint32_t i; };
static CO_ASYNC(sleeper, void)
{
    CO_BEGIN(sleeper, self);
    for (self->i = 0; self->i < self->n; self->i++)
        CO_AWAIT(co_at(0));
    CO_END;
}
static void c_timer_wake(uint32_t n)
{
    co_sched s;
    co_sched_init(&s);
    co_context_init(&ctx[0], buf[0], sizeof buf[0]);
    check(CO_SPAWN(&s, &ctx[0], &fut[0], sleeper, NULL, .n = n), "spawn");
    check(co_sched_run(&s), "sched_run");
    check(co_future_status(&fut[0]), "timer.wake");
}

/* Mutex ping-pong as on the host (bench/costack_sync.c): two tasks take the
 * mutex and hold it across a yield, so every lock blocks and every unlock
 * hands it over. One operation = both tasks took it once (two hand-offs,
 * two yields). */
static co_mutex mu;
struct pinger { co_frame co; uint32_t n; uint32_t i; };
static CO_ASYNC(pinger, void)
{
    CO_BEGIN(pinger, self);
    for (self->i = 0; self->i < self->n; self->i++) {
        CO_AWAIT(&mu);
        CO_YIELD();
        if (co_mutex_unlock(&mu) != 0)
            CO_FAIL(CO_EPERM);
    }
    CO_END;
}
static void c_mutex(uint32_t n)
{
    co_mutex_init(&mu);
    co_sched s;
    co_sched_init(&s);
    for (int t = 0; t < 2; t++) {
        co_context_init(&ctx[t], buf[t], sizeof buf[t]);
        check(CO_SPAWN(&s, &ctx[t], &fut[t], pinger, NULL, .n = n), "spawn");
    }
    check(co_sched_run(&s), "sched_run");
    check(co_future_status(&fut[0]), "mutex 0");
    check(co_future_status(&fut[1]), "mutex 1");
}

/* Channel messages between a producer and a consumer task (16 slots, as on
 * the host); one operation = one message sent and received. */
static int chan_store[16];
static co_chan chan;
struct producer { co_frame co; uint32_t n; uint32_t i; int v; };
static CO_ASYNC(producer, void)
{
    CO_BEGIN(producer, self);
    for (self->i = 0; self->i < self->n; self->i++) {
        self->v = (int)self->i;
        CO_AWAIT(co_chan_send(&chan, &self->v));
    }
    CO_END;
}
struct consumer { co_frame co; uint32_t n; uint32_t i; int v; int acc; };
static CO_ASYNC(consumer, int)
{
    CO_BEGIN(consumer, self);
    for (self->i = 0; self->i < self->n; self->i++) {
        CO_AWAIT(co_chan_recv(&chan, &self->v));
        self->acc += self->v;
    }
    CO_RETURN(self->acc);
    CO_END;
}
static void c_chan(uint32_t n)
{
    static int acc;
    co_chan_init(&chan, chan_store, sizeof chan_store[0], 16);
    co_sched s;
    co_sched_init(&s);
    co_context_init(&ctx[0], buf[0], sizeof buf[0]);
    co_context_init(&ctx[1], buf[1], sizeof buf[1]);
    check(CO_SPAWN(&s, &ctx[0], &fut[0], producer, NULL, .n = n), "spawn");
    check(CO_SPAWN(&s, &ctx[1], &fut[1], consumer, &acc, .n = n), "spawn");
    check(co_sched_run(&s), "sched_run");
    check(co_future_status(&fut[0]), "chan producer");
    check(co_future_status(&fut[1]), "chan consumer");
}

/* ---- measuring --------------------------------------------------------- */

/* Virtual nanoseconds (= instructions under -icount shift=0) of fn(n). */
static uint64_t timed(void (*fn)(uint32_t), uint32_t n)
{
    uint64_t c0 = counts();
    fn(n);
    uint64_t c1 = counts();
    return (c1 - c0) * NS_NUM / NS_DEN;
}

/* Prints the case's instructions per operation, in hundredths; returns them. */
static uint64_t measure(const char *name, void (*fn)(uint32_t), uint32_t n)
{
    uint64_t a = timed(fn, n), b = timed(fn, 2 * n);
    uint64_t per100 = b > a ? ((b - a) * 100u + n / 2) / n : 0;
    printf("icount %s %lu.%02lu n %lu\n", name, (unsigned long)(per100 / 100u),
           (unsigned long)(per100 % 100u), (unsigned long)n);
    if (per100 == 0 || per100 >= 100000u * 100u) {
        printf("icount: %s out of range (T(N) %lu, T(2N) %lu)\n", name, (unsigned long)a,
               (unsigned long)b);
        failed = 1;
    }
    return per100;
}

int main(void)
{
    const uint32_t n = ICOUNT_N;
    icount_fns_init();
    printf("icount board %s\n", board_name);
    /* The calibration: a 2-instruction loop must read back as 2.00 (a
     * larger count, as the loop is short; the timer's tick is 40-100 ns). */
    uint64_t cal = measure("calib", c_calib, 50u * n);
    if (cal < 195u || cal > 205u) {
        printf("icount: calibration reads %lu/100 instructions per iteration, not 2 "
               "(not run under -icount shift=0, or a wrong clock rate)\n", (unsigned long)cal);
        failed = 1;
    }
    measure("fncall1", c_fncall1, n);
    measure("fncall3", c_fncall3, n);
    measure("await1.sync", c_await1, n);
    measure("await3.sync", c_await3, n);
    measure("yield.loop", c_yield_loop, n);
    measure("yield.sched", c_yield_sched, n);
    measure("yield.sched2", c_yield_sched2, n);
    measure("timer.wake", c_timer_wake, n);
    measure("mutex.pingpong", c_mutex, n);
    measure("chan.msg", c_chan, n);
    printf("icount %s\n", failed ? "FAILED" : "done");
    return failed;
}
