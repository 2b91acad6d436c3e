/* bench/floor_fns.c - the floor: plain functions called through pointers.
 * A separate translation unit, noinline, and every call goes through a
 * volatile function pointer, so the compiler can neither inline nor fold
 * the chain away. */
#include "floor_fns.h"

#define NOINLINE __attribute__((noinline))

floor_fn *volatile floor_p1;
floor_fn *volatile floor_p2;
floor_fn *volatile floor_p3;

NOINLINE int floor_f1(int x) { return x + 1; }
NOINLINE int floor_f2(int x) { return floor_p1(x) + 1; }
NOINLINE int floor_f3(int x) { return floor_p2(x) + 1; }

void floor_init(void)
{
    floor_p1 = floor_f1;
    floor_p2 = floor_f2;
    floor_p3 = floor_f3;
}
