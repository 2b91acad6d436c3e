/* costack/trace.h - a timeline of every task's life, without a heap.
 *
 * The tracer listens to every state transition (co_set_listener) and stores
 * 16-byte events, stamped with the port clock, in a caller-owned ring
 * (overwrite-oldest or stop-when-full) or hands each one to a sink function
 * at once (host: write to a file). co_trace_drain() emits a compact binary
 * stream (format below) that tools/trace/costack-trace turns into Chrome
 * trace-event JSON (Perfetto, chrome://tracing) and a self-contained SVG.
 * With CO_CONFIG_TRACE=0 every call here compiles to nothing.
 *
 * Stream (little-endian): header {u32 magic "CoTr", u32 version 2,
 * u32 tick_hz, u32 0}; events {u32 t_lo, u16 ctx id, u8 kind, u8 state,
 * u32 object, i32 value}; one CO_TRACE_END event whose value is the number
 * of name records that follow, each {u8 type, u8 length, u16 ctx id,
 * u32 address, bytes}: type 0 names context id (address: the context),
 * type 1 names the sync/io object at address (CO_CONFIG_OBJECT_NAMES),
 * type 2 (length 0) says context id is a join/select branch: address =
 * the parent's context id | the branch's index << 16. A context whose
 * memory later holds another branch (another parent or index) or a task
 * gets a new id. (Readers without type 2 reject such a stream.)
 * A CO_TRACE_CLOCK event (first, and whenever they change) carries the
 * upper 32 bits of the time for the events after it.
 *
 * Off the board through the console: co_trace_print() writes the stream
 * as text lines "costack-trace <offset> <hex bytes>" that may interleave
 * with other output; costack-trace reads the captured log directly.
 */
#ifndef COSTACK_TRACE_H
#define COSTACK_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include "context.h"
#include "cxx_open.h"

/* @@ CO_CONFIG_TRACE: 1 = the tracer exists (needs CO_CONFIG_LISTENER). */
#ifndef CO_CONFIG_TRACE
#define CO_CONFIG_TRACE CO_CONFIG_LISTENER
#endif
/* @@ CO_CONFIG_TRACE_CONTEXTS: how many contexts the tracer names (ids). */
#ifndef CO_CONFIG_TRACE_CONTEXTS
#define CO_CONFIG_TRACE_CONTEXTS 32
#endif
/* @@ CO_CONFIG_TRACE_OBJECTS: how many named sync/io objects the tracer
 * records names for (with CO_CONFIG_OBJECT_NAMES; more show as addresses). */
#ifndef CO_CONFIG_TRACE_OBJECTS
#define CO_CONFIG_TRACE_OBJECTS 16
#endif
#if CO_CONFIG_TRACE && !CO_CONFIG_LISTENER
#error "CO_CONFIG_TRACE needs CO_CONFIG_LISTENER"
#endif

/* Event kinds. */
enum co_trace_kind {
    CO_TRACE_START = 1, /* task started (state: ready) */
    CO_TRACE_RESUME,    /* ready -> running */
    CO_TRACE_BLOCK,     /* running -> state; object = what it waits on, value = deadline delta (time) */
    CO_TRACE_WAKE,      /* blocked -> ready; state = the state left, value = status */
    CO_TRACE_DONE,      /* finished; value = final status */
    CO_TRACE_CLOCK,     /* value = upper 32 bits of the time from here on */
    CO_TRACE_LOST,      /* value = events dropped (ring full, stop mode) */
    CO_TRACE_END,       /* value = name records that follow */
    CO_TRACE_REMOTE,    /* a wake posted by an ISR, thread or core, when posted;
                           ctx (or 0xFFFF and object = what the ISR gave) */
    CO_TRACE_USER = 16  /* first kind free for co_trace_mark() */
};

/* One event as stored (16 bytes). */
typedef struct co_trace_event {
    uint32_t t_lo;
    uint16_t ctx;
    uint8_t kind;
    uint8_t state;
    uint32_t object;
    int32_t value;
} co_trace_event;

/* Writes n bytes of the stream; returns 0 or a negative error. */
typedef int co_trace_write_fn(void *arg, const void *bytes, size_t n);

typedef enum co_trace_mode {
    CO_TRACE_OVERWRITE, /* ring keeps the newest events */
    CO_TRACE_STOP,      /* ring keeps the oldest, counts the rest as lost */
    CO_TRACE_STREAM     /* no ring: every event goes to the sink at once */
} co_trace_mode;

