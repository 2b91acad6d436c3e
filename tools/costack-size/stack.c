/* stack.c - the running-stack bound: per-function stack sizes (Clang
 * .stack_sizes, GCC .su/.ci) over call edges decoded from the final ELF's
 * machine code (decode.c) plus GCC .ci edges; indirect calls resolved by
 * the costack records (co_resume -> async functions, CO_AWAIT_VIA ->
 * registered implementations) and by an annotation file. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cs.h"
#include "decode.h"

typedef struct node {
    const cs_sym *sym;
    uint64_t frame;
    bool has_frame, dynamic, icall, resolved;
    size_t *out;
    bool *tail; /* out[i] is reached by a tail jump: no frame of ours below it */
    size_t nout, cap;
    long func; /* async function index, or -1 */
    char *ext; /* first call we cannot follow */
    long depth; /* annotated recursion depth, 0 none */
    /* search */
    int state;
    bool unknown;
    uint64_t stack, loop;
} node;

static node *nodes;
static size_t nnodes;
static const cs_model *model;
static const cs_elf *elf;
static long resume_node = -1;
static const bool *task_set; /* async functions co_resume may run; NULL all */
static cs_stack_report *rep;
static long *dfs_path;
static size_t depth;

static void unknown_add(const char *text)
{
    for (size_t i = 0; i < rep->nunknown; i++)
        if (strcmp(rep->unknown[i], text) == 0)
            return;
    if (rep->nunknown >= 64)
        return;
    rep->unknown = cs_xrealloc(rep->unknown, rep->nunknown + 1, sizeof *rep->unknown);
    rep->unknown[rep->nunknown++] = cs_xstrdup(text);
}
#define UNKNOWN(...)                                                           \
    do {                                                                       \
        char ub_[512];                                                         \
        snprintf(ub_, sizeof ub_, __VA_ARGS__);                                \
        unknown_add(ub_);                                                      \
    } while (0)

