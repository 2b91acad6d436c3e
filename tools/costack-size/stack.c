/* stack.c - the running-stack bound: the worst native stack of the caller
 * loop (the --root functions, default every direct caller of co_resume)
 * over the call graph of stack_in.c, with co_resume resuming the async
 * functions of each task. One iterative depth-first pass computes, for
 * every function, its worst stack with co_resume resuming nothing and the
 * worst bytes above co_resume's frame on its paths to co_resume; a task's
 * figure is then max(stack, above + co_resume + the deepest of its async
 * functions): O(functions + edges + the tasks' await closures), not
 * O(tasks x functions). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stack.h"

/* ---- the search ------------------------------------------------------------ */

typedef struct frame {
    long i;
    size_t k; /* next out edge */
    uint64_t best, best_tail, above;
    long bi, bti, ai;
    bool ai_tail;
} frame;

static frame *fr;
static uint64_t *psum; /* psum[d]: bytes of the frames path[0..d) */
static size_t depth;

static void enter(long i)
{
    node *n = &st.nodes[i];
    n->state = 1;
    n->unknown = false;
    n->loop = 0;
    n->depth_pos = depth;
    fr[depth] = (frame){.i = i, .bi = -1, .bti = -1, .ai = -1};
    psum[depth + 1] = psum[depth] + n->frame;
    depth++;
    if (!n->has_frame) {
        UNKNOWN("no stack size for '%s'%s", n->sym->name,
                " (not compiled with -fstack-usage/-fstack-size-section, no frame decoder for "
                "this machine; annotate 'function: size N')");
        n->unknown = true;
    }
    if (n->dynamic) {
        if (n->src == SRC_PROLOGUE)
            UNKNOWN("'%s' sets sp from a register at 0x%llx: a dynamic frame (alloca/VLA) "
                    "(annotate 'function: size N')", n->sym->name,
                    (unsigned long long)n->code_frame.dyn_at);
        else
            UNKNOWN("'%s' has a dynamic frame (alloca/VLA)%s", n->sym->name, "");
        n->unknown = true;
    }
    if (n->ext && !n->resolved) {
        UNKNOWN("'%s' calls %s", n->sym->name, n->ext);
        n->unknown = true;
    }
    if (n->icall && !n->icall_ok) {
        UNKNOWN("'%s' makes an indirect call%s", n->sym->name, " (annotate 'function: [targets]')");
        n->unknown = true;
    }
}

static void back_edge(frame *f, long t)
{
    node *n = &st.nodes[f->i], *c = &st.nodes[t];
    size_t from = c->depth_pos;
    if (c->depth > 0) { /* annotated recursion: the cycle's bytes */
        uint64_t sum = psum[depth] - psum[from];
        if (sum > c->loop)
            c->loop = sum;
        return;
    }
    char cyc[400] = "";
    for (size_t k = from; k < depth && strlen(cyc) < 300; k++) {
        strcat(cyc, st.nodes[fr[k].i].sym->name);
        strcat(cyc, " > ");
    }
    UNKNOWN("recursion %s%s (annotate 'function: max depth')", cyc, c->sym->name);
    n->unknown = true;
}

static void leave(void)
{
    frame *f = &fr[--depth];
    node *n = &st.nodes[f->i];
    uint64_t extra = n->depth > 1 ? (uint64_t)(n->depth - 1) * n->loop : 0;
    n->stack = n->frame + f->best + extra;
    n->next = f->bi;
    n->next_tail = false;
    if (f->best_tail > n->stack) { /* a tail call replaces our frame */
        n->stack = f->best_tail;
        n->next = f->bti;
        n->next_tail = true;
    }
    if ((long)f->i == st.resume) {
        n->reaches = true;
        n->above = 0;
        n->next_resume = -1;
    } else if (f->ai >= 0) {
        n->reaches = true;
        n->above = f->above + (f->ai_tail ? 0 : extra);
        n->next_resume = f->ai;
        n->resume_tail = f->ai_tail;
    }
    n->state = 2;
}

