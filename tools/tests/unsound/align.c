/* Item 3 of issue 14: this unit is compiled with CO_CONFIG_FRAME_ALIGN=16
 * (the library with 8): its awaits push 16-byte slots, so a bound computed
 * with the library's 8 is short. Each FUNC record carries its unit's
 * settings; the check must fail on the mismatch. */
#include <costack.h>

struct inner { co_frame co; char pad[4]; };
CO_ASYNC(inner, void)
{
    CO_BEGIN(inner, self);
    CO_YIELD();
    CO_END;
}

struct outer16 { co_frame co; int r; };
CO_ASYNC(outer16, void)
{
    CO_BEGIN(outer16, self);
    CO_AWAIT(inner, NULL);
    CO_END;
}

CO_TASK(align_task, outer16, 80); /* the bound at align 8 */
