/* bench/memprobe.c - sizes of the library's objects for any target, read
 * from symbol sizes of the compiled object (readelf -s): nothing runs.
 * Each probe_<what> array is exactly sizeof(<what>) bytes. */
#include <costack.h>

#define PROBE(what, T) unsigned char probe_##what[sizeof(T)];

PROBE(context, co_context)
PROBE(frame, co_frame)
PROBE(future, co_future)

#ifdef __has_include
#if __has_include(<costack/sched.h>) && __has_include(<costack/chan.h>)
#include <costack/sched.h>
#include <costack/mutex.h>
#include <costack/sem.h>
#include <costack/event.h>
#include <costack/chan.h>
PROBE(sched, co_sched)
PROBE(mutex, co_mutex)
PROBE(sem, co_sem)
PROBE(event, co_event)
PROBE(chan_overhead, co_chan) /* the elements live in caller storage */
#endif
#endif