/* The worst stack of every function reachable from start. */
static void search(long start)
{
    if (start < 0 || st.nodes[start].state)
        return;
    enter(start);
    while (depth) {
        frame *f = &fr[depth - 1];
        node *n = &st.nodes[f->i];
        if (f->k == n->nout) {
            leave();
            continue;
        }
        long t = (long)n->out[f->k];
        bool tail = n->tail[f->k];
        node *c = &st.nodes[t];
        if (c->state == 0) {
            enter(t);
            continue;
        }
        f->k++;
        if (c->state == 1) {
            back_edge(f, t);
            continue;
        }
        n->unknown |= c->unknown;
        if (tail && (f->bti < 0 || c->stack > f->best_tail)) {
            f->best_tail = c->stack;
            f->bti = t;
        } else if (!tail && (f->bi < 0 || c->stack > f->best)) {
            f->best = c->stack;
            f->bi = t;
        }
        if (c->reaches) {
            uint64_t a = (tail ? 0 : n->frame) + c->above;
            if (f->ai < 0 || a > f->above) {
                f->above = a;
                f->ai = t;
                f->ai_tail = tail;
            }
        }
    }
}

static void cs_stack_path(long root, bool via, cs_stack_report *r);

/* ---- roots, tasks ---------------------------------------------------------- */

static void mark_closure(const cs_model *m, long f, int *set, int stamp, long *todo);

/* ---- nested resumes: join/select branches ------------------------------------
 * The join driver (co__join_run, an async function) calls co_resume on its
 * branches' contexts from inside the task's co_resume. A branch is a
 * task-like root: nested(b) = co_resume + the deepest of b's await closure,
 * where a join site in that closure nests once more (co__join_run's bytes
 * above co_resume + the deepest of its branches). The depth is bounded by
 * the records (the await graph is acyclic); a cycle through branches is
 * unknown. */
static long join_run = -1;     /* co__join_run's node (it has no FUNC record) */
static size_t *br_start, *br_fn; /* per async function: its branches' functions */
static uint64_t *br_val;       /* nested(b), memoised */
static int *br_state;          /* 0 new, 1 on the path, 2 done */
static long *br_at, *br_sub;   /* nested(b)'s worst path: its first node, the branch it nests */
static bool br_unknown;

static void branches_index(const cs_model *m)
{
    br_start = cs_xcalloc(m->nfuncs + 2, sizeof *br_start);
    size_t n = 0;
    for (size_t i = 0; i < m->nrecs; i++)
        if (m->recs[i].kind == CS_REC_BRANCH && m->recs[i].in >= 0 && m->recs[i].target >= 0) {
            br_start[m->recs[i].in + 1]++;
            n++;
        }
    for (size_t f = 0; f < m->nfuncs; f++)
        br_start[f + 1] += br_start[f];
    br_fn = cs_xcalloc(n + 1, sizeof *br_fn);
    size_t *fill = cs_xcalloc(m->nfuncs + 1, sizeof *fill);
    for (size_t i = 0; i < m->nrecs; i++) {
        const cs_rec *r = &m->recs[i];
        if (r->kind == CS_REC_BRANCH && r->in >= 0 && r->target >= 0)
            br_fn[br_start[r->in] + fill[r->in]++] = (size_t)r->target;
    }
    free(fill);
    br_val = cs_xcalloc(m->nfuncs + 1, sizeof *br_val);
    br_state = cs_xcalloc(m->nfuncs + 1, sizeof *br_state);
    br_at = cs_xcalloc(m->nfuncs + 1, sizeof *br_at);
    br_sub = cs_xcalloc(m->nfuncs + 1, sizeof *br_sub);
    join_run = node_named("co__join_run", NULL);
    search(join_run);
}

static uint64_t nested_of_set(const int *set, int stamp, int level, long *at, long *sub);

/* Per node: it reaches co_resume on a path that does not pass through the
 * join driver (co__join_run), whose nested resumes the records bound. One
 * backward pass from co_resume over the call edges: O(functions + edges). */
static bool *direct; /* resumes_directly() */

