/* Seeded randomized simulation: hundreds of tasks doing random sleeps,
 * locks, takes, gives, waits, sends, receives, external waits and yields,
 * with random cancels, unblocks and ISR gives from the driver, on the
 * simulated clock. After every scheduler step the invariants are checked:
 *   - no timer fires early (nor late: the simulated clock jumps exactly);
 *   - no lost wake-up: every READY context is in the ready queue exactly
 *     once, no object has waiters while it could satisfy them, every timed
 *     wait is in the timer wheel or heap (in the slot its deadline gives),
 *     and nothing else is;
 *   - no dangling entry: wait queues hold exactly the contexts blocked on
 *     them (state, object), the heap is ordered;
 *   - FIFO fairness: per mutex/semaphore/channel, grants follow tickets;
 *   - a finished task's buffer is empty;
 *   - joins, selects and timeouts (their branches are contexts too, held to
 *     the same invariants; a task awaiting one blocks by sync on the join,
 *     in no wait queue); the finished select reports a finished winner.
 * Usage: rt_random [seeds] [tasks]. */
#include <costack.h>
#include <costack_host.h>
#include "test.h"

#define MAX_TASKS 512
#define N_MUTEX 4
#define N_SEM 3
#define N_EVENT 2
#define N_CHAN 3

static uint64_t rng_state;
static uint32_t rnd(uint64_t *s) { return (uint32_t)(test_xorshift64(s) >> 32); }

static co_mutex mtx[N_MUTEX];
static co_sem sems[N_SEM];
static co_event evs[N_EVENT];
static co_chan chans[N_CHAN];
static int chan_store[N_CHAN][4];
static const size_t chan_cap[N_CHAN] = {0, 1, 4};
static uint32_t ticket_next[N_MUTEX + N_SEM + N_CHAN], ticket_last[N_MUTEX + N_SEM + N_CHAN];
static long violations, early, unfair, grants, joins, selects_won, timeouts;
static int ext_tag;
static co_io ios[MAX_TASKS]; /* one per task, completed by the driver */

static _Alignas(8) unsigned char bufs[MAX_TASKS][2048]; /* room for a select of four */
static co_future futs[MAX_TASKS];

/* FIFO fairness: every blocking attempt on object k takes ticket t (in the
 * order the attempts reach the object). When an attempt is granted, no
 * attempt still waiting in that object's queue may hold a smaller ticket:
 * nobody overtakes a waiter. */
static uint32_t cur_ticket[MAX_TASKS];
static co_context ctxs[MAX_TASKS];
static int index_of(const co_context *c); /* a task's index, or a branch's (> MAX_TASKS), or -1 */
static const co__waitq *queue_of(int k)
{
    if (k < N_MUTEX)
        return &mtx[k].waiters;
    if (k < N_MUTEX + N_SEM)
        return &sems[k - N_MUTEX].waiters;
    return &chans[k - N_MUTEX - N_SEM].receivers;
}

static uint32_t take_ticket(int k)
{
    uint32_t t = ++ticket_next[k];
    cur_ticket[co_current() - ctxs] = t;
    return t;
}

static void granted(int k, uint32_t t)
{
    for (co_context *c = queue_of(k)->head; c; c = (co_context *)c->sched_link[3])
        if (index_of(c) >= 0 && index_of(c) < MAX_TASKS && cur_ticket[index_of(c)] < t)
            unfair++; /* (join branches take no tickets) */
    ticket_last[k] = t;
    grants++;
}

static int violation_line; /* the first one, for the report */
static void violation(int line)
{
    if (!violations++)
        violation_line = line;
}

static void check_time(co_time due)
{
    if (co_now() != due)
        early++; /* early, or late: both are wrong on the simulated clock */
}

struct worker {
    co_frame co;
    uint64_t rng;
    int ops;
    int rc, k, k2, v;
    uint32_t ticket, r;
    co_time due;
    co_duration d;
    bool timed;
    int st[4], which, res[2];
};

struct sleeper { co_frame co; co_duration d; };
CO_ASYNC(sleeper, int)
{
    CO_BEGIN(sleeper, self);
    CO_AWAIT(self->d);
    CO_RETURN(1);
    CO_END;
}

