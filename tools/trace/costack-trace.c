/* costack-trace: converts a costack trace (include/costack/trace.h) into
 * Chrome trace-event JSON (Perfetto UI, chrome://tracing) and a
 * self-contained SVG timeline: one lane per task, coloured by state, and a
 * text listing. The branches of a join/select follow their parent task,
 * named parent/index (nested: parent/0/1): indented in the SVG and the
 * text, and in the JSON a task with branches and its branches form one
 * process (group) named after the task.
 *
 *   costack-trace INPUT [--elf firmware.elf] [--json out.json] [--svg out.svg]
 *                 [--text out.txt]
 *
 * INPUT: the binary stream (co_trace_drain to a file), or a captured
 * console log holding the lines co_trace_print() wrote (other output
 * between them is skipped; the last stream in the log is taken). Tasks and
 * sync/io objects show by name; without a name, with --elf, by the ELF
 * symbol at their address; else ctxN / the address.
 *
 * Exit status: 0 ok, 1 bad input, 2 usage or I/O error. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_input.h"

enum { K_START = 1, K_RESUME, K_BLOCK, K_WAKE, K_DONE, K_CLOCK, K_LOST, K_END, K_REMOTE };
enum { S_READY, S_TIME, S_IO, S_SYNC, S_EXTERNAL, S_RUNNING, S_DONE, S_COUNT };
static const char *const state_name[S_COUNT] = {"ready", "time", "io", "sync", "external", "running", "done"};
static const char *const state_colour[S_COUNT] = {"#f2c14e", "#5b8def", "#9b5de5", "#f15bb5",
                                                  "#00bbf9", "#2ec4b6", "#cccccc"};
#define MAX_LANES 65536u

struct segment { uint64_t t0, t1; uint8_t state; uint32_t object; int32_t value; };
struct lane {
    char name[256];
    int seen;
    uint64_t since;  /* start of the open segment */
    uint8_t state;   /* state of the open segment */
    uint32_t object; /* what it waits on in the open segment */
    int32_t value;
    struct segment *segs;
    size_t n, cap;
    uint64_t *remote;  /* times of wakes posted from ISRs/threads */
    size_t n_remote, cap_remote;
    int done;          /* finished: at done_t with done_status */
    uint64_t done_t;
    int32_t done_status;
    uint32_t addr;     /* the context's address (version 2), 0 unknown */
    uint32_t parent;   /* a join/select branch: its parent's id + 1; a task: 0 */
    uint32_t index;    /* a branch: its index in the join */
    uint32_t group;    /* JSON process: 1, or 2 + the id of a task with branches */
    int depth;         /* 0 a task, 1 its branch, 2 a branch's branch ... */
};

struct object { uint32_t addr; char name[256]; };

struct trace {
    uint32_t tick_hz;
    struct lane *lanes; /* indexed by ctx id */
    uint64_t t_first, t_last;
    uint32_t lost;
    struct object *objects; /* named sync/io objects */
    size_t n_objects;
    const struct elf_syms *syms; /* --elf, or NULL */
    uint32_t *order; /* the lanes seen: every task followed by its branches */
    uint32_t n_order;
};

/* Writes the name of the object at addr: its name record, else its ELF
 * symbol, else the address. */
static const char *object_name(const struct trace *tr, uint32_t addr, char *buf, size_t cap)
{
    for (size_t i = 0; i < tr->n_objects; i++)
        if (tr->objects[i].addr == addr)
            return tr->objects[i].name;
    if (tr->syms && elf_syms_lookup(tr->syms, addr, buf, cap) == 0)
        return buf;
    snprintf(buf, cap, "0x%08" PRIx32, addr);
    return buf;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int push(struct lane *l, uint64_t t1)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        struct segment *s = realloc(l->segs, cap * sizeof *s);
        if (!s)
            return -1;
        l->segs = s;
        l->cap = cap;
    }
    l->segs[l->n++] = (struct segment){l->since, t1, l->state, l->object, l->value};
    return 0;
}

