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

static void resolve_entry(cs_model *m, const cs_elf *e, cs_task *t);

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
            const cs_rec *a = m->funcs[w - 1].rec, *b = m->funcs[i].rec;
            if (strcmp(a->name, b->name) != 0)
                cs_error(b->file, b->line, "async functions '%s' (%s:%u) and '%s' share one "
                         "address: the linker folded identical code (lld --icf=all, gold "
                         "--icf): link with --icf=safe or without ICF", a->name, a->file,
                         a->line, b->name);
            else if (a->a != b->a)
                cs_error(b->file, b->line, "two FUNC records for '%s' disagree: %u vs %u bytes",
                         b->name, a->a, b->a);
            if (b->a > a->a) /* the larger frame: never a smaller bound */
                m->funcs[w - 1].rec = b;
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
            m->recs[i].in = caller_of(m, e, r); /* its join site's function */
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
            if (strcmp(m->funcs[callee].rec->name, r->name) != 0)
                cs_error(r->file, r->line, "await of '%s' lands on the code of '%s': the "
                         "linker folded identical code (lld --icf=all, gold --icf) and dropped "
                         "the records of one: link with --icf=safe or without ICF", r->name,
                         m->funcs[callee].rec->name);
            else if (m->funcs[callee].rec->a != r->a)
                cs_error(r->file, r->line, "await of '%s' pushes %u bytes but its FUNC record "
                         "says %u (two different 'struct %s'?)", r->name, r->a,
                         m->funcs[callee].rec->a, r->name);
        }
        add_edge(m, caller, callee, r, &cap);
    }
    /* An implementation is named by a record: when static names repeat in
     * files of one basename, every candidate is registered (an over-
     * approximation, never a smaller bound). */
    size_t nimpls = m->nimpls;
    for (size_t i = 0; i < nimpls; i++) {
        const cs_sym *c[16];
        size_t nc = cs_syms_named(e, m->impls[i].impl, m->impls[i].file, c, 16);
        m->impls[i].func = -1;
        for (size_t k = 0; k < nc; k++) {
            long f = func_at(m, c[k]->addr);
            if (f < 0)
                continue;
            if (m->impls[i].func >= 0) {
                m->impls = cs_xrealloc(m->impls, m->nimpls + 1, sizeof *m->impls);
                m->impls[m->nimpls] = m->impls[i];
                m->impls[m->nimpls++].func = f;
            } else
                m->impls[i].func = f;
        }
        if (m->impls[i].func < 0)
            cs_error(m->impls[i].file, m->impls[i].line, "implementation '%s' of '%s' has no "
                     "FUNC record", m->impls[i].impl, m->impls[i].iface);
    }
    for (size_t i = 0; i < m->ntasks; i++)
        resolve_entry(m, e, &m->tasks[i]);
}

/* A task's entry is the function its context's initialiser points to
 * (CO_CONTEXT_INIT's .entry), found by address: names of static entries
 * repeat across files (dir1/app.c and dir3/app.c), addresses do not. */