CO_ASYNC(worker, void)
{
    CO_BEGIN(worker, self);
    while (self->ops-- > 0) {
        self->r = rnd(&self->rng);
        self->timed = (self->r >> 8) & 1;
        self->d = co_ms((self->r >> 9) % 8);
        if (((self->r >> 24) & 31u) == 0) /* now and then beyond the wheel's reach (2^24 ticks) */
            self->d = co_s(20u + (self->r >> 29));
        self->due = co_time_add(co_now(), self->d);
        self->rc = 0;
        /* An if-chain, not a switch: the portable resume back-end forbids
         * awaits inside a switch. */
        self->k = (int)(self->r % 14);
        if (self->k == 0) { /* sleep */
            CO_AWAIT_STATUS(self->rc, self->d);
            if (self->rc == 0)
                check_time(self->due);
        } else if (self->k == 1) { /* lock, maybe a second one, hold, unlock */
            self->k = (int)((self->r >> 12) % N_MUTEX);
            self->ticket = take_ticket(self->k);
            if (self->timed)
                CO_AWAIT_STATUS(self->rc, co_mutex_lock_for(&mtx[self->k], self->d));
            else
                CO_AWAIT_STATUS(self->rc, &mtx[self->k]);
            if (self->rc == CO_ETIMEDOUT)
                check_time(self->due);
            if (self->rc == 0) {
                granted(self->k, self->ticket);
                self->k2 = (int)((self->r >> 16) % N_MUTEX);
                if (self->k2 != self->k) {
                    self->ticket = take_ticket(self->k2);
                    CO_AWAIT_STATUS(self->rc, co_mutex_lock_for(&mtx[self->k2], co_ms(3)));
                    if (self->rc == 0) {
                        granted(self->k2, self->ticket);
                        CO_AWAIT_STATUS(self->rc, co_ms(1));
                        if (co_mutex_unlock(&mtx[self->k2]) != 0)
                            violation(__LINE__);
                    } else if (self->rc != CO_ETIMEDOUT && self->rc != CO_EDEADLK &&
                               self->rc != CO_ECANCELED) {
                        violation(__LINE__);
                    }
                }
                CO_AWAIT_STATUS(self->rc, co_ms((self->r >> 20) % 3));
                if (co_mutex_unlock(&mtx[self->k]) != 0)
                    violation(__LINE__);
            }
        } else if (self->k == 2) { /* take */
            self->k = (int)((self->r >> 12) % N_SEM);
            self->ticket = take_ticket(N_MUTEX + self->k);
            if (self->timed)
                CO_AWAIT_STATUS(self->rc, co_sem_take_for(&sems[self->k], self->d));
            else
                CO_AWAIT_STATUS(self->rc, &sems[self->k]);
            if (self->rc == 0)
                granted(N_MUTEX + self->k, self->ticket);
            else if (self->rc == CO_ETIMEDOUT)
                check_time(self->due);
        } else if (self->k == 3) {
            (void)co_sem_give(&sems[(self->r >> 12) % N_SEM]);
        } else if (self->k == 4) { /* event wait */
            self->k = (int)((self->r >> 12) % N_EVENT);
            if (self->timed)
                CO_AWAIT_STATUS(self->rc, co_event_wait_for(&evs[self->k], self->d));
            else
                CO_AWAIT_STATUS(self->rc, &evs[self->k]);
            if (self->rc == CO_ETIMEDOUT)
                check_time(self->due);
        } else if (self->k == 5) {
            if ((self->r >> 12) & 1)
                co_event_set(&evs[(self->r >> 13) % N_EVENT]);
            else
                co_event_clear(&evs[(self->r >> 13) % N_EVENT]);
        } else if (self->k == 6) { /* send */
            self->k = (int)((self->r >> 12) % N_CHAN);
            self->v = (int)self->r;
            CO_AWAIT_STATUS(self->rc, co_chan_send_for(&chans[self->k], &self->v, self->d));
            if (self->rc == CO_ETIMEDOUT)
                check_time(self->due);
        } else if (self->k == 7) { /* receive */
            self->k = (int)((self->r >> 12) % N_CHAN);
            self->ticket = take_ticket(N_MUTEX + N_SEM + self->k);
            if (self->timed)
                CO_AWAIT_STATUS(self->rc, co_chan_recv_for(&chans[self->k], &self->v, self->d));
            else
                CO_AWAIT_STATUS(self->rc, co_chan_recv(&chans[self->k], &self->v));
            if (self->rc == 0)
                granted(N_MUTEX + N_SEM + self->k, self->ticket);
            else if (self->rc == CO_ETIMEDOUT)
                check_time(self->due);
        } else if (self->k == 8) { /* external, with a timeout */
            CO_AWAIT_STATUS(self->rc, co_external_for(&ext_tag, self->d));
            if (self->rc == CO_ETIMEDOUT)
                check_time(self->due);
        } else if (self->k == 9) { /* io, completed by the "ISR" (the driver) */
            self->k = (int)(CO_CONTEXT() - ctxs);
            co_io_arm(&ios[self->k]);
            if (self->timed)
                CO_AWAIT_STATUS(self->rc, co_io_wait_for(&ios[self->k], self->d));
            else
                CO_AWAIT_STATUS(self->rc, &ios[self->k]);
            if (self->rc == 0 && co_io_result(&ios[self->k]) != self->k)
                violation(__LINE__);
            else if (self->rc == CO_ETIMEDOUT)
                check_time(self->due);
        } else if (self->k == 10) { /* select: receive, take, event, timer */
            self->k = (int)((self->r >> 12) % N_CHAN);
            self->k2 = (int)((self->r >> 14) % N_SEM);
            self->which = -2;
            CO_SELECT_STATUS(self->rc, &self->which, self->st,
                             CO_ON(co_chan_recv(&chans[self->k], &self->v)),
                             CO_ON(&sems[self->k2]),
                             CO_ON(&evs[(self->r >> 16) % N_EVENT]), CO_ON(self->d));
            if (self->rc == CO_ENOMEM || self->which < -1 ||
                (self->which >= 0 && self->st[self->which] != self->rc))
                violation(__LINE__);
            if (self->which == 3 && self->rc == 0)
                check_time(self->due);
            selects_won += self->which >= 0;
            if (self->rc == CO_ECANCELED && !(CO_CONTEXT()->flags & 1u))
                violation(__LINE__); /* only a cancel of the task cancels the select */
        } else if (self->k == 11) { /* join of two sleeps and a yield */
            self->res[0] = self->res[1] = 0;
            CO_JOIN_STATUS(self->rc, self->timed ? CO_JOIN_FAIL_FAST : CO_JOIN_ALL, self->st,
                           CO_CALL(sleeper, &self->res[0], .d = self->d),
                           CO_CALL(sleeper, &self->res[1], .d = co_ms((self->r >> 20) % 5)),
                           CO_ON(co_yield_now()));
            if (self->rc == CO_ENOMEM || (self->rc == 0 && (self->res[0] != 1 || self->res[1] != 1)))
                violation(__LINE__);
            joins += self->rc == 0;
        } else if (self->k == 12) { /* a lock with a timeout: the task owns the mutex */
            self->k = (int)((self->r >> 12) % N_MUTEX);
            CO_TIMEOUT_STATUS(self->rc, self->d, CO_ON(&mtx[self->k]));
            if (self->rc == CO_ETIMEDOUT) {
                check_time(self->due);
                timeouts++;
            }
            if (self->rc == 0) {
                if (co_mutex_owner(&mtx[self->k]) != CO_CONTEXT())
                    violation(__LINE__);
                CO_AWAIT_STATUS(self->rc, co_ms(1));
                if (co_mutex_unlock(&mtx[self->k]) != 0)
                    violation(__LINE__);
            }
        } else {
            CO_AWAIT_STATUS(self->rc, co_yield_now());
        }
        if (self->rc == CO_ECANCELED)
            CO_FAIL(CO_ECANCELED);
    }
    CO_END;
}

