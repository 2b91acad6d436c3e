/* costack/sync.h - what every sync object shares: a FIFO of waiting
 * contexts (intrusive, in ctx->sched_link, O(1) unlink on timeout and
 * cancel). Include mutex.h, sem.h, event.h or chan.h. */
#ifndef COSTACK_SYNC_H
#define COSTACK_SYNC_H

#include "sched.h"
#include "cxx_open.h"

/* co__waitq is declared in sched.h (the ready queues are the same FIFO). */

#include "cxx_close.h"
#endif /* COSTACK_SYNC_H */
