/* bench/bench.h - the timing harness every benchmark program shares (C11
 * and C++20 alike; header-only). Never part of the library.
 *
 * A program registers cases with bench_case(); each case is a function
 * running `iters` operations. The harness runs one untimed warm-up, then
 * `reps` timed repetitions, and prints one line per case:
 *
 *   result <name> ns <median> <min> <max> iters <n> reps <r>
 *
 * (nanoseconds per operation). bench/run reads these lines.
 *
 * Options: --scale X (multiply every case's iteration count), --reps R,
 * --only NAME (run one case), --iters N (exact count, with --only; used by
 * the callgrind mode), --no-warmup, --list.
 */
#ifndef COSTACK_BENCH_H
#define COSTACK_BENCH_H

/* clock_gettime: C targets define _POSIX_C_SOURCE on the command line. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef void bench_fn(void *arg, uint64_t iters);

/* A case that times only part of its work (setup excluded) stores its own
 * ns per operation here; otherwise the harness times the whole call. */
static double bench_op_ns = -1.0;

struct bench_opts {
    double scale;
    int reps;
    const char *only;
    uint64_t iters; /* 0 = the case's own count times scale */
    int warmup;
    int list;
};

static inline uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void bench_parse(int argc, char **argv, struct bench_opts *o)
{
    o->scale = 1.0;
    o->reps = 11;
    o->only = NULL;
    o->iters = 0;
    o->warmup = 1;
    o->list = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--scale") && v) {
            o->scale = strtod(v, NULL);
            i++;
        } else if (!strcmp(a, "--reps") && v) {
            o->reps = atoi(v);
            i++;
        } else if (!strcmp(a, "--only") && v) {
            o->only = v;
            i++;
        } else if (!strcmp(a, "--iters") && v) {
            o->iters = strtoull(v, NULL, 10);
            i++;
        } else if (!strcmp(a, "--no-warmup")) {
            o->warmup = 0;
        } else if (!strcmp(a, "--list")) {
            o->list = 1;
        } else {
            fprintf(stderr, "usage: %s [--scale X] [--reps R] [--only NAME [--iters N]] "
                            "[--no-warmup] [--list]\n", argv[0]);
            exit(2);
        }
    }
    if (o->reps < 1)
        o->reps = 1;
    if (o->reps > 101)
        o->reps = 101;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Runs case name (iters operations per repetition at scale 1) if selected. */
static inline void bench_case(const struct bench_opts *o, const char *name, bench_fn *fn,
                              void *arg, uint64_t iters)
{
    if (o->list) {
        printf("%s\n", name);
        return;
    }
    if (o->only && strcmp(o->only, name) != 0)
        return;
    uint64_t n = o->iters ? o->iters : (uint64_t)((double)iters * o->scale);
    if (n < 1)
        n = 1;
    if (o->warmup)
        fn(arg, n < 1000 ? n : n / 10);
    double ns[101];
    for (int r = 0; r < o->reps; r++) {
        bench_op_ns = -1.0;
        uint64_t t0 = bench_now_ns();
        fn(arg, n);
        uint64_t t1 = bench_now_ns();
        ns[r] = bench_op_ns >= 0.0 ? bench_op_ns : (double)(t1 - t0) / (double)n;
    }
    qsort(ns, (size_t)o->reps, sizeof ns[0], bench_cmp_double);
    double med = o->reps % 2 ? ns[o->reps / 2] : (ns[o->reps / 2 - 1] + ns[o->reps / 2]) / 2.0;
    printf("result %s ns %.3f %.3f %.3f iters %llu reps %d\n", name, med, ns[0],
           ns[o->reps - 1], (unsigned long long)n, o->reps);
    fflush(stdout);
}

/* Keeps a value alive without the compiler seeing through it. */
static inline void bench_sink(long v)
{
    static volatile long sink;
    sink = v;
    (void)sink;
}

#endif /* COSTACK_BENCH_H */
