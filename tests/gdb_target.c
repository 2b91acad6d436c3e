/* A host program for the gdb test: four tasks left in known states (a
 * sleep, a mutex held by another task, an external wait, a join of a
 * sleep and a timer), then a stop at costack_gdb_stop() where gdb reads
 * the structures. */
#include <costack.h>
#include <costack/mutex.h>
#include <costack/sched.h>
#include "costack_host.h"

co_sched sched;
co_mutex log_lock = CO_MUTEX_INIT_NAMED("console lock");
int door;

struct nap { co_frame co; int ms; };
CO_ASYNC(nap, void)
{
    CO_BEGIN(nap, self);
    CO_AWAIT(co_ms((uint64_t)self->ms));
    CO_END;
}

struct holder { co_frame co; int dummy; };
CO_ASYNC(holder, void)
{
    CO_BEGIN(holder, self);
    CO_AWAIT(&log_lock);
    CO_AWAIT(nap, NULL, .ms = 1000); /* holds the lock while it sleeps */
    co_mutex_unlock(&log_lock);
    CO_END;
}

struct logger { co_frame co; int dummy; };
CO_ASYNC(logger, void)
{
    CO_BEGIN(logger, self);
    CO_AWAIT(&log_lock);
    co_mutex_unlock(&log_lock);
    CO_END;
}

struct doorman { co_frame co; int dummy; };
CO_ASYNC(doorman, void)
{
    CO_BEGIN(doorman, self);
    CO_AWAIT(co_block_on(CO_STATE_EXTERNAL, &door));
    CO_END;
}

struct joiner { co_frame co; int dummy; };
CO_ASYNC(joiner, void)
{
    CO_BEGIN(joiner, self);
    CO_JOIN(CO_JOIN_ALL, NULL, CO_CALL(nap, NULL, .ms = 500), CO_ON(co_ms(700)));
    CO_END;
}

CO_TASK(holder_task, holder, 128);
CO_TASK(joiner_task, joiner, 1024);
CO_TASK(logger_task, logger, 128);
CO_TASK(door_task, doorman, 128);

void costack_gdb_stop(void);
__attribute__((noinline)) void costack_gdb_stop(void) { __asm__ volatile(""); }

int main(void)
{
    co_host_clock_simulated(0);
    co_sched_init(&sched);
    CO_SPAWN(&sched, &holder_task, NULL, holder, NULL);
    CO_SPAWN(&sched, &logger_task, NULL, logger, NULL);
    CO_SPAWN(&sched, &door_task, NULL, doorman, NULL);
    CO_SPAWN(&sched, &joiner_task, NULL, joiner, NULL);
    co_sched_poll(&sched); /* the holder has the lock, the logger waits */
    /* With priorities, raising the waiting logger raises the holder too. */
    co_set_priority(&logger_task, CO_CONFIG_PRIORITIES > 1 ? 1 : 0);
    co_sched_run_until(&sched, co_time_add(0, co_ms(10)));
    costack_gdb_stop();
    co_unblock(&door_task);
    return co_sched_run(&sched) == 0 ? 0 : 1;
}