/* Closes the lane's open segment at t and opens one in state. */
static int transition(struct lane *l, uint64_t t, uint8_t state, uint32_t object, int32_t value)
{
    if (l->seen && l->state != S_DONE && t >= l->since && push(l, t) < 0)
        return -1;
    l->seen = 1;
    l->since = t;
    l->state = state;
    l->object = object;
    l->value = value;
    return 0;
}

/* Appends lane i and (depth first, by id) the branches under it. */
static void order_from(struct trace *tr, uint32_t i, int depth, uint32_t group)
{
    struct lane *l = &tr->lanes[i];
    l->depth = depth;
    l->group = group;
    if (l->parent) { /* branches carry the parent's name: parent/index */
        uint32_t again = 1; /* the same place in a later await: parent/index (2) */
        for (uint32_t k = 0; k < i; k++)
            again += tr->lanes[k].parent == l->parent && tr->lanes[k].index == l->index;
        char name[sizeof l->name];
        if (again > 1)
            snprintf(name, sizeof name, "%.200s/%" PRIu32 " (%" PRIu32 ")",
                     tr->lanes[l->parent - 1].name, l->index, again);
        else
            snprintf(name, sizeof name, "%.200s/%" PRIu32, tr->lanes[l->parent - 1].name, l->index);
        memcpy(l->name, name, sizeof name);
    }
    if (l->seen)
        tr->order[tr->n_order++] = i;
    for (uint32_t k = 0; k < MAX_LANES; k++)
        if (tr->lanes[k].parent == i + 1 && k != i && depth < 64)
            order_from(tr, k, depth + 1, group);
}

/* Orders the lanes (tasks by id, each followed by its branches) and puts
 * every task that has branches, with them, in a group of its own. */
static int group_lanes(struct trace *tr, const char **err)
{
    tr->order = calloc(MAX_LANES, sizeof *tr->order);
    if (!tr->order) {
        *err = "out of memory";
        return -1;
    }
    char *has_branches = calloc(MAX_LANES, 1);
    if (!has_branches) {
        *err = "out of memory";
        return -1;
    }
    for (uint32_t i = 0; i < MAX_LANES; i++)
        if (tr->lanes[i].parent)
            has_branches[tr->lanes[i].parent - 1] = 1;
    for (uint32_t i = 0; i < MAX_LANES; i++) {
        const struct lane *l = &tr->lanes[i];
        uint32_t p = l->parent;
        if (p && p - 1 != i && (tr->lanes[p - 1].seen || has_branches[p - 1]))
            continue; /* listed under its parent */
        if (l->seen || has_branches[i])
            order_from(tr, i, 0, has_branches[i] ? i + 2 : 1);
    }
    free(has_branches);
    return 0;
}

