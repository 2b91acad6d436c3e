/* costack.h - cooperative concurrency for microcontrollers, frames on a
 * per-task buffer, memory proven at build time. The one header to include. */
#ifndef COSTACK_H
#define COSTACK_H

#include "costack/config.h"
#include "costack/error.h"
#include "costack/time.h"
#include "costack/context.h"
#include "costack/async.h"
#include "costack/iface.h"
#include "costack/task.h"
#include "costack/port.h"
#include "costack/sched.h"
#include "costack/sync.h"
#include "costack/io.h"
#include "costack/mutex.h"
#include "costack/sem.h"
#include "costack/event.h"
#include "costack/chan.h"
#include "costack/join.h"

#endif /* COSTACK_H */
