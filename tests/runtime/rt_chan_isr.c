/* Channels fed from interrupt handlers (co_chan_send_isr): a waiting
 * receiver gets an ISR's element, ISR elements keep their order ahead of
 * later task sends, a full buffer is an overrun (CO_EAGAIN) and nothing
 * else, close lets waiting receivers drain first, misuse is reported, a
 * receiver on a declared channel is not a deadlock; and another thread
 * sends 200 000 numbered elements through an 8-slot channel while the
 * scheduler sleeps in the port: all arrive, once, in order (TSan stage). */
#include <costack.h>
#include <costack_host.h>
#include <pthread.h>
#include "test.h"

static _Alignas(8) unsigned char bufs[4][256];
static co_context ctxs[4];
static int got[64], n_got, rcs[4];

/* Receives n ints from ch into got[], stops at the first error (in rcs). */
struct receiver { co_frame co; co_chan *ch; int id, n, v; };
CO_ASYNC(receiver, void)
{
    CO_BEGIN(receiver, self);
    rcs[self->id] = 0;
    while (self->n-- > 0) {
        CO_AWAIT_STATUS(rcs[self->id], co_chan_recv(self->ch, &self->v));
        if (rcs[self->id] != 0)
            break;
        if (n_got < 64)
            got[n_got++] = self->v;
    }
    CO_END;
}

/* Sends v; first, as if an interrupt struck just before, isr_v from "ISR"
 * (nonzero): the scheduler has not handed that one over yet. */
struct sender { co_frame co; co_chan *ch; int v, isr_v; };
CO_ASYNC(sender, void)
{
    CO_BEGIN(sender, self);
    if (self->isr_v)
        rcs[3] = co_chan_send_isr(self->ch, &self->isr_v);
    CO_AWAIT(co_chan_send(self->ch, &self->v));
    CO_END;
}

static int contract_seen;
static void on_contract(int id, const char *text)
{
    (void)text;
    contract_seen = id;
}

static void start(co_sched *s, int i, co_chan *ch, int n)
{
    co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
    CHECK_EQ(CO_SPAWN(s, &ctxs[i], NULL, receiver, NULL, .ch = ch, .id = i, .n = n), 0);
}

static void test_isr_send_wakes_and_orders(void)
{
    co_host_clock_simulated(0);
    co_sched s = CO_SCHED_INIT;
    int store[4];
    co_chan ch = CO_CHAN_INIT(store, sizeof store[0], 4);
    n_got = 0;
    CHECK_EQ(co_chan_expect_isr(&ch), 0);
    start(&s, 0, &ch, 5);
    CHECK_EQ(co_sched_poll(&s), 1);
    CHECK_EQ(co_state_of(&ctxs[0]), CO_STATE_SYNC); /* waits on the empty channel */
    int v;
    /* A task send right after an ISR's, before the scheduler handed the
     * ISR's over: the ISR's element still goes first. */
    co_context_init(&ctxs[1], bufs[1], sizeof bufs[1]);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[1], NULL, sender, NULL, .ch = &ch, .v = 12, .isr_v = 11), 0);
    rcs[3] = 1;
    CHECK_EQ(co_sched_run_until(&s, 1000), CO_ETIMEDOUT); /* receiver waits for more */
    CHECK_EQ(rcs[3], 0);
    CHECK_EQ(n_got, 2);
    CHECK_EQ(got[0], 11);
    CHECK_EQ(got[1], 12);
    /* An ISR element not yet handed over belongs to the receiver already
     * waiting, not to a later receive. */
    v = 30;
    CHECK_EQ(co_chan_send_isr(&ch, &v), 0);
    int out = 0;
    CHECK_EQ(co_chan_recv_try(&ch, &out), CO_EAGAIN);
    /* Overrun: four fit, the fifth is refused and changes nothing. */
    for (int k = 0; k < 4; k++) {
        v = 20 + k;
        CHECK_EQ(co_chan_send_isr(&ch, &v), 0);
    }
    v = 99;
    CHECK_EQ(co_chan_send_isr(&ch, &v), CO_EAGAIN);
    CHECK_EQ(co_sched_run(&s), 0); /* the receiver takes two more and ends */
    CHECK_EQ(n_got, 5);
    CHECK_EQ(got[2], 30);
    CHECK_EQ(got[3], 20);
    CHECK_EQ(got[4], 21);
    CHECK_EQ(co_chan_count(&ch), 2);
    CHECK_EQ(co_chan_recv_try(&ch, &out), 0);
    CHECK_EQ(out, 22);
    CHECK_EQ(co_chan_recv_try(&ch, &out), 0);
    CHECK_EQ(out, 23);
    CHECK_EQ(co_chan_recv_try(&ch, &out), CO_EAGAIN);
}

/* Close while ISR elements wait for delivery: the waiting receivers take
 * them, later receives fail with CO_ECLOSED; an ISR send after close is
 * refused with CO_ECLOSED. */
