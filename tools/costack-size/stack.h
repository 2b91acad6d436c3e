/* stack.h - the running-stack analysis' shared state (stack_in.c reads
 * the inputs, stack.c searches, stack_out.c reports). Internal. */
#ifndef COSTACK_SIZE_STACK_H
#define COSTACK_SIZE_STACK_H

#include "cs.h"
#include "decode.h"

/* where a function's frame size came from */
enum { SRC_NONE, SRC_STACK_SIZES, SRC_SU, SRC_ANNOTATION, SRC_PROLOGUE };

typedef struct node {
    const cs_sym *sym;
    uint64_t frame;
    int src;
    bool has_frame, dynamic, icall, resolved, decoded;
    bool icall_ok; /* its indirect calls are resolved (annotation, records) */
    cs_frame_acc code_frame; /* sp decrements found in its code */
    size_t *out;
    bool *tail; /* out[i] is reached by a tail jump: no frame of ours below it */
    size_t nout, cap;
    long func;  /* async function index, or -1 */
    char *ext;  /* first call we cannot follow */
    long depth; /* annotated recursion depth, 0 none */
    long milli[4]; /* RISC-V millicode save routines it calls (jal t0) */
    unsigned nmilli;
    uint64_t isr_levels; /* interrupt handler at the levels st.levels[bit] */
    bool isr_from_record; /* declared by the port's record (else an annotation) */
    /* search (stack.c) */
    int state;
    bool unknown;    /* its worst stack cannot be bounded */
    uint64_t stack;  /* worst stack from its entry, co_resume resuming nothing */
    uint64_t loop;   /* annotated recursion: the cycle's bytes */
    uint64_t above;  /* worst bytes above co_resume's frame on a path to it, */
    bool reaches;    /* when it reaches co_resume */
    long next;       /* the callee giving stack (worst path), -1 none */
    long next_resume; /* the callee on the worst path to co_resume */
    bool next_tail, resume_tail; /* those are tail calls */
    size_t depth_pos; /* its place on the search path while on it */
} node;

typedef struct stack_state {
    node *nodes; /* one per function symbol address, sorted by address */
    size_t nnodes;
    const cs_model *model;
    const cs_elf *elf;
    cs_stack_report *rep;
    long resume; /* co_resume's node or -1 */
    char stack_sym[2][128]; /* '!stack' annotation: bytes or symbol(s) */
    unsigned long levels[64]; /* the distinct interrupt priority levels */
    unsigned nlevels;
    long roots[16]; /* '!root' annotation: the caller loop's functions */
    size_t nroots;
} stack_state;

extern stack_state st;

/* A reason why the bound is unknown (kept once, at most 64). */
void unknown_add(const char *text);
#define UNKNOWN(...)                                                           \
    do {                                                                       \
        char ub_[512];                                                         \
        snprintf(ub_, sizeof ub_, __VA_ARGS__);                                \
        unknown_add(ub_);                                                      \
    } while (0)

long node_at(uint64_t addr);
long node_named(const char *name, const char *file);
void add_edge(node *n, long to, bool tail);
/* Records a frame size from src (an annotation replaces the others). */
void set_frame(long i, uint64_t bytes, bool dynamic, int src);
/* Call edges of every function, and frames from code for those without. */
void decode_all(void);
bool read_stack_sizes(void);
void read_su_path(const char *path, int level);
void read_annotations(const char *path);
/* Marks function i an interrupt handler at priority level (false: more
 * than 64 distinct levels). */
bool isr_add(long i, unsigned long level);

#endif
