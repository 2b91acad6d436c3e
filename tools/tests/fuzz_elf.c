/* libFuzzer harness: the whole analysis on arbitrary bytes (as an ELF
 * file). Build: clang -fsanitize=fuzzer,address (tools/tests/fuzz.cmake). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64], su[64], ann[64];
    static const char *su_paths[1] = {su}, *roots[1] = {"main"};
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/costack-fuzz-%d.elf", (int)getpid());
        snprintf(su, sizeof su, "/tmp/costack-fuzz-%d.su", (int)getpid());
        snprintf(ann, sizeof ann, "/tmp/costack-fuzz-%d.ann", (int)getpid());
        cs_quiet_warnings = true; /* run with -close_fd_mask=3 for silence */
        /* the running-stack inputs too: .su lines and annotations naming
         * functions of the seeds (x86-64 exact.c, Thumb, RV32) */
        FILE *g = fopen(su, "w");
        if (g) {
            fputs("exact.c:10:5:top\t48\tstatic\nexact.c:20:5:main\t32\tdynamic,bounded\n"
                  "x.c:1:1:leaf\t16\tdynamic\nx.c:2:2:co_resume\t64\tstatic\n"
                  "x.c:3:3:scale.isra\t8\tstatic\nbroken line\n:::\t\t\n", g);
            fclose(g);
        }
        g = fopen(ann, "w");
        if (g) {
            fputs("co_resume: [top, leaf]\nmain: size 40\nleaf: 3\nfar: []\n!optional\n"
                  "nothere: [a, b]\ngrow: size 8\nbad line\n: [\n", g);
            fclose(g);
        }
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    cs_elf e;
    cs_model m;
    cs_stack_report r;
    cs_stack_opts o = {.isr_frame = -1, .enabled = true, .su_paths = su_paths, .nsu = 1,
                       .annotations = ann};
    if (size & 1) { /* half of the runs from an explicit root */
        o.roots = roots;
        o.nroots = 1;
    }
    memset(&m, 0, sizeof m);
    memset(&r, 0, sizeof r);
    if (cs_elf_open(&e, path) && cs_records_read(&m, &e)) {
        cs_graph_build(&m, &e);
        cs_graph_bound(&m);
        cs_dwarf_check(&m, &e);
        cs_graph_orphans(&m, &e, false);
        cs_stack_analyse(&m, &e, &o, &r);
        cs_verdict(&m);
        cs_print_json(&m, &r, path, true, true);
    }
    cs_stack_free(&r);
    cs_model_free(&m);
    cs_elf_close(&e);
    cs_errors = 0;
    return 0;
}
