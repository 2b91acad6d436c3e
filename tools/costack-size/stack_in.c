/* stack_in.c - the running-stack analysis' inputs: call edges decoded from
 * the machine code (decode.c), frame sizes from Clang .stack_sizes, GCC
 * .su/.ci, annotations, and the code's own prologue (frame.c). */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "stack.h"

stack_state st;

void unknown_add(const char *text)
{
    for (size_t i = 0; i < st.rep->nunknown; i++)
        if (strcmp(st.rep->unknown[i], text) == 0)
            return;
    if (st.rep->nunknown >= 64)
        return;
    st.rep->unknown = cs_xrealloc(st.rep->unknown, st.rep->nunknown + 1, sizeof *st.rep->unknown);
    st.rep->unknown[st.rep->nunknown++] = cs_xstrdup(text);
}
long node_at(uint64_t addr)
{
    size_t lo = 0, hi = st.nnodes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (st.nodes[mid].sym->addr < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < st.nnodes && st.nodes[lo].sym->addr == addr ? (long)lo : -1;
}

long node_named(const char *name, const char *file)
{
    const cs_sym *s = cs_sym_by_name(st.elf, name, file);
    return s && s->type == STT_FUNC ? node_at(s->addr) : -1;
}

void add_edge(node *n, long to, bool tail)
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


void set_frame(long i, uint64_t bytes, bool dynamic, int src)
{
    if (i < 0)
        return;
    node *n = &st.nodes[i];
    if (src == SRC_ANNOTATION) { /* the user's word replaces every other */
        n->frame = bytes;
        n->dynamic = false;
        n->src = SRC_ANNOTATION;
        n->has_frame = true;
        return;
    }
    if (n->src == SRC_ANNOTATION)
        return;
    n->dynamic |= dynamic;
    if (!n->has_frame || bytes > n->frame) { /* several: the largest, and its source */
        n->frame = bytes;
        n->src = src;
    }
    n->has_frame = true;
}

/* ---- call edges from the machine code ------------------------------------ */

static long cur;

static void on_call(void *ctx, uint64_t at, uint64_t target, int kind)
{
    (void)ctx;
    node *n = &st.nodes[cur];
    if (kind == CS_ICALL) {
        n->icall = true;
        return;
    }
    target = cs_code_addr(st.elf, target);
    long t = node_at(target);
    if (kind == CS_MILLI) {
        if (t >= 0 && n->nmilli < sizeof n->milli / sizeof n->milli[0])
            n->milli[n->nmilli++] = t;
        kind = CS_CALL;
    }
    if (kind == CS_JUMP) {
        if (t >= 0 && t != cur)
            add_edge(n, t, true); /* tail call */
        return;
    }
    if (t >= 0) {
        add_edge(n, t, false);
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
    for (size_t k = 0; k < st.elf->nsyms; k++) {
        const cs_sym *ms = &st.elf->syms[k];
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
/* One span of code: its calls, and its sp decrements for the prologue frame. */
static const unsigned char *sec_bytes;
static size_t sec_len;
static uint64_t sec_addr;

static void span(const unsigned char *b, size_t len, uint64_t at)
{
    cs_decode(st.elf->machine, st.elf->elfclass == ELFCLASS32, b, len, at, on_call, NULL);
    cs_frame_acc *a = &st.nodes[cur].code_frame;
    a->sec = sec_bytes;
    a->sec_len = sec_len;
    a->sec_addr = sec_addr;
    cs_frame_scan(st.elf->machine, b, len, at, a);
}

static void decode_node(long i, const unsigned char *b, uint64_t off, uint64_t end, uint64_t base,
                        const cs_sym **ms, size_t nms, size_t *k)
{
    cur = i;
    if (st.elf->machine != EM_ARM) {
        span(b + off, (size_t)(end - off), base + off);
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
                span(b + from, (size_t)(mo - from), base + from);
            code = false;
        } else if (!code) {
            code = true;
            from = mo;
        }
    }
    if (code && from < end)
        span(b + from, (size_t)(end - from), base + from);
}

void decode_all(void)
{
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(st.elf->elf, scn)) != NULL) {
        GElf_Shdr sh;
        size_t len;
        if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_EXECINSTR) ||
            !(sh.sh_flags & SHF_ALLOC) || sh.sh_type != SHT_PROGBITS)
            continue;
        const unsigned char *b = cs_elf_bytes(scn, &len);
        if (!b)
            continue;
        sec_bytes = b;
        sec_len = len;
        sec_addr = sh.sh_addr;
        const cs_sym **ms = NULL;
        size_t nms = st.elf->machine == EM_ARM ? mapping_syms(elf_ndxscn(scn), &ms) : 0, k = 0;
        for (size_t i = 0; i < st.nnodes; i++) {
            const cs_sym *s = st.nodes[i].sym;
            if (s->shndx != elf_ndxscn(scn) || s->addr < sh.sh_addr || s->addr - sh.sh_addr >= len)
                continue;
            uint64_t off = s->addr - sh.sh_addr, end = off + s->size;
            if (end > len || end < off)
                end = len;
            /* a size running into the next function is wrong: stop there */
            if (i + 1 < st.nnodes && st.nodes[i + 1].sym->shndx == s->shndx &&
                st.nodes[i + 1].sym->addr - sh.sh_addr < end)
                end = st.nodes[i + 1].sym->addr - sh.sh_addr;
            decode_node((long)i, b, off, end, sh.sh_addr, ms, nms, &k);
            st.nodes[i].decoded = true;
        }
        free(ms);
    }
    /* frames of code without size data, from its own instructions */
    for (size_t i = 0; i < st.nnodes; i++) {
        node *n = &st.nodes[i];
        if (n->has_frame || !n->decoded || !cs_frame_scan(st.elf->machine, NULL, 0, 0, &n->code_frame))
            continue;
        set_frame((long)i, n->code_frame.bytes, n->code_frame.dynamic != 0, SRC_PROLOGUE);
    }
    /* a millicode save routine's frame stays on the caller's frame */
    for (size_t i = 0; i < st.nnodes; i++) {
        node *n = &st.nodes[i];
        uint64_t most = 0;
        for (unsigned k = 0; k < n->nmilli; k++)
            if (st.nodes[n->milli[k]].frame > most)
                most = st.nodes[n->milli[k]].frame;
        if (n->nmilli && n->src == SRC_PROLOGUE)
            n->frame += most;
    }
}

