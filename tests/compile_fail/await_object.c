/* Must not compile: awaiting a channel itself (not an operation on it). */
#include <costack.h>

static int store[4];
static co_chan ch = CO_CHAN_INIT(store, sizeof store[0], 4);

struct reader { co_frame co; int v; };
CO_ASYNC(reader, void)
{
    CO_BEGIN(reader, self);
#ifdef CO_TEST_OK
    CO_AWAIT(co_chan_recv(&ch, &self->v));
#else
    CO_AWAIT(&ch);
#endif
    CO_END;
}
