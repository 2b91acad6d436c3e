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
    static char path[64];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/costack-fuzz-%d.elf", (int)getpid());
        cs_quiet_warnings = true; /* run with -close_fd_mask=3 for silence */
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    cs_elf e;
    cs_model m;
    cs_stack_report r;
    cs_stack_opts o = {.isr_frame = -1, .enabled = true};
    memset(&m, 0, sizeof m);
    memset(&r, 0, sizeof r);
    if (cs_elf_open(&e, path) && cs_records_read(&m, &e)) {
        cs_graph_build(&m, &e);
        cs_graph_bound(&m);
        cs_dwarf_check(&m, &e);
        cs_graph_orphans(&m, &e, false);
        cs_stack_analyse(&m, &e, &o, &r);
        cs_verdict(&m);
        cs_print_json(&m, &r, path);
    }
    cs_stack_free(&r);
    cs_model_free(&m);
    cs_elf_close(&e);
    cs_errors = 0;
    return 0;
}