/* ---- stack sizes ----------------------------------------------------------- */

bool read_stack_sizes(void)
{
    size_t n;
    const unsigned char *b = cs_elf_bytes(cs_elf_section(st.elf, ".stack_sizes", NULL), &n);
    if (!b)
        return false;
    uint64_t ret = st.elf->machine == EM_X86_64 ? 8 : 0; /* the call's return address */
    size_t off = 0;
    while (off + st.elf->ptr_size < n) {
        uint64_t addr = cs_elf_uint(st.elf, b + off, st.elf->ptr_size), size = 0;
        off += st.elf->ptr_size;
        for (unsigned shift = 0; off < n && shift < 64; shift += 7) {
            unsigned char c = b[off++];
            size |= (uint64_t)(c & 0x7F) << shift;
            if (!(c & 0x80))
                break;
        }
        set_frame(node_at(cs_code_addr(st.elf, addr)), size + ret, false, SRC_STACK_SIZES);
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
            set_frame(n, bytes, dyn, SRC_SU);
            continue;
        }
        /* GCC names a clone "f.isra" / "f.constprop" / "f.part" in the .su
         * file but "f.isra.0", "f.isra.1" ... in the ELF: every numbered
         * clone gets the size (one line per clone, so the largest). */
        char numbered[sizeof line + 12];
        for (unsigned k = 0; strchr(name, '.') && k < 10; k++) {
            snprintf(numbered, sizeof numbered, "%s.%u", name, k);
            set_frame(node_named(numbered, file), bytes, dyn, SRC_SU);
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
                          strstr(qual, "dynamic") && !strstr(qual, "bounded"), SRC_SU);
        } else if ((p = strstr(line, "sourcename: \"")) && sscanf(p, "sourcename: \"%255[^\"]\" targetname: \"%255[^\"]\"", a, b) == 2) {
            long s = node_named(a, NULL);
            if (s < 0)
                continue;
            if (strcmp(b, "__indirect_call") == 0)
                st.nodes[s].icall = true;
            else
                add_edge(&st.nodes[s], node_named(b, NULL), false);
        }
    }
}

