/* Must not compile: CO_START with a result pointer of the wrong type. */
#include <costack.h>

struct job { co_frame co; int x; };
CO_ASYNC(job, long)
{
    CO_BEGIN(job, self);
    CO_RETURN(self->x);
    CO_END;
}

int start(co_context *ctx, co_future *f);
int start(co_context *ctx, co_future *f)
{
#ifdef CO_TEST_OK
    static long out;
#else
    static int out;
#endif
    return CO_START(ctx, f, job, &out, .x = 2);
}
