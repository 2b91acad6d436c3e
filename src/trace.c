/* src/trace.c - the transition tracer and its binary stream. */
#include "co_impl.h"
#include "costack/trace.h"
#include "sched_impl.h"
#include "costack/join.h"
#include "join_weak.h"

#if CO_CONFIG_TRACE
/* Out of line under its own name (the library's annotations name it). */
#if defined(__clang__)
#define OUT_OF_LINE __attribute__((noinline))
#else
#define OUT_OF_LINE __attribute__((noinline, noclone))
#endif


static co_trace *active;

enum { RETIRED = 0x80 };

/* ctx's id (its newest, not retired one), or a new one (*fresh). */
static uint16_t lookup(co_trace *tr, const co_context *ctx, bool *fresh)
{
    *fresh = false;
    for (uint16_t i = 0; i < CO_CONFIG_TRACE_CONTEXTS; i++) {
        if (tr->ids[i] == ctx && !(tr->branch[i] & RETIRED))
            return i;
        if (!tr->ids[i]) {
            tr->ids[i] = ctx;
            tr->names[i] = co_context_name(ctx);
            *fresh = true;
            return i;
        }
    }
    return UINT16_MAX; /* more contexts than ids: shown as "other" */
}

static uint16_t id_of(co_trace *tr, const co_context *ctx)
{
    bool fresh;
    return ctx ? lookup(tr, ctx, &fresh) : UINT16_MAX;
}

/* The id of ctx starting: a join/select branch is recorded under its
 * parent (and index); when ctx's memory held another branch or a task
 * before, that id is retired and ctx gets a new one (its own lane). */
static OUT_OF_LINE uint16_t start_id(co_trace *tr, const co_context *ctx)
{
    const co_context *p = CO__BRANCH_PARENT(ctx);
    uint16_t pid = p ? id_of(tr, p) : UINT16_MAX;
    int index = p ? CO__BRANCH_INDEX(ctx) : 0;
    uint16_t want = pid == UINT16_MAX ? 0 : (uint16_t)(pid + 1);
    uint8_t idx = (uint8_t)(index < 0 ? 0 : index & 0x7F);
    bool fresh;
    uint16_t id = lookup(tr, ctx, &fresh);
    if (id == UINT16_MAX || (!fresh && tr->parent[id] == want && tr->branch[id] == idx))
        return id;
    if (!fresh) {
        tr->branch[id] |= RETIRED;
        id = lookup(tr, ctx, &fresh);
        if (id == UINT16_MAX)
            return id;
    }
    tr->parent[id] = want;
    tr->branch[id] = idx;
    return id;
}

static void put_le32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void encode(unsigned char out[16], const co_trace_event *e)
{
    put_le32(out, e->t_lo);
    out[4] = (unsigned char)e->ctx;
    out[5] = (unsigned char)(e->ctx >> 8);
    out[6] = e->kind;
    out[7] = e->state;
    put_le32(out + 8, e->object);
    put_le32(out + 12, (uint32_t)e->value);
}

static void store(co_trace *tr, const co_trace_event *e)
{
    if (tr->mode == CO_TRACE_STREAM) {
        unsigned char b[16];
        encode(b, e);
        if (tr->sink(tr->sink_arg, b, sizeof b) < 0)
            tr->lost++;
        return;
    }
    if (tr->count == tr->capacity) {
        if (tr->mode == CO_TRACE_STOP) {
            tr->lost++;
            return;
        }
        const co_trace_event *old = &tr->ring[tr->head]; /* drop the oldest */
        if (old->kind == CO_TRACE_CLOCK)
            tr->base_hi = (uint32_t)old->value;
        tr->head = (tr->head + 1) % tr->capacity;
        tr->count--;
    }
    tr->ring[(tr->head + tr->count) % tr->capacity] = *e;
    tr->count++;
}

static int32_t clamp32(int64_t v)
{
    return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
}

/* Stores one event stamped now; with a deadline (not CO_TIME_NEVER) the
 * value is the time left until it, from the same clock reading. */
static void emit_until(co_trace *tr, uint16_t id, uint8_t kind, uint8_t state,
                       const void *object, int32_t value, co_time deadline)
{
    co_port_irq s = co_port_critical_enter();
    co_time now = co_port_now();
    if (deadline != CO_TIME_NEVER)
        value = clamp32(deadline > now ? (int64_t)(deadline - now) : 0);
    uint32_t hi = (uint32_t)(now >> 32);
    if (hi != tr->last_hi) {
        co_trace_event c = {(uint32_t)now, UINT16_MAX, CO_TRACE_CLOCK, 0, 0, (int32_t)hi};
        tr->last_hi = hi;
        store(tr, &c);
    }
    co_trace_event e = {(uint32_t)now, id, kind, state, (uint32_t)(uintptr_t)object, value};
    store(tr, &e);
    co_port_critical_exit(s);
}

static void emit(co_trace *tr, uint16_t id, uint8_t kind, uint8_t state, const void *object,
                 int32_t value)
{
    emit_until(tr, id, kind, state, object, value, CO_TIME_NEVER);
}

