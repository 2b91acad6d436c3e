/* tests/sleep_only.c - a program whose only task sleeps: tests/layering.py
 * checks that it links no io, mutex, semaphore, event or channel code. */
#include <costack.h>
#include <costack_host.h>

struct nap { co_frame co; int i; };
CO_ASYNC(nap, void)
{
    CO_BEGIN(nap, self);
    for (self->i = 0; self->i < 3; self->i++)
        CO_AWAIT(co_ms(10));
    CO_END;
}

CO_TASK(napper, nap, 64);

int main(void)
{
    static co_sched s = CO_SCHED_INIT;
    co_future fut;
    if (CO_SPAWN(&s, &napper, &fut, nap, NULL) != 0)
        return 1;
    return co_sched_run(&s) == 0 && co_future_status(&fut) == 0 ? 0 : 1;
}
