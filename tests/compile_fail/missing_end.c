/* Must not compile: an async body without CO_END (followed by another
 * async function, as in most files). */
#include <costack.h>

struct first { co_frame co; int x; };
CO_ASYNC(first, void)
{
    CO_BEGIN(first, self);
    CO_AWAIT(co_ms(1));
    self->x = 1;
#ifdef CO_TEST_OK
    CO_END;
#endif
}

struct second { co_frame co; int x; };
CO_ASYNC(second, void)
{
    CO_BEGIN(second, self);
    self->x = 2;
    CO_END;
}
