/* bench/floor_fns.h - the function-pointer chain (the floor). */
#ifndef COSTACK_BENCH_FLOOR_FNS_H
#define COSTACK_BENCH_FLOOR_FNS_H

typedef int floor_fn(int x);

/* floor_p1 -> x + 1; floor_p2 calls floor_p1; floor_p3 calls floor_p2. */
extern floor_fn *volatile floor_p1;
extern floor_fn *volatile floor_p2;
extern floor_fn *volatile floor_p3;

int floor_f1(int x);
int floor_f2(int x);
int floor_f3(int x);
void floor_init(void);

#endif