static bool *resumes_directly(void)
{
    bool *mark = cs_xcalloc(st.nnodes + 1, sizeof *mark);
    if (st.resume < 0)
        return mark;
    size_t *start = cs_xcalloc(st.nnodes + 2, sizeof *start), nedges = 0;
    for (size_t i = 0; i < st.nnodes; i++)
        for (size_t k = 0; k < st.nodes[i].nout; k++) {
            start[st.nodes[i].out[k] + 1]++;
            nedges++;
        }
    for (size_t i = 0; i < st.nnodes; i++)
        start[i + 1] += start[i];
    size_t *from = cs_xcalloc(nedges + 1, sizeof *from), *fill = cs_xcalloc(st.nnodes + 1, sizeof *fill);
    for (size_t i = 0; i < st.nnodes; i++)
        for (size_t k = 0; k < st.nodes[i].nout; k++) {
            size_t t = st.nodes[i].out[k];
            from[start[t] + fill[t]++] = i;
        }
    long jr = join_run;
    long *todo = cs_xcalloc(st.nnodes + 1, sizeof *todo);
    size_t n = 0;
    mark[st.resume] = true;
    todo[n++] = st.resume;
    while (n) {
        long c = todo[--n];
        for (size_t e = start[c]; e < start[c + 1]; e++) {
            size_t p = from[e];
            if (mark[p] || (long)p == jr)
                continue;
            mark[p] = true;
            todo[n++] = (long)p;
        }
    }
    free(todo);
    free(fill);
    free(from);
    free(start);
    return mark;
}

/* co_resume running branch function b's closure, nested joins included. */
static uint64_t nested(long b, int level)
{
    const cs_model *m = st.model;
    if (br_state[b] == 2)
        return br_val[b];
    if (br_state[b] == 1 || level > 4096) {
        UNKNOWN("join branch '%s' resumes itself through nested joins (a cycle)%s",
                m->funcs[b].rec->name, "");
        br_unknown = true;
        return 0;
    }
    br_state[b] = 1;
    int *set = cs_xcalloc(m->nfuncs + 1, sizeof *set);
    long *todo = cs_xcalloc(m->nfuncs + 1, sizeof *todo);
    mark_closure(m, b, set, 1, todo);
    free(todo);
    uint64_t v = nested_of_set(set, 1, level + 1, &br_at[b], &br_sub[b]);
    free(set);
    br_val[b] = v;
    br_state[b] = 2;
    return v;
}

/* co_resume running the async functions of set, a join site's nested
 * resumes included. The worst path: *at, the node co_resume calls; *sub,
 * the branch the next nested co_resume on its way resumes (-1 none). */
static uint64_t nested_of_set(const int *set, int stamp, int level, long *at, long *sub)
{
    const cs_model *m = st.model;
    node *r = &st.nodes[st.resume];
    uint64_t deepest = 0, inner = 0;
    long deepest_at = -1, inner_b = -1;
    bool joins = false;
    for (size_t f = 0; f < m->nfuncs; f++) {
        if (set && set[f] != stamp)
            continue;
        long t = node_at(m->funcs[f].addr);
        if (t >= 0 && st.nodes[t].stack > deepest) {
            deepest = st.nodes[t].stack;
            deepest_at = t;
        }
        for (size_t k = br_start[f]; k < br_start[f + 1]; k++) {
            uint64_t v = nested((long)br_fn[k], level);
            joins = true;
            if (v > inner) {
                inner = v;
                inner_b = (long)br_fn[k];
            }
        }
    }
    /* A join frame resumed by co_resume (co__join_run's bytes above the
     * nested co_resume), or a join site's first resume: the site's function,
     * and every function whose await chain calls it, reaches co_resume
     * through co__join_run (above: its bytes down to that co_resume). Any
     * join site of the set may be the one: its deepest branch counts. */
    long jr = join_run;
    if (joins && jr >= 0 && st.nodes[jr].stack > deepest) { /* a join frame resumed */
        deepest = st.nodes[jr].stack;
        deepest_at = jr;
    }
    uint64_t above = jr >= 0 && st.nodes[jr].reaches ? st.nodes[jr].above : 0;
    long above_at = jr;
    bool via = false;
    for (size_t f = 0; f < m->nfuncs; f++) {
        if (set && set[f] != stamp)
            continue;
        long t = node_at(m->funcs[f].addr);
        if (t >= 0 && t != st.resume && st.nodes[t].reaches && !direct[t]) {
            via = true;
            if (st.nodes[t].above > above) {
                above = st.nodes[t].above;
                above_at = t;
            }
        }
    }
    if (via && !joins) {
        /* co__join_run reached without a BRANCH record: nothing bounds it */
        UNKNOWN("an async function reaches the join driver but no join site's branches are "
                "recorded%s%s", "", "");
        br_unknown = true;
    }
    long s = -1;
    if (joins && jr >= 0 && st.nodes[jr].reaches && above + inner > deepest) {
        deepest = above + inner;
        deepest_at = above_at;
        s = inner_b;
    }
    if (at)
        *at = deepest_at;
    if (sub)
        *sub = s;
    return r->frame + deepest;
}

