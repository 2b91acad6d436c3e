/* The C half of the mixed program: a C task that receives what the C++
 * tasks send and logs under the mutex they also take. */
#include "mixed.h"

static int chan_store[2];
co_mutex shared_lock = CO_MUTEX_INIT;
co_chan shared_chan = CO_CHAN_INIT(chan_store, sizeof chan_store[0], 2);
int shared_log[16];
int shared_n;

struct c_worker { co_frame co; int v, sum, i; };
CO_ASYNC(c_worker, int)
{
    CO_BEGIN(c_worker, self);
    for (self->i = 0; self->i < 4; self->i++) {
        CO_AWAIT(co_chan_recv(&shared_chan, &self->v));
        CO_AWAIT(&shared_lock);
        shared_log[shared_n++] = -self->v; /* C entries are negative */
        CO_YIELD();                        /* hold the lock across a switch */
        co_mutex_unlock(&shared_lock);
        self->sum += self->v;
    }
    CO_RETURN(self->sum);
    CO_END;
}

CO_TASK(c_task, c_worker, 128);

int start_c_task(co_future *f, int *sum)
{
    return CO_START(&c_task, f, c_worker, sum);
}
