/* stack_out.c - the running-stack views: --functions (a per-function
 * table: own frame, worst stack from its entry, where the frame came from)
 * and --graph (the call graph as Graphviz dot, the worst path in red). */
#include <stdio.h>
#include <string.h>

#include "stack.h"

static const char *const src_name[] = {"none", ".stack_sizes", ".su", "annotation", "prologue"};

/* Functions the search visited (reachable from a root or an async function). */
static bool shown(const node *n) { return n->state == 2; }

void cs_stack_functions(FILE *f, bool json)
{
    bool first = true;
    if (json)
        fputs("  \"functions\": [", f);
    else
        fprintf(f, "%-32s %8s %8s  %s\n", "function", "frame", "stack", "frame from");
    for (size_t i = 0; i < st.nnodes; i++) {
        const node *n = &st.nodes[i];
        if (!shown(n))
            continue;
        if (json) {
            fputs(first ? "\n    {\"function\": " : ",\n    {\"function\": ", f);
            cs_json_str(f, n->sym->name);
            fprintf(f, ", \"frame\": ");
            if (n->has_frame && !n->dynamic)
                fprintf(f, "%llu", (unsigned long long)n->frame);
            else
                fputs("null", f);
            fputs(", \"stack\": ", f);
            if (n->unknown)
                fputs("null", f);
            else
                fprintf(f, "%llu", (unsigned long long)n->stack);
            fputs(", \"source\": ", f);
            cs_json_str(f, src_name[n->src]);
            fputs("}", f);
        } else {
            char fb[24] = "?", sb[24] = "?";
            if (n->has_frame && !n->dynamic)
                snprintf(fb, sizeof fb, "%llu", (unsigned long long)n->frame);
            if (!n->unknown)
                snprintf(sb, sizeof sb, "%llu", (unsigned long long)n->stack);
            fprintf(f, "%-32s %8s %8s  %s\n", n->sym->name, fb, sb, src_name[n->src]);
        }
        first = false;
    }
    if (json)
        fputs("\n  ],\n", f);
}

static bool on_path(const cs_stack_report *r, const char *a, const char *b)
{
    for (size_t i = 0; i + 1 < r->npath; i++)
        if (strcmp(r->path[i].name, a) == 0 && strcmp(r->path[i + 1].name, b) == 0)
            return true;
    return false;
}

static bool path_has(const cs_stack_report *r, const char *a)
{
    for (size_t i = 0; i < r->npath; i++)
        if (strcmp(r->path[i].name, a) == 0)
            return true;
    return false;
}

void cs_stack_graph(FILE *f, bool json, const cs_stack_report *r)
{
    if (json) {
        fputs("  \"graph\": {\"edges\": [", f);
    } else {
        fputs("digraph costack {\n  rankdir=LR;\n  node [shape=box, fontname=monospace];\n", f);
        for (size_t i = 0; i < st.nnodes; i++) {
            const node *n = &st.nodes[i];
            if (!shown(n))
                continue;
            fprintf(f, "  n%zu [label=\"%s\\n%llu B (%s)\"%s%s];\n", i, n->sym->name,
                    (unsigned long long)n->frame, src_name[n->src],
                    path_has(r, n->sym->name) ? ", color=red, penwidth=2" : "",
                    n->unknown ? ", style=dashed" : "");
        }
    }
    bool first = true;
    for (size_t i = 0; i < st.nnodes; i++) {
        const node *n = &st.nodes[i];
        if (!shown(n))
            continue;
        for (size_t k = 0; k < n->nout; k++) {
            const node *c = &st.nodes[n->out[k]];
            bool worst = on_path(r, n->sym->name, c->sym->name);
            if (json) {
                fputs(first ? "{\"from\": " : ", {\"from\": ", f);
                cs_json_str(f, n->sym->name);
                fputs(", \"to\": ", f);
                cs_json_str(f, c->sym->name);
                fprintf(f, ", \"tail\": %s, \"worst\": %s}", n->tail[k] ? "true" : "false",
                        worst ? "true" : "false");
            } else {
                fprintf(f, "  n%zu -> n%zu%s;\n", i, n->out[k],
                        worst ? " [color=red, penwidth=2]" : n->tail[k] ? " [style=dashed]" : "");
            }
            first = false;
        }
        if ((long)i == st.resume && r->npath) { /* co_resume resumes the async functions */
            for (size_t f2 = 0; f2 < st.model->nfuncs; f2++) {
                long t = node_at(st.model->funcs[f2].addr);
                if (t < 0)
                    continue;
                bool worst = on_path(r, n->sym->name, st.nodes[t].sym->name);
                if (json) {
                    fputs(first ? "{\"from\": " : ", {\"from\": ", f);
                    cs_json_str(f, n->sym->name);
                    fputs(", \"to\": ", f);
                    cs_json_str(f, st.nodes[t].sym->name);
                    fprintf(f, ", \"tail\": false, \"resume\": true, \"worst\": %s}",
                            worst ? "true" : "false");
                } else {
                    fprintf(f, "  n%zu -> n%ld [style=dotted%s];\n", i, t,
                            worst ? ", color=red, penwidth=2" : "");
                }
                first = false;
            }
        }
    }
    fputs(json ? "]},\n" : "}\n", f);
}