/* ---- invariants ---------------------------------------------------------- */
/* White-box: the link slots documented in sched.h. */
#define HCHILD(c) ((co_context *)(c)->sched_link[0])
#define HSIB(c) ((co_context *)(c)->sched_link[1])
#define HPREV(c) ((co_context *)(c)->sched_link[2])
#define QNEXT(c) ((co_context *)(c)->sched_link[3])

/* Tasks first, then MAX_TASKS + task * CO_JOIN_MAX + k: branch k of the
 * join the task awaits (branch contexts live in their task's buffer). */
#define N_ALL (MAX_TASKS + MAX_TASKS * CO_JOIN_MAX)
static unsigned mark[N_ALL];
static int n_tasks;
static co_context *all[N_ALL]; /* tasks, then live branches: rebuilt per check */
static int n_all;

static int index_of(const co_context *c)
{
    /* by address (integers: c may point into ctxs or into a task's buffer) */
    uintptr_t a = (uintptr_t)c, t0 = (uintptr_t)ctxs, b0 = (uintptr_t)bufs;
    if (a >= t0 && a < t0 + (uintptr_t)n_tasks * sizeof ctxs[0] && (a - t0) % sizeof ctxs[0] == 0)
        return (int)((a - t0) / sizeof ctxs[0]);
    if (a < b0 || a >= b0 + (uintptr_t)n_tasks * sizeof bufs[0])
        return -1;
    int t = (int)((a - b0) / sizeof bufs[0]);
    co_context *br[CO_JOIN_MAX];
    size_t n = co_branches(&ctxs[t], br, CO_JOIN_MAX);
    for (size_t k = 0; k < n; k++)
        if (br[k] == c)
            return MAX_TASKS + t * CO_JOIN_MAX + (int)k;
    return -1;
}

