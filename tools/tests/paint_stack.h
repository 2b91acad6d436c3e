/* tools/tests/paint_stack.h - runs a caller loop on a painted stack and
 * measures it (ucontext, x86-64 glibc), for the running-stack tests
 * stackpaint.c and stackpaint_join.c. Include once, after <ucontext.h>
 * with _GNU_SOURCE. */
#ifndef COSTACK_PAINT_STACK_H
#define COSTACK_PAINT_STACK_H

#include <stdint.h>
#include <string.h>
#include <ucontext.h>

#define PAINT_STACK_BYTES 65536
static _Alignas(64) unsigned char paint_area[PAINT_STACK_BYTES];
static ucontext_t paint_main_uc, paint_loop_uc;

/* Runs loop on a fresh stack painted 0xA5 and returns the bytes it used as
 * the compiler counts loop's stack, or SIZE_MAX when it could not run.
 * glibc x86-64 makecontext: the return-address slot is at top - 24, so
 * loop's stack (as the compiler counts it) starts at top - 16. */
static size_t paint_run(void (*loop)(void))
{
    memset(paint_area, 0xA5, sizeof paint_area);
    getcontext(&paint_loop_uc);
    paint_loop_uc.uc_stack.ss_sp = paint_area;
    paint_loop_uc.uc_stack.ss_size = sizeof paint_area;
    paint_loop_uc.uc_link = &paint_main_uc;
    makecontext(&paint_loop_uc, loop, 0);
    if (swapcontext(&paint_main_uc, &paint_loop_uc))
        return SIZE_MAX;
    size_t low = 0;
    while (low < sizeof paint_area && paint_area[low] == 0xA5)
        low++;
    return sizeof paint_area - 16 - low;
}

#endif /* COSTACK_PAINT_STACK_H */