static int parse(const unsigned char *b, size_t n, struct trace *tr, const char **err)
{
    if (n < 16 || le32(b) != 0x72546F43u) {
        *err = "not a costack trace (bad magic)";
        return -1;
    }
    const uint32_t version = le32(b + 4);
    if (version != 1 && version != 2) {
        *err = "unsupported trace version";
        return -1;
    }
    tr->tick_hz = le32(b + 8);
    if (tr->tick_hz == 0) {
        *err = "tick rate is 0";
        return -1;
    }
    tr->lanes = calloc(MAX_LANES, sizeof *tr->lanes);
    if (!tr->lanes) {
        *err = "out of memory";
        return -1;
    }
    uint64_t hi = 0;
    int first = 1;
    size_t off = 16;
    for (;;) {
        if (off + 16 > n) {
            *err = "truncated: no end event";
            return -1;
        }
        const unsigned char *e = b + off;
        off += 16;
        uint32_t t_lo = le32(e), object = le32(e + 8);
        uint16_t id = (uint16_t)(e[4] | e[5] << 8);
        uint8_t kind = e[6], state = e[7];
        int32_t value = (int32_t)le32(e + 12);
        if (kind == K_CLOCK) {
            hi = (uint64_t)(uint32_t)value << 32;
            continue;
        }
        uint64_t t = hi | t_lo;
        if (kind == K_END) {
            /* v1 {u16 id, u8 len, u8 0}; v2 {u8 type, u8 len, u16 id, u32 address} */
            const size_t head = version == 1 ? 4 : 8;
            if (value < 0 || (uint64_t)value > n) {
                *err = "corrupt end event";
                return -1;
            }
            tr->objects = calloc((size_t)value + 1, sizeof *tr->objects);
            if (!tr->objects) {
                *err = "out of memory";
                return -1;
            }
            for (int32_t i = 0; i < value; i++) {
                if (off + head > n) {
                    *err = "truncated name record";
                    return -1;
                }
                const unsigned char *r = b + off;
                uint8_t type = version == 1 ? 0 : r[0];
                const unsigned char *idp = version == 1 ? r : r + 2;
                uint16_t nid = (uint16_t)(idp[0] | idp[1] << 8);
                size_t len = version == 1 ? r[2] : r[1];
                uint32_t addr = version == 1 ? 0 : le32(r + 4);
                off += head;
                if (off + len > n) {
                    *err = "truncated name";
                    return -1;
                }
                char *dst;
                if (type == 0) {
                    tr->lanes[nid].addr = addr;
                    dst = tr->lanes[nid].name;
                } else if (type == 1) {
                    struct object *o = &tr->objects[tr->n_objects++];
                    o->addr = addr;
                    dst = o->name;
                } else if (type == 2 && len == 0) { /* nid is a branch of a parent */
                    tr->lanes[nid].parent = (addr & 0xFFFFu) + 1;
                    tr->lanes[nid].index = addr >> 16;
                    continue;
                } else {
                    *err = "unknown name record type";
                    return -1;
                }
                memcpy(dst, b + off, len);
                dst[len] = 0;
                off += len;
            }
            break;
        }
        if (kind == K_LOST) {
            tr->lost += (uint32_t)value;
            continue;
        }
        if (kind == K_REMOTE) {
            if (id == UINT16_MAX)
                continue; /* a sync object given from an ISR: no lane */
            struct lane *l = &tr->lanes[id];
            if (l->n_remote == l->cap_remote) {
                size_t cap = l->cap_remote ? 2 * l->cap_remote : 16;
                uint64_t *r = realloc(l->remote, cap * sizeof *r);
                if (!r) {
                    *err = "out of memory";
                    return -1;
                }
                l->remote = r;
                l->cap_remote = cap;
            }
            l->remote[l->n_remote++] = t;
            continue;
        }
        if (state >= S_COUNT || kind < K_START || kind > K_DONE) {
            if (kind >= 16)
                continue; /* user marks: not drawn */
            *err = "corrupt event";
            return -1;
        }
        if (id == UINT16_MAX)
            continue;
        if (first || t < tr->t_first)
            tr->t_first = t;
        if (t > tr->t_last)
            tr->t_last = t;
        first = 0;
        struct lane *l = &tr->lanes[id];
        if (kind == K_DONE) {
            l->done = 1;
            l->done_t = t;
            l->done_status = value;
        } else if (kind == K_START) {
            l->done = 0;
        }
        uint8_t to = kind == K_WAKE ? S_READY : state;
        if (transition(l, t, to, kind == K_BLOCK ? object : 0, kind == K_DONE || kind == K_WAKE ? value : 0) < 0) {
            *err = "out of memory";
            return -1;
        }
    }
    for (uint32_t i = 0; i < MAX_LANES; i++) { /* close open segments at the end */
        struct lane *l = &tr->lanes[i];
        if (l->seen && l->state != S_DONE && tr->t_last > l->since && push(l, tr->t_last) < 0) {
            *err = "out of memory";
            return -1;
        }
        if (l->seen && !l->name[0] &&
            !(l->addr && tr->syms && elf_syms_lookup(tr->syms, l->addr, l->name, sizeof l->name) == 0))
            snprintf(l->name, sizeof l->name, "ctx%" PRIu32, i);
    }
    return group_lanes(tr, err);
}