/* Every task, and every branch still running. */
static void collect_all(void)
{
    n_all = 0;
    for (int i = 0; i < n_tasks; i++) {
        all[n_all++] = &ctxs[i];
        co_context *br[CO_JOIN_MAX];
        size_t n = co_branches(&ctxs[i], br, CO_JOIN_MAX);
        for (size_t k = 0; k < n; k++)
            if (co_state_of(br[k]) != CO_STATE_DONE)
                all[n_all++] = br[k];
    }
}

static bool awaits_join(const co_context *c)
{
    const char *kind = co_task_describe(c).kind;
    return kind && strcmp(kind, "join") == 0;
}

static long walk_queue(const co__waitq *q, const void *obj, unsigned bit)
{
    long n = 0;
    const co_context *prev = NULL;
    for (co_context *c = q->head; c; prev = c, c = QNEXT(c), n++) {
        int i = index_of(c);
        if (i < 0 || co_state_of(c) != CO_STATE_SYNC || c->wait.object != obj || (mark[i] & bit))
            return -1000000;
        mark[i] |= bit;
    }
    if (q->tail != prev)
        return -1000000;
    return n;
}

static long heap_walk(co_context *node, co_time floor)
{
    long n = 0;
    for (co_context *c = node; c; c = HSIB(c)) {
        int i = index_of(c);
        if (i < 0 || c->wait.deadline < floor || (mark[i] & 2u))
            return -1000000;
        mark[i] |= 2u;
        n += 1 + heap_walk(HCHILD(c), c->wait.deadline);
    }
    return n;
}

#if CO_CONFIG_TIMER_WHEEL
/* Every wheel slot: a well-formed circular list of our contexts, each flagged
 * as on the wheel, hanging on its own head, in the slot its deadline and the
 * wheel's time give (a due one in wheel_now's level-0 slot); the used bits
 * match the non-empty slots; the heap holds only what the wheel cannot. */
static void wheel_walk(co_sched *s, long *count)
{
    long n = 0;
    *count = -1000000;
    co_time e = s->wheel_now;
    if (e > co_port_now())
        TEST_FAIL_AT("wheel time %llu ahead of the clock", (unsigned long long)e);
    for (unsigned l = 0; l < CO_CONFIG_TIMER_WHEEL; l++)
        for (unsigned sl = 0; sl < 64; sl++) {
            co_context *first = s->wheel[l][sl];
            if (((s->wheel_used[l] >> sl) & 1u) != (first != NULL))
                TEST_FAIL_AT("level %u slot %u: used bit disagrees", l, sl);
            if (!first)
                continue;
            co_context *c = first;
            do {
                int i = index_of(c);
                if (i < 0 || (mark[i] & 2u) || !(c->flags & 0x40u) ||
                    c->sched_link[0] != (void *)&s->wheel[l][sl] ||
                    (co_context *)c->sched_link[2] == NULL ||
                    (co_context *)((co_context *)c->sched_link[2])->sched_link[1] != c)
                    TEST_FAIL_AT("level %u slot %u: broken node %p", l, sl, (void *)c);
                mark[i] |= 2u;
                co_time d = c->wait.deadline;
                unsigned want_l = 0, want_s = (unsigned)(e & 63u);
                if (d > e) {
                    unsigned msb = 0;
                    for (uint64_t x = (d ^ e) | 63u; x > 1; x >>= 1)
                        msb++;
                    want_l = msb / 6u;
                    want_s = (unsigned)(d >> (6u * want_l)) & 63u;
                }
                if (want_l != l || want_s != sl)
                    TEST_FAIL_AT("deadline %llu in level %u slot %u, belongs in %u/%u",
                                 (unsigned long long)d, l, sl, want_l, want_s);
                n++;
                c = (co_context *)c->sched_link[1];
            } while (c != first);
        }
    *count = n;
}
#endif

