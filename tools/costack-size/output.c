/* output.c - the verdict: diagnostics, the table and JSON. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cs.h"

#define MAX_CHAIN 4096

static long chain_f[MAX_CHAIN];
static uint64_t chain_s[MAX_CHAIN];

/* "a > b > c" into buf (truncated with "..." when long). */
static const char *chain_text(const cs_model *m, const cs_task *t, char *buf, size_t cap)
{
    size_t n = cs_chain(m, t, chain_f, chain_s, MAX_CHAIN), len = 0;
    buf[0] = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = m->funcs[chain_f[i]].rec->name;
        int w = snprintf(buf + len, cap - len, "%s%s", i ? " > " : "", name);
        if (w < 0 || (size_t)w >= cap - len) {
            if (cap > 4)
                strcpy(buf + cap - 4, "...");
            break;
        }
        len += (size_t)w;
    }
    return buf;
}

unsigned cs_verdict(const cs_model *m)
{
    static char buf[8192];
    unsigned short_ = 0;
    for (size_t i = 0; i < m->ntasks; i++) {
        const cs_task *t = &m->tasks[i];
        if (t->bound == CS_UNKNOWN) {
            cs_error(t->file, t->line, "task '%s': buffer bound unknown (see the errors above), "
                     "buffer is %llu", t->name, (unsigned long long)t->buffer);
            short_++;
        } else if (t->bound > t->buffer) {
            cs_error(t->file, t->line, "task '%s' needs %llu bytes, buffer is %llu (chain: %s)",
                     t->name, (unsigned long long)t->bound, (unsigned long long)t->buffer,
                     chain_text(m, t, buf, sizeof buf));
            short_++;
        }
    }
    return short_;
}

static void num(char *b, size_t n, uint64_t v)
{
    if (v == CS_UNKNOWN)
        snprintf(b, n, "?");
    else
        snprintf(b, n, "%llu", (unsigned long long)v);
}

void cs_print_table(const cs_model *m, const cs_stack_report *r)
{
    static char buf[8192];
    printf("%-20s %-20s %8s %8s %8s  %s\n", "task", "entry", "buffer", "bound", "stack", "chain");
    for (size_t i = 0; i < m->ntasks; i++) {
        const cs_task *t = &m->tasks[i];
        char b[32], s[32];
        num(b, sizeof b, t->bound);
        num(s, sizeof s, r && r->have_sizes ? t->stack : CS_UNKNOWN);
        const char *verdict = t->bound == CS_UNKNOWN   ? "UNBOUNDED"
                              : t->bound > t->buffer ? "SHORT"
                              : cs_errors            ? "ERROR (not proven)"
                                                     : "";
        printf("%-20s %-20s %8llu %8s %8s  %s%s%s\n", t->name, t->entry,
               (unsigned long long)t->buffer, b, r && r->have_sizes ? s : "-",
               t->bound == CS_UNKNOWN ? "" : chain_text(m, t, buf, sizeof buf),
               *verdict ? "  " : "", verdict);
    }
    if (cs_errors)
        printf("verdict: ERROR: %u error(s) reported above; no number here is proven\n",
               cs_errors);
    if (!r || !r->have_sizes) {
        printf("running stack: not analysed (no .stack_sizes section and no --su files)\n");
        return;
    }
    char w[32], l[32];
    num(w, sizeof w, r->worst);
    num(l, sizeof l, r->loop);
    char ib[32];
    num(ib, sizeof ib, r->nhandlers ? r->isr_total : r->isr);
    printf("running stack (%s): worst %s bytes = caller loop %s (root %s) + deepest resume + "
           "%s %s\n", r->source, w, l, r->root,
           r->nhandlers ? "interrupt handlers" : "interrupt entry", ib);
    for (size_t i = 0; i < r->nhandlers; i++) {
        char hs[32];
        num(hs, sizeof hs, r->handlers[i].stack);
        printf("  interrupt handler %s (level %lu, %s): %s bytes + entry frame %llu\n",
               r->handlers[i].name, r->handlers[i].level, r->handlers[i].from, hs,
               (unsigned long long)r->isr);
    }
    if (r->reserve != CS_UNKNOWN && r->worst != CS_UNKNOWN)
        printf("  reserved stack %llu bytes (%s): %s\n", (unsigned long long)r->reserve,
               r->reserve_from, r->worst <= r->reserve ? "fits" : "DOES NOT FIT");
    else if (r->reserve != CS_UNKNOWN)
        printf("  reserved stack %llu bytes (%s): not proven (worst case unknown)\n",
               (unsigned long long)r->reserve, r->reserve_from);
    if (r->worst != CS_UNKNOWN && r->npath) {
        printf("  worst path:");
        for (size_t i = 0; i < r->npath; i++) {
            const cs_path_entry *p = &r->path[i];
            if (p->tail)
                printf("%s %s (tail call)", i ? " >" : "", p->name);
            else
                printf("%s %s %llu (%s)", i ? " >" : "", p->name, (unsigned long long)p->bytes,
                       p->source);
        }
        if (r->nhandlers)
            printf(" + interrupt handlers nested by level %llu = %s\n",
                   (unsigned long long)r->isr_total, w);
        else
            printf(" + interrupt entry %llu = %s\n", (unsigned long long)r->isr, w);
    }
    /* Functions without a frame size (usually libc/libgcc, built without
     * -fstack-usage) are listed on one line; --json keeps each reason. */
    static const char nosize[] = "no stack size for '";
    size_t n_nosize = 0;
    for (size_t i = 0; i < r->nunknown; i++) {
        if (strncmp(r->unknown[i], nosize, sizeof nosize - 1) == 0)
            n_nosize++;
        else
            printf("  not bounded: %s\n", r->unknown[i]);
    }
    if (n_nosize) {
        printf("  not bounded: no stack size for %zu function(s) (not compiled with -fstack-usage or "
               "-fstack-size-section, e.g. libc; annotate 'function: size N'):", n_nosize);
        size_t shown = 0;
        for (size_t i = 0; i < r->nunknown && shown < 8; i++) {
            const char *u = r->unknown[i];
            if (strncmp(u, nosize, sizeof nosize - 1) != 0)
                continue;
            const char *name = u + sizeof nosize - 1, *end = strchr(name, '\'');
            printf("%s %.*s", shown ? "," : "", (int)(end ? end - name : (ptrdiff_t)strlen(name)), name);
            shown++;
        }
        printf("%s\n", n_nosize > shown ? ", ..." : "");
    }
}

