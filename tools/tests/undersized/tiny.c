/* Two frames: 40 + 48 = 88 bytes on 64-bit hosts; the task gets TINY_BYTES. */
#include <costack.h>

struct inner { co_frame co; int x; };
CO_ASYNC(inner, int)
{
    CO_BEGIN(inner, self);
    CO_YIELD();
    CO_RETURN(self->x);
    CO_END;
}

struct outer { co_frame co; int r; char name[12]; };
CO_ASYNC(outer, void)
{
    CO_BEGIN(outer, self);
    CO_AWAIT(inner, &self->r, .x = 3);
    CO_END;
}

CO_TASK(tiny, outer, TINY_BYTES);

int main(void)
{
    if (CO_START(&tiny, NULL, outer, NULL))
        return 1;
    while (co_resume(&tiny) != CO_STATE_DONE) {
    }
    return 0;
}