static void check_invariants(co_sched *s)
{
    collect_all();
    for (int i = 0; i < n_all; i++) {
        int k = index_of(all[i]);
        if (k < 0)
            TEST_FAIL_AT("context %p: neither a task nor a branch of one", (void *)all[i]);
        mark[k] = 0;
    }
    long queued = 0;
    for (int k = 0; k < N_MUTEX; k++) {
        queued += walk_queue(&mtx[k].waiters, &mtx[k], 1u);
        if (!mtx[k].owner && mtx[k].waiters.head)
            TEST_FAIL_AT("mutex %d free with waiters", k);
    }
    for (int k = 0; k < N_SEM; k++) {
        queued += walk_queue(&sems[k].waiters, &sems[k], 1u);
        if (sems[k].count && sems[k].waiters.head)
            TEST_FAIL_AT("sem %d counts %u with waiters", k, (unsigned)sems[k].count);
    }
    for (int k = 0; k < N_EVENT; k++) {
        queued += walk_queue(&evs[k].waiters, &evs[k], 1u);
        if (evs[k].set && evs[k].waiters.head)
            TEST_FAIL_AT("event %d set with waiters", k);
    }
    for (int k = 0; k < N_CHAN; k++) {
        co_chan *c = &chans[k];
        queued += walk_queue(&c->senders, c, 1u) + walk_queue(&c->receivers, c, 1u);
        if ((c->count && c->receivers.head) || (c->count < c->cap && c->senders.head) ||
            (c->senders.head && c->receivers.head))
            TEST_FAIL_AT("channel %d: count %zu with waiting peers", k, c->count);
    }
    long sync = 0, timed = 0, ready = 0, in_ready = 0;
    for (int a = 0; a < n_all; a++) {
        co_context *c = all[a];
        int i = index_of(c);
        co_state st = co_state_of(c);
        if (st == CO_STATE_SYNC && awaits_join(c)) {
            if (mark[i] & 1u)
                TEST_FAIL_AT("task %d awaits a join but sits in a wait queue", i);
        } else if (st == CO_STATE_SYNC) {
            sync++;
            if (!(mark[i] & 1u))
                TEST_FAIL_AT("task %d blocked by sync but in no wait queue", i);
        }
        if (st >= CO_STATE_TIME && st <= CO_STATE_EXTERNAL && c->wait.deadline != CO_TIME_NEVER)
            timed++;
        if (st == CO_STATE_READY)
            ready++;
        if (st == CO_STATE_DONE && co_used(c) != 0)
            TEST_FAIL_AT("task %d finished with %zu bytes in use", i, co_used(c));
    }
    CHECK_EQ(queued, sync);
    co_time heap_floor = 0;
    long wheel = 0;
#if CO_CONFIG_TIMER_WHEEL
    wheel_walk(s, &wheel);
    heap_floor = (s->wheel_now | ((1ull << (6 * CO_CONFIG_TIMER_WHEEL)) - 1)) + 1;
#endif
    long heap = wheel + (s->timers ? heap_walk(s->timers, heap_floor) : 0);
    CHECK_EQ(heap, timed); /* every timed wait, nothing else, ordered */
    for (int a = 0; a < n_all; a++) {
        int i = index_of(all[a]);
        co_state st = co_state_of(all[a]);
        bool in_heap = (mark[i] & 2u) != 0;
        bool should = st >= CO_STATE_TIME && st <= CO_STATE_EXTERNAL && all[a]->wait.deadline != CO_TIME_NEVER;
        if (in_heap != should)
            TEST_FAIL_AT("task %d heap membership %d, expected %d", i, in_heap, should);
    }
    long in_queues = 0;
    for (int l = 0; l < CO_CONFIG_PRIORITIES; l++)
        for (co_context *c = s->ready[l].head; c; c = QNEXT(c)) {
            int i = index_of(c);
            if (i < 0 || (mark[i] & 4u) || co_priority(c) != (unsigned)l)
                TEST_FAIL_AT("ready queue %d holds %p twice, a stranger or another level", l, (void *)c);
            mark[i] |= 4u;
            in_queues++;
            if (co_state_of(c) == CO_STATE_READY)
                in_ready++;
        }
    CHECK_EQ(in_queues, s->ready_count);
    CHECK_EQ(in_ready, ready); /* every ready context will run */
    /* Every external waiter is armed for co_unblock (A), every co_io waiter
     * counted as woken from outside (I: its completion is posted to the
     * scheduler), nothing else is armed, and the scheduler's count
     * (deadlock detection) agrees. */
    long armed = 0;
    for (int a = 0; a < n_all; a++) {
        int i = index_of(all[a]);
        uint32_t w = atomic_load(&all[a]->sched_wake);
        co_state st = co_state_of(all[a]);
        bool ok = st == CO_STATE_EXTERNAL ? (w & 1u) != 0
                  : st == CO_STATE_IO     ? (w & 33u) != 0
                                          : (w & 1u) == 0;
        if (!ok)
            TEST_FAIL_AT("task %d in state %d with wake word %#x", i, (int)st, (unsigned)w);
        armed += (w & (1u | 32u)) != 0;
    }
    CHECK_EQ(armed, (long)s->armed);
    if (violations)
        fprintf(stderr, "first violation at rt_random.c:%d\n", violation_line);
    CHECK_EQ(violations, 0);
    CHECK_EQ(early, 0);
    CHECK_EQ(unfair, 0);
}

