// Must not compile (C++): a frame struct with a member that has a
// destructor; frames are copied into the task buffer and never destroyed.
#include <costack.h>

struct handle {
    int fd;
#ifndef CO_TEST_OK
    ~handle() { fd = -1; }
#endif
};

struct child { co_frame co; handle h; };
CO_ASYNC(child, void)
{
    CO_BEGIN(child, self);
    self->h.fd = 1;
    CO_END;
}

struct parent { co_frame co; int x; };
CO_ASYNC(parent, void)
{
    CO_BEGIN(parent, self);
    self->x = 0;
    CO_AWAIT(child, NULL);
    CO_END;
}