static double us(const struct trace *tr, uint64_t t) { return (double)t * 1e6 / (double)tr->tick_hz; }

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", (unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static void write_json(FILE *f, const struct trace *tr)
{
    fprintf(f, "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");
    int comma = 0;
    for (uint32_t o = 0; o < tr->n_order; o++) {
        const uint32_t i = tr->order[o];
        const struct lane *l = &tr->lanes[i];
        const uint32_t pid = l->group;
        if (pid > 1 && l->depth == 0) { /* a task with branches: its own group */
            fprintf(f, "%s{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%" PRIu32
                       ",\"args\":{\"name\":", comma ? ",\n" : "", pid);
            json_string(f, l->name);
            fprintf(f, "}}");
            comma = 1;
        }
        fprintf(f, "%s{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%" PRIu32 ",\"tid\":%" PRIu32
                   ",\"args\":{\"name\":", comma ? ",\n" : "", pid, i);
        json_string(f, l->name);
        fprintf(f, "}}");
        comma = 1;
        if (pid > 1) /* the task first, then its branches in order */
            fprintf(f, ",\n{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":%" PRIu32
                       ",\"tid\":%" PRIu32 ",\"args\":{\"sort_index\":%" PRIu32 "}}", pid, i, o);
        for (size_t k = 0; k < l->n; k++) {
            const struct segment *s = &l->segs[k];
            fprintf(f, ",\n{\"ph\":\"X\",\"name\":\"%s\",\"cat\":\"state\",\"pid\":%" PRIu32
                       ",\"tid\":%" PRIu32 ",\"ts\":%.3f,\"dur\":%.3f,\"args\":{",
                    state_name[s->state], pid, i, us(tr, s->t0), us(tr, s->t1) - us(tr, s->t0));
            char ob[300];
            if (s->object) {
                fprintf(f, "\"object\":");
                json_string(f, object_name(tr, s->object, ob, sizeof ob));
            }
            else if (s->state == S_READY || s->state == S_RUNNING)
                fprintf(f, "\"status\":%" PRId32, s->value);
            fprintf(f, "}}");
        }
        for (size_t k = 0; k < l->n_remote; k++)
            fprintf(f, ",\n{\"ph\":\"i\",\"name\":\"remote wake\",\"s\":\"t\",\"pid\":%" PRIu32
                       ",\"tid\":%" PRIu32 ",\"ts\":%.3f}", pid, i, us(tr, l->remote[k]));
        if (l->done)
            fprintf(f, ",\n{\"ph\":\"i\",\"name\":\"done\",\"s\":\"t\",\"pid\":%" PRIu32
                       ",\"tid\":%" PRIu32 ",\"ts\":%.3f,\"args\":{\"status\":%" PRId32 "}}",
                    pid, i, us(tr, l->done_t), l->done_status);
    }
    if (tr->lost)
        fprintf(f, "%s{\"ph\":\"i\",\"name\":\"lost %" PRIu32 " events\",\"pid\":1,\"tid\":0,\"ts\":%.3f,\"s\":\"g\"}",
                comma ? ",\n" : "", tr->lost, us(tr, tr->t_last));
    fprintf(f, "\n]}\n");
}