static void setup_objects(void)
{
    /* The previous seed's scheduler is gone with waiters and ISR gives
     * still on these objects: start from fresh storage (co_X_init refuses
     * to re-initialise an object in use). */
    memset(mtx, 0, sizeof mtx);
    memset(sems, 0, sizeof sems);
    memset(evs, 0, sizeof evs);
    memset(chans, 0, sizeof chans);
    memset(ios, 0, sizeof ios);
    for (int k = 0; k < N_MUTEX; k++)
        co_mutex_init(&mtx[k]);
    for (int k = 0; k < N_SEM; k++)
        co_sem_init(&sems[k], (uint32_t)k, 8);
    co_event_init(&evs[0], CO_EVENT_AUTO);
    co_event_init(&evs[1], CO_EVENT_MANUAL);
    for (int k = 0; k < N_CHAN; k++)
        co_chan_init(&chans[k], chan_store[k], sizeof(int), chan_cap[k]);
    for (int k = 0; k < N_MUTEX + N_SEM + N_CHAN; k++)
        ticket_next[k] = ticket_last[k] = 0;
}

/* Nothing handed over and not yet taken by the scheduler. */
static bool co__inbox_empty_for_test(co_sched *s)
{
    return atomic_load(&s->inbox) == NULL && atomic_load(&s->posted) == NULL;
}

static int seeds = 40, tasks = 200;
static long total_steps, total_cancels, deadlocks;

