/* src/sched_timer.c - the scheduler's timers, keyed by ctx->wait.deadline:
 * an intrusive pairing heap, and (CO_CONFIG_TIMER_WHEEL > 0) a hierarchical
 * wheel in front of it. Nothing here allocates; every node is a context.
 *
 * The wheel. Level l has 64 slots of 64^l ticks; wheel_now (<= the clock)
 * places a timer at the level of the highest 6-bit digit in which its
 * deadline differs from wheel_now, in the slot of that digit. So level 0
 * holds timers due within wheel_now's current 64-tick window (one deadline
 * per slot), level 1 those within its 4096-tick window, and so on; a
 * deadline beyond level L-1's window goes to the heap. Time moves forward
 * only to the start of the first non-empty slot (lowest level first: every
 * timer there is earlier than any timer above) or to the clock when that
 * start is still ahead, so no timer ever sits in a slot its level has
 * passed. Reaching a slot of level >= 1 re-places its timers, each one
 * level lower at least (a timer moves at most L-1 times); reaching a level-0
 * slot fires its timers, oldest first. Each slot is a circular doubly
 * linked list: sched_link[0] = the head it hangs on, [1] next, [2] prev.
 *
 * Order. Equal deadlines wake in arming order on every structure: the heap
 * breaks ties by arming number; a wheel slot is a FIFO and a cascade
 * re-places it oldest first; the heap holds only deadlines beyond the
 * wheel's reach and every move of wheel_now migrates first, so a deadline
 * never waits both in the heap and on the wheel, and migration keeps heap
 * order. A deadline already past when armed is raised to the arming time
 * (armed_at()), so past timers fire in arming order too. */
#include "sched_impl.h"

#define HCHILD(c) CO__LINK(c, CO__L_HCHILD)
#define HSIB(c) CO__LINK(c, CO__L_HSIB)
#define HPREV(c) CO__LINK(c, CO__L_HPREV)

/* ---- pairing heap ---------------------------------------------------------
 * HCHILD: first child; HSIB: next sibling; HPREV: previous sibling, or the
 * parent for a first child (NULL for the root). Iterative merges: no
 * recursion, so stack use is constant on an MCU.
 *
 * Ordered by (deadline, arming number): a pairing heap alone would wake
 * equal deadlines in any order. The arming number is kept in ctx->rc, which
 * means nothing while the context waits (co_wake() writes the status there
 * before the context leaves the heap, and nothing here reads a leaving
 * context's number), so the order costs no word in co_context. Numbers
 * count up from 0 in s->timer_seq; before they would pass SEQ_LIMIT the
 * heap is renumbered 0..n-1 in its own order (at most once per SEQ_LIMIT
 * arms, O(n log n)), so plain compares stay exact however long a timer
 * waits. */
#define SEQ(c) ((c)->rc)
#ifndef CO__TIMER_SEQ_LIMIT
#define CO__TIMER_SEQ_LIMIT INT32_MAX
#endif

/* a wakes before b. */
static inline bool earlier(const co_context *a, const co_context *b)
{
    return a->wait.deadline < b->wait.deadline ||
           (a->wait.deadline == b->wait.deadline && SEQ(a) < SEQ(b));
}

static co_context *meld(co_context *a, co_context *b)
{
    if (earlier(b, a)) {
        co_context *t = a;
        a = b;
        b = t;
    }
    co_context *c = HCHILD(a);
    HSIB(b) = c;
    if (c)
        HPREV(c) = b;
    HPREV(b) = a;
    HCHILD(a) = b;
    HSIB(a) = NULL;
    return a;
}

/* Two-pass pairing of a sibling list; returns the new subtree root. */
static co_context *merge_pairs(co_context *first)
{
    co_context *stack = NULL; /* pass 1: melded pairs, left to right, linked through HSIB */
    while (first) {
        co_context *a = first, *b = HSIB(a), *m = a;
        first = NULL;
        if (b) {
            first = HSIB(b);
            HSIB(a) = HSIB(b) = NULL;
            m = meld(a, b);
        }
        HSIB(m) = stack;
        stack = m;
    }
    co_context *root = NULL; /* pass 2: meld right to left */
    while (stack) {
        co_context *next = HSIB(stack);
        HSIB(stack) = NULL;
        root = root ? meld(root, stack) : stack;
        stack = next;
    }
    if (root)
        HPREV(root) = NULL;
    return root;
}