static void test_close_drains_isr_elements(void)
{
    co_host_clock_simulated(0);
    co_sched s = CO_SCHED_INIT;
    int store[4];
    co_chan ch = {0}; /* co_chan_init reads it (OBJECT_BUSY): never stack garbage */
    co_chan_init(&ch, store, sizeof store[0], 4);
    CHECK_EQ(co_chan_expect_isr(&ch), 0);
    n_got = 0;
    start(&s, 0, &ch, 3);
    start(&s, 1, &ch, 3);
    CHECK_EQ(co_sched_poll(&s), 2);
    int v = 7;
    CHECK_EQ(co_chan_send_isr(&ch, &v), 0);
    v = 8;
    CHECK_EQ(co_chan_send_isr(&ch, &v), 0);
    CHECK_EQ(co_chan_close(&ch), 0); /* before the scheduler ran the hand-over */
    CHECK_EQ(co_chan_send_isr(&ch, &v), CO_ECLOSED);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(n_got, 2);
    CHECK_EQ(got[0], 7); /* FIFO: the first receiver got the first element */
    CHECK_EQ(got[1], 8);
    CHECK_EQ(rcs[0], CO_ECLOSED);
    CHECK_EQ(rcs[1], CO_ECLOSED);
}

/* Misuse and limits: an undeclared channel (contract CHAN_NOT_ISR, EPERM),
 * a rendezvous channel cannot be declared. A receiver waiting on a declared
 * channel with nothing else alive is not a deadlock; on an undeclared one
 * it is. */
static void test_misuse_and_deadlock(void)
{
    co_host_clock_simulated(0);
    int store[2], v = 1;
    co_chan plain = CO_CHAN_INIT(store, sizeof store[0], 2);
    co_chan rendezvous = CO_CHAN_INIT(NULL, sizeof store[0], 0);
    co_set_contract_handler(on_contract);
    contract_seen = 0;
    CHECK_EQ(co_chan_send_isr(&plain, &v), CO_EPERM);
    CHECK_EQ(contract_seen, CO_CONTRACT_CHAN_NOT_ISR);
    co_set_contract_handler(NULL);
    CHECK_EQ(co_chan_count(&plain), 0);
    CHECK_EQ(co_chan_expect_isr(&rendezvous), CO_EINVAL);

    co_sched s = CO_SCHED_INIT;
    start(&s, 0, &plain, 1);
    CHECK_EQ(co_sched_run(&s), CO_EDEADLK);
    CHECK_EQ(co_cancel(&ctxs[0]), 0);
    CHECK_EQ(co_sched_run(&s), 0);

    co_chan fed = CO_CHAN_INIT(store, sizeof store[0], 2);
    start(&s, 0, &fed, 1);
    CHECK_EQ(co_sched_poll(&s), 1);
    CHECK_EQ(co_chan_expect_isr(&fed), 0); /* declared while a receiver waits */
    CHECK_EQ(co_sched_run_until(&s, 5000), CO_ETIMEDOUT);
    CHECK_EQ(co_chan_send_isr(&fed, &v), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    CHECK_EQ(rcs[0], 0);
}

/* Another thread as the interrupt: 200 000 numbered sends (retrying on a
 * full buffer, as a driver with its own FIFO would) while the scheduler
 * sleeps in the port between them. */
enum { STREAM = 200000 };
static int store8[8];
static co_chan stream = CO_CHAN_INIT(store8, sizeof store8[0], 8);
static long overruns;

struct counter { co_frame co; int v, next; };
CO_ASYNC(counter, void)
{
    CO_BEGIN(counter, self);
    for (self->next = 0; self->next < STREAM; self->next++) {
        CO_AWAIT(co_chan_recv(&stream, &self->v));
        if (self->v != self->next)
            CO_FAIL(CO_EIO); /* lost, duplicated or reordered */
    }
    CO_END;
}

static void *isr_thread(void *arg)
{
    (void)arg;
    for (int i = 0; i < STREAM; i++)
        while (co_chan_send_isr(&stream, &i) == CO_EAGAIN) {
            overruns++;
            sched_yield();
        }
    return NULL;
}

static void test_thread_stream(void)
{
    co_host_clock_real();
    co_sched s = CO_SCHED_INIT;
    CHECK_EQ(co_chan_expect_isr(&stream), 0);
    co_future fut;
    co_context_init(&ctxs[0], bufs[0], sizeof bufs[0]);
    CHECK_EQ(CO_SPAWN(&s, &ctxs[0], &fut, counter, NULL), 0);
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, isr_thread, NULL), 0);
    int rc = co_sched_run(&s);
    pthread_join(t, NULL);
    co_host_clock_simulated(0);
    CHECK_EQ(rc, 0);
    CHECK_EQ(atomic_load(&fut.status), 0);
    CHECK_EQ(co_chan_count(&stream), 0);
    printf("chan isr stream: %d elements, %ld full-buffer retries\n", STREAM, overruns);
}

TEST_MAIN(TEST_CASE(test_isr_send_wakes_and_orders), TEST_CASE(test_close_drains_isr_elements),
          TEST_CASE(test_misuse_and_deadlock), TEST_CASE(test_thread_stream))
