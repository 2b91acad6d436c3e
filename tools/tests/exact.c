/* Exactness: every task here has a deterministic worst path that main()
 * runs; it prints "task <name> <high-water>" for each, and the test
 * compares those numbers with costack-size --json (they must be equal).
 * Built -DMUT_* it becomes the mutation tests' input. */
#include <stdio.h>
#include <costack.h>

#ifndef SHRINK
#define SHRINK 0
#endif

/* ---- plain chains with odd sizes (padding) ---- */
struct leaf { co_frame co; char pad[3]; int x; };
CO_ASYNC(leaf, int)
{
    CO_BEGIN(leaf, self);
    CO_YIELD();
    CO_RETURN(self->x + 1);
    CO_END;
}

struct small { co_frame co; char c; };
CO_ASYNC(small, void)
{
    CO_BEGIN(small, self);
    CO_YIELD();
    CO_END;
}

struct mid { co_frame co; int r; char buf[13]; };
CO_ASYNC(mid, int)
{
    CO_BEGIN(mid, self);
    CO_AWAIT(small, NULL);
    CO_AWAIT(leaf, &self->r, .x = 4);
    CO_RETURN(self->r);
    CO_END;
}

struct big { co_frame co; int r; char buf[61]; };
CO_ASYNC(big, int)
{
    CO_BEGIN(big, self);
    CO_AWAIT(leaf, &self->r, .x = 1);
    CO_RETURN(self->r);
    CO_END;
}

struct top { co_frame co; int r, s; };
CO_ASYNC(top, void)
{
    CO_BEGIN(top, self);
    CO_AWAIT(mid, &self->r);
    CO_AWAIT(big, &self->s);
#ifdef MUT_RECURSION
    if (self->r < 0) /* never true at run time; the analyser sees the cycle */
        CO_AWAIT(top, NULL);
#endif
    CO_END;
}

/* ---- an interface with two implementations ---- */
struct op { co_frame co; int arg; };
CO_INTERFACE(op, int);

struct op_small { struct op args; };
CO_ASYNC(op_small, int)
{
    CO_BEGIN(op_small, self);
    CO_YIELD();
    CO_RETURN(self->args.arg);
    CO_END;
}
CO_IMPLEMENT(op, op_small);

struct op_big { struct op args; int r; char scratch[40]; };
CO_ASYNC(op_big, int)
{
    CO_BEGIN(op_big, self);
    CO_AWAIT(mid, &self->r);
    CO_RETURN(self->r + self->args.arg);
    CO_END;
}
CO_IMPLEMENT(op, op_big);

#ifdef MUT_UNREGISTERED
/* A third implementation, awaited through the vtable but never registered. */
struct op_huge { struct op args; char scratch[400]; };
CO_ASYNC(op_huge, int)
{
    CO_BEGIN(op_huge, self);
    CO_RETURN(self->args.arg);
    CO_END;
}
#endif

static co_method methods[] = {CO_METHOD(op_small), CO_METHOD(op_big),
#ifdef MUT_UNREGISTERED
                              CO_METHOD(op_huge),
#endif
};

struct user { co_frame co; unsigned i; int r; };
CO_ASYNC(user, void)
{
    CO_BEGIN(user, self);
    for (self->i = 0; self->i < sizeof methods / sizeof methods[0]; self->i++)
        CO_AWAIT_VIA(methods[self->i], op, &self->r, .arg = (int)self->i);
    CO_END;
}

#ifdef MUT_NOIMPL
/* An interface nobody implements: awaiting it is unbounded. */
struct lonely { co_frame co; int x; };
CO_INTERFACE(lonely, int);
co_method lonely_method; // set by nobody: the await is live code, unbounded
struct lonely_user { co_frame co; };
CO_ASYNC(lonely_user, void)
{
    CO_BEGIN(lonely_user, self);
    if (lonely_method.fn)
        CO_AWAIT_VIA(lonely_method, lonely, NULL, .x = 1);
    CO_END;
}
#endif

/* ---- a single frame ---- */
struct alone { co_frame co; long v[5]; };
CO_ASYNC(alone, void)
{
    CO_BEGIN(alone, self);
    CO_YIELD();
    CO_END;
}

/* Buffer sizes: exactly the bounds (the tests also check a shrunk one). */
CO_TASK(chains, top, 184 - SHRINK);
CO_TASK(vtable, user, 224);
CO_TASK(single, alone, 72);
#ifdef MUT_NOIMPL
CO_TASK(lonely_task, lonely_user, 64);
#endif

static int run(co_context *ctx, co_fn *fn)
{
    (void)fn;
    while (co_resume(ctx) != CO_STATE_DONE) {
    }
    printf("task %s %zu\n", ctx->name, co_high_water(ctx));
    return 0;
}

int main(void)
{
    int rc = 0;
    rc |= CO_START(&chains, NULL, top, NULL) || run(&chains, top);
    rc |= CO_START(&vtable, NULL, user, NULL) || run(&vtable, user);
    rc |= CO_START(&single, NULL, alone, NULL) || run(&single, alone);
#ifdef MUT_NOIMPL
    rc |= CO_START(&lonely_task, NULL, lonely_user, NULL) || run(&lonely_task, lonely_user);
#endif
    return rc;
}
