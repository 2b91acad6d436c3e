/* A user's firmware: two tasks, one with a nested await chain, sharing a
 * named mutex. Built and checked by 16-packaging.sh (not run). */
#include <stdio.h>

#include <costack.h>
#include "costack_cm.h" /* the port header comes with the package */

static co_sched sched = CO_SCHED_INIT;
static co_mutex bus = CO_MUTEX_INIT_NAMED("bus");

struct step { co_frame co; int k; char scratch[40]; };
CO_ASYNC(step, int)
{
    CO_BEGIN(step, self);
    CO_AWAIT(&bus);
    CO_AWAIT(co_ms(1));
    co_mutex_unlock(&bus);
    self->scratch[0] = (char)self->k;
    CO_RETURN(self->k + self->scratch[0]);
    CO_END;
}

struct worker_loop { co_frame co; int i, v, sum; };
CO_ASYNC(worker_loop, int)
{
    CO_BEGIN(worker_loop, self);
    for (self->i = 0; self->i < 3; self->i++) {
        CO_AWAIT(step, &self->v, .k = self->i);
        self->sum += self->v;
    }
    CO_RETURN(self->sum);
    CO_END;
}

struct ticker { co_frame co; int i; };
CO_ASYNC(ticker, void)
{
    CO_BEGIN(ticker, self);
    for (self->i = 0; self->i < 3; self->i++) {
        CO_AWAIT(&bus);
        co_mutex_unlock(&bus);
        CO_AWAIT(co_ms(2));
    }
    CO_END;
}

CO_TASK(worker, worker_loop, FW_WORKER_BYTES);
CO_TASK(tick, ticker, 32);

#ifdef FW_ORPHAN
/* Started on a context set up at run time: no task record, so no bound can
 * be proven for its buffer (an error in the sound default). */
struct orphan { co_frame co; int x; };
CO_ASYNC(orphan, void)
{
    CO_BEGIN(orphan, self);
    CO_AWAIT(co_ms(1));
    CO_END;
}
_Alignas(8) static unsigned char orphan_buf[64];
static co_context orphan_ctx;
#endif

int main(void)
{
    int sum = 0;
    int rc = CO_SPAWN(&sched, &worker, NULL, worker_loop, &sum);
    rc = rc ? rc : CO_SPAWN(&sched, &tick, NULL, ticker, NULL);
#ifdef FW_ORPHAN
    co_context_init(&orphan_ctx, orphan_buf, sizeof orphan_buf);
    rc = rc ? rc : CO_SPAWN(&sched, &orphan_ctx, NULL, orphan, NULL);
#endif
    rc = rc ? rc : co_sched_run(&sched);
    printf("fw: %d %d %lu\n", rc, sum, (unsigned long)co_cm_cycles());
    return rc;
}