/* The tracer's state (caller-owned; one active at a time). */
typedef struct co_trace {
    co_trace_event *ring;
    uint32_t capacity, head, count, lost;
    uint32_t last_hi, base_hi; /* time's upper bits: newest, and of the oldest in the ring */
    uint8_t mode;
    co_trace_write_fn *sink;
    void *sink_arg;
    co_listener_fn *chained;
    const co_context *ids[CO_CONFIG_TRACE_CONTEXTS];
    const char *names[CO_CONFIG_TRACE_CONTEXTS];
    uint16_t parent[CO_CONFIG_TRACE_CONTEXTS]; /* a branch: its parent's id + 1; a task: 0 */
    uint8_t branch[CO_CONFIG_TRACE_CONTEXTS];  /* a branch: its index; bit 7: id retired */
#if CO_CONFIG_OBJECT_NAMES
    const void *objects[CO_CONFIG_TRACE_OBJECTS]; /* named objects waited on */
    const char *object_names[CO_CONFIG_TRACE_OBJECTS];
#endif
} co_trace;

/* Receives one complete text line (n bytes, ending in '\n'). */
typedef void co_trace_line_fn(void *arg, const char *line, size_t n);

/* A co_trace_write_fn adapter that prints the stream as text lines (see
 * co_trace_print()); offset counts the bytes written so far. */
typedef struct co_trace_text {
    co_trace_line_fn *line;
    void *arg;
    uint32_t offset;
} co_trace_text;

#if CO_CONFIG_TRACE
/* Starts tracing every transition into ring[capacity] (mode OVERWRITE or
 * STOP) or, for STREAM, straight to sink(arg, ...) after writing the
 * header. Chains to the listener installed before. Returns 0 or CO_EINVAL.
 * Never blocks (STREAM: as the sink); not ISR-safe (start-up). */
int co_trace_start(co_trace *tr, co_trace_mode mode, co_trace_event *ring, uint32_t capacity,
                   co_trace_write_fn *sink, void *arg);

/* Stops tracing and restores the previous listener; in STREAM mode writes
 * the end event and the names to the sink. Never blocks (STREAM: as the
 * sink); not ISR-safe. */
void co_trace_stop(co_trace *tr);

/* Writes the header, the ring's events (oldest first), the end event and
 * the names to sink, and empties the ring (ring modes only). Returns 0 or the sink's error. Blocks as the sink
 * does; not ISR-safe. */
int co_trace_drain(co_trace *tr, co_trace_write_fn *sink, void *arg);

/* Records a user marker event (kind, object, value) for ctx. Never blocks;
 * ISR-safe only when the runtime's critical section is held. */
void co_trace_mark(co_trace *tr, const co_context *ctx, uint8_t kind, const void *object, int32_t value);

/* Drains tr (as co_trace_drain) to a console: each piece of the stream
 * becomes lines "costack-trace OOOOOOOO HH..\n" (OOOOOOOO = byte offset
 * in the stream, 8 hex digits; then up to 32 bytes as hex), each handed
 * whole to line(arg, text, n), so other output may come between lines but
 * never inside one. `costack-trace run.log --json t.json` reads them from
 * the captured log. Returns 0 or CO_EINVAL. Blocks as line does; not
 * ISR-safe. */
int co_trace_print(co_trace *tr, co_trace_line_fn *line, void *arg);

/* The co_trace_write_fn behind co_trace_print(): writes n bytes as lines to
 * text->line, advancing text->offset. Always 0. Blocks as line does; not
 * ISR-safe. */
int co_trace_text_write(void *text, const void *bytes, size_t n);
#else
static inline int co_trace_start(co_trace *tr, co_trace_mode mode, co_trace_event *ring,
                                 uint32_t capacity, co_trace_write_fn *sink, void *arg)
{ (void)tr; (void)mode; (void)ring; (void)capacity; (void)sink; (void)arg; return 0; }
static inline void co_trace_stop(co_trace *tr) { (void)tr; }
static inline int co_trace_drain(co_trace *tr, co_trace_write_fn *sink, void *arg)
{ (void)tr; (void)sink; (void)arg; return 0; }
static inline void co_trace_mark(co_trace *tr, const co_context *ctx, uint8_t kind,
                                 const void *object, int32_t value)
{ (void)tr; (void)ctx; (void)kind; (void)object; (void)value; }
static inline int co_trace_print(co_trace *tr, co_trace_line_fn *line, void *arg)
{ (void)tr; (void)line; (void)arg; return 0; }
static inline int co_trace_text_write(void *text, const void *bytes, size_t n)
{ (void)text; (void)bytes; (void)n; return 0; }
#endif

#define CO_TRACE_MAGIC 0x72546F43u /* "CoTr" little-endian */

#include "cxx_close.h"
#endif /* COSTACK_TRACE_H */