/* co_resume running the async functions marked in set (NULL: all), the
 * branches their join sites resume included. */
static uint64_t resume_stack(const int *set, int stamp, bool *unknown, long *which, long *sub)
{
    node *r = &st.nodes[st.resume];
    uint64_t best = r->stack, deepest = 0;
    bool any = false;
    *unknown = r->unknown;
    if (which)
        *which = -1;
    for (size_t f = 0; f < st.model->nfuncs; f++) {
        if (set && set[f] != stamp)
            continue;
        long t = node_at(st.model->funcs[f].addr);
        if (t < 0)
            continue;
        *unknown |= st.nodes[t].unknown;
        if (!any || st.nodes[t].stack > deepest) {
            deepest = st.nodes[t].stack;
            any = true;
            if (which)
                *which = t;
        }
    }
    long nat, nsub;
    uint64_t n = nested_of_set(set, stamp, 0, &nat, &nsub);
    *unknown |= br_unknown;
    if (sub)
        *sub = -1;
    if (n > r->frame + deepest && n > best) {
        if (which)
            *which = nat;
        if (sub)
            *sub = nsub;
        return n;
    }
    if (any && r->frame + deepest > best)
        return r->frame + deepest;
    if (which)
        *which = -1;
    return best;
}

/* The worst over the roots with co_resume running set; *at: the root. */
static uint64_t worst_over(const long *roots, size_t nroots, const int *set, int stamp, long *at,
                           bool *via_resume)
{
    bool ru = false;
    uint64_t rs = st.resume >= 0 ? resume_stack(set, stamp, &ru, NULL, NULL) : 0;
    uint64_t w = 0;
    bool unk = false;
    for (size_t k = 0; k < nroots; k++) {
        const node *n = &st.nodes[roots[k]];
        uint64_t s = n->stack;
        bool via = false;
        unk |= n->unknown;
        if (n->reaches) {
            unk |= ru;
            if (n->above + rs > s) {
                s = n->above + rs;
                via = true;
            }
        }
        if (k == 0 || s > w) {
            w = s;
            if (at)
                *at = roots[k];
            if (via_resume)
                *via_resume = via;
        }
    }
    return unk ? CS_UNKNOWN : w;
}

/* Marks with stamp the async functions task entry f may run (iterative). */
static void mark_closure(const cs_model *m, long f, int *set, int stamp, long *todo)
{
    size_t n = 0;
    if (f >= 0 && set[f] != stamp) {
        set[f] = stamp;
        todo[n++] = f;
    }
    while (n) {
        const cs_func *fn = &m->funcs[todo[--n]];
        for (size_t e = 0; e < fn->nedges; e++) {
            const cs_edge *ed = &m->edges[fn->edges[e]];
            if (ed->callee >= 0) {
                if (set[ed->callee] != stamp) {
                    set[ed->callee] = stamp;
                    todo[n++] = ed->callee;
                }
                continue;
            }
            for (size_t k = 0; k < m->nimpls; k++) {
                long c = m->impls[k].func;
                if (c >= 0 && set[c] != stamp && strcmp(m->impls[k].iface, ed->rec->name) == 0) {
                    set[c] = stamp;
                    todo[n++] = c;
                }
            }
        }
    }
}

/* The deepest nesting of join sites the records allow: level 0 is every
 * async function, level k+1 the functions run by the branches of the join
 * sites in level k's await closure. 0: no join; -1: branches without end
 * (a cycle). O(levels x (functions + edges)). */
