/* elf.c - opening the ELF file with libelf; symbols; diagnostics. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs.h"
#include "demangle.h"

unsigned cs_errors;
bool cs_quiet_warnings;

__attribute__((format(printf, 4, 0))) static void report(const char *kind, const char *file,
                                                        unsigned line, const char *fmt, va_list ap)
{
    if (file && line)
        fprintf(stderr, "%s:%u: %s: ", file, line, kind);
    else if (file)
        fprintf(stderr, "%s: %s: ", file, kind);
    else
        fprintf(stderr, "costack-size: %s: ", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cs_error(const char *file, unsigned line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report("error", file, line, fmt, ap);
    va_end(ap);
    cs_errors++;
}

void cs_warning(const char *file, unsigned line, const char *fmt, ...)
{
    if (cs_quiet_warnings)
        return;
    va_list ap;
    va_start(ap, fmt);
    report("warning", file, line, fmt, ap);
    va_end(ap);
}

void cs_note(const char *file, unsigned line, const char *fmt, ...)
{
    if (cs_quiet_warnings)
        return;
    va_list ap;
    va_start(ap, fmt);
    report("note", file, line, fmt, ap);
    va_end(ap);
}

void *cs_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fprintf(stderr, "costack-size: out of memory\n");
        exit(2);
    }
    return p;
}

void *cs_xrealloc(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        fprintf(stderr, "costack-size: out of memory\n");
        exit(2);
    }
    size_t bytes = n * size;
    void *q = realloc(p, bytes ? bytes : 1);
    if (!q) {
        fprintf(stderr, "costack-size: out of memory\n");
        exit(2);
    }
    return q;
}

char *cs_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = cs_xcalloc(n, 1);
    memcpy(d, s, n);
    return d;
}

uint64_t cs_code_addr(const cs_elf *e, uint64_t a)
{
    return e->machine == EM_ARM ? a & ~(uint64_t)1 : a;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

bool cs_same_file(const char *a, const char *b)
{
    return a && b && strcmp(base_name(a), base_name(b)) == 0;
}

static void read_relocs(cs_elf *e);

static int by_addr(const void *x, const void *y)
{
    const cs_sym *a = x, *b = y;
    if (a->addr != b->addr)
        return a->addr < b->addr ? -1 : 1;
    /* functions first, then globals first, then larger first */
    if (a->type != b->type)
        return a->type == STT_FUNC ? -1 : b->type == STT_FUNC ? 1 : 0;
    if (a->bind != b->bind)
        return a->bind == STB_GLOBAL ? -1 : b->bind == STB_GLOBAL ? 1 : 0;
    return a->size > b->size ? -1 : a->size < b->size ? 1 : 0;
}

static int by_name(const void *x, const void *y)
{
    const cs_sym *const *a = x, *const *b = y;
    int c = strcmp((*a)->name, (*b)->name);
    if (c)
        return c;
    return (*a)->bind == STB_GLOBAL ? -1 : (*b)->bind == STB_GLOBAL ? 1 : 0;
}

static void read_symbols(cs_elf *e)
{
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(e->elf, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || sh.sh_entsize == 0)
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        if (!d)
            continue;
        size_t n = sh.sh_size / sh.sh_entsize;
        e->syms = cs_xrealloc(e->syms, e->nsyms + n, sizeof *e->syms);
        const char *file = NULL;
        for (size_t i = 0; i < n; i++) {
            GElf_Sym s;
            if (!gelf_getsym(d, (int)i, &s))
                break;
            const char *name = elf_strptr(e->elf, sh.sh_link, s.st_name);
            unsigned char type = (unsigned char)GELF_ST_TYPE(s.st_info);
            if (type == STT_FILE) {
                file = name;
                continue;
            }
            if (!name || !*name || s.st_shndx == SHN_UNDEF || type == STT_SECTION)
                continue;
            cs_sym *o = &e->syms[e->nsyms++];
            o->name = cs_demangle(name); /* C++: as the records spell it */
            o->type = type;
            o->bind = (unsigned char)GELF_ST_BIND(s.st_info);
            o->addr = type == STT_FUNC ? cs_code_addr(e, s.st_value) : s.st_value;
            o->size = s.st_size;
            o->shndx = s.st_shndx;
            o->file = o->bind == STB_LOCAL ? file : NULL;
        }
        e->has_symtab = true;
    }
    if (e->nsyms)
        qsort(e->syms, e->nsyms, sizeof *e->syms, by_addr);
    e->by_name = cs_xcalloc(e->nsyms, sizeof *e->by_name);
    for (size_t i = 0; i < e->nsyms; i++)
        e->by_name[i] = &e->syms[i];
    if (e->nsyms)
        qsort(e->by_name, e->nsyms, sizeof *e->by_name, by_name);
}

