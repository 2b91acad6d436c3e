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

#include "join_stack_tasks.h"
#include "paint_stack.h"

CO_TASK(joins, joiner, 2048);
CO_TASK(selects, selector, 4096);

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
    running = ctx;
    size_t used = paint_run(resume_loop);
    if (used == SIZE_MAX)
        return 1;
    printf("stack %s %zu\n", ctx->name, used);
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
