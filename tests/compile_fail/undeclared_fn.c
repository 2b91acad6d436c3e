/* Must not compile: awaiting a misspelt async function. The first error
 * names it at this line; the output stays short. */
#include <costack.h>

struct child { co_frame co; int x; };
CO_ASYNC(child, int)
{
    CO_BEGIN(child, self);
    CO_RETURN(self->x);
    CO_END;
}

struct parent { co_frame co; int v; };
CO_ASYNC(parent, void)
{
    CO_BEGIN(parent, self);
#ifdef CO_TEST_OK
    CO_AWAIT(child, &self->v, .x = 1);
#else
    CO_AWAIT(chlid, &self->v, .x = 1);
#endif
    CO_END;
}
