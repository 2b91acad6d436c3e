/* tests/target/icount_fns.h - the function-pointer chain icount_bench.c
 * compares await chains with (the floor on target). */
#ifndef COSTACK_ICOUNT_FNS_H
#define COSTACK_ICOUNT_FNS_H

#include <stdint.h>

typedef int icount_fn(int x);

/* icount_p1 -> x + 1; icount_p2 calls icount_p1; icount_p3 calls icount_p2. */
extern icount_fn *volatile icount_p1;
extern icount_fn *volatile icount_p2;
extern icount_fn *volatile icount_p3;

/* Points the three pointers at their functions. Never blocks. */
void icount_fns_init(void);

/* Counts down n (>= 1) in a loop of exactly two instructions per
 * iteration (Thumb: subs + bne; RISC-V: addi + bnez): the calibration. */
void icount_spin2(uint32_t n);

#endif
