/* stack.c - placeholder */
#include "cs.h"
void cs_stack_analyse(cs_model *m, const cs_elf *e, const cs_stack_opts *o, cs_stack_report *r)
{ (void)m; (void)e; (void)o; (void)r; }
void cs_stack_free(cs_stack_report *r) { (void)r; }