static co_context *heap_pop(co_sched *s)
{
    co_context *c = s->timers;
    s->timers = merge_pairs(HCHILD(c));
    HCHILD(c) = HSIB(c) = HPREV(c) = NULL;
    return c;
}

static void heap_link(co_sched *s, co_context *ctx)
{
    HCHILD(ctx) = HSIB(ctx) = HPREV(ctx) = NULL;
    SEQ(ctx) = (int)s->timer_seq++;
    s->timers = s->timers ? meld(s->timers, ctx) : ctx;
}

/* Numbers the heap's timers 0..n-1 in wake order, keeping that order. */
static void heap_renumber(co_sched *s)
{
    co_context *first = NULL, **tail = &first;
    while (s->timers) {
        co_context *c = heap_pop(s);
        *tail = c;
        tail = &HSIB(c);
    }
    s->timer_seq = 0;
    while (first) {
        co_context *next = HSIB(first);
        heap_link(s, first); /* in order: each becomes a child of the root */
        first = next;
    }
}

static void heap_insert(co_sched *s, co_context *ctx)
{
    if (s->timer_seq >= (uint32_t)CO__TIMER_SEQ_LIMIT)
        heap_renumber(s);
    heap_link(s, ctx);
}

static void heap_remove(co_sched *s, co_context *ctx)
{
    if (ctx == s->timers) {
        (void)heap_pop(s);
        return;
    }
    co_context *p = HPREV(ctx), *n = HSIB(ctx);
    if (HCHILD(p) == ctx)
        HCHILD(p) = n;
    else
        HSIB(p) = n;
    if (n)
        HPREV(n) = p;
    co_context *sub = merge_pairs(HCHILD(ctx));
    if (sub)
        s->timers = meld(s->timers, sub);
    HCHILD(ctx) = HSIB(ctx) = HPREV(ctx) = NULL;
}

/* A deadline already past when armed counts as due now, so every past
 * timer ties with the others armed at that time and they fire in arming
 * order, not in the order of their stale deadlines. Returns the deadline. */
static co_time armed_at(co_context *ctx)
{
    co_time now = co_port_now();
    if (ctx->wait.deadline < now)
        ctx->wait.deadline = now;
    return ctx->wait.deadline;
}

#if CO_CONFIG_TIMER_WHEEL

#define LEVELS CO_CONFIG_TIMER_WHEEL
#define SLOT_OF(c) (*(co_context ***)(void *)&(c)->sched_link[CO__L_HCHILD])
#define NEXT(c) HSIB(c)
#define PREV(c) HPREV(c)

/* When slot of level lvl begins, seen from wheel time e: within e's
 * window of the level above. */
static inline co_time slot_start(co_time e, unsigned lvl, unsigned slot)
{
    unsigned sh = 6u * lvl;
    return (e & ~((((co_time)1) << (sh + 6u)) - 1u)) + ((co_time)slot << sh);
}

/* The last tick of wheel_now's level-L window: deadlines up to it fit. */
static inline co_time wheel_reach(const co_sched *s)
{
    return s->wheel_now | ((((co_time)1) << (6 * LEVELS)) - 1);
}

static void slot_append(co_context **head, co_context *x)
{
    co_context *h = *head;
    if (!h) {
        NEXT(x) = PREV(x) = x;
        *head = x;
    } else {
        co_context *t = PREV(h);
        NEXT(x) = h;
        PREV(x) = t;
        NEXT(t) = x;
        PREV(h) = x;
    }
    SLOT_OF(x) = head;
    x->flags |= CO__F_WHEEL;
}

/* Puts a timer whose deadline fits the wheel (<= wheel_reach) in its slot;
 * one already due goes to wheel_now's own level-0 slot. */
