/* An await inside a switch statement of the async function's own body:
 * on the computed-goto back-end it works; on the portable switch back-end
 * the resume point is lost, which must fail contract RESUME_LOST (19) and
 * complete the frame with CO_EINVAL, never finish silently with status 0
 * and the rest of the body skipped. */
#include <costack.h>
#include "test.h"

static int reported, after_switch;

static void on_contract(int id, const char *text)
{
    (void)text;
    reported = id;
}

struct picker { co_frame co; int which; };
CO_ASYNC(picker, int)
{
    CO_BEGIN(picker, self);
    switch (self->which) {
    case 1000:
        CO_YIELD(); /* the switch back-end's resume label lands in this switch */
        break;
    default:
        break;
    }
    after_switch = 1;
    CO_RETURN(7);
    CO_END;
}

static _Alignas(8) unsigned char buf[128];

static void test_await_in_switch(void)
{
    co_context ctx;
    co_future fut;
    int r = 0;
    co_context_init(&ctx, buf, sizeof buf);
    co_contract_fn *old = co_set_contract_handler(on_contract);
    CHECK_INT(==, CO_START(&ctx, &fut, picker, &r, .which = 1000), 0);
    while (co_resume(&ctx) != CO_STATE_DONE) {
    }
    co_set_contract_handler(old);
#if CO_CONFIG_RESUME_GOTO
    CHECK_INT(==, reported, 0);
    CHECK_INT(==, co_future_status(&fut), 0);
    CHECK_INT(==, after_switch, 1);
    CHECK_INT(==, r, 7);
#else
    CHECK_INT(==, reported, CO_CONTRACT_RESUME_LOST);
    CHECK_INT(==, co_future_status(&fut), CO_EINVAL);
    CHECK_INT(==, after_switch, 0);
    CHECK_INT(==, r, 0);
#endif
}

int main(void)
{
    test_await_in_switch();
    printf("%s\n", test_failures ? "FAIL" : "ok");
    return test_failures ? 1 : 0;
}
