/* Interfaces: awaiting through a driver vtable with run-time frame sizes;
 * statically defined tasks. */
#include <costack.h>
#include "test.h"

/* The interface: read n bytes from a bus. */
struct i2c_bus;
struct i2c_read { co_frame co; struct i2c_bus *bus; uint8_t addr; uint8_t *dst; size_t n; };
CO_INTERFACE(i2c_read, int);
struct i2c_ops { co_method read; };
struct i2c_bus { const struct i2c_ops *ops; int calls; };

/* Implementation 1: completes at once. */
struct fast_read { struct i2c_read args; };
CO_ASYNC(fast_read, int)
{
    CO_BEGIN(fast_read, self);
    self->args.bus->calls++;
    for (size_t i = 0; i < self->args.n; i++)
        self->args.dst[i] = (uint8_t)(self->args.addr + i);
    CO_RETURN((int)self->args.n);
    CO_END;
}
CO_IMPLEMENT(i2c_read, fast_read);

/* Implementation 2: a bigger frame, suspends per byte, may fail. */
struct slow_read { struct i2c_read args; size_t i; uint8_t scratch[40]; };
CO_ASYNC(slow_read, int)
{
    CO_BEGIN(slow_read, self);
    self->args.bus->calls++;
    if (self->args.addr == 0)
        CO_FAIL(CO_EIO);
    for (self->i = 0; self->i < self->args.n; self->i++) {
        CO_YIELD();
        self->scratch[self->i % sizeof self->scratch] = (uint8_t)self->i;
        self->args.dst[self->i] = (uint8_t)(self->args.addr * 2 + self->i);
    }
    CO_RETURN((int)self->args.n);
    CO_END;
}
CO_IMPLEMENT(i2c_read, slow_read);

static const struct i2c_ops fast_ops = {.read = CO_METHOD(fast_read)};
static const struct i2c_ops slow_ops = {.read = CO_METHOD(slow_read)};

/* The caller knows only the interface. */
struct read_temp { co_frame co; struct i2c_bus *bus; uint8_t addr; uint8_t raw[2]; int n; };
CO_ASYNC(read_temp, int)
{
    CO_BEGIN(read_temp, self);
    CO_AWAIT_VIA(self->bus->ops->read, i2c_read, &self->n, .bus = self->bus,
                 .addr = self->addr, .dst = self->raw, .n = 2);
    CO_RETURN(self->raw[0] << 4 | self->raw[1] >> 4);
    CO_END;
}

static void run(co_context *ctx)
{
    while (co_resume(ctx) != CO_STATE_DONE) {
    }
}

static void test_both_implementations(void)
{
    _Alignas(8) unsigned char buf[256];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    struct i2c_bus fast = {&fast_ops, 0}, slow = {&slow_ops, 0};
    co_future fut;
    int t = 0;
    CHECK_EQ(CO_START(&ctx, &fut, read_temp, &t, .bus = &fast, .addr = 0x48), 0);
    CHECK_EQ(co_resume(&ctx), CO_STATE_DONE); /* synchronous */
    CHECK_EQ(t, 0x48 << 4 | 0x49 >> 4);
    CHECK_HIGH_WATER(&ctx, CO__SLOT(sizeof(struct read_temp)) + CO__SLOT(sizeof(struct fast_read)));
    co_context_init(&ctx, buf, sizeof buf);
    CHECK_EQ(CO_START(&ctx, &fut, read_temp, &t, .bus = &slow, .addr = 0x20), 0);
    run(&ctx);
    CHECK_EQ(co_future_status(&fut), 0);
    CHECK_EQ(t, 0x40 << 4 | 0x41 >> 4);
    CHECK_HIGH_WATER(&ctx, CO__SLOT(sizeof(struct read_temp)) + CO__SLOT(sizeof(struct slow_read)));
    CHECK_EQ(fast.calls, 1);
    CHECK_EQ(slow.calls, 1);
    /* Errors propagate through the interface like any child. */
    CHECK_EQ(CO_START(&ctx, &fut, read_temp, &t, .bus = &slow, .addr = 0), 0);
    run(&ctx);
    CHECK_EQ(co_future_status(&fut), CO_EIO);
    CHECK_EQ(co_used(&ctx), 0);
}

/* A method whose frame is smaller than the interface's is refused. */
static int contract_id;
static void note_contract(int id, const char *text) { contract_id = id; (void)text; }
static void test_method_too_small(void)
{
    co_contract_fn *old = co_set_contract_handler(note_contract);
    static const struct i2c_ops broken = {.read = {fast_read, sizeof(co_frame)}};
    struct i2c_bus bus = {&broken, 0};
    _Alignas(8) unsigned char buf[256];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    co_future fut;
    contract_id = 0;
    CHECK_EQ(CO_START(&ctx, &fut, read_temp, NULL, .bus = &bus, .addr = 1), 0);
    run(&ctx);
    CHECK_EQ(contract_id, CO_CONTRACT_METHOD_TOO_SMALL);
    CHECK_EQ(co_future_status(&fut), CO_EINVAL);
    CHECK_EQ(bus.calls, 0);
    co_set_contract_handler(old);
}

/* A statically defined task. */
static struct i2c_bus task_bus = {&slow_ops, 0};
CO_TASK(sensor, read_temp, 192);

static void test_static_task(void)
{
    CHECK_EQ(co_capacity(&sensor), 192);
    CHECK_EQ((uintptr_t)sensor.base % CO_CONFIG_FRAME_ALIGN, 0);
#if CO_CONFIG_TASK_NAMES
    CHECK_STR(co_context_name(&sensor), "sensor");
#else
    CHECK_TRUE(co_context_name(&sensor) == NULL);
#endif
    co_future fut;
    int t = 0;
    CHECK_EQ(CO_START(&sensor, &fut, read_temp, &t, .bus = &task_bus, .addr = 3), 0);
    run(&sensor);
    CHECK_EQ(co_future_status(&fut), 0);
    CHECK_EQ(t, 6 << 4 | 7 >> 4);
}

/* Starting a CO_TASK with another entry is misuse. */
struct other_entry { co_frame co; int dummy; };
CO_ASYNC(other_entry, void)
{
    CO_BEGIN(other_entry, self);
    CO_END;
}
static void test_task_entry_fixed(void)
{
    co_contract_fn *old = co_set_contract_handler(note_contract);
    contract_id = 0;
#if CO_CONFIG_TASK_ENTRY
    CHECK_EQ(CO_START(&sensor, NULL, other_entry, NULL), CO_EINVAL);
    CHECK_EQ(contract_id, CO_CONTRACT_START_ENTRY);
#else
    TEST_SKIP("CO_CONFIG_TASK_ENTRY=0: no entry check");
#endif
    co_set_contract_handler(old);
}

TEST_MAIN(TEST_CASE(test_both_implementations), TEST_CASE(test_method_too_small),
          TEST_CASE(test_static_task), TEST_CASE(test_task_entry_fixed))