static long node_at(uint64_t addr)
{
    size_t lo = 0, hi = nnodes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (nodes[mid].sym->addr < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < nnodes && nodes[lo].sym->addr == addr ? (long)lo : -1;
}

static long node_named(const char *name, const char *file)
{
    const cs_sym *s = cs_sym_by_name(elf, name, file);
    return s && s->type == STT_FUNC ? node_at(s->addr) : -1;
}

static void add_edge(node *n, long to, bool tail)
{
    if (to < 0)
        return;
    for (size_t i = 0; i < n->nout; i++)
        if (n->out[i] == (size_t)to) {
            n->tail[i] &= tail;
            return;
        }
    if (n->nout == n->cap) {
        n->cap = n->cap ? 2 * n->cap : 4;
        n->out = cs_xrealloc(n->out, n->cap, sizeof *n->out);
        n->tail = cs_xrealloc(n->tail, n->cap, sizeof *n->tail);
    }
    n->tail[n->nout] = tail;
    n->out[n->nout++] = (size_t)to;
}

static void add_out(node *n, long to) { add_edge(n, to, false); }

static void set_frame(long i, uint64_t bytes, bool dynamic)
{
    if (i < 0)
        return;
    if (!nodes[i].has_frame || bytes > nodes[i].frame)
        nodes[i].frame = bytes;
    nodes[i].has_frame = true;
    nodes[i].dynamic |= dynamic;
}

/* ---- call edges from the machine code ------------------------------------ */

static long cur;

static void on_call(void *ctx, uint64_t at, uint64_t target, int kind)
{
    (void)ctx;
    node *n = &nodes[cur];
    if (kind == CS_ICALL) {
        n->icall = true;
        return;
    }
    target = cs_code_addr(elf, target);
    long t = node_at(target);
    if (kind == CS_JUMP) {
        if (t >= 0 && t != cur)
            add_edge(n, t, true); /* tail call */
        return;
    }
    if (t >= 0) {
        add_out(n, t);
    } else if (target < n->sym->addr || target >= n->sym->addr + n->sym->size) {
        if (!n->ext) {
            char buf[96];
            snprintf(buf, sizeof buf, "0x%llx (at 0x%llx: PLT or code without a symbol)",
                     (unsigned long long)target, (unsigned long long)at);
            n->ext = cs_xstrdup(buf);
        }
    }
}

/* ARM mapping symbols ($t code, $a ARM code, $d data) of the section with
 * index shndx, in address order. Only those of the section being decoded
 * count: the non-loaded record section at address 0 carries thousands of
 * $d markers that would otherwise hide code on parts whose flash is at 0. */
static size_t mapping_syms(size_t shndx, const cs_sym ***out)
{
    size_t n = 0;
    *out = NULL;
    for (size_t k = 0; k < elf->nsyms; k++) {
        const cs_sym *ms = &elf->syms[k];
        if (ms->name[0] != '$' || ms->shndx != shndx || !strchr("tad", ms->name[1]) ||
            (ms->name[2] && ms->name[2] != '.'))
            continue;
        if ((n & (n - 1)) == 0)
            *out = cs_xrealloc(*out, n ? 2 * n : 1, sizeof **out);
        (*out)[n++] = ms;
    }
    return n;
}

/* Decodes node i's code b[off, end) (section at base): on ARM only the
 * spans after $t and before $d (literal pools), every offset clamped to
 * the function. */
static void decode_node(long i, const unsigned char *b, uint64_t off, uint64_t end, uint64_t base,
                        const cs_sym **ms, size_t nms, size_t *k)
{
    int rv32 = elf->elfclass == ELFCLASS32;
    cur = i;
    if (elf->machine != EM_ARM) {
        cs_decode(elf->machine, rv32, b + off, (size_t)(end - off), base + off, on_call, NULL);
        return;
    }
    uint64_t lo = base + off, hi = base + end;
    while (*k < nms && ms[*k]->addr < lo)
        (*k)++;
    bool code = true; /* a function starts with code */
    uint64_t from = off;
    for (size_t j = *k; j < nms && ms[j]->addr < hi; j++) {
        uint64_t mo = ms[j]->addr - base; /* < end: clamped by the loop */
        if (ms[j]->name[1] == 'd') {
            if (code && mo > from)
                cs_decode(elf->machine, rv32, b + from, (size_t)(mo - from), base + from, on_call, NULL);
            code = false;
        } else if (!code) {
            code = true;
            from = mo;
        }
    }
    if (code && from < end)
        cs_decode(elf->machine, rv32, b + from, (size_t)(end - from), base + from, on_call, NULL);
}

static void decode_all(void)
{
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(elf->elf, scn)) != NULL) {
        GElf_Shdr sh;
        size_t len;
        if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_EXECINSTR) ||
            !(sh.sh_flags & SHF_ALLOC) || sh.sh_type != SHT_PROGBITS)
            continue;
        const unsigned char *b = cs_elf_bytes(scn, &len);
        if (!b)
            continue;
        const cs_sym **ms = NULL;
        size_t nms = elf->machine == EM_ARM ? mapping_syms(elf_ndxscn(scn), &ms) : 0, k = 0;
        for (size_t i = 0; i < nnodes; i++) {
            const cs_sym *s = nodes[i].sym;
            if (s->shndx != elf_ndxscn(scn) || s->addr < sh.sh_addr || s->addr - sh.sh_addr >= len)
                continue;
            uint64_t off = s->addr - sh.sh_addr, end = off + s->size;
            if (end > len || end < off)
                end = len;
            decode_node((long)i, b, off, end, sh.sh_addr, ms, nms, &k);
        }
        free(ms);
    }
}

/* ---- stack sizes ----------------------------------------------------------- */

