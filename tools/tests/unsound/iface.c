/* Item 2 of issue 14: an implementation awaited through an interface but
 * never registered with CO_IMPLEMENT, its method built in code (not a
 * static table, so its address is in no data). Built without -g: only the
 * default orphan rule can catch it; the check must fail without --strict. */
#include <costack.h>

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

struct op_huge { struct op args; char scratch[480]; };
CO_ASYNC(op_huge, int)
{
    CO_BEGIN(op_huge, self);
    self->scratch[0] = (char)self->args.arg;
    CO_YIELD();
    CO_RETURN(self->scratch[0]);
    CO_END;
}

co_method pick(unsigned i);
co_method pick(unsigned i)
{
    co_method m = CO_METHOD(op_small);
    if (i == 3)
        m = (co_method)CO_METHOD(op_huge);
    return m;
}

struct user { co_frame co; unsigned i; int r; };
CO_ASYNC(user, void)
{
    CO_BEGIN(user, self);
    for (self->i = 0; self->i < 4; self->i++)
        CO_AWAIT_VIA(pick(self->i), op, &self->r, .arg = (int)self->i);
    CO_END;
}

CO_TASK(vtable_task, user, 200);