static void run_seed(uint64_t seed)
{
    co_host_clock_simulated(seed * 1000);
    rng_state = seed * 0x9E3779B97F4A7C15u + 1;
    setup_objects();
    co_sched s = CO_SCHED_INIT;
    n_tasks = tasks;
    int restarts = tasks; /* keep the population up for a while */
    for (int i = 0; i < n_tasks; i++) {
        co_context_init(&ctxs[i], bufs[i], sizeof bufs[i]);
        CHECK_EQ(co_set_priority(&ctxs[i], (unsigned)i % CO_CONFIG_PRIORITIES), 0);
        if (CO_SPAWN(&s, &ctxs[i], &futs[i], worker, NULL, .rng = rnd(&rng_state) | 1u,
                     .ops = 20) != 0)
            TEST_FAIL_AT("spawn %d", i);
    }
    check_invariants(&s);
    for (long step = 0; s.live > 0 && step < 200000; step++) {
        unsigned ran = co_sched_poll(&s);
        total_steps++;
        check_invariants(&s);
        if (test_failures)
            return;
        uint32_t r = rnd(&rng_state);
        if (r % 8 == 0) { /* the "outside world" */
            int i = (int)((r >> 8) % (uint32_t)n_tasks);
            switch ((r >> 4) % 5) {
            case 0:
                if (co_cancel(&ctxs[i]) == 0)
                    total_cancels++;
                break;
            case 1:
                co_unblock(&ctxs[i]);
                break;
            case 2:
                co_sem_give_isr(&sems[(r >> 20) % N_SEM]);
                break;
            case 3:
                co_io_complete_isr(&ios[i], i);
                break;
            default:
                co_event_set_isr(&evs[(r >> 20) % N_EVENT]);
                break;
            }
        }
        for (int i = 0; i < n_tasks && restarts > 0; i++) {
            if (co_state_of(&ctxs[i]) == CO_STATE_DONE && (r >> 16) % 4 == 0) {
                CHECK_EQ(co_used(&ctxs[i]), 0);
                restarts--;
                CHECK_EQ(CO_SPAWN(&s, &ctxs[i], &futs[i], worker, NULL,
                                  .rng = rnd(&rng_state) | 1u, .ops = 10), 0);
            }
        }
        /* Now and then a priority changes, whatever the task is doing. */
        if (CO_CONFIG_PRIORITIES > 1 && (r >> 24) % 8 == 0) {
            int i = (int)((r >> 8) % (uint32_t)n_tasks);
            CHECK_EQ(co_set_priority(&ctxs[i], (r >> 4) % CO_CONFIG_PRIORITIES), 0);
        }
        if (ran == 0 && s.ready_count == 0 && co__inbox_empty_for_test(&s)) {
            co_time next = co_sched_next_deadline(&s);
            if (next != CO_TIME_NEVER) {
                co_host_clock_advance(co_ticks(next - co_now()));
            } else { /* stuck on sync objects: EDEADLK unless ISRs feed them */
                int rc = co_sched_run_until(&s, co_now());
                CHECK_TRUE(rc == CO_EDEADLK || rc == CO_ETIMEDOUT || rc == 0);
                if (rc == CO_EDEADLK)
                    deadlocks++;
                for (int i = 0; i < n_tasks; i++)
                    if (co_state_of(&ctxs[i]) == CO_STATE_IO && (rnd(&rng_state) & 1))
                        co_io_complete_isr(&ios[i], i); /* the "device" finishes */
                for (int i = 0; i < n_tasks; i++)
                    if (co_state_of(&ctxs[i]) == CO_STATE_SYNC && (rnd(&rng_state) & 1)) {
                        co_cancel(&ctxs[i]);
                        total_cancels++;
                    }
            }
        }
    }
    CHECK_EQ(s.live, 0);
    check_invariants(&s);
    CHECK_PTR(s.timers, NULL);
    CHECK_EQ(co_sched_next_deadline(&s), CO_TIME_NEVER);
    CHECK_EQ(s.armed, 0);
    for (int i = 0; i < n_tasks; i++) {
        CHECK_EQ(co_state_of(&ctxs[i]), CO_STATE_DONE);
        CHECK_EQ(co_used(&ctxs[i]), 0);
        int st = co_future_status(&futs[i]);
        CHECK_TRUE(st == 0 || st == CO_ECANCELED);
    }
}

static void test_random_simulation(void)
{
    for (int seed = 1; seed <= seeds && !test_failures; seed++) {
        run_seed((uint64_t)seed);
        if (test_failures)
            fprintf(stderr, "failing seed: %d\n", seed);
    }
    printf("random: %d seeds x %d tasks, %ld steps, %ld grants, %ld cancels, %ld deadlocks, "
           "%ld joins, %ld selects won, %ld lock timeouts\n",
           seeds, tasks, total_steps, grants, total_cancels, deadlocks, joins, selects_won, timeouts);
    CHECK_GT(grants, 0);
    CHECK_GT(joins, 0);
    CHECK_GT(selects_won, 0);
    CHECK_GT(timeouts, 0);
    CHECK_GT(total_cancels, 0);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        seeds = atoi(argv[1]);
    if (argc > 2)
        tasks = atoi(argv[2]);
    if (tasks > MAX_TASKS)
        tasks = MAX_TASKS;
    static const struct test_case cases[] = {TEST_CASE(test_random_simulation)};
    return test_run(cases, 1);
}
