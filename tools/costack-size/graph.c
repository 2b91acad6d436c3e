/* graph.c - the await graph and the buffer bound of every task. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs.h"


static int func_by_addr(const void *x, const void *y)
{
    const cs_func *a = x, *b = y;
    return a->addr < b->addr ? -1 : a->addr > b->addr;
}

static long func_at(const cs_model *m, uint64_t addr)
{
    size_t lo = 0, hi = m->nfuncs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->funcs[mid].addr < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->nfuncs && m->funcs[lo].addr == addr ? (long)lo : -1;
}

/* An async function by name; among several, the one from file. */
static long func_named(const cs_model *m, const char *name, size_t len, const char *file)
{
    long found = -1;
    for (size_t i = 0; i < m->nfuncs; i++) {
        const char *n = m->funcs[i].rec->name;
        if (strlen(n) != len || strncmp(n, name, len) != 0)
            continue;
        if (found < 0 || (file && cs_same_file(m->funcs[i].rec->file, file)))
            found = (long)i;
    }
    return found;
}

/* The async function whose code holds the site of record r. */
static long caller_of(const cs_model *m, const cs_elf *e, const cs_rec *r)
{
    const cs_sym *s = cs_func_containing(e, r->p);
    if (!s)
        return -1;
    long f = func_at(m, s->addr);
    if (f >= 0)
        return f;
    /* a part of the function GCC split off: name.cold, name.part.0, ... */
    size_t len = strcspn(s->name, ".");
    return func_named(m, s->name, len, r->file);
}

static void add_edge(cs_model *m, long caller, long callee, const cs_rec *r, size_t *cap)
{
    if (m->nedges == *cap) {
        *cap = *cap ? 2 * *cap : 256;
        m->edges = cs_xrealloc(m->edges, *cap, sizeof *m->edges);
    }
    cs_edge *ed = &m->edges[m->nedges];
    ed->caller = caller;
    ed->callee = callee;
    ed->rec = r;
    cs_func *f = &m->funcs[caller];
    if ((f->nedges & (f->nedges - 1)) == 0) /* grow at powers of two */
        f->edges = cs_xrealloc(f->edges, f->nedges ? 2 * f->nedges : 1, sizeof *f->edges);
    f->edges[f->nedges++] = m->nedges++;
}

void cs_graph_build(cs_model *m, const cs_elf *e)
{
    m->funcs = cs_xcalloc(m->nrecs, sizeof *m->funcs);
    for (size_t i = 0; i < m->nrecs; i++) {
        const cs_rec *r = &m->recs[i];
        if (r->kind != CS_REC_FUNC)
            continue;
        cs_func *f = &m->funcs[m->nfuncs++];
        f->rec = r;
        f->addr = cs_code_addr(e, r->p);
        f->sym = cs_func_at(e, r->p);
        f->best_edge = f->best_callee = -1;
    }
    qsort(m->funcs, m->nfuncs, sizeof *m->funcs, func_by_addr);
    /* one function, one node (an asm statement may be duplicated) */
    size_t w = 0;
    for (size_t i = 0; i < m->nfuncs; i++) {
        if (w && m->funcs[w - 1].addr == m->funcs[i].addr) {
            if (m->funcs[w - 1].rec->a != m->funcs[i].rec->a)
                cs_error(m->funcs[i].rec->file, m->funcs[i].rec->line,
                         "two FUNC records for '%s' disagree: %u vs %u bytes",
                         m->funcs[i].rec->name, m->funcs[w - 1].rec->a, m->funcs[i].rec->a);
            continue;
        }
        m->funcs[w++] = m->funcs[i];
    }
    m->nfuncs = w;

    size_t cap = 0;
    for (size_t i = 0; i < m->nrecs; i++) {
        const cs_rec *r = &m->recs[i];
        if (r->kind == CS_REC_BRANCH) { /* by address, or by name when q = 0 */
            long f = r->q ? func_at(m, cs_code_addr(e, r->q)) : -1;
            m->recs[i].target = f >= 0 ? f : func_named(m, r->name, strlen(r->name), NULL);
            continue;
        }
        if (r->kind != CS_REC_AWAIT && r->kind != CS_REC_VIA && r->kind != CS_REC_JOIN)
            continue;
        long caller = caller_of(m, e, r);
        if (caller < 0) {
            cs_error(r->file, r->line, "await site of '%s' is not inside any async function "
                     "with a FUNC record", r->name);
            continue;
        }
        long callee = -1;
        if (r->kind == CS_REC_AWAIT) {
            callee = func_at(m, cs_code_addr(e, r->q));
            if (callee < 0) {
                cs_error(r->file, r->line, "awaited function '%s' has no FUNC record "
                         "(compiled without costack records, or its records were removed)",
                         r->name);
                continue;
            }
            if (m->funcs[callee].rec->a != r->a)
                cs_error(r->file, r->line, "await of '%s' pushes %u bytes but its FUNC record "
                         "says %u (two different 'struct %s'?)", r->name, r->a,
                         m->funcs[callee].rec->a, r->name);
        }
        add_edge(m, caller, callee, r, &cap);
    }
    for (size_t i = 0; i < m->nimpls; i++) {
        cs_impl *im = &m->impls[i];
        const cs_sym *s = cs_sym_by_name(e, im->impl, im->file);
        im->func = s ? func_at(m, s->addr) : -1;
        if (im->func < 0)
            cs_error(im->file, im->line, "implementation '%s' of '%s' has no FUNC record",
                     im->impl, im->iface);
    }
    for (size_t i = 0; i < m->ntasks; i++) {
        cs_task *t = &m->tasks[i];
        const cs_sym *s = cs_sym_by_name(e, t->entry, t->file);
        t->func = s ? func_at(m, s->addr) : -1;
        if (t->func < 0)
            t->func = func_named(m, t->entry, strlen(t->entry), t->file);
        if (t->func < 0)
            cs_error(t->file, t->line, "task '%s': entry '%s' has no FUNC record "
                     "(compiled without costack records?)", t->name, t->entry);
    }
}

