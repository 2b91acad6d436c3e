/* Smallest user program: one async function, run to completion. */
#include <costack.h>

struct answer { co_frame co; int base; };
CO_ASYNC(answer, int)
{
    CO_BEGIN(answer, self);
    CO_YIELD();
    CO_RETURN(self->base + 2);
    CO_END;
}

int main(void)
{
    _Alignas(8) static unsigned char buf[64];
    co_context ctx;
    co_context_init(&ctx, buf, sizeof buf);
    co_future f;
    int out = 0;
    if (CO_START(&ctx, &f, answer, &out, .base = 40) != 0)
        return 1;
    while (co_resume(&ctx) != CO_STATE_DONE) {
    }
    return co_future_status(&f) == 0 && out == 42 ? 0 : 1;
}
