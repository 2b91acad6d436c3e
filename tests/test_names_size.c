/* Object names cost nothing when configured out: built with
 * CO_CONFIG_OBJECT_NAMES=0, every nameable object is exactly its named
 * layout (names_size_on.c, built with 1) without the name field, and the
 * named initialisers and setters still compile (the name is dropped). */
#include <stddef.h>
#include <costack.h>
#include <costack/chan.h>
#include <costack/event.h>
#include <costack/io.h>
#include <costack/mutex.h>
#include <costack/sem.h>
#include "test.h"

#if CO_CONFIG_OBJECT_NAMES || CO_CONFIG_TASK_NAMES || CO_CONFIG_HIGH_WATER || CO_CONFIG_TASK_ENTRY
#error "build with CO_CONFIG_OBJECT_NAMES=0, CO_CONFIG_TASK_NAMES=0, CO_CONFIG_HIGH_WATER=0, CO_CONFIG_TASK_ENTRY=0"
#endif

extern const size_t names_on_size[5], names_on_offset[5], names_on_align[5];
extern const size_t ctx_on_size, ctx_on_optional;

/* The initialisers name the ISR deferral runners; this program links no
 * library (its layouts differ), so they are stand-ins that never run. */
void co__chan_deferred(co__deferred *d) { (void)d; }
void co__sem_deferred(co__deferred *d) { (void)d; }
void co__event_deferred(co__deferred *d) { (void)d; }
void co__io_deferred(co__deferred *d) { (void)d; }

static co_mutex m = CO_MUTEX_INIT_NAMED("m");
static int store[2];
static co_chan ch = CO_CHAN_INIT_NAMED(store, sizeof store[0], 2, "ch");
static co_sem s = CO_SEM_INIT_NAMED(1, 2, "s");
static co_event e = CO_EVENT_INIT_NAMED(CO_EVENT_MANUAL, "e");
static co_io io = CO_IO_INIT_NAMED("io");

static size_t round_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

/* The context's optional fields configured out: exactly the layout up to
 * them, and a static task still declares (its name is dropped). */
static _Alignas(8) unsigned char task_buf[64];
static co_context task = CO_CONTEXT_INIT(task_buf, sizeof task_buf, NULL, "task");

static void test_context_fields(void)
{
    CHECK_EQ(sizeof(co_context), round_up(ctx_on_optional, _Alignof(co_context)));
    CHECK_LT(sizeof(co_context), ctx_on_size);
    CHECK_TRUE(co_context_name(&task) == NULL);
    CHECK_EQ(co_high_water(&task), 0);
    CHECK_EQ(co_capacity(&task), sizeof task_buf);
}

static void test_zero_bytes(void)
{
    const size_t off[5] = {sizeof(co_mutex), sizeof(co_sem), sizeof(co_event), sizeof(co_chan), sizeof(co_io)};
    for (int i = 0; i < 5; i++) {
        CHECK_EQ(off[i], round_up(names_on_offset[i], names_on_align[i])); /* without the field */
        CHECK_GT(names_on_size[i], off[i]);                                /* with it: one more */
    }
    co_mutex_set_name(&m, "x");
    co_chan_set_name(&ch, "x");
    co_sem_set_name(&s, "x");
    co_event_set_name(&e, "x");
    co_io_set_name(&io, "x");
    CHECK_EQ(s.count, 1);
    CHECK_EQ(ch.cap, 2);
}

TEST_MAIN(TEST_CASE(test_zero_bytes), TEST_CASE(test_context_fields))