/* ---- the bound ------------------------------------------------------------ */

static long *path;
static size_t depth;

static void report_cycle(cs_model *m, long again)
{
    size_t from = depth;
    while (from > 0 && path[from - 1] != again)
        from--;
    if (from == 0)
        return;
    size_t cap = 64;
    char *s = cs_xcalloc(cap, 1);
    size_t len = 0;
    for (size_t i = from - 1; i <= depth; i++) {
        const char *n = m->funcs[i < depth ? path[i] : again].rec->name;
        size_t need = len + strlen(n) + 4;
        if (need > cap) {
            cap = 2 * need;
            s = cs_xrealloc(s, cap, 1);
        }
        len += (size_t)sprintf(s + len, "%s%s", i >= from ? " > " : "", n);
    }
    const cs_rec *r = m->funcs[again].rec;
    cs_error(r->file, r->line, "await cycle: %s (recursion: the buffer bound is infinite)", s);
    free(s);
}

static uint64_t need(cs_model *m, long fi);

static uint64_t need_iface(cs_model *m, const cs_edge *ed, long *best)
{
    uint64_t worst = 0;
    bool any = false;
    *best = -1;
    for (size_t i = 0; i < m->nimpls; i++) {
        const cs_impl *im = &m->impls[i];
        if (im->func < 0 || strcmp(im->iface, ed->rec->name) != 0)
            continue;
        any = true;
        if (m->funcs[im->func].rec->a < ed->rec->a)
            cs_error(im->file, im->line, "implementation '%s' (%u bytes) is smaller than "
                     "interface '%s' (%u bytes)", im->impl, m->funcs[im->func].rec->a,
                     im->iface, ed->rec->a);
        uint64_t n = need(m, im->func);
        if (n == CS_UNKNOWN)
            return CS_UNKNOWN;
        if (*best < 0 || n > worst) {
            worst = n;
            *best = im->func;
        }
    }
    if (!any) {
        cs_error(ed->rec->file, ed->rec->line, "interface '%s' is awaited here but has no "
                 "registered implementation (CO_IMPLEMENT): unbounded", ed->rec->name);
        return CS_UNKNOWN;
    }
    return worst;
}

static uint64_t need(cs_model *m, long fi)
{
    cs_func *f = &m->funcs[fi];
    if (f->state == 2)
        return f->need;
    if (f->state == 1) {
        report_cycle(m, fi);
        return CS_UNKNOWN;
    }
    f->state = 1;
    path[depth++] = fi;
    uint64_t worst = 0;
    bool unknown = false;
    for (size_t i = 0; i < f->nedges; i++) {
        const cs_edge *ed = &m->edges[f->edges[i]];
        long best = ed->callee;
        /* a join site pushes one frame holding every branch (checked below) */
        uint64_t n = ed->rec->kind == CS_REC_JOIN ? cs_slot(m, ed->rec->a)
                     : ed->callee >= 0          ? need(m, ed->callee)
                                                : need_iface(m, ed, &best);
        f = &m->funcs[fi];
        if (n == CS_UNKNOWN) {
            unknown = true;
            continue;
        }
        if (f->best_edge < 0 || n > worst) {
            worst = n;
            f->best_edge = (long)f->edges[i];
            f->best_callee = best;
        }
    }
    depth--;
    f->state = 2;
    f->need = unknown ? CS_UNKNOWN : cs_slot(m, f->rec->a) + worst;
    return f->need;
}

