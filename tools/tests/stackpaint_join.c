/* Running-stack bound vs reality for tasks that join and select (a join
 * nested in a select branch too): each task runs to the end under a plain
 * co_resume loop on its own freshly painted stack (ucontext, x86-64
 * glibc), so the join driver resumes the branches from inside the task's
 * co_resume, nested once more for the inner join. Prints per task
 * "stack <name> <bytes used>" and "task <name> <buffer high-water>"; the
 * test (check.py stacktasks) wants the tool's per-task running-stack bound
 * to be a number >= the bytes used and its buffer bound == the high-water
 * mark. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <costack.h>
#include <costack_host.h>

/* A leaf with a native frame of its own (not in the buffer; big enough that
 * the nested resumes give the worst path), run both in
 * the first pass (before its yield) and from the driver (after it). */
__attribute__((noinline)) static int churn(int x)
{
    volatile char scratch[1024];
    for (int i = 0; i < 1024; i++)
        scratch[i] = (char)(x + i);
    return scratch[x & 511] + scratch[1023];
}

struct work { co_frame co; int x; };
CO_ASYNC(work, int)
{
    CO_BEGIN(work, self);
    self->x += churn(self->x);
    CO_YIELD();
    self->x += churn(self->x + 1);
    CO_RETURN(self->x);
    CO_END;
}

struct outer { co_frame co; int r; };
CO_ASYNC(outer, int)
{
    CO_BEGIN(outer, self);
    CO_AWAIT(work, &self->r, .x = 3);
    CO_RETURN(self->r + 1);
    CO_END;
}
#define OUTER_BYTES (CO__SLOT(sizeof(struct outer)) + CO__SLOT(sizeof(struct work)))

/* A join of three branches: a call chain, a call, a plain awaitable. */
struct joiner { co_frame co; int a, b; };
CO_ASYNC(joiner, void)
{
    CO_BEGIN(joiner, self);
    CO_JOIN(CO_JOIN_ALL, NULL, CO_CALL_IN(OUTER_BYTES, outer, &self->a),
            CO_CALL(work, &self->b, .x = 1), CO_ON(co_yield_now()));
    CO_END;
}

/* A select whose first branch joins two more (nested resumes), against a
 * timeout that never fires (the join finishes first). */
struct inner { co_frame co; int a, b; };
CO_ASYNC(inner, int)
{
    CO_BEGIN(inner, self);
    CO_JOIN(CO_JOIN_ALL, NULL, CO_CALL(work, &self->a, .x = 5),
            CO_CALL_IN(OUTER_BYTES, outer, &self->b));
    CO_RETURN(self->a + self->b);
    CO_END;
}
#define INNER_BYTES                                                            \
    (CO__SLOT(sizeof(struct inner)) +                                          \
     CO__SLOT(CO__JOIN_HEAD + 2 * CO__BRANCH_HEAD + CO__SLOT(sizeof(struct work)) + OUTER_BYTES))

struct selector { co_frame co; int which, r; };
CO_ASYNC(selector, void)
{
    CO_BEGIN(selector, self);
    CO_SELECT(&self->which, NULL, CO_CALL_IN(INNER_BYTES, inner, &self->r), CO_ON(co_ms(50)));
    if (self->which != 0)
        CO_FAIL(CO_EINVAL);
    CO_END;
}

CO_TASK(joins, joiner, 2048);
CO_TASK(selects, selector, 4096);

#define STACK_BYTES 65536
static _Alignas(64) unsigned char stack_area[STACK_BYTES];
static ucontext_t main_uc, loop_uc;
static co_context *volatile running;
static volatile int turns;

/* The caller loop (the analyser's root: it calls co_resume). */
__attribute__((noinline)) void resume_loop(void)
{
    for (turns = 0; turns < 1000 && co_resume(running) != CO_STATE_DONE; turns++) {
    }
}

static int measure(co_context *ctx)
{
    memset(stack_area, 0xA5, sizeof stack_area);
    running = ctx;
    getcontext(&loop_uc);
    loop_uc.uc_stack.ss_sp = stack_area;
    loop_uc.uc_stack.ss_size = sizeof stack_area;
    loop_uc.uc_link = &main_uc;
    makecontext(&loop_uc, resume_loop, 0);
    if (swapcontext(&main_uc, &loop_uc))
        return 1;
    size_t low = 0;
    while (low < sizeof stack_area && stack_area[low] == 0xA5)
        low++;
    /* As in stackpaint.c: resume_loop's stack starts at top - 16. */
    printf("stack %s %zu\n", ctx->name, sizeof stack_area - 16 - low);
    printf("task %s %zu\n", ctx->name, co_high_water(ctx));
    return co_state_of(ctx) == CO_STATE_DONE ? 0 : 1;
}

int main(void)
{
    int rc = 0;
    co_host_clock_simulated(0); /* time stands still: the timeout never fires */
    rc |= CO_START(&joins, NULL, joiner, NULL) || measure(&joins);
    rc |= CO_START(&selects, NULL, selector, NULL) || measure(&selects);
    return rc;
}
