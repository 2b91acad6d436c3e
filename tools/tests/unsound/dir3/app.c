/* The large 'work' (see dir1/app.c): needs over 400 bytes, its buffer is
 * 64, so the check must fail for big_task. */
#include <costack.h>

struct work { co_frame co; char scratch[400]; };
static CO_ASYNC(work, void)
{
    CO_BEGIN(work, self);
    self->scratch[0] = 1;
    CO_YIELD();
    CO_END;
}

CO_TASK(big_task, work, 64);

/* 'work' is also awaited here, so it is reached and not an orphan: only
 * the entry resolution can tell big_task's bound. */
struct outer { co_frame co; };
CO_ASYNC(outer, void)
{
    CO_BEGIN(outer, self);
    CO_AWAIT(work, NULL);
    CO_END;
}

CO_TASK(other_task, outer, 512);