/* Every join branch's buffer must hold its function's deepest chain (the
 * join frame's size, counted at the site, already includes the buffer). */
static void check_branches(cs_model *m)
{
    for (size_t i = 0; i < m->nrecs; i++) {
        const cs_rec *r = &m->recs[i];
        if (r->kind != CS_REC_BRANCH)
            continue;
        long f = r->target;
        uint64_t n = f >= 0 ? need(m, f) : CS_UNKNOWN;
        if (f < 0)
            cs_error(r->file, r->line, "join branch runs '%s', which has no FUNC record", r->name);
        else if (n == CS_UNKNOWN)
            cs_error(r->file, r->line, "join branch '%s' is unbounded", r->name);
        else if (n > r->a)
            cs_error(r->file, r->line, "join branch '%s' needs %llu bytes, its buffer is %u "
                     "(give it CO_CALL_IN(%llu, ...))", r->name, (unsigned long long)n, r->a,
                     (unsigned long long)n);
    }
}

void cs_graph_bound(cs_model *m)
{
    path = cs_xcalloc(m->nfuncs + 1, sizeof *path);
    depth = 0;
    for (size_t i = 0; i < m->ntasks; i++) {
        cs_task *t = &m->tasks[i];
        t->bound = t->func >= 0 ? need(m, t->func) : CS_UNKNOWN;
    }
    check_branches(m);
    free(path);
    path = NULL;
}

size_t cs_chain(const cs_model *m, const cs_task *t, long *funcs, uint64_t *sizes, size_t max)
{
    size_t n = 0;
    long f = t->func;
    while (f >= 0 && n < max) {
        funcs[n] = f;
        sizes[n] = cs_slot(m, m->funcs[f].rec->a);
        n++;
        f = m->funcs[f].best_callee;
    }
    return n;
}

static void mark(cs_model *m, long fi)
{
    if (fi < 0 || m->funcs[fi].reached)
        return;
    m->funcs[fi].reached = true;
    for (size_t i = 0; i < m->funcs[fi].nedges; i++)
        mark(m, m->edges[m->funcs[fi].edges[i]].callee);
}

/* True when addr (as a code pointer) is stored in loaded data or named by a
 * dynamic relocation: the function is used through a function pointer. */
static bool referenced_from_data(const cs_elf *e, uint64_t addr)
{
    uint64_t want = e->machine == EM_ARM ? (addr | 1) : addr;
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(e->elf, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh))
            continue;
        size_t n;
        if ((sh.sh_type == SHT_RELA || sh.sh_type == SHT_REL) && sh.sh_entsize) {
            Elf_Data *d = elf_getdata(scn, NULL);
            for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
                GElf_Rela r;
                if (sh.sh_type == SHT_RELA && gelf_getrela(d, (int)i, &r) &&
                    (uint64_t)r.r_addend == want)
                    return true;
            }
            continue;
        }
        if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_ALLOC) ||
            (sh.sh_flags & SHF_EXECINSTR))
            continue;
        const unsigned char *b = cs_elf_bytes(scn, &n);
        for (size_t off = 0; b && off + e->ptr_size <= n; off += e->ptr_size)
            if (cs_elf_uint(e, b + off, e->ptr_size) == want)
                return true;
    }
    return false;
}

void cs_graph_orphans(cs_model *m, const cs_elf *e, bool strict)
{
    for (size_t i = 0; i < m->ntasks; i++)
        mark(m, m->tasks[i].func);
    for (size_t i = 0; i < m->nimpls; i++)
        mark(m, m->impls[i].func);
    for (size_t i = 0; i < m->nrecs; i++)
        if (m->recs[i].kind == CS_REC_BRANCH)
            mark(m, m->recs[i].target);
    for (size_t i = 0; i < m->nfuncs; i++) {
        const cs_func *f = &m->funcs[i];
        if (f->reached)
            continue;
        if (strict || referenced_from_data(e, f->addr))
            cs_error(f->rec->file, f->rec->line, "async function '%s' is reached by no task, "
                     "await site or CO_IMPLEMENT but %s: if it is awaited through a function "
                     "pointer (CO_AWAIT_VIA), register it with CO_IMPLEMENT", f->rec->name,
                     strict ? "--strict is on" : "its address is stored in data");
        else
            cs_note(f->rec->file, f->rec->line, "async function '%s' is reached by no task, "
                    "await site or CO_IMPLEMENT (started on a run-time context?): not bounded "
                    "here", f->rec->name);
    }
}
