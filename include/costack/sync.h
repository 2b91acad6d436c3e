/* costack/sync.h - what every sync object shares: a FIFO of waiting
 * contexts (intrusive, one link in ctx->sched_link; a timeout or cancel
 * walks that object's queue to unlink). Include mutex.h, sem.h, event.h or chan.h. */
#ifndef COSTACK_SYNC_H
#define COSTACK_SYNC_H

#include "sched.h"
#include "cxx_open.h"

/* co__waitq is declared in sched.h (the ready queues are the same FIFO). */

#include "cxx_close.h"
#endif /* COSTACK_SYNC_H */
