/* Item 1 of issue 14: a static entry 'work' here and another 'work' with
 * the same name in dir3/app.c (same basename). The analyser must bound
 * each task by its own entry (found by address), never by the name. */
#include <costack.h>

struct work { co_frame co; int n; };
static CO_ASYNC(work, void)
{
    CO_BEGIN(work, self);
    CO_YIELD();
    CO_END;
}

CO_TASK(small_task, work, 64);
