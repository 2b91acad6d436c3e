/* bench/floor.c - 1-deep and 3-deep function-pointer call chains: the
 * floor every await chain is compared with. */
#include "bench.h"
#include "floor_fns.h"

static void chain1(void *arg, uint64_t n)
{
    (void)arg;
    long acc = 0;
    for (uint64_t i = 0; i < n; i++)
        acc += floor_p1((int)i);
    bench_sink(acc);
}

static void chain3(void *arg, uint64_t n)
{
    (void)arg;
    long acc = 0;
    for (uint64_t i = 0; i < n; i++)
        acc += floor_p3((int)i);
    bench_sink(acc);
}

int main(int argc, char **argv)
{
    struct bench_opts o;
    bench_parse(argc, argv, &o);
    floor_init();
    bench_case(&o, "floor.call1", chain1, NULL, 20000000);
    bench_case(&o, "floor.call3", chain3, NULL, 10000000);
    return 0;
}