bool cs_elf_open(cs_elf *e, const char *path)
{
    memset(e, 0, sizeof *e);
    e->fd = -1;
    if (elf_version(EV_CURRENT) == EV_NONE) {
        cs_error(NULL, 0, "libelf is too old");
        return false;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        cs_error(path, 0, "cannot open: %s", strerror(errno));
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        cs_error(path, 0, "is a directory, not an ELF file");
        return false;
    }
    if (!S_ISREG(st.st_mode)) { /* a FIFO or a device would block or never end */
        cs_error(path, 0, "not a regular file (FIFO, device, socket?): give the linked ELF file");
        return false;
    }
    e->fd = open(path, O_RDONLY | O_NONBLOCK);
    if (e->fd < 0) {
        cs_error(path, 0, "cannot open: %s", strerror(errno));
        return false;
    }
    e->elf = elf_begin(e->fd, ELF_C_READ_MMAP, NULL);
    if (!e->elf || elf_kind(e->elf) != ELF_K_ELF) {
        cs_error(path, 0, "not an ELF file");
        return false;
    }
    GElf_Ehdr eh;
    if (!gelf_getehdr(e->elf, &eh)) {
        cs_error(path, 0, "corrupt ELF header: %s", elf_errmsg(-1));
        return false;
    }
    size_t shnum = 0, shstrndx = 0;
    if (elf_getshdrnum(e->elf, &shnum) != 0 || elf_getshdrstrndx(e->elf, &shstrndx) != 0) {
        cs_error(path, 0, "corrupt section table: %s", elf_errmsg(-1));
        return false;
    }
    e->elfclass = eh.e_ident[EI_CLASS];
    e->big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;
    e->machine = eh.e_machine;
    e->eflags = eh.e_flags;
    e->ptr_size = e->elfclass == ELFCLASS64 ? 8 : 4;
    read_symbols(e);
    read_relocs(e);
    return true;
}

void cs_elf_close(cs_elf *e)
{
    free(e->relocs);
    free(e->syms);
    free(e->by_name);
    cs_demangle_release();
    if (e->elf)
        elf_end(e->elf);
    if (e->fd >= 0)
        close(e->fd);
    memset(e, 0, sizeof *e);
    e->fd = -1;
}

Elf_Scn *cs_elf_section(const cs_elf *e, const char *name, GElf_Shdr *shdr)
{
    size_t shstrndx;
    if (elf_getshdrstrndx(e->elf, &shstrndx) != 0)
        return NULL;
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(e->elf, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh))
            continue;
        const char *n = elf_strptr(e->elf, shstrndx, sh.sh_name);
        if (n && strcmp(n, name) == 0) {
            if (shdr)
                *shdr = sh;
            return scn;
        }
    }
    return NULL;
}

const unsigned char *cs_elf_bytes(Elf_Scn *scn, size_t *n)
{
    *n = 0;
    if (!scn)
        return NULL;
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
        return NULL;
    Elf_Data *d = elf_rawdata(scn, NULL);
    if (!d || !d->d_buf)
        return NULL;
    *n = d->d_size;
    return d->d_buf;
}

uint64_t cs_elf_uint(const cs_elf *e, const unsigned char *p, unsigned width)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < width; i++) {
        unsigned shift = e->big_endian ? 8u * (width - 1u - i) : 8u * i;
        v |= (uint64_t)p[i] << shift;
    }
    return v;
}

