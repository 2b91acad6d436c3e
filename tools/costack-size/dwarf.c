/* dwarf.c - cross-checks record sizes against DWARF struct byte sizes. */
#include <stdlib.h>
#include <string.h>

#include <dwarf.h>
#include <elfutils/libdw.h>

#include "cs.h"

typedef struct dstruct {
    const char *name;
    const char *cu;    /* CU name (source file) */
    uint64_t size;
    const char *iface; /* type name of a first member called "args", or NULL */
} dstruct;

typedef struct dset {
    dstruct *v;
    size_t n, cap;
} dset;

static int by_name(const void *x, const void *y)
{
    return strcmp(((const dstruct *)x)->name, ((const dstruct *)y)->name);
}

static const char *first_member_args(Dwarf_Die *st)
{
    Dwarf_Die m;
    if (dwarf_child(st, &m) != 0 || dwarf_tag(&m) != DW_TAG_member)
        return NULL;
    const char *n = dwarf_diename(&m);
    if (!n || strcmp(n, "args") != 0)
        return NULL;
    Dwarf_Attribute at;
    Dwarf_Die type;
    if (!dwarf_attr_integrate(&m, DW_AT_type, &at) || !dwarf_formref_die(&at, &type))
        return NULL;
    while (dwarf_tag(&type) == DW_TAG_typedef || dwarf_tag(&type) == DW_TAG_const_type ||
           dwarf_tag(&type) == DW_TAG_volatile_type) {
        if (!dwarf_attr_integrate(&type, DW_AT_type, &at) || !dwarf_formref_die(&at, &type))
            return NULL;
    }
    return dwarf_tag(&type) == DW_TAG_structure_type ? dwarf_diename(&type) : NULL;
}

static void collect(Dwarf_Die *parent, const char *cu, dset *s, int level)
{
    Dwarf_Die d;
    if (level > 8 || dwarf_child(parent, &d) != 0)
        return;
    do {
        int tag = dwarf_tag(&d);
        if (tag == DW_TAG_structure_type && !dwarf_hasattr(&d, DW_AT_declaration)) {
            const char *n = dwarf_diename(&d);
            int sz = dwarf_bytesize(&d);
            if (n && sz >= 0) {
                if (s->n == s->cap) {
                    s->cap = s->cap ? 2 * s->cap : 256;
                    s->v = cs_xrealloc(s->v, s->cap, sizeof *s->v);
                }
                s->v[s->n++] = (dstruct){n, cu, (uint64_t)sz, first_member_args(&d)};
            }
        } else if (tag == DW_TAG_subprogram || tag == DW_TAG_lexical_block) {
            collect(&d, cu, s, level + 1); /* frame structs declared in a body */
        }
    } while (dwarf_siblingof(&d, &d) == 0);
}

/* Range [*lo, *hi) of structs called name. */
static void find(const dset *s, const char *name, size_t *lo, size_t *hi)
{
    size_t a = 0, b = s->n;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (strcmp(s->v[mid].name, name) < 0)
            a = mid + 1;
        else
            b = mid;
    }
    *lo = a;
    while (a < s->n && strcmp(s->v[a].name, name) == 0)
        a++;
    *hi = a;
}

static void check(const dset *s, const cs_rec *r, const char *what)
{
    size_t lo, hi;
    find(s, r->name, &lo, &hi);
    if (lo == hi)
        return; /* no DWARF for it (that unit was built without -g) */
    bool same_file = false;
    for (size_t i = lo; i < hi; i++)
        same_file |= cs_same_file(s->v[i].cu, r->file);
    for (size_t i = lo; i < hi; i++) {
        if ((!same_file || cs_same_file(s->v[i].cu, r->file)) && s->v[i].size == r->a)
            return;
    }
    for (size_t i = lo; i < hi; i++) {
        if (same_file && !cs_same_file(s->v[i].cu, r->file))
            continue;
        cs_error(r->file, r->line, "%s record says sizeof(struct %s) = %u, DWARF says %llu",
                 what, r->name, r->a, (unsigned long long)s->v[i].size);
        return;
    }
}

bool cs_dwarf_check(cs_model *m, const cs_elf *e)
{
    Dwarf *dw = dwarf_begin_elf(e->elf, DWARF_C_READ, NULL);
    if (!dw)
        return false;
    dset s = {0};
    Dwarf_Off off = 0, next;
    size_t hsize;
    while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
        Dwarf_Die cu;
        if (dwarf_offdie(dw, off + hsize, &cu)) {
            const char *name = dwarf_diename(&cu);
            collect(&cu, name ? name : "", &s, 0);
        }
        off = next;
    }
    if (s.n)
        qsort(s.v, s.n, sizeof *s.v, by_name);
    for (size_t i = 0; i < m->nrecs; i++) {
        const cs_rec *r = &m->recs[i];
        if (r->kind == CS_REC_FUNC)
            check(&s, r, "FUNC");
        else if (r->kind == CS_REC_AWAIT)
            check(&s, r, "AWAIT");
        else if (r->kind == CS_REC_VIA)
            check(&s, r, "VIA");
    }
    /* An async function whose frame starts with "struct iface args" for an
     * interface awaited somewhere is an implementation: it must be registered. */
    for (size_t i = 0; i < m->nfuncs; i++) {
        const cs_rec *f = m->funcs[i].rec;
        size_t lo, hi;
        find(&s, f->name, &lo, &hi);
        m->funcs[i].dwarf_seen = lo < hi;
        for (size_t k = lo; k < hi; k++) {
            const char *iface = s.v[k].iface;
            if (!iface)
                continue;
            bool awaited = false, registered = false;
            for (size_t j = 0; j < m->nrecs && !awaited; j++)
                awaited = m->recs[j].kind == CS_REC_VIA && strcmp(m->recs[j].name, iface) == 0;
            for (size_t j = 0; j < m->nimpls; j++)
                registered |= m->impls[j].func == (long)i && strcmp(m->impls[j].iface, iface) == 0;
            if (awaited && !registered)
                cs_error(f->file, f->line, "async function '%s' implements interface '%s' "
                         "(its frame starts with 'struct %s args') but is not registered with "
                         "CO_IMPLEMENT: awaits through '%s' are not bounded by it",
                         f->name, iface, iface, iface);
            break;
        }
    }
    free(s.v);
    dwarf_end(dw);
    return true;
}
