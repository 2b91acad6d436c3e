/* Race soak (run it under TSan): two schedulers on their own threads run
 * tasks that wait with short timeouts on io, external wakes, a semaphore,
 * an event and a channel, are cancelled and restarted by a supervisor
 * task on their scheduler, while two other threads fire cross-thread
 * wakes (co_unblock) and interrupt-style sends (co_sem_give_isr,
 * co_event_set_isr, co_chan_send_isr, co_io_complete_isr) at the same
 * tasks and objects, with no pause. Checked: every wait returns 0,
 * CO_ETIMEDOUT or CO_ECANCELED (never CO_PENDING), an io result is never
 * negative nor out of range, no contract fires, and at the end, when the
 * tasks switch to waits without timeouts, every one of them is still
 * woken (a wake path poisoned by a race would leave one stuck: reported by
 * the watchdog). No timing assertions.
 * Duration: COSTACK_SOAK_SECONDS (default 2; stage 40 runs 10). */
#define _POSIX_C_SOURCE 200809L
#include <costack.h>
#include <costack_host.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include "test.h"

#define NS 2       /* schedulers */
#define NT 6       /* tasks per scheduler (one of each kind) */
#define ROUNDS 40  /* waits per incarnation of a task */

enum { K_IO, K_EXT, K_SEM, K_EV, K_CHAN, K_EXT2 };

struct side {
    co_sched s;
    co_context ctx[NT], sup;
    _Alignas(8) unsigned char buf[NT][256], sup_buf[256];
    co_future fut[NT];
    co_io io;
    co_sem sem;
    co_event ev;
    co_chan ch;
    int store[4];
    int rc;
    long waits, ok, timeouts, cancels, restarts;
};
static struct side sides[NS];
static atomic_bool ending;     /* tasks switch to waits without timeouts */
static atomic_bool producers_stop;
static atomic_int finished;
static atomic_int bad;
static atomic_int contracts;
static char bad_text[160];

static void on_contract(int id, const char *text)
{
    (void)text;
    if (atomic_fetch_add(&contracts, 1) == 0)
        snprintf(bad_text, sizeof bad_text, "contract %d", id);
}

static void report(const char *what, int v)
{
    if (atomic_fetch_add(&bad, 1) == 0)
        snprintf(bad_text, sizeof bad_text, "%s: %d", what, v);
}

struct worker { co_frame co; struct side *sd; int kind; int i; int rc; int v; bool last; co_deadline d; };
CO_ASYNC(worker, void)
{
    CO_BEGIN(worker, self);
    for (self->i = 0; self->i < ROUNDS || atomic_load(&ending); self->i++) {
        self->last = atomic_load(&ending);
        self->d = self->last ? co_at(CO_TIME_NEVER) : co_at(co_now() + co_us(200).ticks);
        /* if/else, not switch: awaits may not sit in a switch (portable back-end) */
        if (self->kind == K_IO) {
            co_io_arm(&self->sd->io);
            CO_AWAIT_STATUS(self->rc, co_io_wait_until(&self->sd->io, self->d));
            if (self->rc == 0) {
                int32_t r = co_io_result(&self->sd->io);
                if (r < 1 || r > 1000000)
                    report("io result", (int)r);
            }
        } else if (self->kind == K_EXT || self->kind == K_EXT2) {
            CO_AWAIT_STATUS(self->rc, co_external_until(self->sd, self->d));
        } else if (self->kind == K_SEM) {
            CO_AWAIT_STATUS(self->rc, co_sem_take_until(&self->sd->sem, self->d));
        } else if (self->kind == K_EV) {
            CO_AWAIT_STATUS(self->rc, co_event_wait_until(&self->sd->ev, self->d));
        } else {
            CO_AWAIT_STATUS(self->rc, co_chan_recv_until(&self->sd->ch, &self->v, self->d));
        }
        self->sd->waits++;
        if (self->rc == 0)
            self->sd->ok++;
        else if (self->rc == CO_ETIMEDOUT)
            self->sd->timeouts++;
        else if (self->rc != CO_ECANCELED)
            report("wait status", self->rc);
        if (self->rc == CO_ECANCELED || self->last)
            break;
    }
    CO_END;
}

static int spawn(struct side *sd, int k)
{
    return CO_SPAWN(&sd->s, &sd->ctx[k], &sd->fut[k], worker, NULL, .sd = sd, .kind = k);
}

/* On the scheduler's thread: cancels now and then, restarts finished
 * tasks at once, until the end phase (then every task must finish). */
struct supervisor { co_frame co; struct side *sd; uint32_t rng; int k; };
CO_ASYNC(supervisor, void)
{
    CO_BEGIN(supervisor, self);
    while (!atomic_load(&ending)) {
        CO_AWAIT(co_us(50));
        self->rng = self->rng * 1664525u + 1013904223u;
        self->k = (int)((self->rng >> 16) % NT);
        if ((self->rng >> 8) % 4 == 0 && co_cancel(&self->sd->ctx[self->k]) == 0)
            self->sd->cancels++;
        for (int k = 0; k < NT; k++)
            if (co_state_of(&self->sd->ctx[k]) == CO_STATE_DONE && !atomic_load(&ending)) {
                if (spawn(self->sd, k) != 0)
                    report("restart", k);
                self->sd->restarts++;
            }
    }
    CO_END;
}