static void wheel_place(co_sched *s, co_context *c)
{
    co_time e = s->wheel_now, d = c->wait.deadline;
    unsigned lvl = 0, slot = (unsigned)(e & 63u);
    if (d > e) {
        lvl = (co__msb64((d ^ e) | 63u) * 43u) >> 8; /* = /6 for 0..63, no divide call on M0 */
        slot = (unsigned)(d >> (6u * lvl)) & 63u;
    }
    slot_append(&s->wheel[lvl][slot], c);
    s->wheel_used[lvl] |= (uint64_t)1 << slot;
}

/* Moves the heap's timers that now fit into the wheel. */
static bool migrate(co_sched *s)
{
    bool moved = false;
    co_time reach = wheel_reach(s);
    while (s->timers && s->timers->wait.deadline <= reach) {
        wheel_place(s, heap_pop(s));
        moved = true;
    }
    return moved;
}

/* The first non-empty slot: lowest level first, then the first slot at or
 * after wheel_now's digit. False when the wheel is empty. */
static bool wheel_first(const co_sched *s, unsigned *lvl, unsigned *slot, co_time *start)
{
    co_time e = s->wheel_now;
    for (unsigned l = 0; l < LEVELS; l++) {
        uint64_t used = s->wheel_used[l];
        if (!used)
            continue;
        unsigned pos = (unsigned)(e >> (6u * l)) & 63u;
        uint64_t at = used & (~(uint64_t)0 << pos); /* never empty: no slot is left behind */
        if (!at)
            at = used; /* cannot happen; if it did, that slot is simply processed now */
        unsigned sl = co__msb64(at & (~at + 1u));
        *lvl = l;
        *slot = sl;
        *start = slot_start(e, l, sl);
        return true;
    }
    return false;
}

static void slot_unlink(co_sched *s, co_context *x)
{
    co_context **head = SLOT_OF(x);
    if (NEXT(x) == x) {
        *head = NULL;
        size_t i = (size_t)(head - &s->wheel[0][0]);
        s->wheel_used[i / 64u] &= ~((uint64_t)1 << (i % 64u));
    } else {
        NEXT(PREV(x)) = NEXT(x);
        PREV(NEXT(x)) = PREV(x);
        if (*head == x)
            *head = NEXT(x);
    }
    SLOT_OF(x) = NULL;
    NEXT(x) = PREV(x) = NULL;
    x->flags &= (uint8_t)~CO__F_WHEEL;
}

/* Re-places every timer of a slot of level >= 1 that time has reached,
 * oldest first (so equal deadlines keep their order). */
static void cascade(co_sched *s, unsigned lvl, unsigned slot)
{
    co_context *c = s->wheel[lvl][slot];
    s->wheel[lvl][slot] = NULL;
    s->wheel_used[lvl] &= ~((uint64_t)1 << slot);
    NEXT(PREV(c)) = NULL; /* open the circle */
    while (c) {
        co_context *next = NEXT(c);
        if (next)
            CO__PREFETCH(next);
        wheel_place(s, c);
        c = next;
    }
}

/* The earliest deadline, given the wheel's first slot (if found): exact
 * for a level-0 slot or a slot of at most 8 timers, else the slot's start
 * (a lower bound: no scan is longer than 8). */
static co_time first_deadline(const co_sched *s, bool found, unsigned lvl, unsigned slot,
                              co_time start, bool *bound)
{
    *bound = false;
    if (!found)
        return s->timers ? s->timers->wait.deadline : CO_TIME_NEVER;
    if (lvl == 0)
        return start; /* one deadline per level-0 slot (or already due) */
    const co_context *first = s->wheel[lvl][slot], *c = first;
    co_time min = CO_TIME_NEVER;
    unsigned seen = 0;
    do {
        if (++seen > 8u) {
            *bound = true;
            return start;
        }
        if (c->wait.deadline < min)
            min = c->wait.deadline;
        c = (const co_context *)c->sched_link[CO__L_HSIB];
    } while (c != first);
    return min;
}

/* wheel_soon: 0 = unknown; else what first_deadline() would return, kept
 * up to date by inserts (a new earliest is exact) and forgotten when the
 * timer it names goes, or any timer while it is only a bound. So a poll
 * with nothing due costs one compare, and the idle deadline no search. */