static void write_svg(FILE *f, const struct trace *tr)
{
    const int left = 140, lane_h = 28, top = 40, width = 1000;
    const uint32_t lanes = tr->n_order;
    double span = tr->t_last > tr->t_first ? (double)(tr->t_last - tr->t_first) : 1.0;
    int height = top + (int)lanes * lane_h + 70;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "font-family=\"sans-serif\" font-size=\"12\">\n", left + width + 20, height);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    fprintf(f, "<text x=\"10\" y=\"20\" font-size=\"14\">costack timeline: %.3f ms, %" PRIu32
               " tasks%s</text>\n", us(tr, tr->t_last - tr->t_first) / 1000.0, lanes,
            tr->lost ? " (events lost)" : "");
    uint32_t row = 0;
    for (uint32_t o = 0; o < tr->n_order; o++) {
        const struct lane *l = &tr->lanes[tr->order[o]];
        int y = top + (int)row * lane_h;
        int indent = 10 + 12 * (l->depth < 8 ? l->depth : 8);
        if (l->depth == 0 && l->group > 1) { /* a task with branches: one band */
            uint32_t rows = 1;
            while (o + rows < tr->n_order && tr->lanes[tr->order[o + rows]].depth > 0)
                rows++;
            fprintf(f, "<rect x=\"4\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f0f0f0\"/>\n",
                    y + 1, left + width + 12, (int)rows * lane_h - 2);
        }
        if (l->depth > 0)
            fprintf(f, "<path d=\"M%d %d v%d h6\" stroke=\"#888\" fill=\"none\"/>\n", indent - 8, y + 4,
                    10);
        fprintf(f, "<text x=\"%d\" y=\"%d\">", indent, y + 18);
        for (const char *p = l->name; *p; p++)
            fprintf(f, *p == '<' ? "&lt;" : *p == '&' ? "&amp;" : "%c", *p);
        fprintf(f, "</text>\n");
        for (size_t k = 0; k < l->n; k++) {
            const struct segment *s = &l->segs[k];
            double x0 = left + (double)(s->t0 - tr->t_first) / span * width;
            double w = (double)(s->t1 - s->t0) / span * width;
            fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\">"
                       "<title>%s %.3f-%.3f ms",
                    x0, y + 4, w < 0.5 ? 0.5 : w, lane_h - 8, state_colour[s->state],
                    state_name[s->state], us(tr, s->t0 - tr->t_first) / 1000.0,
                    us(tr, s->t1 - tr->t_first) / 1000.0);
            char ob[300];
            if (s->object && fprintf(f, " on ") > 0)
                for (const char *p = object_name(tr, s->object, ob, sizeof ob); *p; p++)
                    fprintf(f, *p == '<' ? "&lt;" : *p == '&' ? "&amp;" : "%c", *p);
            fprintf(f, "</title></rect>\n");
        }
        for (size_t k = 0; k < l->n_remote; k++) {
            double x = left + (double)(l->remote[k] - tr->t_first) / span * width;
            fprintf(f, "<path d=\"M%.2f %d l-4 -7 h8 z\" fill=\"black\"><title>wake posted from an ISR "
                       "or another thread at %.3f ms</title></path>\n",
                    x, y + 4, us(tr, l->remote[k] - tr->t_first) / 1000.0);
        }
        row++;
    }
    int ay = top + (int)lanes * lane_h + 10;
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", left, ay, left + width, ay);
    for (int k = 0; k <= 4; k++)
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%.3f ms</text>\n", left + k * width / 4,
                ay + 15, us(tr, (uint64_t)(span * k / 4)) / 1000.0);
    fprintf(f, "<path d=\"M%d %d l-4 -7 h8 z\" fill=\"black\"/><text x=\"%d\" y=\"%d\">wake posted by "
               "ISR/thread</text>\n", left + 6 * 110 + 6, ay + 42, left + 6 * 110 + 16, ay + 40);
    for (int s = 0; s < S_DONE; s++)
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                   "<text x=\"%d\" y=\"%d\">%s</text>\n",
                left + s * 110, ay + 30, state_colour[s], left + s * 110 + 16, ay + 40, state_name[s]);
    fprintf(f, "</svg>\n");
}

/* The text listing: every lane (branches indented under their parent),
 * then one line per state segment with what it waited on. */
