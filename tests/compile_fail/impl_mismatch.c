/* Must not compile: an implementation whose result type differs from its
 * interface's. */
#include <costack.h>

struct op { co_frame co; int arg; };
CO_INTERFACE(op, int);

struct impl { struct op args; };
#ifdef CO_TEST_OK
CO_ASYNC(impl, int)
#else
CO_ASYNC(impl, short)
#endif
{
    CO_BEGIN(impl, self);
    CO_RETURN(1);
    CO_END;
}
CO_IMPLEMENT(op, impl);
