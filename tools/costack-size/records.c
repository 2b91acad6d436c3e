/* records.c - reading .costack.rec and .costack.names (docs/records.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs.h"

#define REC_MAGIC 0xC057u
#define REC_VERSION 1u

uint64_t cs_slot(const cs_model *m, uint64_t size)
{
    uint64_t a = m->align ? m->align : 1;
    return (size + m->extra + a - 1) / a * a;
}

/* Next NUL-terminated string in [*p, end), or NULL if none. */
static const char *take_string(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *s = *p;
    const unsigned char *z = memchr(s, 0, (size_t)(end - s));
    if (!z)
        return NULL;
    *p = z + 1;
    return (const char *)s;
}

static bool read_binary(cs_model *m, const cs_elf *e, const unsigned char *data, size_t n)
{
    const unsigned P = e->ptr_size;
    const size_t fixed = 24u + 2u * P;
    size_t cap = 0;
    size_t off = 0;
    while (off + 8 <= n) {
        const unsigned char *r = data + off;
        uint64_t magic = cs_elf_uint(e, r, 2);
        if (magic == 0 && cs_elf_uint(e, r, 8) == 0) {
            off += 8; /* padding between input sections */
            continue;
        }
        if (magic != REC_MAGIC) {
            cs_error(NULL, 0, ".costack.rec: bad magic 0x%04x at offset %zu", (unsigned)magic, off);
            return false;
        }
        unsigned kind = r[2], version = r[3];
        uint64_t len = cs_elf_uint(e, r + 4, 4);
        if (version != REC_VERSION) {
            cs_error(NULL, 0, ".costack.rec: record version %u at offset %zu, this tool reads %u",
                     version, off, REC_VERSION);
            return false;
        }
        if (len < fixed || len % 8 != 0 || len > n - off) {
            cs_error(NULL, 0, ".costack.rec: bad record length %llu at offset %zu",
                     (unsigned long long)len, off);
            return false;
        }
        if (kind < CS_REC_CONFIG || kind > CS_REC_BRANCH) {
            cs_error(NULL, 0, ".costack.rec: unknown record kind %u at offset %zu", kind, off);
            return false;
        }
        if (m->nrecs == cap) {
            cap = cap ? 2 * cap : 256;
            m->recs = cs_xrealloc(m->recs, cap, sizeof *m->recs);
        }
        cs_rec *o = &m->recs[m->nrecs];
        memset(o, 0, sizeof *o);
        o->kind = kind;
        o->a = (uint32_t)cs_elf_uint(e, r + 8, 4);
        o->b = (uint32_t)cs_elf_uint(e, r + 12, 4);
        o->line = (uint32_t)cs_elf_uint(e, r + 16, 4);
        o->d = (uint32_t)cs_elf_uint(e, r + 20, 4);
        o->p = cs_elf_uint(e, r + 24, P);
        o->q = cs_elf_uint(e, r + 24 + P, P);
        const unsigned char *s = r + fixed, *end = r + len;
        o->name = take_string(&s, end);
        o->file = kind == CS_REC_CONFIG ? "" : take_string(&s, end);
        if (!o->name || !o->file) {
            cs_error(NULL, 0, ".costack.rec: record at offset %zu has unterminated strings", off);
            return false;
        }
        m->nrecs++;
        off += (size_t)len;
    }
    return true;
}

static void add_config(cs_model *m, const cs_rec *r)
{
    uint32_t align = r->a, extra = r->b;
    if (align == 0 || (align & (align - 1)) != 0 || align > 4096) {
        cs_error(NULL, 0, "CONFIG record has a bad frame alignment %u", align);
        return;
    }
    if (m->have_config && (m->align != align || m->extra != extra || m->header != r->p)) {
        cs_error(NULL, 0, "two CONFIG records disagree (align %u/%u, extra %u/%u): "
                 "two copies of the library with different settings are linked",
                 m->align, align, m->extra, extra);
        return;
    }
    m->have_config = true;
    m->align = align;
    m->extra = extra;
    m->header = (uint32_t)r->p;
    m->flags = (uint32_t)r->q;
}

/* Each FUNC record carries the CO_CONFIG_FRAME_ALIGN and canary setting its
 * translation unit was compiled with (d: align | canary << 16 | 1 << 24):
 * a unit built with other settings than the library pushes other slots. */
static void check_unit_configs(const cs_model *m)
{
    const char *last = NULL;
    for (size_t i = 0; i < m->nrecs; i++) {
        const cs_rec *r = &m->recs[i];
        if (r->kind != CS_REC_FUNC || !(r->d >> 24 & 1))
            continue;
        uint32_t align = r->d & 0xFFFF, extra = r->d >> 16 & 0xFF;
        if ((align == m->align && extra == m->extra) || (last && strcmp(last, r->file) == 0))
            continue;
        last = r->file;
        cs_error(r->file, r->line, "this unit was compiled with CO_CONFIG_FRAME_ALIGN=%u and "
                 "%u canary bytes per frame, the library with %u and %u: every translation "
                 "unit must use the library's config.h settings (no bound is possible)",
                 align, extra, m->align, m->extra);
    }
}

static unsigned parse_line(const char *s)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    return *end || v > 0xffffffffu ? 0 : (unsigned)v;
}

