// The C++ half of the mixed program: two C++ tasks and one C task on one
// scheduler, sharing a mutex (log entries never interleave inside a
// critical section) and a channel (C++ sends, C receives).
#include <cstdio>
#include "mixed.h"
#include <costack_host.h>

struct cxx_sender { co_frame co; int base, i, v; };
CO_ASYNC(cxx_sender, void)
{
    CO_BEGIN(cxx_sender, self);
    for (self->i = 0; self->i < 2; self->i++) {
        self->v = self->base + self->i;
        CO_AWAIT(co_chan_send(&shared_chan, &self->v));
        CO_AWAIT(&shared_lock);
        shared_log[shared_n++] = self->v;
        CO_AWAIT(co_ms(1)); // hold the lock across a sleep
        co_mutex_unlock(&shared_lock);
    }
    CO_END;
}

CO_TASK(cxx_a, cxx_sender, 128);
CO_TASK(cxx_b, cxx_sender, 128);

int main()
{
    co_host_clock_simulated(0);
    co_sched s;
    co_sched_init(&s);
    co_future fa, fb, fc;
    int sum = 0, bad = 0;
    bad |= CO_SPAWN(&s, &cxx_a, &fa, cxx_sender, NULL, .base = 10);
    bad |= CO_SPAWN(&s, &cxx_b, &fb, cxx_sender, NULL, .base = 20);
    bad |= start_c_task(&fc, &sum) || co_sched_add(&s, &c_task);
    int rc = co_sched_run(&s);
    std::printf("run %d, futures %d %d %d, sum %d, log:", rc, co_future_status(&fa),
                co_future_status(&fb), co_future_status(&fc), sum);
    for (int i = 0; i < shared_n; i++)
        std::printf(" %d", shared_log[i]);
    std::printf("\n");
    // Every value sent was received once and logged once by each side.
    int pos = 0, neg = 0;
    for (int i = 0; i < shared_n; i++)
        (shared_log[i] > 0 ? pos : neg) += shared_log[i];
    bool ok = !bad && rc == 0 && co_future_status(&fa) == 0 && co_future_status(&fb) == 0 &&
              co_future_status(&fc) == 0 && sum == 10 + 11 + 20 + 21 && shared_n == 8 &&
              pos == sum && neg == -sum && co_mutex_owner(&shared_lock) == NULL;
    return ok ? 0 : 1;
}
