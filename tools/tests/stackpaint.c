/* Running-stack bound vs reality: the resume loop runs on a painted stack
 * (ucontext, x86-64 glibc); prints "stack <bytes used>" and the tasks'
 * high-water marks. The test checks measured <= bound <= 1.1 * measured. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <costack.h>

#include "paint_stack.h"

/* GCC turns this into a clone, "scale.isra.0" in the ELF but "scale.isra"
 * in the .su file: the bound needs its size all the same. */
struct cfg { int a, b, c, d; };
static const struct cfg cfgs[2] = {{1, 2, 3, 4}, {5, 6, 7, 8}};
__attribute__((noinline)) static int scale(const struct cfg *c, int x)
{
    volatile char pad[40];
    pad[x & 31] = (char)x;
    return x * c->b + pad[3];
}

struct deep3 { co_frame co; int x; };
CO_ASYNC(deep3, int)
{
    CO_BEGIN(deep3, self);
    volatile char scratch[96]; /* a native frame that is not in the buffer */
    for (int i = 0; i < 96; i++)
        scratch[i] = (char)(self->x + i);
    self->x += scratch[17] + scale(&cfgs[self->x & 1], self->x);
    CO_YIELD();
    CO_RETURN(self->x);
    CO_END;
}

struct deep2 { co_frame co; int r; };
CO_ASYNC(deep2, int)
{
    CO_BEGIN(deep2, self);
    CO_AWAIT(deep3, &self->r, .x = 2);
    CO_RETURN(self->r + 1);
    CO_END;
}

struct deep1 { co_frame co; int r; };
CO_ASYNC(deep1, void)
{
    CO_BEGIN(deep1, self);
    CO_AWAIT(deep2, &self->r);
    CO_AWAIT(deep2, &self->r);
    CO_END;
}

CO_TASK(painted, deep1, 120);

/* The caller loop (a root for the analyser: it calls co_resume). */
__attribute__((noinline)) void resume_loop(void)
{
    while (co_resume(&painted) != CO_STATE_DONE) {
    }
}

int main(void)
{
    if (CO_START(&painted, NULL, deep1, NULL))
        return 1;
    size_t used = paint_run(resume_loop);
    if (used == SIZE_MAX)
        return 1;
    printf("stack %zu\n", used);
    printf("task painted %zu\n", co_high_water(&painted));
    return 0;
}