#if CO_CONFIG_OBJECT_NAMES
/* Does ctx await a join/select (its branches' parent)? */
static bool joins(const co_context *ctx)
{
    return &co__join_ops != NULL && ctx->wait.ops == &co__join_ops;
}

/* The name of what ctx waits on: a named sync/io object's, or the kind of
 * join it awaits (its branches' parent lane shows "sync on select"). */
static const char *wait_name(const co_context *ctx)
{
    const char *name = co__object_name(ctx);
    if (!name && joins(ctx)) {
        static const char *const kinds[] = {"join", "select", "timeout"};
        const co__join *j = (const co__join *)ctx->wait.object;
        name = j->kind < 3 ? kinds[j->kind] : "join";
    }
    return name;
}
#endif

/* Remembers the name of the named object ctx starts to wait on. */
static void note_object(co_trace *tr, const co_context *ctx)
{
#if CO_CONFIG_OBJECT_NAMES
    const char *name = wait_name(ctx);
    if (!name)
        return;
    for (uint32_t i = 0; i < CO_CONFIG_TRACE_OBJECTS; i++) {
        if (tr->objects[i] == ctx->wait.object) {
            if (joins(ctx) && tr->object_names[i] != name)
                tr->object_names[i] = "join/select"; /* one address, awaits of two kinds */
            return;
        }
        if (!tr->objects[i]) {
            tr->objects[i] = ctx->wait.object;
            tr->object_names[i] = name;
            return;
        }
    }
#else
    (void)tr;
    (void)ctx;
#endif
}

static void on_transition(co_context *ctx, co_state from, co_state to)
{
    co_trace *tr = active;
    if (!tr)
        return;
    if (from == CO_STATE_DONE && to == CO_STATE_READY)
        emit(tr, start_id(tr, ctx), CO_TRACE_START, (uint8_t)to, NULL, 0);
    else if (to == CO_STATE_RUNNING)
        emit(tr, id_of(tr, ctx), CO_TRACE_RESUME, (uint8_t)to, NULL, 0);
    else if (to == CO_STATE_DONE)
        emit(tr, id_of(tr, ctx), CO_TRACE_DONE, (uint8_t)to, NULL, ctx->rc);
    else if (from == CO_STATE_RUNNING) {
        note_object(tr, ctx);
        emit_until(tr, id_of(tr, ctx), CO_TRACE_BLOCK, (uint8_t)to, ctx->wait.object, 0,
                   ctx->wait.deadline);
    } else if (to == CO_STATE_READY)
        emit(tr, id_of(tr, ctx), CO_TRACE_WAKE, (uint8_t)from, NULL, ctx->rc);
    if (tr->chained)
        tr->chained(ctx, from, to);
}

static void header(unsigned char h[16])
{
    put_le32(h, CO_TRACE_MAGIC);
    put_le32(h + 4, 2);
    put_le32(h + 8, CO_CONFIG_TICK_HZ);
    put_le32(h + 12, 0);
}

static int write_event(co_trace_write_fn *sink, void *arg, const co_trace_event *e)
{
    unsigned char b[16];
    encode(b, e);
    return sink(arg, b, sizeof b);
}

/* One name record: {type, length, id, address, bytes}. */
static int write_name(co_trace_write_fn *sink, void *arg, uint8_t type, uint32_t id,
                      uint32_t addr, const char *name)
{
    size_t len = 0;
    while (name && name[len] && len < 255)
        len++;
    unsigned char h[8] = {type, (unsigned char)len, (unsigned char)id, (unsigned char)(id >> 8)};
    put_le32(h + 4, addr);
    int rc = sink(arg, h, sizeof h);
    if (rc >= 0 && len)
        rc = sink(arg, name, len);
    return rc;
}

/* The end event and the name records: contexts, then named objects, then
 * which contexts are branches of which. */
static int write_names(co_trace *tr, co_trace_write_fn *sink, void *arg)
{
    uint32_t n = 0, k = 0, b = 0;
    while (n < CO_CONFIG_TRACE_CONTEXTS && tr->ids[n])
        b += tr->parent[n++] != 0;
#if CO_CONFIG_OBJECT_NAMES
    while (k < CO_CONFIG_TRACE_OBJECTS && tr->objects[k])
        k++;
#endif
    co_trace_event end = {(uint32_t)co_port_now(), UINT16_MAX, CO_TRACE_END, 0, 0, (int32_t)(n + k + b)};
    int rc = write_event(sink, arg, &end);
    for (uint32_t i = 0; rc >= 0 && i < n; i++)
        rc = write_name(sink, arg, 0, i, (uint32_t)(uintptr_t)tr->ids[i], tr->names[i]);
#if CO_CONFIG_OBJECT_NAMES
    for (uint32_t i = 0; rc >= 0 && i < k; i++)
        rc = write_name(sink, arg, 1, 0, (uint32_t)(uintptr_t)tr->objects[i], tr->object_names[i]);
#endif
    for (uint32_t i = 0; rc >= 0 && i < n; i++)
        if (tr->parent[i])
            rc = write_name(sink, arg, 2, i,
                            (uint32_t)(tr->parent[i] - 1u) | (uint32_t)(tr->branch[i] & 0x7Fu) << 16,
                            NULL);
    return rc;
}