static bool read_stack_sizes(void)
{
    size_t n;
    const unsigned char *b = cs_elf_bytes(cs_elf_section(elf, ".stack_sizes", NULL), &n);
    if (!b)
        return false;
    uint64_t ret = elf->machine == EM_X86_64 ? 8 : 0; /* the call's return address */
    size_t off = 0;
    while (off + elf->ptr_size < n) {
        uint64_t addr = cs_elf_uint(elf, b + off, elf->ptr_size), size = 0;
        off += elf->ptr_size;
        for (unsigned shift = 0; off < n && shift < 64; shift += 7) {
            unsigned char c = b[off++];
            size |= (uint64_t)(c & 0x7F) << shift;
            if (!(c & 0x80))
                break;
        }
        set_frame(node_at(cs_code_addr(elf, addr)), size + ret, false);
    }
    return true;
}

/* "file:line:col:name<TAB>bytes<TAB>qualifiers". A static function defined
 * in a header is listed under the header's name; its symbol belongs to the
 * translation unit the .su file is named after (tu: "event.c"). */
static void read_su(FILE *f, const char *tu)
{
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char *t1 = strchr(line, '\t');
        if (!t1)
            continue;
        *t1 = 0;
        char *name = strrchr(line, ':');
        name = name ? name + 1 : line;
        char *colon = strchr(line, ':');
        if (colon)
            *colon = 0;
        uint64_t bytes = strtoull(t1 + 1, NULL, 10);
        bool dyn = strstr(t1 + 1, "dynamic") && !strstr(t1 + 1, "bounded");
        const char *file = colon ? line : NULL;
        size_t fl = file ? strlen(file) : 0;
        if (tu && fl > 2 && strcmp(file + fl - 2, ".h") == 0)
            file = tu;
        long n = node_named(name, file);
        if (n >= 0) {
            set_frame(n, bytes, dyn);
            continue;
        }
        /* GCC names a clone "f.isra" / "f.constprop" / "f.part" in the .su
         * file but "f.isra.0", "f.isra.1" ... in the ELF: every numbered
         * clone gets the size (one line per clone, so the largest). */
        char numbered[sizeof line + 12];
        for (unsigned k = 0; strchr(name, '.') && k < 10; k++) {
            snprintf(numbered, sizeof numbered, "%s.%u", name, k);
            set_frame(node_named(numbered, file), bytes, dyn);
        }
    }
}

/* GCC -fcallgraph-info=su,da: node labels "name\nfile:l:c\nN bytes (q)"
 * and edges "sourcename: "a" targetname: "b"". */
static void read_ci(FILE *f)
{
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        char a[256], b[256];
        char *p;
        if (sscanf(line, "node: { title: \"%255[^\"]\"", a) == 1 && (p = strstr(line, "\\n"))) {
            char *q = strstr(p + 2, "\\n");
            unsigned long long bytes;
            char qual[64];
            if (q && sscanf(q + 2, "%llu bytes (%63[^)])", &bytes, qual) == 2)
                set_frame(node_named(a, NULL), bytes,
                          strstr(qual, "dynamic") && !strstr(qual, "bounded"));
        } else if ((p = strstr(line, "sourcename: \"")) && sscanf(p, "sourcename: \"%255[^\"]\" targetname: \"%255[^\"]\"", a, b) == 2) {
            long s = node_named(a, NULL);
            if (s < 0)
                continue;
            if (strcmp(b, "__indirect_call") == 0)
                nodes[s].icall = true;
            else
                add_out(&nodes[s], node_named(b, NULL));
        }
    }
}

static void read_su_path(const char *path, int level)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        cs_error(path, 0, "cannot read stack-usage file or directory");
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *de;
        while (d && level < 16 && (de = readdir(d)) != NULL) {
            if (de->d_name[0] == '.')
                continue;
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
            size_t l = strlen(de->d_name);
            struct stat ss;
            if (stat(sub, &ss) == 0 && (S_ISDIR(ss.st_mode) ||
                (l > 3 && (strcmp(de->d_name + l - 3, ".su") == 0 || strcmp(de->d_name + l - 3, ".ci") == 0))))
                read_su_path(sub, level + 1);
        }
        if (d)
            closedir(d);
        return;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        cs_error(path, 0, "cannot open");
        return;
    }
    size_t l = strlen(path);
    if (l > 3 && strcmp(path + l - 3, ".ci") == 0) {
        read_ci(f);
    } else {
        /* "dir/event.c.su" (CMake) or "dir/event.su" (plain gcc -c): the unit. */
        char tu[512];
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        snprintf(tu, sizeof tu, "%.*s", (int)(strlen(base) > 3 ? strlen(base) - 3 : 0), base);
        read_su(f, tu);
    }
    fclose(f);
}

