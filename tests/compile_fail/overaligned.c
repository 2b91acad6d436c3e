/* Must not compile: a frame that needs more than CO_CONFIG_FRAME_ALIGN. */
#include <costack.h>

struct wide {
    co_frame co;
#ifdef CO_TEST_OK
    _Alignas(CO_CONFIG_FRAME_ALIGN) unsigned char v[16];
#else
    _Alignas(4 * CO_CONFIG_FRAME_ALIGN) unsigned char v[16];
#endif
};
CO_ASYNC(wide, void)
{
    CO_BEGIN(wide, self);
    CO_END;
}

struct caller { co_frame co; int dummy; };
CO_ASYNC(caller, void)
{
    CO_BEGIN(caller, self);
    CO_AWAIT(wide, NULL);
    CO_END;
}
