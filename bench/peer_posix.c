/* bench/peer_posix.c - POSIX baselines: a ucontext swapcontext pair and two
 * pthreads handing a token back and forth through a condition variable
 * (one operation = one round trip, there and back), and a bounded queue
 * between two pthreads (one operation = one message). Never part of the
 * library. */
#define _GNU_SOURCE
#include <pthread.h>
#include <ucontext.h>

#include "bench.h"

/* ---- ucontext --------------------------------------------------------- */

static ucontext_t uc_main, uc_fiber;
static _Alignas(64) unsigned char uc_stack[64 * 1024];

static void uc_fiber_main(void)
{
    for (;;)
        swapcontext(&uc_fiber, &uc_main);
}

static void uc_pair(void *arg, uint64_t n)
{
    (void)arg;
    static int made;
    if (!made) {
        getcontext(&uc_fiber);
        uc_fiber.uc_stack.ss_sp = uc_stack;
        uc_fiber.uc_stack.ss_size = sizeof uc_stack;
        uc_fiber.uc_link = NULL;
        makecontext(&uc_fiber, uc_fiber_main, 0);
        made = 1;
    }
    for (uint64_t i = 0; i < n; i++)
        swapcontext(&uc_main, &uc_fiber);
}

/* ---- pthreads through a condition variable ---------------------------- */

struct pingpong {
    pthread_mutex_t mu;
    pthread_cond_t cv[2];
    int turn; /* 0: main's turn, 1: the partner's, -1: stop */
};

static void *partner(void *arg)
{
    struct pingpong *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->turn == 0)
            pthread_cond_wait(&p->cv[1], &p->mu);
        if (p->turn < 0)
            break;
        p->turn = 0;
        pthread_cond_signal(&p->cv[0]);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void cv_pingpong(void *arg, uint64_t n)
{
    (void)arg;
    struct pingpong p = {PTHREAD_MUTEX_INITIALIZER,
                         {PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER}, 0};
    pthread_t t;
    if (pthread_create(&t, NULL, partner, &p) != 0)
        abort();
    pthread_mutex_lock(&p.mu);
    for (uint64_t i = 0; i < n; i++) {
        p.turn = 1;
        pthread_cond_signal(&p.cv[1]);
        while (p.turn != 0)
            pthread_cond_wait(&p.cv[0], &p.mu);
    }
    p.turn = -1;
    pthread_cond_signal(&p.cv[1]);
    pthread_mutex_unlock(&p.mu);
    pthread_join(t, NULL);
}

/* ---- a bounded queue between two pthreads ----------------------------- */

#define QCAP 16 /* the same capacity as the costack channel benchmark */

struct queue {
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    unsigned head, count;
    int slot[QCAP];
    uint64_t n;
};

static void *consumer(void *arg)
{
    struct queue *q = arg;
    long acc = 0;
    for (uint64_t i = 0; i < q->n; i++) {
        pthread_mutex_lock(&q->mu);
        while (q->count == 0)
            pthread_cond_wait(&q->not_empty, &q->mu);
        acc += q->slot[q->head];
        q->head = (q->head + 1u) % QCAP;
        q->count--;
        pthread_cond_signal(&q->not_full);
        pthread_mutex_unlock(&q->mu);
    }
    bench_sink(acc);
    return NULL;
}

static void queue_msgs(void *arg, uint64_t n)
{
    (void)arg;
    struct queue q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
                      PTHREAD_COND_INITIALIZER, 0, 0, {0}, n};
    pthread_t t;
    if (pthread_create(&t, NULL, consumer, &q) != 0)
        abort();
    for (uint64_t i = 0; i < n; i++) {
        pthread_mutex_lock(&q.mu);
        while (q.count == QCAP)
            pthread_cond_wait(&q.not_full, &q.mu);
        q.slot[(q.head + q.count) % QCAP] = (int)i;
        q.count++;
        pthread_cond_signal(&q.not_empty);
        pthread_mutex_unlock(&q.mu);
    }
    pthread_join(t, NULL);
}

int main(int argc, char **argv)
{
    struct bench_opts o;
    bench_parse(argc, argv, &o);
    bench_case(&o, "ucontext.pair", uc_pair, NULL, 200000);
    bench_case(&o, "pthread.condvar.pair", cv_pingpong, NULL, 30000);
    bench_case(&o, "pthread.queue.msg", queue_msgs, NULL, 200000);
    return 0;
}