static void write_text(FILE *f, const struct trace *tr)
{
    fprintf(f, "costack trace: %.3f ms, %" PRIu32 " lanes%s\n", us(tr, tr->t_last - tr->t_first) / 1000.0,
            tr->n_order, tr->lost ? " (events lost)" : "");
    for (uint32_t o = 0; o < tr->n_order; o++) {
        const struct lane *l = &tr->lanes[tr->order[o]];
        int ind = 2 * l->depth;
        if (l->parent)
            fprintf(f, "%*s%s: branch %" PRIu32 " of %s\n", ind, "", l->name, l->index,
                    tr->lanes[l->parent - 1].name);
        else
            fprintf(f, "%*s%s:\n", ind, "", l->name);
        for (size_t k = 0; k < l->n; k++) {
            const struct segment *s = &l->segs[k];
            char ob[300];
            fprintf(f, "%*s  %.3f-%.3f ms %s", ind, "", us(tr, s->t0 - tr->t_first) / 1000.0,
                    us(tr, s->t1 - tr->t_first) / 1000.0, state_name[s->state]);
            if (s->object)
                fprintf(f, " on %s", object_name(tr, s->object, ob, sizeof ob));
            fputc('\n', f);
        }
        if (l->done)
            fprintf(f, "%*s  %.3f ms done, status %" PRId32 "\n", ind, "",
                    us(tr, l->done_t - tr->t_first) / 1000.0, l->done_status);
    }
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    unsigned char *b = malloc(cap);
    size_t got;
    while (b && (got = fread(b + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            unsigned char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    fclose(f);
    *n = len;
    return b;
}

static int emit_file(const char *path, const struct trace *tr, void (*fn)(FILE *, const struct trace *))
{
    FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
    if (!f) {
        fprintf(stderr, "costack-trace: cannot write %s\n", path);
        return -1;
    }
    fn(f, tr);
    return f == stdout ? 0 : fclose(f);
}

static void free_trace(struct trace *tr)
{
    if (tr->lanes)
        for (uint32_t i = 0; i < MAX_LANES; i++) {
            free(tr->lanes[i].segs);
            free(tr->lanes[i].remote);
        }
    free(tr->lanes);
    free(tr->objects);
    free(tr->order);
}

static int usage(void)
{
    fprintf(stderr, "usage: costack-trace trace.bin|console.log [--elf firmware.elf] "
                    "[--json out.json] [--svg out.svg] [--text out.txt]\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *in = NULL, *json = NULL, *svg = NULL, *elf = NULL, *text = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json") && i + 1 < argc)
            json = argv[++i];
        else if (!strcmp(argv[i], "--svg") && i + 1 < argc)
            svg = argv[++i];
        else if (!strcmp(argv[i], "--text") && i + 1 < argc)
            text = argv[++i];
        else if (!strcmp(argv[i], "--elf") && i + 1 < argc)
            elf = argv[++i];
        else if (argv[i][0] != '-' && !in)
            in = argv[i];
        else
            return usage();
    }
    if (!in || (!json && !svg && !text))
        return usage();
    size_t n = 0;
    unsigned char *b = slurp(in, &n);
    if (!b) {
        fprintf(stderr, "costack-trace: cannot read %s\n", in);
        return 2;
    }
    const char *err = NULL;
    if (n < 4 || memcmp(b, "CoTr", 4) != 0) { /* not the binary stream: a console log? */
        size_t m = 0;
        unsigned char *t = trace_from_log(b, n, &m, &err);
        if (!t && memchr(b, 0, n) == NULL) {
            fprintf(stderr, "costack-trace: %s: %s\n", in, err);
            free(b);
            return 1;
        }
        if (t) {
            free(b);
            b = t;
            n = m;
        }
    }
    struct elf_syms syms = {0};
    struct trace tr = {0};
    if (elf) {
        if (elf_syms_read(elf, &syms, &err) < 0) {
            fprintf(stderr, "costack-trace: %s: %s\n", elf, err);
            free(b);
            return 2;
        }
        tr.syms = &syms;
    }
    int rc = parse(b, n, &tr, &err);
    free(b);
    if (rc < 0) {
        fprintf(stderr, "costack-trace: %s: %s\n", in, err);
        free_trace(&tr);
        elf_syms_free(&syms);
        return 1;
    }
    rc = 0;
    if ((json && emit_file(json, &tr, write_json) < 0) || (svg && emit_file(svg, &tr, write_svg) < 0) ||
        (text && emit_file(text, &tr, write_text) < 0))
        rc = 2;
    free_trace(&tr);
    elf_syms_free(&syms);
    return rc;
}