void read_su_path(const char *path, int level)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        cs_error(path, 0, "cannot read stack-usage file or directory");
        return;
    }
    if (S_ISDIR(sb.st_mode)) {
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

bool isr_add(long i, unsigned long level)
{
    unsigned k = 0;
    while (k < st.nlevels && st.levels[k] != level)
        k++;
    if (k == st.nlevels) {
        if (st.nlevels == 64)
            return false;
        st.levels[st.nlevels++] = level;
    }
    st.nodes[i].isr_levels |= (uint64_t)1 << k;
    return true;
}

/* "fn: [a, b]" targets; "fn: N" recursion depth; "fn: size N" frame bytes.
 * A line "!optional" makes the names that follow may-be-absent (a library's
 * annotations: what is not linked is skipped silently), "!required" ends it. */
void read_annotations(const char *path)
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
        if (strncmp(line, "!stack", 6) == 0) { /* the stack the linker reserves */
            char a[128] = "", b[128] = "";
            int k = sscanf(line + 6, " %127s %127s", a, b);
            if (k >= 1) {
                snprintf(st.stack_sym[0], sizeof st.stack_sym[0], "%s", a);
                snprintf(st.stack_sym[1], sizeof st.stack_sym[1], "%s", k == 2 ? b : "");
            } else
                cs_error(path, ln, "'!stack' takes a byte count, a size symbol, or top and limit symbols");
            continue;
        }
        char *h = strchr(line, '#');
        if (h)
            *h = 0;
        if (strncmp(line, "!root", 5) == 0) { /* the caller loop: names not linked are skipped */
            for (char *tok = strtok(line + 5, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n")) {
                long r = node_named(tok, NULL);
                if (r < 0) {
                    if (!optional)
                        cs_note(path, ln, "'!root %s' is not in the ELF: skipped", tok);
                } else if (st.nroots < sizeof st.roots / sizeof st.roots[0])
                    st.roots[st.nroots++] = r;
            }
            continue;
        }
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
        long long lv;
        if (strchr(v, '[')) {
            st.nodes[n].resolved = true;
            char *tok = strtok(strchr(v, '[') + 1, " ,]\t\r\n");
            for (; tok; tok = strtok(NULL, " ,]\t\r\n")) {
                long t = node_named(tok, NULL);
                if (t < 0) { /* not linked: it cannot be called */
                    if (!optional)
                        cs_note(path, ln, "annotation target '%s' is not in the ELF: skipped", tok);
                } else
                    add_edge(&st.nodes[n], t, false);
            }
        } else if (sscanf(v, " isr %lli", &lv) == 1 && lv >= 0) {
            if (!isr_add(n, (unsigned long)lv))
                cs_error(path, ln, "more than 64 interrupt priority levels");
        } else if (sscanf(v, " size %llu", &num) == 1) {
            set_frame(n, num, false, SRC_ANNOTATION);
        } else if (sscanf(v, " %llu", &num) == 1 && num > 0) {
            st.nodes[n].depth = (long)num;
        } else {
            cs_error(path, ln, "cannot parse annotation");
        }
    }
    fclose(f);
}

