/* co_dump: every task with its state, what it waits on (mutex owner
 * included), deadline, buffer figures and await chain. */
#include <costack.h>
#include <costack/dump.h>
#include <costack/sched.h>
#include <costack/mutex.h>
#include "costack_host.h"
#include "test.h"

static co_mutex lock_a = CO_MUTEX_INIT, lock_b = CO_MUTEX_INIT_NAMED("lock_b");

struct nap { co_frame co; int ms; };
CO_ASYNC(nap, void)
{
    CO_BEGIN(nap, self);
    CO_AWAIT(co_ms((uint64_t)self->ms));
    CO_END;
}

struct sleeper { co_frame co; int dummy; };
CO_ASYNC(sleeper, void)
{
    CO_BEGIN(sleeper, self);
    CO_AWAIT(nap, NULL, .ms = 500);
    CO_END;
}

/* Takes first, naps ms, then takes second. */
struct taker { co_frame co; co_mutex *first, *second; int ms; };
CO_ASYNC(taker, void)
{
    CO_BEGIN(taker, self);
    CO_AWAIT(self->first);
    CO_AWAIT(nap, NULL, .ms = self->ms);
    if (self->second) {
        CO_AWAIT(self->second);
        co_mutex_unlock(self->second);
    }
    co_mutex_unlock(self->first);
    CO_END;
}

struct text { char b[4096]; size_t n; };
static void to_text(void *arg, const char *s, size_t n)
{
    struct text *t = arg;
    if (t->n + n < sizeof t->b) {
        memcpy(t->b + t->n, s, n);
        t->n += n;
        t->b[t->n] = 0;
    }
}

static void test_dump_states(void)
{
    _Alignas(8) static unsigned char b1[256], b2[256], b3[256];
    static co_context c1, c2, c3;
    co_context_init(&c1, b1, sizeof b1);
    co_context_init(&c2, b2, sizeof b2);
    co_context_init(&c3, b3, sizeof b3);
    co_context_set_name(&c1, "sleeper");
    co_context_set_name(&c2, "alice");
    co_context_set_name(&c3, "bob");
    co_host_clock_simulated(0);
    static co_sched s;
    co_sched_init(&s);
    CHECK_EQ(CO_SPAWN(&s, &c1, NULL, sleeper, NULL), 0);
    CHECK_EQ(CO_SPAWN(&s, &c2, NULL, taker, NULL, .first = &lock_a, .second = &lock_b, .ms = 1), 0);
    CHECK_EQ(CO_SPAWN(&s, &c3, NULL, taker, NULL, .first = &lock_b, .ms = 300), 0);
#if CO_CONFIG_PRIORITIES > 2
    CHECK_EQ(co_set_priority(&c2, 2), 0); /* alice waits for bob's lock: bob runs at 2 */
#endif
    CHECK_EQ(co_sched_run_until(&s, co_time_add(0, co_ms(100))), CO_ETIMEDOUT);

    static struct text t;
    t.n = 0;
    co_dump(&s, to_text, &t);
    printf("%s", t.b);
    CHECK_TRUE(strstr(t.b, "costack: 3 task(s)") != NULL);
    CHECK_TRUE(strstr(t.b, "sleeper: time, deadline 500000 (now 100000)") != NULL);
    CHECK_TRUE(strstr(t.b, "alice: sync on mutex ") != NULL);
    CHECK_TRUE(strstr(t.b, " owned by bob") != NULL);
#if CO_CONFIG_OBJECT_NAMES /* by name; else by address */
    CHECK_TRUE(strstr(t.b, "alice: sync on mutex lock_b owned by bob") != NULL);
#else
    CHECK_TRUE(strstr(t.b, "alice: sync on mutex 0x") != NULL);
#endif
#if CO_CONFIG_PRIORITIES > 2
    CHECK_TRUE(strstr(t.b, "bob: time, priority 2 (inherited, own 0), deadline 300000 (now 100000)") != NULL);
    CHECK_TRUE(strstr(t.b, "alice: sync on mutex ") != NULL && strstr(t.b, ", priority 2, ") != NULL);
#else
    CHECK_TRUE(strstr(t.b, "bob: time, deadline 300000 (now 100000)") != NULL);
#endif
    CHECK_TRUE(strstr(t.b, "deadlock: ") == NULL);
#if CO_CONFIG_FN_NAMES
    CHECK_TRUE(strstr(t.b, "    #0 nap\n    #1 sleeper\n") != NULL);
    CHECK_TRUE(strstr(t.b, "    #0 taker\n") != NULL);
#else
    char want[64];
    snprintf(want, sizeof want, "    #0 %p\n", (void *)(uintptr_t)nap);
    CHECK_TRUE(strstr(t.b, want) != NULL);
#endif
    size_t used = CO__SLOT(sizeof(struct sleeper)) + CO__SLOT(sizeof(struct nap));
    char fig[64];
    snprintf(fig, sizeof fig, "buffer %zu/%zu/256 used/high/cap", used,
             CO_CONFIG_HIGH_WATER ? used : 0);
    CHECK_TRUE(strstr(t.b, fig) != NULL);
}

TEST_MAIN(TEST_CASE(test_dump_states))
