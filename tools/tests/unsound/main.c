/* Links the unsound inputs of issue 14 (items 1-3) into one program each;
 * the tests expect costack-size to fail on every one of them. */
#include <costack.h>

#ifdef UNSOUND_DUP
extern co_context small_task, big_task, other_task;
#define TASKS {&small_task, &big_task, &other_task}
#endif

#ifdef UNSOUND_IFACE
extern co_context vtable_task;
#define TASKS {&vtable_task}
#endif

#ifdef UNSOUND_ALIGN
extern co_context align_task;
#define TASKS {&align_task}
#endif

int main(void)
{
    co_context *tasks[] = TASKS;
    unsigned n = 0;
    for (unsigned i = 0; i < sizeof tasks / sizeof tasks[0]; i++)
        n += tasks[i]->state;
    return (int)(n & 1);
}
