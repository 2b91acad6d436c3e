/* examples/host_demo.c - costack on the POSIX host with a hand-written
 * super-loop around co_resume(): three tasks, nested awaits with results,
 * a timed sleep, an external wake-up, and an error that reaches its future.
 * (The bundled scheduler does the same with O(1)/O(log n) queues; this loop
 * shows the primitive a user can build any policy on.) */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <time.h>

#include <costack.h>

/* ---- a fake sensor bus ------------------------------------------------- */
struct bus_read { co_frame co; int addr; uint8_t raw[2]; int tries; };
CO_ASYNC(bus_read, int)
{
    CO_BEGIN(bus_read, self);
    if (self->addr == 0x77)
        CO_FAIL(CO_EIO);                 /* nobody answers at 0x77 */
    CO_AWAIT(co_ms(5));                  /* blocked by time: the transfer */
    self->raw[0] = (uint8_t)(0x10 + self->addr % 8);
    self->raw[1] = 0x80;
    CO_RETURN(self->raw[0] << 4 | self->raw[1] >> 4);
    CO_END;
}

struct read_temp { co_frame co; int addr; int raw; };
CO_ASYNC(read_temp, int)
{
    CO_BEGIN(read_temp, self);
    CO_AWAIT(bus_read, &self->raw, .addr = self->addr);  /* result lands in self->raw */
    CO_RETURN(self->raw / 16);
    CO_END;
}

/* ---- tasks ------------------------------------------------------------- */
struct sensor_loop { co_frame co; int addr; int n; int temp; int sum; };
CO_ASYNC(sensor_loop, int)
{
    CO_BEGIN(sensor_loop, self);
    for (self->n = 0; self->n < 3; self->n++) {
        CO_AWAIT(read_temp, &self->temp, .addr = self->addr);
        printf("  [%s] reading %d: %d\n", co_context_name(co_current()), self->n, self->temp);
        self->sum += self->temp;
        CO_AWAIT(co_ms(20));
    }
    CO_RETURN(self->sum);
    CO_END;
}

static int door_tag; /* what the waiter is blocked on */
struct door_waiter { co_frame co; int opened; };
CO_ASYNC(door_waiter, int)
{
    CO_BEGIN(door_waiter, self);
    printf("  [door] waiting for the door (blocked by external)\n");
    CO_AWAIT(co_block_on(CO_STATE_EXTERNAL, &door_tag));
    printf("  [door] door opened\n");
    CO_RETURN(++self->opened);
    CO_END;
}

CO_TASK(sensor_a, sensor_loop, 192);
CO_TASK(sensor_b, sensor_loop, 192);
CO_TASK(door, door_waiter, 64);

/* ---- the user's own loop ------------------------------------------------ */
static void sleep_until(co_time t)
{
    co_time now = co_port_now();
    if (t <= now)
        return;
    uint64_t ns = (t - now) * (1000000000u / CO_CONFIG_TICK_HZ);
    struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
    nanosleep(&ts, NULL);
}

int main(void)
{
    co_context *tasks[] = {&sensor_a, &sensor_b, &door};
    co_future fa, fb, fd;
    int sum_a = 0, sum_b = 0, door_count = 0;
    CO_START(&sensor_a, &fa, sensor_loop, &sum_a, .addr = 0x48);
    CO_START(&sensor_b, &fb, sensor_loop, &sum_b, .addr = 0x77);
    CO_START(&door, &fd, door_waiter, &door_count);
    printf("costack host demo: 3 tasks, one super-loop around co_resume()\n");

    int rounds = 0;
    for (;;) {
        int live = 0;
        co_time next = CO_TIME_NEVER;
        for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++) {
            co_context *t = tasks[i];
            if (co_state_of(t) == CO_STATE_TIME && t->wait.deadline <= co_port_now())
                co_wake(t, 0);                       /* its deadline passed */
            if (co_state_of(t) == CO_STATE_READY)
                co_resume(t);
            if (co_state_of(t) == CO_STATE_TIME && t->wait.deadline < next)
                next = t->wait.deadline;
            live += co_state_of(t) != CO_STATE_DONE;
        }
        if (++rounds == 3)
            co_unblock(&door);                      /* an outside agent opens the door */
        if (!live)
            break;
        if (next != CO_TIME_NEVER)
            sleep_until(next);                      /* idle until the next deadline */
    }

    printf("sensor_a: status %d (%s), sum %d, buffer high-water %zu of %zu bytes\n",
           co_future_status(&fa), co_strerror(co_future_status(&fa)), sum_a,
           co_high_water(&sensor_a), co_capacity(&sensor_a));
    printf("sensor_b: status %d (%s), buffer high-water %zu of %zu bytes\n",
           co_future_status(&fb), co_strerror(co_future_status(&fb)),
           co_high_water(&sensor_b), co_capacity(&sensor_b));
    printf("door:     status %d (%s), opened %d time(s)\n", co_future_status(&fd),
           co_strerror(co_future_status(&fd)), door_count);
    int ok = co_future_status(&fa) == 0 && sum_a == 3 * ((0x10 << 4 | 0x80 >> 4) / 16) &&
             co_future_status(&fb) == CO_EIO && co_future_status(&fd) == 0 && door_count == 1;
    printf("%s\n", ok ? "demo ok" : "demo FAILED");
    return ok ? 0 : 1;
}