static long join_depth(const cs_model *m)
{
    int *set = cs_xcalloc(m->nfuncs + 1, sizeof *set);
    long *todo = cs_xcalloc(m->nfuncs + 1, sizeof *todo);
    bool *roots = cs_xcalloc(m->nfuncs + 1, sizeof *roots);
    for (size_t f = 0; f < m->nfuncs; f++)
        roots[f] = true;
    long d = 0;
    for (;;) {
        int stamp = (int)d + 1;
        for (size_t f = 0; f < m->nfuncs; f++)
            if (roots[f])
                mark_closure(m, (long)f, set, stamp, todo);
        memset(roots, 0, (m->nfuncs + 1) * sizeof *roots);
        bool any = false;
        for (size_t i = 0; i < m->nrecs; i++) {
            const cs_rec *r = &m->recs[i];
            if (r->kind == CS_REC_BRANCH && r->in >= 0 && r->target >= 0 && set[r->in] == stamp)
                roots[r->target] = any = true;
        }
        if (!any)
            break;
        if ((size_t)++d > m->nfuncs) {
            d = -1;
            break;
        }
    }
    free(roots);
    free(todo);
    free(set);
    return d;
}

/* Under a plain co_resume loop a branch's wake wakes its blocked parent
 * through the join's executor (join.c driven_ready calls co_wake), once
 * per join level: co_wake recurses at most (join nesting + 1) deep. Taken
 * from the records unless annotated. */
static void wake_depth(const cs_model *m)
{
    long cw = node_named("co_wake", NULL), dr = node_named("driven_ready", NULL);
    if (cw < 0 || dr < 0 || st.nodes[cw].depth > 0)
        return;
    long d = join_depth(m);
    if (d > 0)
        st.nodes[cw].depth = d + 1;
}

/* Indirect calls the records resolve: co_resume's (frame resumes, per
 * task) and an async function's CO_AWAIT_VIA (its implementations). */
static void resolve_icalls(void)
{
    const cs_model *m = st.model;
    for (size_t i = 0; i < st.nnodes; i++) {
        node *n = &st.nodes[i];
        n->icall_ok = n->resolved || (long)i == st.resume;
        if (!n->icall || n->func < 0)
            continue;
        const cs_func *fn = &m->funcs[n->func];
        for (size_t e = 0; e < fn->nedges; e++) {
            const cs_edge *ed = &m->edges[fn->edges[e]];
            if (ed->callee >= 0)
                continue;
            n->icall_ok = true;
            for (size_t k = 0; k < m->nimpls; k++)
                if (m->impls[k].func >= 0 && strcmp(m->impls[k].iface, ed->rec->name) == 0)
                    add_edge(&st.nodes[i], node_at(m->funcs[m->impls[k].func].addr), false);
        }
    }
}

/* Interrupt handlers (the port's records, CO_CM_ISR / CO_RV_ISR, or
 * 'handler: isr LEVEL' annotations): handlers of different priority levels
 * nest, handlers of one level do not; each level adds its deepest
 * handler's stack plus one exception entry frame. A handler declared at
 * several levels (one vector for IRQs of several priorities) counts at
 * each. Without handlers, one entry frame. */
static uint64_t interrupts(cs_stack_report *r)
{
    const cs_model *m = st.model;
    for (size_t k = 0; k < m->nisrs; k++) {
        const cs_isr_decl *d = &m->isrs[k];
        const cs_sym *s = cs_sym_by_name(st.elf, d->handler, d->file);
        if (!s)
            s = cs_sym_by_name(st.elf, d->handler, NULL);
        long n = s ? node_at(cs_code_addr(st.elf, s->addr)) : -1;
        if (n < 0)
            continue; /* not linked (garbage-collected) */
        if (!isr_add(n, d->level))
            cs_error(d->file, d->line, "more than 64 interrupt priority levels");
        st.nodes[n].isr_from_record = true;
    }
    if (st.nlevels == 0)
        return r->isr;
    uint64_t total = 0;
    bool unknown = false;
    for (unsigned level = 0; level < st.nlevels; level++) {
        uint64_t deepest = 0;
        bool any = false;
        for (size_t i = 0; i < st.nnodes; i++) {
            node *n = &st.nodes[i];
            if (!(n->isr_levels >> level & 1))
                continue;
            search((long)i);
            any = true;
            unknown |= n->unknown;
            if (n->stack > deepest)
                deepest = n->stack;
            if (r->nhandlers < sizeof r->handlers / sizeof r->handlers[0])
                r->handlers[r->nhandlers++] = (cs_isr_entry){
                    n->sym->name, st.levels[level], n->unknown ? CS_UNKNOWN : n->stack,
                    n->isr_from_record ? "record" : "annotation"};
        }
        if (any)
            total += r->isr + deepest;
    }
    r->isr_total = unknown ? CS_UNKNOWN : total;
    return r->isr_total;
}

