/* A small firmware-shaped program for cross-compilation checks: several
 * async functions, an interface, a static task. Built with and without
 * analyser records to show the records cost no flash. */
#include <costack.h>

struct bus;
struct bus_read { co_frame co; struct bus *bus; uint8_t *dst; size_t n; };
CO_INTERFACE(bus_read, int);
struct bus { co_method read; volatile uint8_t *reg; };

struct mmio_read { struct bus_read args; size_t i; };
CO_ASYNC(mmio_read, int)
{
    CO_BEGIN(mmio_read, self);
    for (self->i = 0; self->i < self->args.n; self->i++) {
        CO_YIELD();
        self->args.dst[self->i] = *self->args.bus->reg;
    }
    CO_RETURN((int)self->args.n);
    CO_END;
}
CO_IMPLEMENT(bus_read, mmio_read);

struct read_temp { co_frame co; struct bus *bus; uint8_t raw[2]; };
CO_ASYNC(read_temp, int)
{
    CO_BEGIN(read_temp, self);
    CO_AWAIT_VIA(self->bus->read, bus_read, NULL, .bus = self->bus, .dst = self->raw, .n = 2);
    CO_RETURN(self->raw[0] << 4 | self->raw[1] >> 4);
    CO_END;
}

struct sensor_loop { co_frame co; struct bus *bus; int temp; int sum; };
CO_ASYNC(sensor_loop, void)
{
    CO_BEGIN(sensor_loop, self);
    for (;;) {
        CO_AWAIT(read_temp, &self->temp, .bus = self->bus);
        self->sum += self->temp;
        CO_AWAIT(co_ms(100));
    }
    CO_END;
}

CO_TASK(sensor, sensor_loop, 192);

static struct bus bus0 = {CO_METHOD(mmio_read), (volatile uint8_t *)0x40000000u};

int probe_main(void);
int probe_main(void)
{
    if (CO_START(&sensor, NULL, sensor_loop, NULL, .bus = &bus0) != 0)
        return 1;
    return (int)co_resume(&sensor);
}
