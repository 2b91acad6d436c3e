/* Must not compile: awaiting an async function named without a result
 * pointer. */
#include <costack.h>

struct child { co_frame co; int x; };
CO_ASYNC(child, void)
{
    CO_BEGIN(child, self);
    self->x++;
    CO_END;
}

struct parent { co_frame co; int v; };
CO_ASYNC(parent, void)
{
    CO_BEGIN(parent, self);
#ifdef CO_TEST_OK
    CO_AWAIT(child, NULL);
#else
    CO_AWAIT(child);
#endif
    CO_END;
}