/* The bytes the linker script reserves for the stack: '!stack N', '!stack
 * SIZE_SYMBOL', '!stack TOP LIMIT', else the usual symbols. */
static void reserve(const cs_elf *e, cs_stack_report *r)
{
    static const char *const size_syms[] = {"__stack_size", "_stack_size", "__STACK_SIZE",
                                            "_Min_Stack_Size", "__main_stack_size"};
    const char *a = st.stack_sym[0], *b = st.stack_sym[1];
    char *end;
    r->reserve = CS_UNKNOWN;
    if (*a && !*b) {
        unsigned long long v = strtoull(a, &end, 0);
        if (!*end) {
            r->reserve = v;
            snprintf(r->reserve_from, sizeof r->reserve_from, "!stack %llu", v);
            return;
        }
    }
    if (*a) {
        const cs_sym *x = cs_sym_by_name(e, a, NULL), *y = *b ? cs_sym_by_name(e, b, NULL) : NULL;
        if (!x || (*b && !y)) {
            cs_error(NULL, 0, "!stack: symbol '%s' is not in the ELF", !x ? a : b);
            return;
        }
        r->reserve = y ? (x->addr > y->addr ? x->addr - y->addr : y->addr - x->addr) : x->addr;
        snprintf(r->reserve_from, sizeof r->reserve_from, "%s%s%s", a, *b ? " - " : "", b);
        return;
    }
    for (size_t k = 0; k < sizeof size_syms / sizeof size_syms[0]; k++) {
        const cs_sym *x = cs_sym_by_name(e, size_syms[k], NULL);
        if (x) {
            r->reserve = x->addr;
            snprintf(r->reserve_from, sizeof r->reserve_from, "%s", size_syms[k]);
            return;
        }
    }
    const cs_sym *top = cs_sym_by_name(e, "__StackTop", NULL),
                 *lim = cs_sym_by_name(e, "__StackLimit", NULL);
    if (top && lim && top->addr > lim->addr) {
        r->reserve = top->addr - lim->addr;
        snprintf(r->reserve_from, sizeof r->reserve_from, "__StackTop - __StackLimit");
    }
}

/* The verdict on the main stack: an error when the worst case is known and
 * does not fit, or (require) when it is not proven to fit. */
static void stack_verdict(const cs_stack_opts *o, cs_stack_report *r)
{
    reserve(st.elf, r);
    if (r->worst != CS_UNKNOWN && r->reserve != CS_UNKNOWN && r->worst > r->reserve)
        cs_error(NULL, 0, "the running stack needs %llu bytes (root %s%s), the linker script "
                 "reserves %llu (%s)", (unsigned long long)r->worst, r->root,
                 r->nhandlers ? " and the interrupt handlers" : "",
                 (unsigned long long)r->reserve, r->reserve_from);
    else if (o->require && r->worst == CS_UNKNOWN)
        cs_error(NULL, 0, "--require-stack: the running stack is not bounded (see 'not bounded')");
    else if (o->require && r->reserve == CS_UNKNOWN)
        cs_error(NULL, 0, "--require-stack: no stack reserve found (__stack_size, _stack_size, "
                 "__StackTop/__StackLimit; or annotate '!stack SYMBOL' / '!stack BYTES')");
}