/* "fn: [a, b]" targets; "fn: N" recursion depth; "fn: size N" frame bytes.
 * A line "!optional" makes the names that follow may-be-absent (a library's
 * annotations: what is not linked is skipped silently), "!required" ends it. */
static void read_annotations(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cs_error(path, 0, "cannot open annotation file");
        return;
    }
    char line[4096];
    unsigned ln = 0;
    bool optional = false;
    while (fgets(line, sizeof line, f)) {
        ln++;
        if (strncmp(line, "!optional", 9) == 0 || strncmp(line, "!required", 9) == 0) {
            optional = line[1] == 'o';
            continue;
        }
        char *h = strchr(line, '#');
        if (h)
            *h = 0;
        char *colon = strchr(line, ':');
        char name[256];
        if (!colon || sscanf(line, " %255[^: \t]", name) != 1)
            continue;
        long n = node_named(name, NULL);
        if (n < 0) {
            if (!optional)
                cs_note(path, ln, "annotated function '%s' is not in the ELF: skipped", name);
            continue;
        }
        char *v = colon + 1;
        unsigned long long num;
        if (strchr(v, '[')) {
            nodes[n].resolved = true;
            char *tok = strtok(strchr(v, '[') + 1, " ,]\t\r\n");
            for (; tok; tok = strtok(NULL, " ,]\t\r\n")) {
                long t = node_named(tok, NULL);
                if (t < 0) { /* not linked: it cannot be called */
                    if (!optional)
                        cs_note(path, ln, "annotation target '%s' is not in the ELF: skipped", tok);
                } else
                    add_out(&nodes[n], t);
            }
        } else if (sscanf(v, " size %llu", &num) == 1) {
            set_frame(n, num, false);
        } else if (sscanf(v, " %llu", &num) == 1 && num > 0) {
            nodes[n].depth = (long)num;
        } else {
            cs_error(path, ln, "cannot parse annotation");
        }
    }
    fclose(f);
}

/* ---- the search ------------------------------------------------------------ */

static uint64_t stack_of(long i);

static uint64_t visit(long i, long t, uint64_t best)
{
    if (t < 0)
        return best;
    node *n = &nodes[i];
    if (nodes[t].state == 1) { /* recursion */
        size_t from = depth;
        while (from > 0 && dfs_path[from - 1] != t)
            from--;
        if (nodes[t].depth > 0) {
            uint64_t sum = 0;
            for (size_t k = from ? from - 1 : 0; k < depth; k++)
                sum += nodes[dfs_path[k]].frame;
            if (sum > nodes[t].loop)
                nodes[t].loop = sum;
            return best;
        }
        char cyc[400] = "";
        for (size_t k = from ? from - 1 : 0; k < depth && strlen(cyc) < 300; k++) {
            strcat(cyc, nodes[dfs_path[k]].sym->name);
            strcat(cyc, " > ");
        }
        UNKNOWN("recursion %s%s (annotate 'function: max depth')", cyc, nodes[t].sym->name);
        n->unknown = true;
        return best;
    }
    uint64_t s = stack_of(t);
    if (nodes[t].unknown)
        n->unknown = true;
    return s > best ? s : best;
}

