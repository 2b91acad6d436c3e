/* tools/trace/trace_input.h - what costack-trace reads besides the binary
 * stream: the stream printed as text lines into a console log
 * (co_trace_print), and the symbols of the firmware's ELF. */
#ifndef COSTACK_TRACE_INPUT_H
#define COSTACK_TRACE_INPUT_H

#include <stddef.h>
#include <stdint.h>

/* Extracts the last complete stream printed by co_trace_print() from a log
 * (lines "costack-trace OOOOOOOO HEX..", anywhere in a line, other output
 * between lines). Returns a malloc'ed buffer and its size in *n, or NULL
 * with *err set (no lines, a line missing at some offset). */
unsigned char *trace_from_log(const unsigned char *text, size_t len, size_t *n, const char **err);

/* The data symbols of an ELF (32/64-bit, little-endian). */
struct elf_syms {
    struct elf_sym { uint64_t value, size; char *name; } *v;
    size_t n;
};

/* Reads the symbol table of path; 0 or -1 with *err set. */
int elf_syms_read(const char *path, struct elf_syms *s, const char **err);

/* Writes the symbol containing the 32-bit address addr ("name" or
 * "name+off") into out; returns 0, or -1 when none covers it. */
int elf_syms_lookup(const struct elf_syms *s, uint32_t addr, char *out, size_t cap);

void elf_syms_free(struct elf_syms *s);

#endif /* COSTACK_TRACE_INPUT_H */
