/* costack-size - proves at build time that every costack task's buffer is
 * big enough, and bounds the native stack the tasks run on.
 * Usage: costack-size [options] firmware.elf   (see --help, docs/analyser.md) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs.h"

static void usage(FILE *f)
{
    fputs("usage: costack-size [options] file.elf\n"
          "  --json              print the facts as JSON instead of a table\n"
          "  --require-dwarf     fail without DWARF (-g, --dwarf: the same); record sizes are\n"
          "                      cross-checked against DWARF whenever it is present\n"
          "  --no-dwarf          skip the DWARF cross-check\n"
          "  --su PATH           GCC .su/.ci file or directory (repeatable) for stack sizes\n"
          "  --annotations FILE  resolve indirect calls and recursion: 'fn: [a, b]', 'fn: N'\n"
          "  --root FN           caller loop(s) for the running-stack bound (default: callers of co_resume)\n"
          "  --isr-frame N       bytes of interrupt entry frame (default: Cortex-M 32, 104 with FPU)\n"
          "  --require-stack     the running stack must be bounded and fit the linker's reserve\n"
          "  --functions         also a per-function table: frame, worst stack, frame's source\n"
          "  --graph             print the call graph as Graphviz dot (worst path in red)\n"
          "  --no-stack          skip the running-stack analysis\n"
          "  --strict            async functions reached by nothing are errors\n"
          "  -q, --quiet         no notes or warnings\n",
          f);
}

int main(int argc, char **argv)
{
    bool json = false, strict = false, functions = false, graph = false;
    int dwarf = 1; /* 0 off, 1 when present, 2 required */
    const char *path = NULL;
    int rc = 2;
    cs_elf e;
    memset(&e, 0, sizeof e);
    e.fd = -1;
    cs_model m;
    memset(&m, 0, sizeof m);
    cs_stack_report sr;
    memset(&sr, 0, sizeof sr);
    cs_stack_opts so = {.isr_frame = -1, .enabled = true};
    so.su_paths = cs_xcalloc((size_t)argc, sizeof *so.su_paths);
    so.roots = cs_xcalloc((size_t)argc, sizeof *so.roots);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool more = i + 1 < argc;
        if (strcmp(a, "--json") == 0)
            json = true;
        else if (strcmp(a, "-g") == 0 || strcmp(a, "--dwarf") == 0 ||
                 strcmp(a, "--require-dwarf") == 0)
            dwarf = 2;
        else if (strcmp(a, "--no-dwarf") == 0)
            dwarf = 0;
        else if (strcmp(a, "--su") == 0 && more)
            so.su_paths[so.nsu++] = argv[++i];
        else if (strcmp(a, "--annotations") == 0 && more)
            so.annotations = argv[++i];
        else if (strcmp(a, "--root") == 0 && more)
            so.roots[so.nroots++] = argv[++i];
        else if (strcmp(a, "--isr-frame") == 0 && more) {
            char *end;
            const char *v = argv[++i];
            errno = 0;
            so.isr_frame = strtol(v, &end, 0);
            if (!*v || *end || errno || so.isr_frame < 0 || so.isr_frame > 1 << 20) {
                fprintf(stderr, "costack-size: --isr-frame '%s': not a byte count (0..1048576)\n", v);
                rc = 2;
                goto out;
            }
        }
        else if (strcmp(a, "--require-stack") == 0)
            so.require = true;
        else if (strcmp(a, "--functions") == 0)
            functions = true;
        else if (strcmp(a, "--graph") == 0)
            graph = true;
        else if (strcmp(a, "--no-stack") == 0)
            so.enabled = false;
        else if (strcmp(a, "--strict") == 0)
            strict = true;
        else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
            cs_quiet_warnings = true;
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            rc = 0;
            goto out;
        } else if (a[0] == '-' || path) {
            fprintf(stderr, "costack-size: bad argument '%s'\n", a);
            usage(stderr);
            rc = 2;
            goto out;
        } else
            path = a;
    }
    if (!path) {
        usage(stderr);
        rc = 2;
        goto out;
    }
    rc = 1;
    if (!cs_elf_open(&e, path) || !cs_records_read(&m, &e))
        goto out;
    cs_graph_build(&m, &e);
    cs_graph_bound(&m);
    if (dwarf && !cs_dwarf_check(&m, &e)) {
        if (dwarf == 2)
            cs_error(path, 0, "DWARF required (-g/--require-dwarf) but the file has none: "
                     "build with -g");
        else if (m.nrecs)
            cs_warning(path, 0, "no DWARF (built without -g): record sizes are not "
                       "cross-checked against the compiler's struct sizes");
    } else if (!dwarf)
        cs_note(path, 0, "--no-dwarf: record sizes are not cross-checked against DWARF");
    cs_graph_orphans(&m, &e, strict);
    if (so.enabled)
        cs_stack_analyse(&m, &e, &so, &sr);
    cs_verdict(&m);
    if (json) {
        cs_print_json(&m, &sr, path, functions, graph);
    } else if (graph) {
        if (sr.have_sizes)
            cs_stack_graph(stdout, false, &sr);
        else
            cs_error(path, 0, "--graph: no running-stack analysis (no frame sizes)");
    } else {
        cs_print_table(&m, &sr);
        if (functions && sr.have_sizes)
            cs_stack_functions(stdout, false);
    }
    rc = cs_errors ? 1 : 0;
out:
    cs_stack_free(&sr);
    cs_model_free(&m);
    cs_elf_close(&e);
    free(so.su_paths);
    free(so.roots);
    return rc;
}