static void *sched_thread(void *arg)
{
    struct side *sd = arg;
    sd->rc = co_sched_run(&sd->s);
    atomic_fetch_add(&finished, 1);
    return NULL;
}

/* Another thread, or an interrupt handler on another core: fires at
 * random tasks and objects of both schedulers without pause. */
static void *producer(void *arg)
{
    uint32_t rng = (uint32_t)(uintptr_t)arg * 2654435761u + 1;
    int32_t v = 1;
    while (!atomic_load(&producers_stop)) {
        rng = rng * 1664525u + 1013904223u;
        struct side *sd = &sides[(rng >> 12) % NS];
        switch ((rng >> 20) % 6) {
        case 0:
            co_unblock(&sd->ctx[K_EXT]);
            break;
        case 1:
            co_unblock(&sd->ctx[(rng >> 4) % NT]); /* any task, in any state */
            break;
        case 2:
            co_sem_give_isr(&sd->sem);
            break;
        case 3:
            co_event_set_isr(&sd->ev);
            break;
        case 4: {
            int x = (int)v;
            (void)co_chan_send_isr(&sd->ch, &x);
            break;
        }
        default:
            co_io_complete_isr(&sd->io, v);
            break;
        }
        v = v % 1000000 + 1;
    }
    return NULL;
}

static double soak_seconds(void)
{
    const char *e = getenv("COSTACK_SOAK_SECONDS");
    double s = e ? atof(e) : 2.0;
    return s > 0 ? s : 2.0;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void test_soak(void)
{
    co_contract_fn *old = co_set_contract_handler(on_contract);
    co_host_clock_real();
    for (int i = 0; i < NS; i++) {
        struct side *sd = &sides[i];
        co_sched_init(&sd->s);
        co_io_init(&sd->io);
        co_sem_init(&sd->sem, 0, 1000);
        co_event_init(&sd->ev, CO_EVENT_AUTO);
        co_chan_init(&sd->ch, sd->store, sizeof sd->store[0], 4);
        co_sem_expect_isr(&sd->sem);
        co_event_expect_isr(&sd->ev);
        CHECK_EQ(co_chan_expect_isr(&sd->ch), 0);
        for (int k = 0; k < NT; k++) {
            co_context_init(&sd->ctx[k], sd->buf[k], sizeof sd->buf[k]);
            CHECK_EQ(spawn(sd, k), 0);
        }
        co_context_init(&sd->sup, sd->sup_buf, sizeof sd->sup_buf);
        CHECK_EQ(CO_SPAWN(&sd->s, &sd->sup, NULL, supervisor, NULL, .sd = sd, .rng = (uint32_t)i + 7), 0);
    }
    pthread_t st[NS], pt[2];
    for (int i = 0; i < NS; i++)
        CHECK_EQ(pthread_create(&st[i], NULL, sched_thread, &sides[i]), 0);
    for (int i = 0; i < 2; i++)
        CHECK_EQ(pthread_create(&pt[i], NULL, producer, (void *)(uintptr_t)(i + 1)), 0);
    double secs = soak_seconds();
    sleep_ms((long)(secs * 1000));
    atomic_store(&ending, true); /* the producers keep going: every final wait must end */
    for (int i = 0; i < 600 && atomic_load(&finished) < NS; i++)
        sleep_ms(50);
    bool done = atomic_load(&finished) == NS;
    atomic_store(&producers_stop, true);
    for (int i = 0; i < 2; i++)
        pthread_join(pt[i], NULL);
    if (!done) {
        for (int i = 0; i < NS; i++)
            for (int k = 0; k < NT; k++)
                if (co_state_of(&sides[i].ctx[k]) != CO_STATE_DONE)
                    fprintf(stderr, "stuck: scheduler %d task %d in state %s\n", i, k,
                            co_state_name(co_state_of(&sides[i].ctx[k])));
        for (int i = 0; i < NS; i++)
            co_sched_stop(&sides[i].s);
    }
    for (int i = 0; i < NS; i++)
        pthread_join(st[i], NULL);
    co_set_contract_handler(old);
    CHECK_TRUE(done);
    if (atomic_load(&bad) || atomic_load(&contracts))
        TEST_FAIL_AT("%s", bad_text);
    long waits = 0, ok = 0, to = 0, cancels = 0, restarts = 0;
    for (int i = 0; i < NS; i++) {
        CHECK_EQ(sides[i].rc, 0);
        CHECK_EQ(sides[i].s.armed, 0);
        waits += sides[i].waits;
        ok += sides[i].ok;
        to += sides[i].timeouts;
        cancels += sides[i].cancels;
        restarts += sides[i].restarts;
    }
    printf("soak %.0f s: %ld waits (%ld woken, %ld timed out), %ld cancels, %ld restarts\n", secs,
           waits, ok, to, cancels, restarts);
    CHECK_GT(ok, 0);
    CHECK_GT(to, 0);
    CHECK_GT(restarts, 0);
}

TEST_MAIN(TEST_CASE(test_soak))
