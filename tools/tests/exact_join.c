/* Exactness for join and select: each task joins or selects (nested too)
 * under a plain co_resume loop, prints "task <name> <high-water>", and the
 * test compares those with costack-size --json (they must be equal: the
 * join frame, sum of its branches plus headers, is pushed whole). Built
 * -DMUT_BRANCH_SMALL a branch's buffer cannot hold its function's chain. */
#include <stdio.h>
#include <costack.h>

struct leaf { co_frame co; char pad[5]; int x; };
CO_ASYNC(leaf, int)
{
    CO_BEGIN(leaf, self);
    CO_YIELD();
    CO_RETURN(self->x + 1);
    CO_END;
}

struct deep { co_frame co; int r; char pad[21]; };
CO_ASYNC(deep, int)
{
    CO_BEGIN(deep, self);
    CO_AWAIT(leaf, &self->r, .x = 2);
    CO_YIELD();
    CO_RETURN(self->r);
    CO_END;
}

/* deep's chain: its frame and leaf's */
#define DEEP_BYTES (CO__SLOT(sizeof(struct deep)) + CO__SLOT(sizeof(struct leaf)))

struct joiner { co_frame co; int a, b, c; };
CO_ASYNC(joiner, void)
{
    CO_BEGIN(joiner, self);
    CO_AWAIT(leaf, &self->a, .x = 0); /* smaller than the join: not the bound */
#ifdef MUT_BRANCH_SMALL
    CO_JOIN(CO_JOIN_ALL, NULL, CO_CALL(leaf, &self->a, .x = 1), CO_CALL(deep, &self->b));
#else
    CO_JOIN(CO_JOIN_ALL, NULL, CO_CALL(leaf, &self->a, .x = 1),
            CO_CALL_IN(DEEP_BYTES, deep, &self->b), CO_ON(co_yield_now()));
#endif
    CO_END;
}

/* A select whose first branch joins two more. */
struct inner { co_frame co; int a, b; };
CO_ASYNC(inner, int)
{
    CO_BEGIN(inner, self);
    CO_JOIN(CO_JOIN_ALL, NULL, CO_CALL(leaf, &self->a, .x = 1),
            CO_CALL_IN(DEEP_BYTES, deep, &self->b));
    CO_RETURN(self->a + self->b);
    CO_END;
}
#define INNER_BYTES                                                            \
    (CO__SLOT(sizeof(struct inner)) +                                          \
     CO__SLOT(CO__JOIN_HEAD + 2 * CO__BRANCH_HEAD + CO__SLOT(sizeof(struct leaf)) + DEEP_BYTES))

struct selector { co_frame co; int which, r; };
CO_ASYNC(selector, void)
{
    CO_BEGIN(selector, self);
    CO_SELECT(&self->which, NULL, CO_CALL_IN(INNER_BYTES, inner, &self->r),
              CO_CALL(leaf, &self->r, .x = 5));
    CO_END;
}

CO_TASK(joins, joiner, 2048);
CO_TASK(selects, selector, 4096);

static int run(co_context *ctx)
{
    while (co_resume(ctx) != CO_STATE_DONE) {
    }
    printf("task %s %zu\n", ctx->name, co_high_water(ctx));
    return 0;
}

int main(void)
{
    int rc = 0;
    rc |= CO_START(&joins, NULL, joiner, NULL) || run(&joins);
    rc |= CO_START(&selects, NULL, selector, NULL) || run(&selects);
    return rc;
}
