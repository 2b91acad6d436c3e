/* tests/target/icount_fns.c - a separate translation unit for the floor
 * (noinline functions called through volatile pointers, so the compiler can
 * neither inline nor fold the chain) and for the calibration loop. */
#include "icount_fns.h"

#define NOINLINE __attribute__((noinline))

icount_fn *volatile icount_p1;
icount_fn *volatile icount_p2;
icount_fn *volatile icount_p3;

NOINLINE static int f1(int x) { return x + 1; }
NOINLINE static int f2(int x) { return icount_p1(x) + 1; }
NOINLINE static int f3(int x) { return icount_p2(x) + 1; }

void icount_fns_init(void)
{
    icount_p1 = f1;
    icount_p2 = f2;
    icount_p3 = f3;
}

NOINLINE void icount_spin2(uint32_t n)
{
#if defined(__arm__)
    __asm__ volatile(".syntax unified\n1: subs %0, %0, #1\n\tbne 1b" : "+l"(n) : : "cc");
#elif defined(__riscv)
    __asm__ volatile("1: addi %0, %0, -1\n\tbnez %0, 1b" : "+r"(n));
#else
#error "icount_spin2: Arm or RISC-V only"
#endif
}
