/* The objects and tasks a C file and a C++ file share on one scheduler. */
#ifndef MIXED_H
#define MIXED_H
#include <costack.h>

#ifdef __cplusplus
extern "C" {
#endif
extern co_mutex shared_lock; /* both languages take it around the log */
extern co_chan shared_chan;  /* C++ sends, C receives */
extern int shared_log[16];
extern int shared_n;
extern co_context c_task;    /* defined in C (CO_TASK) */
/* Starts the C task (its CO_START sits in C). */
int start_c_task(co_future *f, int *sum);
#ifdef __cplusplus
}
#endif

#endif