static uint64_t stack_of(long i)
{
    node *n = &nodes[i];
    if (n->state == 2)
        return n->stack;
    n->state = 1;
    dfs_path[depth++] = i;
    n->unknown = false;
    n->loop = 0;
    if (!n->has_frame) {
        UNKNOWN("no stack size for '%s'%s", n->sym->name,
                " (not compiled with -fstack-usage/-fstack-size-section, or a dynamic frame; "
                "annotate 'function: size N')");
        n->unknown = true;
    }
    if (n->dynamic) {
        UNKNOWN("'%s' has a dynamic frame (alloca/VLA)%s", n->sym->name, "");
        n->unknown = true;
    }
    if (n->ext && !n->resolved) {
        UNKNOWN("'%s' calls %s", n->sym->name, n->ext);
        n->unknown = true;
    }
    uint64_t best = 0, best_tail = 0;
    for (size_t k = 0; k < n->nout; k++) {
        if (nodes[i].tail[k])
            best_tail = visit(i, (long)nodes[i].out[k], best_tail);
        else
            best = visit(i, (long)nodes[i].out[k], best);
    }
    if (n->icall) {
        bool ok = n->resolved;
        if (i == resume_node) { /* the frame trampoline: resumes async functions */
            ok = true;
            for (size_t f = 0; f < model->nfuncs; f++) {
                long t = node_at(model->funcs[f].addr);
                if (t >= 0 && (!task_set || task_set[f]))
                    best = visit(i, t, best);
            }
        }
        if (n->func >= 0) { /* CO_AWAIT_VIA: the registered implementations */
            const cs_func *fn = &model->funcs[n->func];
            for (size_t e = 0; e < fn->nedges; e++) {
                const cs_edge *ed = &model->edges[fn->edges[e]];
                if (ed->callee >= 0)
                    continue;
                ok = true;
                for (size_t k = 0; k < model->nimpls; k++)
                    if (model->impls[k].func >= 0 && strcmp(model->impls[k].iface, ed->rec->name) == 0)
                        best = visit(i, node_at(model->funcs[model->impls[k].func].addr), best);
            }
        }
        if (!ok) {
            UNKNOWN("'%s' makes an indirect call%s", n->sym->name,
                    " (annotate 'function: [targets]')");
            n->unknown = true;
        }
    }
    n = &nodes[i];
    depth--;
    n->state = 2;
    n->stack = n->frame + best + (n->depth > 1 ? (uint64_t)(n->depth - 1) * n->loop : 0);
    if (best_tail > n->stack) /* a tail call replaces our frame */
        n->stack = best_tail;
    return n->stack;
}

static void reset(void)
{
    for (size_t i = 0; i < nnodes; i++)
        nodes[i].state = 0;
    depth = 0;
}

/* Worst over the roots with co_resume running the async functions in set. */
static uint64_t worst_over(const long *roots, size_t nroots, const bool *set, long *which)
{
    task_set = set;
    reset();
    uint64_t w = 0;
    bool unk = false;
    for (size_t r = 0; r < nroots; r++) {
        uint64_t s = stack_of(roots[r]);
        unk |= nodes[roots[r]].unknown;
        if (s >= w) {
            w = s;
            if (which)
                *which = roots[r];
        }
    }
    return unk ? CS_UNKNOWN : w;
}

static void mark_closure(const cs_model *m, long f, bool *set)
{
    if (f < 0 || set[f])
        return;
    set[f] = true;
    const cs_func *fn = &m->funcs[f];
    for (size_t e = 0; e < fn->nedges; e++) {
        const cs_edge *ed = &m->edges[fn->edges[e]];
        if (ed->callee >= 0)
            mark_closure(m, ed->callee, set);
        else
            for (size_t k = 0; k < m->nimpls; k++)
                if (strcmp(m->impls[k].iface, ed->rec->name) == 0)
                    mark_closure(m, m->impls[k].func, set);
    }
}

static void analyse(cs_model *m, const cs_elf *e, const cs_stack_opts *o, cs_stack_report *r);

