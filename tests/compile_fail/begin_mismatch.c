/* Must not compile: CO_BEGIN names another function than its CO_ASYNC. */
#include <costack.h>

struct first { co_frame co; int x; };
struct second { co_frame co; int x; };
CO_ASYNC(second, void)
{
#ifdef CO_TEST_OK
    CO_BEGIN(second, self);
#else
    CO_BEGIN(first, self);
#endif
    self->x = 1;
    CO_END;
}
