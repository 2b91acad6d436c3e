/* The running-stack bound for tasks that join and select, on target: the
 * tasks of tools/tests/stackpaint_join.c (a join of three branches; a
 * select whose first branch joins two more, against a timeout) run to the
 * end under a plain co_resume loop on the main stack the start-up code
 * painted. Prints "costack-stack high-water N" (board_stack_high_water)
 * and "task <name> <buffer high-water>"; stage 60 checks the analyser's
 * running-stack bound is a number >= N and its buffer bounds equal the
 * high-water marks. No stdio: the console is written directly. */
#include <costack.h>

#include "board.h"

/* A leaf with a native frame of its own (not in the buffer; big enough
 * that the nested resumes give the worst path), run in the first pass
 * (before its yield) and from the join's driver (after it). */
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

struct joiner { co_frame co; int a, b; };
CO_ASYNC(joiner, void)
{
    CO_BEGIN(joiner, self);
    CO_JOIN(CO_JOIN_ALL, NULL, CO_CALL_IN(OUTER_BYTES, outer, &self->a),
            CO_CALL(work, &self->b, .x = 1), CO_ON(co_yield_now()));
    CO_END;
}

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