static void analyse(cs_model *m, const cs_elf *e, const cs_stack_opts *o, cs_stack_report *r)
{
    long *roots = cs_xcalloc(st.nnodes + o->nroots + st.nroots, sizeof *roots);
    size_t nroots = 0;
    for (size_t i = 0; !o->nroots && i < st.nroots; i++) /* '!root' annotation */
        roots[nroots++] = st.roots[i];
    for (size_t i = 0; i < o->nroots; i++) {
        long n = node_named(o->roots[i], NULL);
        if (n < 0)
            cs_error(NULL, 0, "--root '%s' is not a function in the ELF", o->roots[i]);
        else
            roots[nroots++] = n;
    }
    for (size_t i = 0; !nroots && st.resume >= 0 && i < st.nnodes; i++)
        for (size_t k = 0; k < st.nodes[i].nout; k++)
            if ((long)st.nodes[i].out[k] == st.resume && st.nodes[i].func < 0) {
                roots[nroots++] = (long)i;
                break;
            }
    r->isr = o->isr_frame >= 0 ? (uint64_t)o->isr_frame
             : e->machine == EM_ARM ? ((e->eflags & 0x400) ? 104u : 32u) : 0u;
    if (nroots == 0) {
        UNKNOWN("no caller loop found (no direct caller of co_resume; use --root)%s%s", "", "");
        r->worst = r->loop = CS_UNKNOWN;
        free(roots);
        return;
    }
    resolve_icalls();
    wake_depth(m);
    fr = cs_xcalloc(st.nnodes + 1, sizeof *fr);
    psum = cs_xcalloc(st.nnodes + 2, sizeof *psum);
    depth = 0;
    search(st.resume);
    for (size_t f = 0; f < m->nfuncs; f++)
        search(node_at(m->funcs[f].addr));
    for (size_t k = 0; k < nroots; k++)
        search(roots[k]);
    branches_index(m);
    direct = resumes_directly();
    for (size_t f = 0; f < m->nfuncs; f++) { /* nested co_resume: the join driver's only */
        long t = node_at(m->funcs[f].addr);
        if (t >= 0 && t == join_run)
            continue;
        if (t >= 0 && t != st.resume && st.nodes[t].reaches && direct[t]) {
            UNKNOWN("async function '%s' reaches co_resume (a nested resume)%s",
                    st.nodes[t].sym->name, "");
            st.nodes[st.resume].unknown = true;
        }
    }
    long which = roots[0];
    bool via = false;
    r->loop = 0; /* the caller loop with co_resume resuming nothing */
    for (size_t k = 0; k < nroots && r->loop != CS_UNKNOWN; k++)
        r->loop = st.nodes[roots[k]].unknown ? CS_UNKNOWN
                  : st.nodes[roots[k]].stack > r->loop ? st.nodes[roots[k]].stack : r->loop;
    uint64_t all = worst_over(roots, nroots, NULL, 0, &which, &via);
    snprintf(r->root, sizeof r->root, "%s", st.nodes[which].sym->name);
    uint64_t irq = interrupts(r); /* handlers nested by level, or one entry frame */
    r->worst = all == CS_UNKNOWN || irq == CS_UNKNOWN ? CS_UNKNOWN : all + irq;
    cs_stack_path(which, via, r);
    int *set = cs_xcalloc(m->nfuncs + 1, sizeof *set);
    long *todo = cs_xcalloc(m->nfuncs + 1, sizeof *todo);
    for (size_t t = 0; t < m->ntasks; t++) {
        mark_closure(m, m->tasks[t].func, set, (int)t + 1, todo);
        uint64_t s = worst_over(roots, nroots, set, (int)t + 1, NULL, NULL);
        m->tasks[t].stack = s == CS_UNKNOWN || irq == CS_UNKNOWN ? CS_UNKNOWN : s + irq;
    }
    free(todo);
    free(set);
    free(direct);
    direct = NULL;
    free(br_start);
    free(br_fn);
    free(br_val);
    free(br_state);
    free(br_at);
    free(br_sub);
    br_unknown = false;
    stack_verdict(o, r);
    free(psum);
    free(fr);
    free(roots);
}

/* The worst path, function by function, from root (through co_resume and
 * the deepest async function when via). */
