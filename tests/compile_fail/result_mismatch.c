/* Must not compile: the result pointer's type differs from the callee's
 * result type. With -DCO_TEST_OK it must compile (the control). */
#include <costack.h>

struct child { co_frame co; int x; };
CO_ASYNC(child, int)
{
    CO_BEGIN(child, self);
    CO_RETURN(self->x);
    CO_END;
}

struct parent { co_frame co; int ok; unsigned char wrong; };
CO_ASYNC(parent, void)
{
    CO_BEGIN(parent, self);
#ifdef CO_TEST_OK
    CO_AWAIT(child, &self->ok, .x = 1);
#else
    CO_AWAIT(child, &self->wrong, .x = 1);
#endif
    CO_END;
}
