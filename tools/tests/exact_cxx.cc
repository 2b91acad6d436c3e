// Exactness for C++: the same check as exact.c on async functions written
// in C++20 (mangled symbols, static buffers with internal linkage, a task
// in a namespace-free translation unit): the analyser's bound must equal
// the measured high-water mark of each task.
#include <cstdio>
#include <costack.h>

struct leaf { co_frame co; char pad[5]; int x; };
CO_ASYNC(leaf, int)
{
    CO_BEGIN(leaf, self);
    CO_YIELD();
    CO_RETURN(self->x * 2);
    CO_END;
}

struct middle { co_frame co; int r; char buf[21]; };
CO_ASYNC(middle, int)
{
    CO_BEGIN(middle, self);
    CO_AWAIT(leaf, &self->r, .x = 3);
    CO_RETURN(self->r);
    CO_END;
}

struct op { co_frame co; int arg; };
CO_INTERFACE(op, int);

struct op_deep { struct op args; int r; char scratch[30]; };
static CO_ASYNC(op_deep, int)
{
    CO_BEGIN(op_deep, self);
    CO_AWAIT(middle, &self->r);
    CO_RETURN(self->r + self->args.arg);
    CO_END;
}
CO_IMPLEMENT(op, op_deep);

static const co_method method = CO_METHOD(op_deep);

struct root { co_frame co; int r, s; };
CO_ASYNC(root, void)
{
    CO_BEGIN(root, self);
    CO_AWAIT(middle, &self->r);
    CO_AWAIT_VIA(method, op, &self->s, .arg = 1);
    CO_END;
}

CO_TASK(cxx_chain, root, 232);
CO_TASK(cxx_leaf, leaf, 48);

static void run(co_context *ctx)
{
    while (co_resume(ctx) != CO_STATE_DONE) {
    }
    std::printf("task %s %zu\n", ctx->name, co_high_water(ctx));
}

int main()
{
    if (CO_START(&cxx_chain, NULL, root, NULL) || CO_START(&cxx_leaf, NULL, leaf, NULL, .x = 1))
        return 1;
    run(&cxx_chain);
    run(&cxx_leaf);
    return 0;
}