void cs_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void jnum(FILE *f, uint64_t v)
{
    if (v == CS_UNKNOWN)
        fputs("null", f);
    else
        fprintf(f, "%llu", (unsigned long long)v);
}

void cs_print_json(const cs_model *m, const cs_stack_report *r, const char *path,
                   bool functions, bool graph)
{
    FILE *f = stdout;
    fputs("{\n  \"file\": ", f);
    cs_json_str(f, path);
    fprintf(f, ",\n  \"config\": {\"align\": %u, \"extra\": %u, \"header\": %u, \"flags\": %u},\n",
            m->align, m->extra, m->header, m->flags);
    fputs("  \"tasks\": [", f);
    for (size_t i = 0; i < m->ntasks; i++) {
        const cs_task *t = &m->tasks[i];
        fputs(i ? ",\n    {" : "\n    {", f);
        fputs("\"task\": ", f);
        cs_json_str(f, t->name);
        fputs(", \"entry\": ", f);
        cs_json_str(f, t->entry);
        fputs(", \"file\": ", f);
        cs_json_str(f, t->file);
        /* after any error no number is proven: bound null, the computed
         * figure kept apart for diagnosis */
        fprintf(f, ", \"line\": %u, \"buffer\": %llu, \"bound\": ", t->line,
                (unsigned long long)t->buffer);
        jnum(f, cs_errors ? CS_UNKNOWN : t->bound);
        fputs(", \"computed_bound\": ", f);
        jnum(f, t->bound);
        fprintf(f, ", \"ok\": %s, \"stack\": ",
                !cs_errors && t->bound != CS_UNKNOWN && t->bound <= t->buffer ? "true" : "false");
        jnum(f, r && r->have_sizes && !cs_errors ? t->stack : CS_UNKNOWN);
        fputs(", \"chain\": [", f);
        size_t n = t->bound == CS_UNKNOWN ? 0 : cs_chain(m, t, chain_f, chain_s, MAX_CHAIN);
        for (size_t k = 0; k < n; k++) {
            const cs_rec *fr = m->funcs[chain_f[k]].rec;
            fputs(k ? ", {\"function\": " : "{\"function\": ", f);
            cs_json_str(f, fr->name);
            fprintf(f, ", \"frame\": %u, \"slot\": %llu}", fr->a, (unsigned long long)chain_s[k]);
        }
        fputs("]}", f);
    }
    fputs("\n  ],\n  \"stack\": ", f);
    if (!r || !r->have_sizes) {
        fputs("null", f);
    } else {
        fputs("{\"source\": ", f);
        cs_json_str(f, r->source);
        fputs(", \"root\": ", f);
        cs_json_str(f, r->root);
        fputs(", \"loop\": ", f);
        jnum(f, r->loop);
        fprintf(f, ", \"interrupt\": %llu, \"worst\": ", (unsigned long long)r->isr);
        jnum(f, cs_errors ? CS_UNKNOWN : r->worst);
        fputs(", \"handlers\": [", f);
        for (size_t i = 0; i < r->nhandlers; i++) {
            fputs(i ? ", {\"function\": " : "{\"function\": ", f);
            cs_json_str(f, r->handlers[i].name);
            fprintf(f, ", \"level\": %lu, \"from\": \"%s\", \"stack\": ", r->handlers[i].level,
                    r->handlers[i].from);
            jnum(f, r->handlers[i].stack);
            fputs("}", f);
        }
        fputs("], \"reserve\": ", f);
        jnum(f, r->reserve);
        fputs(", \"reserve_from\": ", f);
        cs_json_str(f, r->reserve_from);
        fputs(", \"fits\": ", f);
        fputs(cs_errors || r->worst == CS_UNKNOWN || r->reserve == CS_UNKNOWN ? "null"
              : r->worst <= r->reserve ? "true" : "false", f);
        fputs(", \"path\": [", f);
        for (size_t i = 0; i < r->npath; i++) {
            fputs(i ? ", {\"function\": " : "{\"function\": ", f);
            cs_json_str(f, r->path[i].name);
            fprintf(f, ", \"bytes\": %llu, \"source\": ", (unsigned long long)r->path[i].bytes);
            cs_json_str(f, r->path[i].source);
            fprintf(f, ", \"tail\": %s}", r->path[i].tail ? "true" : "false");
        }
        fputs("], \"unknown\": [", f);
        for (size_t i = 0; i < r->nunknown; i++) {
            if (i)
                fputs(", ", f);
            cs_json_str(f, r->unknown[i]);
        }
        fputs("]}", f);
    }
    fputs(",\n", f);
    if (functions && r && r->have_sizes)
        cs_stack_functions(f, true);
    if (graph && r && r->have_sizes)
        cs_stack_graph(f, true, r);
    fprintf(f, "  \"errors\": %u,\n  \"ok\": %s\n}\n", cs_errors, cs_errors ? "false" : "true");
}
