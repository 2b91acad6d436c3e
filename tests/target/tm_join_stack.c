/* The running-stack bound for tasks that join and select, on target: the
 * tasks of tools/tests/join_stack_tasks.h (a join of three branches; a
 * select whose first branch joins two more, against a timeout) run to the
 * end under a plain co_resume loop on the main stack the start-up code
 * painted. Prints "costack-stack high-water N" (board_stack_high_water)
 * and "task <name> <buffer high-water>"; stage 60 checks the analyser's
 * running-stack bound is a number >= N and its buffer bounds equal the
 * high-water marks. No stdio: the console is written directly. */
#include <costack.h>

#include "board.h"

#include "../../tools/tests/join_stack_tasks.h"

CO_TASK(joins, joiner, 1536);
CO_TASK(selects, selector, 2048);

static void put(const char *s)
{
    unsigned n = 0;
    while (s[n])
        n++;
    board_console_write(s, n);
}

static void put_num(unsigned long v)
{
    char b[24];
    int i = (int)sizeof b;
    b[--i] = 0;
    do
        b[--i] = (char)('0' + v % 10);
    while ((v /= 10) && i > 0);
    put(&b[i]);
}

/* The caller loop: a bounded number of turns (the branches only yield). */
static int run(co_context *ctx)
{
    for (int turns = 0; turns < 1000; turns++)
        if (co_resume(ctx) == CO_STATE_DONE)
            return 0;
    return 1;
}

int main(void)
{
    int rc = 0;
    rc |= CO_START(&joins, NULL, joiner, NULL) || run(&joins);
    rc |= CO_START(&selects, NULL, selector, NULL) || run(&selects);
    put("task joins ");
    put_num((unsigned long)co_high_water(&joins));
    put("\ntask selects ");
    put_num((unsigned long)co_high_water(&selects));
    put("\ncostack-stack high-water ");
    put_num(board_stack_high_water());
    put(rc ? "\njoin stack FAILED\n" : "\njoin stack ok\n");
    return rc;
}
