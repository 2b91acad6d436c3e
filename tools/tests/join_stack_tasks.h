/* tools/tests/join_stack_tasks.h - the async functions of the running-stack
 * tests for tasks that join and select, shared by the host test
 * (stackpaint_join.c) and the target one (tests/target/tm_join_stack.c):
 * a join of three branches (joiner) and a select whose first branch joins
 * two more against a timeout (selector). Include once, after costack.h. */
#ifndef COSTACK_JOIN_STACK_TASKS_H
#define COSTACK_JOIN_STACK_TASKS_H

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

#endif /* COSTACK_JOIN_STACK_TASKS_H */
