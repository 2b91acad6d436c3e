/* Smallest user program: one async function on a CO_TASK, run to completion. */
#include <costack.h>

struct answer { co_frame co; int base; };
CO_ASYNC(answer, int)
{
    CO_BEGIN(answer, self);
    CO_YIELD();
    CO_RETURN(self->base + 2);
    CO_END;
}

CO_TASK(answer_task, answer, 64);

int main(void)
{
    co_future f;
    int out = 0;
    if (CO_START(&answer_task, &f, answer, &out, .base = 40) != 0)
        return 1;
    while (co_resume(&answer_task) != CO_STATE_DONE) {
    }
    return co_future_status(&f) == 0 && out == 42 ? 0 : 1;
}
