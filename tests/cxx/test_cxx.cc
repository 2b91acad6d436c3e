// C++20 firmware code written with the same macros as C: frames, CO_ASYNC,
// CO_AWAIT of children (designated initialisers in declaration order),
// durations, deadlines, sync objects, channels, io objects, interfaces,
// CO_TASK and CO_START, run on one scheduler (simulated clock).
#include <costack.h>
#include <costack_host.h>
#include <cstdio>
#include <cstdlib>

static int failures;
#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            std::fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
            failures++;                                                        \
        }                                                                      \
    } while (0)

namespace {
co_mutex lock = CO_MUTEX_INIT;
co_sem items = CO_SEM_INIT(0, 4);
co_event go = CO_EVENT_INIT(CO_EVENT_MANUAL);
int store[2];
co_chan pipe_ = CO_CHAN_INIT(store, sizeof store[0], 2);
co_io dev = CO_IO_INIT;
}

// A child with parameters and a result.
struct scale { co_frame co; int x; int factor; };
CO_ASYNC(scale, int)
{
    CO_BEGIN(scale, self);
    CO_AWAIT(co_ms(2));
    CO_RETURN(self->x * self->factor);
    CO_END;
}

// An interface with two implementations.
struct op { co_frame co; int arg; };
CO_INTERFACE(op, int);

struct op_twice { struct op args; int r; };
CO_ASYNC(op_twice, int)
{
    CO_BEGIN(op_twice, self);
    CO_AWAIT(scale, &self->r, .x = self->args.arg, .factor = 2);
    CO_RETURN(self->r);
    CO_END;
}
CO_IMPLEMENT(op, op_twice);

struct op_same { struct op args; };
CO_ASYNC(op_same, int)
{
    CO_BEGIN(op_same, self);
    CO_YIELD();
    CO_RETURN(self->args.arg);
    CO_END;
}
CO_IMPLEMENT(op, op_same);

static const co_method methods[] = {CO_METHOD(op_twice), CO_METHOD(op_same)};

struct producer { co_frame co; int v; int i; };
CO_ASYNC(producer, void)
{
    CO_BEGIN(producer, self);
    CO_AWAIT(co_event_wait_for(&go, co_ms(100)));
    for (self->i = 0; self->i < 3; self->i++) {
        CO_AWAIT(&lock);
        self->v = 10 + self->i;
        CO_AWAIT(co_chan_send(&pipe_, &self->v));
        co_mutex_unlock(&lock);
        co_sem_give(&items);
    }
    co_chan_close(&pipe_);
    CO_END;
}

struct consumer { co_frame co; int v, sum, got, r, k; unsigned m; co_deadline until; };
CO_ASYNC(consumer, int)
{
    CO_BEGIN(consumer, self);
    self->until = co_at(co_port_now() + co_ms(1).ticks);
    CO_AWAIT(self->until);
    co_event_set(&go);
    while (self->got < 3) {
        CO_AWAIT(&items);
        CO_AWAIT(co_chan_recv(&pipe_, &self->v));
        self->sum += self->v;
        self->got++;
    }
    CO_AWAIT(scale, &self->r, .x = self->sum, .factor = 3); // 33 * 3
    for (self->m = 0; self->m < 2; self->m++) {
        CO_AWAIT_VIA(methods[self->m], op, &self->k, .arg = 5); // 10, then 5
        self->r += self->k;
    }
    co_io_arm(&dev);
    co_io_complete_isr(&dev, 7);
    CO_AWAIT(&dev);
    CO_RETURN(self->r + co_io_result(&dev)); // 99 + 15 + 7
    CO_END;
}

CO_TASK(prod_task, producer, 256);
CO_TASK(cons_task, consumer, 256);

int main()
{
    co_host_clock_simulated(0);
    co_sched s;
    co_sched_init(&s);
    co_future pf, cf;
    int result = 0;
    CHECK(CO_SPAWN(&s, &prod_task, &pf, producer, NULL) == 0);
    CHECK(CO_SPAWN(&s, &cons_task, &cf, consumer, &result) == 0);
    CHECK(co_sched_run(&s) == 0);
    CHECK(co_future_status(&pf) == 0);
    CHECK(co_future_status(&cf) == 0);
    CHECK(result == 121);
    std::printf("c++ tasks: result %d, high water %zu and %zu\n", result,
                co_high_water(&prod_task), co_high_water(&cons_task));
    return failures ? 1 : 0;
}