static size_t first_by_name(const cs_elf *e, const char *name)
{
    size_t lo = 0, hi = e->nsyms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(e->by_name[mid]->name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t cs_sym_count_by_name(const cs_elf *e, const char *name)
{
    size_t i = first_by_name(e, name), n = 0;
    while (i + n < e->nsyms && strcmp(e->by_name[i + n]->name, name) == 0)
        n++;
    return n;
}

size_t cs_syms_named(const cs_elf *e, const char *name, const char *file, const cs_sym **out,
                     size_t max)
{
    size_t first = first_by_name(e, name), n = 0, same = 0;
    for (size_t i = first; i < e->nsyms && strcmp(e->by_name[i]->name, name) == 0; i++)
        same += e->by_name[i]->file && cs_same_file(e->by_name[i]->file, file);
    for (size_t i = first; i < e->nsyms && strcmp(e->by_name[i]->name, name) == 0 && n < max; i++)
        if (!same || (e->by_name[i]->file && cs_same_file(e->by_name[i]->file, file)))
            out[n++] = e->by_name[i];
    return n;
}

const cs_sym *cs_sym_by_name(const cs_elf *e, const char *name, const char *prefer_file)
{
    size_t i = first_by_name(e, name);
    const cs_sym *first = NULL;
    for (; i < e->nsyms && strcmp(e->by_name[i]->name, name) == 0; i++) {
        const cs_sym *s = e->by_name[i];
        if (!first)
            first = s;
        if (prefer_file && s->file && cs_same_file(s->file, prefer_file))
            return s;
    }
    return first;
}

/* Index of the last symbol with addr <= a. */
static long last_at_or_below(const cs_elf *e, uint64_t a)
{
    size_t lo = 0, hi = e->nsyms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e->syms[mid].addr <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (long)lo - 1;
}

const cs_sym *cs_func_at(const cs_elf *e, uint64_t addr)
{
    addr = cs_code_addr(e, addr);
    long i = last_at_or_below(e, addr);
    while (i >= 0 && e->syms[i].addr == addr) {
        if (e->syms[i].type == STT_FUNC)
            return &e->syms[i];
        i--;
    }
    return NULL;
}

const cs_sym *cs_func_containing(const cs_elf *e, uint64_t addr)
{
    long i = last_at_or_below(e, addr);
    /* walk back over a few symbols sharing or preceding the address */
    for (int k = 0; i >= 0 && k < 64; i--, k++) {
        const cs_sym *s = &e->syms[i];
        if (s->type != STT_FUNC)
            continue;
        if (addr >= s->addr && addr - s->addr < (s->size ? s->size : 1))
            return s;
        if (s->size)
            return NULL;
    }
    return NULL;
}

/* ---- initialised pointers (a context's initialiser) ---------------------- */

static int reloc_by_off(const void *x, const void *y)
{
    const cs_reloc *a = x, *b = y;
    return a->off < b->off ? -1 : a->off > b->off;
}

/* Dynamic relocations (a PIE's R_*_RELATIVE), sorted by the address they
 * patch: lld leaves the bytes of a relocated pointer zero. */
static void read_relocs(cs_elf *e)
{
    size_t cap = 0;
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(e->elf, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA || !(sh.sh_flags & SHF_ALLOC) ||
            sh.sh_entsize == 0)
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        Elf_Scn *symscn = elf_getscn(e->elf, sh.sh_link);
        Elf_Data *sd = symscn ? elf_getdata(symscn, NULL) : NULL;
        for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Rela r;
            if (!gelf_getrela(d, (int)i, &r))
                break;
            uint64_t v = (uint64_t)r.r_addend;
            size_t si = e->elfclass == ELFCLASS64 ? GELF_R_SYM(r.r_info) : ELF32_R_SYM(r.r_info);
            GElf_Sym s;
            if (si && sd && gelf_getsym(sd, (int)si, &s))
                v += s.st_value;
            if (e->nrelocs == cap) {
                cap = cap ? 2 * cap : 256;
                e->relocs = cs_xrealloc(e->relocs, cap, sizeof *e->relocs);
            }
            e->relocs[e->nrelocs++] = (cs_reloc){r.r_offset, v};
        }
    }
    if (e->nrelocs)
        qsort(e->relocs, e->nrelocs, sizeof *e->relocs, reloc_by_off);
}

size_t cs_elf_ptrs(const cs_elf *e, uint64_t addr, uint64_t size, uint64_t *out, size_t max)
{
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(e->elf, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) || sh.sh_type != SHT_PROGBITS ||
            addr < sh.sh_addr || addr - sh.sh_addr >= sh.sh_size)
            continue;
        size_t n;
        const unsigned char *b = cs_elf_bytes(scn, &n);
        uint64_t off = addr - sh.sh_addr;
        if (!b || off > n)
            return 0;
        if (size > n - off)
            size = n - off;
        size_t k = 0;
        for (uint64_t o = 0; o + e->ptr_size <= size && k < max; o += e->ptr_size) {
            uint64_t v = cs_elf_uint(e, b + off + o, e->ptr_size);
            size_t lo = 0, hi = e->nrelocs;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (e->relocs[mid].off < addr + o)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < e->nrelocs && e->relocs[lo].off == addr + o)
                v = e->relocs[lo].value;
            out[k++] = v;
        }
        return k;
    }
    return 0;
}
