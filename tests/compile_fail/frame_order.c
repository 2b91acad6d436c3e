/* Must not compile: "co_frame co;" is not the first member of the frame. */
#include <costack.h>

#ifdef CO_TEST_OK
struct child { co_frame co; int x; };
#else
struct child { int x; co_frame co; };
#endif
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
    CO_AWAIT(child, &self->v);
    CO_END;
}
