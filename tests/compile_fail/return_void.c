/* Must not compile: CO_RETURN(v) in an async function whose result type is
 * void. */
#include <costack.h>

struct job { co_frame co; int x; };
CO_ASYNC(job, void)
{
    CO_BEGIN(job, self);
#ifdef CO_TEST_OK
    CO_RETURN_VOID();
#else
    CO_RETURN(self->x);
#endif
    CO_END;
}