/* Wakes posted from ISRs, other threads or cores, when they are posted. */
static void on_remote(const co_context *ctx, const void *object)
{
    if (active)
        emit(active, id_of(active, ctx), CO_TRACE_REMOTE, 0, object, 0);
}

int co_trace_start(co_trace *tr, co_trace_mode mode, co_trace_event *ring, uint32_t capacity,
                   co_trace_write_fn *sink, void *arg)
{
    if (!CO__REQUIRE(tr != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    if ((mode == CO_TRACE_STREAM ? !sink : (!ring || capacity == 0)) || active)
        return CO_EINVAL;
    co_trace empty = {0};
    *tr = empty;
    tr->mode = (uint8_t)mode;
    tr->ring = ring;
    tr->capacity = capacity;
    tr->sink = sink;
    tr->sink_arg = arg;
    tr->last_hi = tr->base_hi = (uint32_t)(co_port_now() >> 32);
    if (mode == CO_TRACE_STREAM) {
        unsigned char h[16];
        header(h);
        int rc = sink(arg, h, sizeof h);
        co_trace_event c = {(uint32_t)co_port_now(), UINT16_MAX, CO_TRACE_CLOCK, 0, 0,
                            (int32_t)tr->last_hi};
        if (rc >= 0)
            rc = write_event(sink, arg, &c);
        if (rc < 0)
            return rc;
    }
    active = tr;
    tr->chained = co_set_listener(on_transition);
    atomic_store_explicit(&co__remote_hook, on_remote, memory_order_release);
    return 0;
}

void co_trace_stop(co_trace *tr)
{
    if (active != tr)
        return;
    co_set_listener(tr->chained);
    atomic_store_explicit(&co__remote_hook, (co__remote_hook_fn *)NULL, memory_order_release);
    active = NULL;
    if (tr->mode == CO_TRACE_STREAM)
        (void)write_names(tr, tr->sink, tr->sink_arg);
}

int co_trace_drain(co_trace *tr, co_trace_write_fn *sink, void *arg)
{
    if (!CO__REQUIRE(tr != NULL && sink != NULL, NULL_ARGUMENT))
        return CO_EINVAL;
    if (tr->mode == CO_TRACE_STREAM)
        return CO_EINVAL;
    unsigned char h[16];
    header(h);
    int rc = sink(arg, h, sizeof h);
    co_port_irq s = co_port_critical_enter();
    co_trace_event base = {0, UINT16_MAX, CO_TRACE_CLOCK, 0, 0, (int32_t)tr->base_hi};
    if (rc >= 0)
        rc = write_event(sink, arg, &base);
    for (uint32_t i = 0; rc >= 0 && i < tr->count; i++)
        rc = write_event(sink, arg, &tr->ring[(tr->head + i) % tr->capacity]);
    if (rc >= 0 && tr->lost) {
        co_trace_event l = {(uint32_t)co_port_now(), UINT16_MAX, CO_TRACE_LOST, 0, 0,
                            (int32_t)tr->lost};
        rc = write_event(sink, arg, &l);
    }
    if (rc >= 0)
        rc = write_names(tr, sink, arg);
    tr->head = tr->count = tr->lost = 0;
    tr->base_hi = tr->last_hi;
    co_port_critical_exit(s);
    return rc < 0 ? rc : 0;
}

void co_trace_mark(co_trace *tr, const co_context *ctx, uint8_t kind, const void *object, int32_t value)
{
    if (tr)
        emit(tr, id_of(tr, ctx), kind, 0, object, value);
}

static void hex(char *out, uint32_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--, v >>= 4)
        out[i] = "0123456789abcdef"[v & 15u];
}

int co_trace_text_write(void *text, const void *bytes, size_t n)
{
    co_trace_text *t = text;
    const unsigned char *b = bytes;
    static const char prefix[] = "costack-trace ";
    char line[sizeof prefix - 1 + 8 + 1 + 64 + 1];
    while (n) {
        size_t len = sizeof prefix - 1, take = n < 32 ? n : 32;
        for (size_t i = 0; i < len; i++)
            line[i] = prefix[i];
        hex(line + len, t->offset, 8);
        len += 8;
        line[len++] = ' ';
        for (size_t i = 0; i < take; i++, len += 2)
            hex(line + len, b[i], 2);
        line[len++] = '\n';
        t->line(t->arg, line, len);
        t->offset += (uint32_t)take;
        b += take;
        n -= take;
    }
    return 0;
}

int co_trace_print(co_trace *tr, co_trace_line_fn *line, void *arg)
{
    if (!line)
        return CO_EINVAL;
    co_trace_text t = {line, arg, 0};
    return co_trace_drain(tr, co_trace_text_write, &t);
}

#endif /* CO_CONFIG_TRACE */