static void cs_stack_path(long root, bool via, cs_stack_report *r)
{
    size_t cap = 0;
    long i = root;
    bool resumed = false;
    long pending = -1; /* the branch the next (nested) co_resume resumes */
    while (i >= 0 && r->npath < 4096) {
        node *n = &st.nodes[i];
        bool to_resume = n->reaches && ((via && !resumed) || pending >= 0);
        long next = to_resume ? n->next_resume : n->next;
        bool tail = to_resume ? n->resume_tail : n->next_tail;
        if (i == st.resume && via && !resumed) {
            resumed = true;
            bool u;
            long f;
            resume_stack(NULL, 0, &u, &f, &pending);
            if (f >= 0) {
                next = f;
                tail = false;
            }
        } else if (i == st.resume && pending >= 0) { /* a join driver's nested resume */
            long b = pending;
            next = br_at[b] >= 0 ? br_at[b] : i;
            pending = br_sub[b];
            tail = false;
        }
        if (r->npath == cap) {
            cap = cap ? 2 * cap : 16;
            r->path = cs_xrealloc(r->path, cap, sizeof *r->path);
        }
        static const char *const src[] = {"none", ".stack_sizes", ".su", "annotation", "prologue"};
        uint64_t extra = n->depth > 1 ? (uint64_t)(n->depth - 1) * n->loop : 0;
        r->path[r->npath++] = (cs_path_entry){n->sym->name, tail ? 0 : n->frame + extra,
                                              src[n->src], tail};
        if (next == i)
            break;
        i = next;
    }
}

void cs_stack_analyse(cs_model *m, const cs_elf *e, const cs_stack_opts *o, cs_stack_report *r)
{
    memset(r, 0, sizeof *r);
    st.model = m;
    st.elf = e;
    st.rep = r;
    st.nnodes = 0;
    st.nodes = cs_xcalloc(e->nsyms, sizeof *st.nodes);
    for (size_t i = 0; i < e->nsyms; i++) {
        const cs_sym *s = &e->syms[i];
        if (s->type != STT_FUNC || (st.nnodes && st.nodes[st.nnodes - 1].sym->addr == s->addr))
            continue;
        st.nodes[st.nnodes].sym = s;
        st.nodes[st.nnodes].func = -1;
        st.nodes[st.nnodes].next = st.nodes[st.nnodes].next_resume = -1;
        st.nnodes++;
    }
    for (size_t f = 0; f < m->nfuncs; f++) {
        long n = node_at(m->funcs[f].addr);
        if (n >= 0)
            st.nodes[n].func = (long)f;
    }
    const cs_sym *res = cs_sym_by_name(e, "co_resume", NULL);
    st.resume = res ? node_at(res->addr) : -1;
    bool stack_sizes = read_stack_sizes(), sizes = stack_sizes;
    for (size_t i = 0; i < o->nsu; i++)
        read_su_path(o->su_paths[i], 0);
    if (o->annotations)
        read_annotations(o->annotations);
    if (!cs_decode(e->machine, 0, NULL, 0, 0, NULL, NULL))
        UNKNOWN("machine %u: no call decoder%s", e->machine, "");
    else
        decode_all(); /* call edges, and frames from the code where no size data */
    bool su = false, prologue = false;
    for (size_t i = 0; i < st.nnodes; i++) {
        su |= st.nodes[i].src == SRC_SU;
        prologue |= st.nodes[i].src == SRC_PROLOGUE;
        sizes |= st.nodes[i].has_frame;
    }
    snprintf(r->sources, sizeof r->sources, "%s%s%s%s%s",
             stack_sizes ? ".stack_sizes" : "",
             su ? " .su" : "", prologue ? " prologue" : "", o->annotations ? " annotations" : "",
             "");
    r->source = r->sources[0] == ' ' ? r->sources + 1 : r->sources;
    r->have_sizes = sizes;
    if (sizes)
        analyse(m, e, o, r);
}

void cs_stack_free(cs_stack_report *r)
{
    for (size_t i = 0; i < st.nnodes; i++) {
        free(st.nodes[i].out);
        free(st.nodes[i].tail);
        free(st.nodes[i].ext);
    }
    free(st.nodes);
    memset(&st, 0, sizeof st);
    for (size_t i = 0; i < r->nunknown; i++)
        free(r->unknown[i]);
    free(r->unknown);
    free(r->path);
    memset(r, 0, sizeof *r);
}