void co__timer_insert(co_sched *s, co_context *ctx)
{
    co_time d = armed_at(ctx);
    if (d < s->wheel_soon) {
        s->wheel_soon = d;
        s->wheel_bound = false;
    }
    if (d <= wheel_reach(s))
        wheel_place(s, ctx);
    else
        heap_insert(s, ctx);
}

/* Could ctx (being removed) hold the deadline wheel_soon names? Its own
 * deadline is gone (co_wake() cleared it), but its slot's start is a lower
 * bound of it: a later slot cannot hold the earliest. */
static bool may_be_soon(const co_sched *s, const co_context *ctx)
{
    if (s->wheel_bound || !(ctx->flags & CO__F_WHEEL))
        return true; /* a heap timer: rare, and then the answer is cheap */
    size_t i = (size_t)((co_context *const *)ctx->sched_link[CO__L_HCHILD] - &s->wheel[0][0]);
    co_time start = slot_start(s->wheel_now, (unsigned)(i / 64u), (unsigned)(i % 64u));
    return start <= s->wheel_soon || start == s->wheel_now; /* wheel_now's slot holds the overdue */
}

void co__timer_remove(co_sched *s, co_context *ctx)
{
    if (may_be_soon(s, ctx))
        s->wheel_soon = 0;
    if (ctx->flags & CO__F_WHEEL)
        slot_unlink(s, ctx);
    else
        heap_remove(s, ctx);
}

co_context *co__timer_due(co_sched *s, co_time now)
{
    if (now < s->wheel_soon)
        return NULL; /* the common poll: nothing due, nothing to move */
    for (;;) {
        unsigned lvl = 0, slot = 0;
        co_time start = 0;
        bool found = wheel_first(s, &lvl, &slot, &start);
        if (found && start <= now) {
            if (start > s->wheel_now) {
                s->wheel_now = start;
                (void)migrate(s);
            }
            /* A level-0 slot holds one deadline: its oldest timer fires. A
             * slot of a higher level that holds one timer holds the earliest
             * of all (lower levels are empty, later slots and levels are
             * later): fire it without moving it down when it is due. */
            co_context *c = s->wheel[lvl][slot];
            if (lvl == 0 || (NEXT(c) == c && c->wait.deadline <= now)) {
                slot_unlink(s, c);
                s->wheel_soon = 0;
                return c;
            }
            cascade(s, lvl, slot);
            continue;
        }
        if (now > s->wheel_now) {
            s->wheel_now = now; /* no slot lies between: nothing changes level */
            if (migrate(s))
                continue;
        }
        s->wheel_soon = first_deadline(s, found, lvl, slot, start, &s->wheel_bound);
        return NULL;
    }
}

co_time co__timer_next(const co_sched *s)
{
    if (s->wheel_soon)
        return co__timer_any(s) ? s->wheel_soon : CO_TIME_NEVER;
    unsigned lvl = 0, slot = 0;
    co_time start = 0;
    bool found = wheel_first(s, &lvl, &slot, &start), bound;
    return first_deadline(s, found, lvl, slot, start, &bound);
}

bool co__timer_any(const co_sched *s)
{
    uint64_t used = 0;
    for (unsigned l = 0; l < LEVELS; l++)
        used |= s->wheel_used[l];
    return used != 0 || s->timers != NULL;
}

#else /* heap only */

void co__timer_insert(co_sched *s, co_context *ctx)
{
    (void)armed_at(ctx);
    heap_insert(s, ctx);
}

void co__timer_remove(co_sched *s, co_context *ctx) { heap_remove(s, ctx); }

co_context *co__timer_due(co_sched *s, co_time now)
{
    return s->timers && s->timers->wait.deadline <= now ? heap_pop(s) : NULL;
}

co_time co__timer_next(const co_sched *s)
{
    return s->timers ? s->timers->wait.deadline : CO_TIME_NEVER;
}

bool co__timer_any(const co_sched *s) { return s->timers != NULL; }

#endif
