/* costack-size - internal types shared by the analyser's modules. */
#ifndef COSTACK_SIZE_CS_H
#define COSTACK_SIZE_CS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <gelf.h>
#include <libelf.h>

#define CS_UNKNOWN UINT64_MAX

/* ---- diagnostics (diag.c) ---------------------------------------------- */
/* Prints "file:line: error: msg" (or "costack-size: error: msg" without a
 * file) and counts it; the exit status is non-zero once any error is seen. */
void cs_error(const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void cs_warning(const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void cs_note(const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
extern unsigned cs_errors;
extern bool cs_quiet_warnings;
void *cs_xcalloc(size_t n, size_t size);
void *cs_xrealloc(void *p, size_t n, size_t size);
char *cs_xstrdup(const char *s);

/* ---- the ELF file (elf.c) ---------------------------------------------- */
typedef struct cs_sym {
    const char *name;
    uint64_t addr; /* value with the Thumb bit cleared */
    uint64_t size;
    unsigned char type, bind;
    unsigned shndx; /* its section (SHN_ABS etc. as in the file) */
    const char *file; /* STT_FILE in force for local symbols, else NULL */
} cs_sym;

typedef struct cs_reloc {
    uint64_t off, value;
} cs_reloc;

typedef struct cs_elf {
    int fd;
    Elf *elf;
    int elfclass; /* ELFCLASS32 / ELFCLASS64 */
    bool big_endian;
    unsigned machine; /* EM_* */
    uint32_t eflags;
    unsigned ptr_size;
    cs_sym *syms; /* defined symbols with a value, sorted by address */
    size_t nsyms;
    cs_sym **by_name; /* sorted by name */
    bool has_symtab;
    cs_reloc *relocs; /* dynamic RELA relocations, sorted by offset */
    size_t nrelocs;
} cs_elf;

/* Opens path; returns false (with an error printed) if it is not a usable
 * ELF file. */
bool cs_elf_open(cs_elf *e, const char *path);
void cs_elf_close(cs_elf *e);
/* The section called name, or NULL. */
Elf_Scn *cs_elf_section(const cs_elf *e, const char *name, GElf_Shdr *shdr);
/* The bytes of a section (NULL with *n = 0 if none or SHT_NOBITS). */
const unsigned char *cs_elf_bytes(Elf_Scn *scn, size_t *n);
/* Reads an unsigned integer of width bytes in the file's byte order. */
uint64_t cs_elf_uint(const cs_elf *e, const unsigned char *p, unsigned width);
/* Symbols: first with this name (or NULL), the function containing addr. */
const cs_sym *cs_sym_by_name(const cs_elf *e, const char *name, const char *prefer_file);
/* Every symbol called name, those of file's basename when there are any
 * (several when static names repeat: the caller takes them all). */
size_t cs_syms_named(const cs_elf *e, const char *name, const char *file, const cs_sym **out,
                     size_t max);
size_t cs_sym_count_by_name(const cs_elf *e, const char *name);
const cs_sym *cs_func_at(const cs_elf *e, uint64_t addr);
const cs_sym *cs_func_containing(const cs_elf *e, uint64_t addr);
/* The pointer-sized words of the loaded bytes [addr, addr + size) as the
 * program sees them at start (dynamic relocations applied); returns how
 * many were read into out (at most max), 0 if addr is not initialised data. */
size_t cs_elf_ptrs(const cs_elf *e, uint64_t addr, uint64_t size, uint64_t *out, size_t max);
/* Clears the Thumb bit on ARM. */
uint64_t cs_code_addr(const cs_elf *e, uint64_t a);
/* True when the basename of a equals the basename of b. */
bool cs_same_file(const char *a, const char *b);

/* ---- records (records.c) ------------------------------------------------ */
enum { CS_REC_CONFIG = 1, CS_REC_FUNC = 2, CS_REC_AWAIT = 3, CS_REC_VIA = 4,
       CS_REC_JOIN = 5,   /* a = bytes of a join/select frame (header, branches) */
       CS_REC_BRANCH = 6  /* a = a branch's buffer bytes, q = its function (0: by name) */ };

typedef struct cs_rec {
    unsigned kind;
    uint32_t a, b, line, d;
    uint64_t p, q;
    const char *name, *file;
    long target; /* BRANCH: the function it runs (graph.c), -1 unresolved */
    long in;     /* BRANCH: the async function whose join site it belongs to, -1 */
} cs_rec;

typedef struct cs_task {
    const char *name, *ctx, *buf, *entry, *file;
    unsigned line;
    uint64_t buffer; /* st_size of the buffer symbol */
    uint64_t ctx_addr, ctx_size; /* the context object: its initialiser holds the entry */
    long func;       /* index into cs_model.funcs, -1 unresolved */
    /* results */
    uint64_t bound; /* CS_UNKNOWN when unbounded */
    uint64_t stack; /* running-stack bound, CS_UNKNOWN when unknown */
    bool stack_known;
} cs_task;

typedef struct cs_impl {
    const char *iface, *impl, *file;
    unsigned line;
    long func;
} cs_impl;

/* An interrupt handler's priority level, declared by the port's record
 * macro (CO_CM_ISR / CO_RV_ISR: "isr" in .costack.names). */
typedef struct cs_isr_decl {
    const char *handler, *file;
    unsigned line;
    unsigned long level;
} cs_isr_decl;

/* One edge of the await graph: an AWAIT (callee) or VIA (interface) site. */
typedef struct cs_edge {
    long caller;      /* func index */
    long callee;      /* func index for AWAIT, -1 for VIA and JOIN */
    const cs_rec *rec;
} cs_edge;

typedef struct cs_func {
    const cs_rec *rec; /* its FUNC record */
    uint64_t addr;
    const cs_sym *sym;
    size_t *edges; /* indices into cs_model.edges */
    size_t nedges;
    /* bound computation */
    int state; /* 0 new, 1 on stack, 2 done */
    uint64_t need;  /* CS_UNKNOWN when unbounded */
    long best_edge; /* edge giving the max, -1 for a leaf */
    long best_callee;
    bool reached;
    bool dwarf_seen; /* DWARF describes its frame struct (an implementation or not) */
} cs_func;

typedef struct cs_model {
    cs_rec *recs;
    size_t nrecs;
    bool have_config;
    uint32_t align, extra, header, flags;
    cs_task *tasks;
    size_t ntasks;
    cs_impl *impls;
    size_t nimpls;
    cs_isr_decl *isrs;
    size_t nisrs;
    cs_func *funcs;
    size_t nfuncs;
    cs_edge *edges;
    size_t nedges;
    bool rec_section, names_section;
} cs_model;

/* Reads .costack.rec and .costack.names; resolves symbols. */
bool cs_records_read(cs_model *m, const cs_elf *e);
void cs_model_free(cs_model *m);
uint64_t cs_slot(const cs_model *m, uint64_t size);

/* ---- buffer bound (graph.c) --------------------------------------------- */
/* Builds the await graph and computes every task's bound; errors for
 * cycles, unresolved callees and interfaces without implementations. */
void cs_graph_build(cs_model *m, const cs_elf *e);
void cs_graph_bound(cs_model *m);
/* The chain of task t: function indices and the pushed slot of each,
 * returns its length (at most max). */
size_t cs_chain(const cs_model *m, const cs_task *t, long *funcs, uint64_t *sizes, size_t max);
/* Async functions not reached by any task, site or implementation: an
 * error when it may be an unregistered implementation (its address is in
 * data, or an interface is awaited and DWARF cannot tell, run after
 * cs_dwarf_check), or with strict; else a note. */
void cs_graph_orphans(cs_model *m, const cs_elf *e, bool strict);

/* ---- DWARF cross-check (dwarf.c) ---------------------------------------- */
/* Returns false if the file has no DWARF; errors for disagreements. */
bool cs_dwarf_check(cs_model *m, const cs_elf *e);

/* ---- running stack (stack.c) -------------------------------------------- */
typedef struct cs_stack_opts {
    const char **su_paths; /* .su / .ci files or directories */
    size_t nsu;
    const char *annotations;
    const char **roots;
    size_t nroots;
    long isr_frame; /* -1: by architecture */
    bool enabled;
    bool require; /* --require-stack: an unproven running stack is an error */
} cs_stack_opts;

/* One function of the worst path: its bytes on the stack (0 when a tail
 * call replaced its frame) and where the number came from. */
typedef struct cs_path_entry {
    const char *name;
    uint64_t bytes;
    const char *source; /* ".stack_sizes", ".su", "annotation", "prologue" */
    bool tail;
} cs_path_entry;

typedef struct cs_isr_entry {
    const char *name;
    unsigned long level; /* priority level: handlers of different levels nest */
    uint64_t stack;      /* CS_UNKNOWN when unbounded */
    const char *from;    /* "record" (the port's table) or "annotation" */
} cs_isr_entry;

typedef struct cs_stack_report {
    bool have_sizes;
    const char *source; /* where the per-function sizes came from */
    char sources[96];
    cs_path_entry *path; /* the worst path from the root */
    size_t npath;
    cs_isr_entry handlers[64]; /* annotated interrupt handlers */
    size_t nhandlers;
    uint64_t isr_total;        /* their nested worst, entry frames included */
    uint64_t reserve;          /* the stack the linker reserves, CS_UNKNOWN if not found */
    char reserve_from[300];
    char root[128];
    uint64_t loop; /* the caller loop's stack up to and including co_resume */
    uint64_t isr;
    uint64_t worst; /* loop + deepest resume + isr, CS_UNKNOWN if unknown */
    char **unknown; /* reasons why not bounded */
    size_t nunknown;
} cs_stack_report;

void cs_stack_analyse(cs_model *m, const cs_elf *e, const cs_stack_opts *o, cs_stack_report *r);
void cs_stack_free(cs_stack_report *r);
/* --functions: per function its frame, worst stack from its entry and the
 * frame's source; --graph: the call graph as Graphviz dot (worst path in
 * red). As JSON members ("functions": [...], / "graph": {...},) with json.
 * Valid between cs_stack_analyse and cs_stack_free. */
void cs_stack_functions(FILE *f, bool json);
void cs_stack_graph(FILE *f, bool json, const cs_stack_report *r);

/* ---- output (output.c) -------------------------------------------------- */
/* Writes s as a JSON string literal (quoted, escaped). */
void cs_json_str(FILE *f, const char *s);
void cs_print_table(const cs_model *m, const cs_stack_report *r);
void cs_print_json(const cs_model *m, const cs_stack_report *r, const char *path,
                   bool functions, bool graph);
/* GCC-style errors for short buffers; returns how many. */
unsigned cs_verdict(const cs_model *m);

#endif /* COSTACK_SIZE_CS_H */