static void resolve_entry(cs_model *m, const cs_elf *e, cs_task *t)
{
    uint64_t w[64];
    size_t n = cs_elf_ptrs(e, t->ctx_addr, t->ctx_size, w, 64);
    long found = -1;
    for (size_t k = 0; k < n; k++) {
        if (w[k] == 0 || (e->machine == EM_ARM && !(w[k] & 1)))
            continue; /* an ARM code pointer has the Thumb bit */
        long f = func_at(m, cs_code_addr(e, w[k]));
        if (f < 0 || f == found)
            continue;
        if (found >= 0) {
            cs_error(t->file, t->line, "task '%s': its context '%s' points to two async "
                     "functions ('%s', '%s'): cannot tell its entry", t->name, t->ctx,
                     m->funcs[found].rec->name, m->funcs[f].rec->name);
            return;
        }
        found = f;
    }
    if (found < 0) {
        cs_error(t->file, t->line, "task '%s': entry '%s' not found in the initialiser of its "
                 "context '%s' (no FUNC record at the address it holds: compiled without "
                 "costack records?)", t->name, t->entry, t->ctx);
        return;
    }
    const char *name = m->funcs[found].rec->name;
    if (strcmp(name, t->entry) != 0)
        cs_error(t->file, t->line, "task '%s': the record names entry '%s' but its context "
                 "points to '%s'", t->name, t->entry, name);
    t->func = found;
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

/* The bound, as an iterative depth-first walk (an await chain tens of
 * thousands deep must not overflow the tool's own stack): need(f) =
 * slot(f) + max over f's edges of need(callee), an interface edge taking
 * the largest registered implementation. */
typedef struct walk {
    long fi;
    size_t edge;       /* next edge of fi */
    size_t impl;       /* next implementation of an interface edge */
    uint64_t worst;    /* max over the finished edges */
    bool unknown;
    uint64_t eworst;   /* the interface edge in progress */
    long ebest;
    bool eany, eunknown;
} walk;

static walk *stack_;

/* Starts f (state 0) or reports a cycle (state 1); true when pushed. */
static bool enter(cs_model *m, long fi)
{
    cs_func *f = &m->funcs[fi];
    if (f->state == 1) {
        report_cycle(m, fi);
        return false;
    }
    if (f->state == 2)
        return false;
    f->state = 1;
    path[depth] = fi;
    stack_[depth] = (walk){.fi = fi, .ebest = -1};
    depth++;
    return true;
}

/* Folds a finished edge into w. */
static void edge_done(cs_model *m, walk *w, size_t ei, uint64_t n, long best)
{
    cs_func *f = &m->funcs[w->fi];
    if (n == CS_UNKNOWN) {
        w->unknown = true;
    } else if (f->best_edge < 0 || n > w->worst) {
        w->worst = n;
        f->best_edge = (long)ei;
        f->best_callee = best;
    }
    w->edge++;
    w->impl = 0;
    w->eworst = 0;
    w->ebest = -1;
    w->eany = w->eunknown = false;
}

static uint64_t need(cs_model *m, long root)
{
    if (!enter(m, root))
        return m->funcs[root].state == 2 ? m->funcs[root].need : CS_UNKNOWN;
    while (depth) {
        walk *w = &stack_[depth - 1];
        cs_func *f = &m->funcs[w->fi];
        if (w->edge == f->nedges) { /* all edges done */
            f->state = 2;
            f->need = w->unknown ? CS_UNKNOWN : cs_slot(m, f->rec->a) + w->worst;
            depth--;
            continue;
        }
        size_t ei = f->edges[w->edge];
        const cs_edge *ed = &m->edges[ei];
        if (ed->rec->kind == CS_REC_JOIN) {
            /* a join site pushes one frame holding every branch (each
             * branch's own chain is checked by check_branches) */
            edge_done(m, w, ei, cs_slot(m, ed->rec->a), ed->callee);
            continue;
        }
        if (ed->callee >= 0) {
            cs_func *c = &m->funcs[ed->callee];
            if (c->state == 0) {
                enter(m, ed->callee);
                continue;
            }
            edge_done(m, w, ei, c->state == 2 ? c->need : (enter(m, ed->callee), CS_UNKNOWN),
                      ed->callee);
            continue;
        }
        /* an interface: the registered implementations one by one */
        for (; w->impl < m->nimpls; w->impl++) {
            const cs_impl *im = &m->impls[w->impl];
            if (im->func < 0 || strcmp(im->iface, ed->rec->name) != 0)
                continue;
            cs_func *c = &m->funcs[im->func];
            if (c->state == 0)
                break; /* walk it first, come back to this implementation */
            if (!w->eany && m->funcs[im->func].rec->a < ed->rec->a)
                cs_error(im->file, im->line, "implementation '%s' (%u bytes) is smaller than "
                         "interface '%s' (%u bytes)", im->impl, m->funcs[im->func].rec->a,
                         im->iface, ed->rec->a);
            w->eany = true;
            uint64_t n = c->state == 2 ? c->need : (enter(m, im->func), CS_UNKNOWN);
            if (n == CS_UNKNOWN)
                w->eunknown = true;
            else if (w->ebest < 0 || n > w->eworst) {
                w->eworst = n;
                w->ebest = im->func;
            }
        }
        if (w->impl < m->nimpls) {
            enter(m, m->impls[w->impl].func);
            continue;
        }
        if (!w->eany)
            cs_error(ed->rec->file, ed->rec->line, "interface '%s' is awaited here but has no "
                     "registered implementation (CO_IMPLEMENT): unbounded", ed->rec->name);
        edge_done(m, w, ei, !w->eany || w->eunknown ? CS_UNKNOWN : w->eworst, w->ebest);
    }
    return m->funcs[root].need;
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
    stack_ = cs_xcalloc(m->nfuncs + 1, sizeof *stack_);
    depth = 0;
    for (size_t i = 0; i < m->ntasks; i++) {
        cs_task *t = &m->tasks[i];
        t->bound = t->func >= 0 ? need(m, t->func) : CS_UNKNOWN;
    }
    check_branches(m);
    free(stack_);
    free(path);
    stack_ = NULL;
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

/* Marks fi and every async function it awaits (iteratively). */
static void mark(cs_model *m, long fi, long *todo)
{
    size_t n = 0;
    if (fi >= 0 && !m->funcs[fi].reached) {
        m->funcs[fi].reached = true;
        todo[n++] = fi;
    }
    while (n) {
        const cs_func *f = &m->funcs[todo[--n]];
        for (size_t i = 0; i < f->nedges; i++) {
            long c = m->edges[f->edges[i]].callee;
            if (c >= 0 && !m->funcs[c].reached) {
                m->funcs[c].reached = true;
                todo[n++] = c;
            }
        }
    }
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
    long *todo = cs_xcalloc(m->nfuncs + 1, sizeof *todo);
    for (size_t i = 0; i < m->ntasks; i++)
        mark(m, m->tasks[i].func, todo);
    for (size_t i = 0; i < m->nimpls; i++)
        mark(m, m->impls[i].func, todo);
    for (size_t i = 0; i < m->nrecs; i++)
        if (m->recs[i].kind == CS_REC_BRANCH)
            mark(m, m->recs[i].target, todo);
    free(todo);
    /* the smallest interface frame awaited anywhere: an implementation's
     * frame starts with it, so it is at least that big */
    const cs_rec *via = NULL;
    for (size_t i = 0; i < m->nedges; i++)
        if (m->edges[i].callee < 0 && (!via || m->edges[i].rec->a < via->a))
            via = m->edges[i].rec;
    for (size_t i = 0; i < m->nfuncs; i++) {
        const cs_func *f = &m->funcs[i];
        if (f->reached)
            continue;
        const char *why = !m->names_section
                              ? "the .costack.names section (CO_TASK, CO_IMPLEMENT records) is "
                                "missing: stripped?"
                          : strict ? "--strict is on"
                          : referenced_from_data(e, f->addr) ? "its address is stored in data"
                          : via && !f->dwarf_seen && f->rec->a >= via->a
                              ? "an interface is awaited and without DWARF for its frame it may "
                                "be an unregistered implementation"
                              : NULL;
        if (why)
            cs_error(f->rec->file, f->rec->line, "async function '%s' is reached by no task, "
                     "await site or CO_IMPLEMENT but %s%s", f->rec->name, why,
                     m->names_section ? ": if it is awaited through a function pointer "
                                        "(CO_AWAIT_VIA), register it with CO_IMPLEMENT" : "");
        else
            cs_note(f->rec->file, f->rec->line, "async function '%s' is reached by no task, "
                    "await site or CO_IMPLEMENT (started on a run-time context?): not bounded "
                    "here", f->rec->name);
    }
}
