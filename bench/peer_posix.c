/* bench/peer_posix.c - POSIX baselines: a ucontext swapcontext pair and two
 * pthreads handing a token back and forth through a condition variable.
 * One operation = one round trip (there and back). Never part of the
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

int main(int argc, char **argv)
{
    struct bench_opts o;
    bench_parse(argc, argv, &o);
    bench_case(&o, "ucontext.pair", uc_pair, NULL, 2000000);
    bench_case(&o, "pthread.condvar.pair", cv_pingpong, NULL, 100000);
    return 0;
}
