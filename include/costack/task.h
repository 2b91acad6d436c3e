/* costack/task.h - starting tasks and defining them statically. */
#ifndef COSTACK_TASK_H
#define COSTACK_TASK_H

#include "async.h"
#include "cxx_open.h"

/* Starts async function fn as the task of ctx: pushes its root frame with
 * the designated initialisers given, sets *future pending, makes ctx ready
 * (nothing runs until co_resume). Its result lands in *resp (NULL discards).
 * Returns 0, CO_EBUSY when ctx still has a task, CO_ENOMEM when the root
 * frame does not fit. Never blocks; not ISR-safe.
 *   CO_START(&ctx, &future, sensor_loop, NULL, .period_ms = 100);
 * future may be NULL when nobody waits for the status. */
#define CO_START(ctx, future, ...) CO__START(ctx, future, __VA_ARGS__, )
#ifdef __cplusplus
#define CO__START(ctx, future, fn, resp, ...)                                  \
    ([] {                                                                      \
         CO__CHECK_RESULT(co__rt_##fn, resp, #fn);                             \
         CO__CHECK_FRAME(co__fr_##fn, #fn);                                    \
     }(),                                                                      \
     co__start((ctx), (future), fn, (void *)(resp),                            \
               co__frame_of([&]() -> co__fr_##fn {                            \
                   CO__PARTIAL_INIT_BEGIN                                      \
                   return co__fr_##fn{.co = {fn, NULL, NULL, 0}, __VA_ARGS__}; \
                   CO__PARTIAL_INIT_END                                        \
               }()),                                                           \
               sizeof(struct fn), alignof(struct fn)))
#else
#define CO__START(ctx, future, fn, resp, ...)                                  \
    (co__start_check(sizeof(struct {                                           \
         int co__ok;                                                           \
         CO__CHECK_RESULT(co__rt_##fn, resp, #fn);                             \
         CO__CHECK_FRAME(struct fn, #fn);                                      \
     })),                                                                      \
     co__start((ctx), (future), fn, (void *)(resp),                            \
               &(struct fn){.co = {fn, NULL, NULL, 0}, __VA_ARGS__}.co,        \
               sizeof(struct fn), _Alignof(struct fn)))
#endif

static inline int co__start_check(size_t n) { (void)n; return 0; }

int co__start(co_context *ctx, co_future *future, co_fn *fn, void *result,
              const co_frame *init, size_t size, size_t align);

/* Defines a statically allocated task: a context named name over an
 * aligned bytes-sized buffer, bound to entry, with a record the analyser
 * checks. Start it with CO_START(&name, ...). At file scope. */
#define CO_TASK(name, entry, bytes)                                            \
    CO__ALIGNAS(CO_CONFIG_FRAME_ALIGN) static unsigned char name##__co_buf[(bytes)]; \
    CO__REC_TASK(name, name##__co_buf, entry)                                  \
    CO__PARTIAL_INIT_BEGIN                                                     \
    co_context name = CO_CONTEXT_INIT(name##__co_buf, (bytes), entry, #name); \
    CO__PARTIAL_INIT_END                                                       \
    CO__STATIC_ASSERT((bytes) > 0, "the buffer of task " #name " is empty")

#include "cxx_close.h"
#endif /* COSTACK_TASK_H */
