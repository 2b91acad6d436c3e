/* Cancellation and mutex ownership: a mutex handed to a waiter that is
 * cancelled before it runs is still its (the wait had ended), so nothing is
 * lost; a task that finishes while owning a mutex is reported. */
#include <costack.h>
#include <costack/mutex.h>
#include <costack/sched.h>
#include "costack_host.h"
#include "test.h"

static co_mutex m = CO_MUTEX_INIT;
static int got_lock, unlocked;

struct holder { co_frame co; int dummy; };
CO_ASYNC(holder, void)
{
    CO_BEGIN(holder, self);
    CO_AWAIT(&m);
    CO_YIELD(); /* the waiter queues up meanwhile */
    co_mutex_unlock(&m); /* hands over to the waiter */
    CO_END;
}

struct waiter { co_frame co; int status; };
CO_ASYNC(waiter, void)
{
    CO_BEGIN(waiter, self);
    CO_AWAIT_STATUS(self->status, &m);
    if (self->status == 0) {
        got_lock = 1;
        unlocked = co_mutex_unlock(&m) == 0;
    }
    CO_AWAIT(co_ms(1)); /* cancelled: this wait fails */
    CO_END;
}

static int last_contract;
static void note(int id, const char *text) { last_contract = id; (void)text; }

static void test_handoff_then_cancel(void)
{
    _Alignas(8) static unsigned char b1[128], b2[128];
    static co_context h, w;
    static co_sched s;
    co_context_init(&h, b1, sizeof b1);
    co_context_init(&w, b2, sizeof b2);
    co_host_clock_simulated(0);
    co_sched_init(&s);
    co_future fw;
    CHECK_EQ(CO_SPAWN(&s, &h, NULL, holder, NULL), 0);
    CHECK_EQ(CO_SPAWN(&s, &w, &fw, waiter, NULL), 0);
    co_sched_poll(&s); /* holder locks and yields; waiter blocks on m */
    CHECK_EQ(co_state_of(&w), CO_STATE_SYNC);
    CHECK_EQ(co_sched_poll(&s), 1); /* holder unlocks: m handed to the waiter */
    CHECK_EQ(co_state_of(&w), CO_STATE_READY);
    CHECK_PTR(m.owner, &w);
    CHECK_EQ(co_cancel(&w), 0);
    co_contract_fn *old = co_set_contract_handler(note);
    last_contract = 0;
    CHECK_EQ(co_sched_run(&s), 0);
    co_set_contract_handler(old);
    CHECK_EQ(got_lock, 1);  /* the ended wait kept its result */
    CHECK_EQ(unlocked, 1);
    CHECK_PTR(m.owner, NULL);
    CHECK_EQ(co_future_status(&fw), CO_ECANCELED); /* the next wait failed */
    CHECK_EQ(last_contract, 0);
}

struct keeper { co_frame co; int dummy; };
CO_ASYNC(keeper, void)
{
    CO_BEGIN(keeper, self);
    CO_AWAIT(&m); /* and never unlocks */
    CO_END;
}

static void test_finish_holding_is_reported(void)
{
    _Alignas(8) static unsigned char b[128];
    static co_context k;
    static co_sched s;
    co_context_init(&k, b, sizeof b);
    co_sched_init(&s);
    co_contract_fn *old = co_set_contract_handler(note);
    last_contract = 0;
    CHECK_EQ(CO_SPAWN(&s, &k, NULL, keeper, NULL), 0);
    CHECK_EQ(co_sched_run(&s), 0);
    co_set_contract_handler(old);
    CHECK_EQ(last_contract, CO_CONTRACT_DONE_HOLDING_MUTEX);
    m.owner = NULL; /* repair for later tests */
}

TEST_MAIN(TEST_CASE(test_handoff_then_cancel), TEST_CASE(test_finish_holding_is_reported))