static bool read_names(cs_model *m, const cs_elf *e, const unsigned char *data, size_t n)
{
    const unsigned char *p = data, *end = data + n;
    const char *f[8] = {NULL};
    size_t tcap = 0, icap = 0, scap = 0;
    while (p < end) {
        if (*p == 0) { /* padding or an empty record */
            p++;
            continue;
        }
        size_t nf = 0;
        for (;;) {
            const char *s = take_string(&p, end);
            if (!s) {
                cs_error(NULL, 0, ".costack.names: truncated record");
                return false;
            }
            if (!*s)
                break;
            if (nf == 8) {
                cs_error(NULL, 0, ".costack.names: record with too many fields");
                return false;
            }
            f[nf++] = s;
        }
        if (strcmp(f[0], "task") == 0 && nf == 7) {
            const cs_sym *ctx = cs_sym_by_name(e, f[2], f[5]);
            if (!ctx)
                continue; /* garbage-collected */
            const cs_sym *buf = cs_sym_by_name(e, f[3], f[5]);
            if (!buf) {
                cs_error(f[5], parse_line(f[6]), "task '%s': buffer symbol '%s' not in the symbol table",
                         f[1], f[3]);
                continue;
            }
            if (m->ntasks == tcap) {
                tcap = tcap ? 2 * tcap : 64;
                m->tasks = cs_xrealloc(m->tasks, tcap, sizeof *m->tasks);
            }
            cs_task *t = &m->tasks[m->ntasks++];
            memset(t, 0, sizeof *t);
            t->name = f[1];
            t->ctx = f[2];
            t->buf = f[3];
            t->entry = f[4];
            t->file = f[5];
            t->line = parse_line(f[6]);
            t->buffer = buf->size;
            t->ctx_addr = ctx->addr;
            t->ctx_size = ctx->size;
            t->func = -1;
            t->bound = CS_UNKNOWN;
            t->stack = CS_UNKNOWN;
        } else if (strcmp(f[0], "impl") == 0 && nf == 5) {
            if (!cs_sym_by_name(e, f[2], f[3]))
                continue; /* garbage-collected */
            if (m->nimpls == icap) {
                icap = icap ? 2 * icap : 64;
                m->impls = cs_xrealloc(m->impls, icap, sizeof *m->impls);
            }
            cs_impl *im = &m->impls[m->nimpls++];
            im->iface = f[1];
            im->impl = f[2];
            im->file = f[3];
            im->line = parse_line(f[4]);
            im->func = -1;
        } else if (strcmp(f[0], "isr") == 0 && nf == 5) {
            char *lend;
            unsigned long level = strtoul(f[2], &lend, 0);
            if (!*f[2] || *lend) {
                cs_error(f[3], parse_line(f[4]), "interrupt handler '%s': level '%s' is not a "
                         "number", f[1], f[2]);
                continue;
            }
            if (m->nisrs == scap) {
                scap = scap ? 2 * scap : 16;
                m->isrs = cs_xrealloc(m->isrs, scap, sizeof *m->isrs);
            }
            m->isrs[m->nisrs++] = (cs_isr_decl){f[1], f[3], parse_line(f[4]), level};
        } else {
            cs_error(NULL, 0, ".costack.names: unknown record '%s' with %zu fields", f[0], nf);
            return false;
        }
    }
    return true;
}

bool cs_records_read(cs_model *m, const cs_elf *e)
{
    memset(m, 0, sizeof *m);
    if (!e->has_symtab) {
        cs_error(NULL, 0, "no symbol table (stripped ELF?): cannot resolve tasks");
        return false;
    }
    size_t n;
    Elf_Scn *names = cs_elf_section(e, ".costack.names", NULL);
    Elf_Scn *rec = cs_elf_section(e, ".costack.rec", NULL);
    m->names_section = names != NULL;
    m->rec_section = rec != NULL;
    const unsigned char *d = cs_elf_bytes(names, &n);
    if (d && !read_names(m, e, d, n))
        return false;
    d = cs_elf_bytes(rec, &n);
    if (d && !read_binary(m, e, d, n))
        return false;
    for (size_t i = 0; i < m->nrecs; i++)
        if (m->recs[i].kind == CS_REC_CONFIG)
            add_config(m, &m->recs[i]);
    bool linked = cs_sym_by_name(e, "co_resume", NULL) != NULL;
    if (!rec && (m->ntasks || linked)) {
        cs_error(NULL, 0, "no .costack.rec section, but %s: the records were stripped or "
                 "discarded (objcopy --remove-section? linker script?), no bound is possible",
                 m->ntasks ? "tasks are defined" : "the costack library is linked");
        return false;
    }
    if (rec && m->nrecs == 0 && (m->ntasks || linked)) {
        cs_error(NULL, 0, "the .costack.rec section is empty, but %s: no bound is possible",
                 m->ntasks ? "tasks are defined" : "the costack library is linked");
        return false;
    }
    if (rec && !names && m->nrecs > 1)
        cs_warning(NULL, 0, "no .costack.names section: the program has no CO_TASK and no "
                   "CO_IMPLEMENT, or their records were stripped (objcopy --remove-section? "
                   "a linker script without KEEP?): no task is checked");
    if (!m->have_config && (m->ntasks || linked)) {
        cs_error(NULL, 0, "no CONFIG record: the costack library was linked without its "
                 "records (CO_CONFIG_RECORDS=0?), no bound is possible");
        return false;
    }
    if (m->have_config)
        check_unit_configs(m);
    return cs_errors == 0;
}

void cs_model_free(cs_model *m)
{
    for (size_t i = 0; i < m->nfuncs; i++)
        free(m->funcs[i].edges);
    free(m->funcs);
    free(m->edges);
    free(m->recs);
    free(m->tasks);
    free(m->impls);
    free(m->isrs);
    memset(m, 0, sizeof *m);
}