void cs_stack_analyse(cs_model *m, const cs_elf *e, const cs_stack_opts *o, cs_stack_report *r)
{
    memset(r, 0, sizeof *r);
    model = m;
    elf = e;
    rep = r;
    nnodes = 0;
    nodes = cs_xcalloc(e->nsyms, sizeof *nodes);
    for (size_t i = 0; i < e->nsyms; i++) {
        const cs_sym *s = &e->syms[i];
        if (s->type != STT_FUNC || (nnodes && nodes[nnodes - 1].sym->addr == s->addr))
            continue;
        nodes[nnodes].sym = s;
        nodes[nnodes].func = -1;
        nnodes++;
    }
    for (size_t f = 0; f < m->nfuncs; f++) {
        long n = node_at(m->funcs[f].addr);
        if (n >= 0)
            nodes[n].func = (long)f;
    }
    bool sizes = read_stack_sizes();
    r->source = sizes ? ".stack_sizes" : "GCC .su/.ci";
    for (size_t i = 0; i < o->nsu; i++)
        read_su_path(o->su_paths[i], 0);
    if (o->annotations)
        read_annotations(o->annotations);
    for (size_t i = 0; i < nnodes && !sizes; i++)
        sizes = nodes[i].has_frame;
    if (sizes && o->nsu && r->source[0] == '.')
        r->source = ".stack_sizes + GCC .su/.ci";
    r->have_sizes = sizes;
    if (sizes)
        analyse(m, e, o, r);
    for (size_t i = 0; i < nnodes; i++) {
        free(nodes[i].out);
        free(nodes[i].tail);
        free(nodes[i].ext);
    }
    free(nodes);
    nodes = NULL;
}

static void analyse(cs_model *m, const cs_elf *e, const cs_stack_opts *o, cs_stack_report *r)
{
    if (!cs_decode(e->machine, 0, NULL, 0, 0, on_call, NULL)) {
        UNKNOWN("machine %s%s: no call decoder", "", "");
    }
    decode_all();
    const cs_sym *res = cs_sym_by_name(e, "co_resume", NULL);
    resume_node = res ? node_at(res->addr) : -1;

    long *roots = cs_xcalloc(nnodes + o->nroots, sizeof *roots);
    size_t nroots = 0;
    for (size_t i = 0; i < o->nroots; i++) {
        long n = node_named(o->roots[i], NULL);
        if (n < 0)
            cs_error(NULL, 0, "--root '%s' is not a function in the ELF", o->roots[i]);
        else
            roots[nroots++] = n;
    }
    for (size_t i = 0; !o->nroots && resume_node >= 0 && i < nnodes; i++)
        for (size_t k = 0; k < nodes[i].nout; k++)
            if ((long)nodes[i].out[k] == resume_node && nodes[i].func < 0)
                roots[nroots++] = (long)i;
    if (nroots == 0) {
        UNKNOWN("no caller loop found (no direct caller of co_resume; use --root)%s%s", "", "");
        r->worst = r->loop = CS_UNKNOWN;
        free(roots);
        return;
    }
    r->isr = o->isr_frame >= 0 ? (uint64_t)o->isr_frame
             : e->machine == EM_ARM ? ((e->eflags & 0x400) ? 104u : 32u) : 0u;
    dfs_path = cs_xcalloc(nnodes + 1, sizeof *dfs_path);
    bool *none = cs_xcalloc(m->nfuncs + 1, sizeof *none);
    long which = roots[0];
    r->loop = worst_over(roots, nroots, none, &which);
    uint64_t all = worst_over(roots, nroots, NULL, &which);
    snprintf(r->root, sizeof r->root, "%s", nodes[which].sym->name);
    r->worst = all == CS_UNKNOWN ? CS_UNKNOWN : all + r->isr;
    for (size_t t = 0; t < m->ntasks; t++) {
        memset(none, 0, (m->nfuncs + 1) * sizeof *none);
        mark_closure(m, m->tasks[t].func, none);
        uint64_t s = worst_over(roots, nroots, none, NULL);
        m->tasks[t].stack = s == CS_UNKNOWN ? CS_UNKNOWN : s + r->isr;
    }
    free(none);
    free(dfs_path);
    free(roots);
}

void cs_stack_free(cs_stack_report *r)
{
    for (size_t i = 0; i < r->nunknown; i++)
        free(r->unknown[i]);
    free(r->unknown);
    memset(r, 0, sizeof *r);
}
