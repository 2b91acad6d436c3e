/* tools/trace/trace_input.c - the console-log reader and the ELF symbol
 * reader of costack-trace (see trace_input.h). */
#include "trace_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Finds "costack-trace " in [p, end). */
static const unsigned char *find_prefix(const unsigned char *p, const unsigned char *end)
{
    static const char pre[] = "costack-trace ";
    const size_t k = sizeof pre - 1;
    for (; p + k <= end; p++)
        if (*p == 'c' && memcmp(p, pre, k) == 0)
            return p + k;
    return NULL;
}

unsigned char *trace_from_log(const unsigned char *text, size_t len, size_t *n, const char **err)
{
    size_t cap = 4096, have = 0;
    unsigned char *buf = malloc(cap);
    int lines = 0;
    static char msg[96];
    if (!buf) {
        *err = "out of memory";
        return NULL;
    }
    const unsigned char *p = text, *end = text + len;
    while (p < end) {
        const unsigned char *eol = memchr(p, '\n', (size_t)(end - p));
        const unsigned char *le = eol ? eol : end;
        const unsigned char *q = find_prefix(p, le);
        p = eol ? eol + 1 : end;
        if (!q)
            continue;
        uint32_t off = 0;
        int digits = 0;
        for (; q < le && digits < 8 && hexval(*q) >= 0; q++, digits++)
            off = off << 4 | (uint32_t)hexval(*q);
        if (digits != 8 || q >= le || *q != ' ')
            continue; /* not one of our lines (e.g. "costack-trace: ...") */
        q++;
        if (off == 0) /* a new stream starts: keep the newest */
            have = 0;
        if (off != have) {
            snprintf(msg, sizeof msg, "log: a line is missing before stream offset %lu (have %lu bytes)",
                     (unsigned long)off, (unsigned long)have);
            *err = msg;
            free(buf);
            return NULL;
        }
        for (; q + 1 < le && hexval(q[0]) >= 0 && hexval(q[1]) >= 0; q += 2) {
            if (have == cap) {
                unsigned char *nb = realloc(buf, cap *= 2);
                if (!nb) {
                    free(buf);
                    *err = "out of memory";
                    return NULL;
                }
                buf = nb;
            }
            buf[have++] = (unsigned char)(hexval(q[0]) << 4 | hexval(q[1]));
        }
        lines++;
    }
    if (!lines) {
        free(buf);
        *err = "no trace in the log (no \"costack-trace OFFSET HEX\" lines from co_trace_print)";
        return NULL;
    }
    *n = have;
    return buf;
}

static uint64_t rd(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

int elf_syms_read(const char *path, struct elf_syms *s, const char **err)
{
    memset(s, 0, sizeof *s);
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = "cannot open the ELF";
        return -1;
    }
    unsigned char *b = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n == cap) {
            unsigned char *nb = realloc(b, cap = cap ? 2 * cap : 1 << 16);
            if (!nb) {
                free(b);
                fclose(f);
                *err = "out of memory";
                return -1;
            }
            b = nb;
        }
        got = fread(b + n, 1, cap - n, f);
        n += got;
    } while (got);
    fclose(f);
    *err = "not a little-endian ELF";
    if (n < 64 || memcmp(b, "\177ELF", 4) != 0 || b[5] != 1 || (b[4] != 1 && b[4] != 2)) {
        free(b);
        return -1;
    }
    const int w = b[4] == 2 ? 8 : 4; /* ELF64 : ELF32 */
    uint64_t shoff = rd(b + (w == 8 ? 0x28 : 0x20), w);
    unsigned shentsize = (unsigned)rd(b + (w == 8 ? 0x3A : 0x2E), 2);
    unsigned shnum = (unsigned)rd(b + (w == 8 ? 0x3C : 0x30), 2);
    *err = "corrupt ELF section table";
    if (shentsize < (w == 8 ? 64u : 40u) || shoff > n || (uint64_t)shnum * shentsize > n - shoff) {
        free(b);
        return -1;
    }
    for (unsigned i = 0; i < shnum; i++) {
        const unsigned char *sh = b + shoff + (uint64_t)i * shentsize;
        if (rd(sh + 4, 4) != 2) /* SHT_SYMTAB */
            continue;
        uint64_t off = rd(sh + (w == 8 ? 0x18 : 0x10), w), size = rd(sh + (w == 8 ? 0x20 : 0x14), w);
        unsigned link = (unsigned)rd(sh + (w == 8 ? 0x28 : 0x18), 4);
        uint64_t ent = rd(sh + (w == 8 ? 0x38 : 0x24), w);
        if (link >= shnum || ent < (w == 8 ? 24u : 16u) || off > n || size > n - off) {
            free(b);
            return -1;
        }
        const unsigned char *st = b + shoff + (uint64_t)link * shentsize;
        uint64_t stoff = rd(st + (w == 8 ? 0x18 : 0x10), w), stsize = rd(st + (w == 8 ? 0x20 : 0x14), w);
        if (stoff > n || stsize > n - stoff) {
            free(b);
            return -1;
        }
        size_t count = (size_t)(size / ent);
        s->v = calloc(count ? count : 1, sizeof *s->v);
        if (!s->v) {
            free(b);
            *err = "out of memory";
            return -1;
        }
        for (size_t k = 0; k < count; k++) {
            const unsigned char *sym = b + off + k * ent;
            uint32_t name = (uint32_t)rd(sym, 4);
            unsigned type = (w == 8 ? sym[4] : sym[12]) & 0xFu;
            uint64_t value = rd(sym + (w == 8 ? 8 : 4), w), sz = rd(sym + (w == 8 ? 16 : 8), w);
            if (type != 1 || name >= stsize) /* STT_OBJECT only */
                continue;
            const char *nm = (const char *)b + stoff + name;
            const char *nul = memchr(nm, 0, (size_t)(stsize - name));
            size_t len = nul ? (size_t)(nul - nm) : (size_t)(stsize - name);
            char *copy = malloc(len + 1);
            if (!copy)
                continue;
            memcpy(copy, nm, len);
            copy[len] = 0;
            s->v[s->n++] = (struct elf_sym){value, sz, copy};
        }
        break;
    }
    free(b);
    return 0;
}

int elf_syms_lookup(const struct elf_syms *s, uint32_t addr, char *out, size_t cap)
{
    for (size_t i = 0; s && i < s->n; i++) {
        uint32_t v = (uint32_t)s->v[i].value;
        if (addr == v) {
            snprintf(out, cap, "%s", s->v[i].name);
            return 0;
        }
        if (addr > v && addr - v < s->v[i].size) {
            snprintf(out, cap, "%s+%lu", s->v[i].name, (unsigned long)(addr - v));
            return 0;
        }
    }
    return -1;
}

void elf_syms_free(struct elf_syms *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].name);
    free(s->v);
    memset(s, 0, sizeof *s);
}
