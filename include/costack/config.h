/* costack/config.h - every build-time knob, with its default and range.
 *
 * Override any knob with -D on the command line or by defining it before
 * including <costack.h>. Every knob is greppable as "@@".
 */
#ifndef COSTACK_CONFIG_H
#define COSTACK_CONFIG_H

/* @@ CO_CONFIG_RESUME_GOTO: 1 = resume by computed goto (GCC/Clang; awaits
 * work inside switch statements), 0 = portable switch (Duff's device):
 * an await may not sit inside a switch of the async function's own body. */
#ifndef CO_CONFIG_RESUME_GOTO
#if defined(__GNUC__) || defined(__clang__)
#define CO_CONFIG_RESUME_GOTO 1
#else
#define CO_CONFIG_RESUME_GOTO 0
#endif
#endif

/* @@ CO_CONFIG_FRAME_ALIGN: every frame starts on this many bytes and takes
 * a multiple of it. Power of two, >= alignment of a pointer. A frame type
 * that needs more is a compile error at its await site. */
#ifndef CO_CONFIG_FRAME_ALIGN
#define CO_CONFIG_FRAME_ALIGN 8
#endif

/* @@ CO_CONFIG_CANARY: 1 = write an 8-byte canary after every frame and check
 * it when the frame completes and whenever it is resumed; freed frames are
 * poisoned. Debug aid; changes frame slot sizes (the analyser reads it). */
#ifndef CO_CONFIG_CANARY
#define CO_CONFIG_CANARY 0
#endif

/* @@ CO_CONFIG_CHECKS: 0 = no contract checks, 1 = cheap checks (default). */
#ifndef CO_CONFIG_CHECKS
#define CO_CONFIG_CHECKS 1
#endif

/* @@ CO_CONFIG_CHECK_TEXT: 1 = contract reports carry a text (costs flash). */
#ifndef CO_CONFIG_CHECK_TEXT
#define CO_CONFIG_CHECK_TEXT 1
#endif

/* @@ CO_CONFIG_FAULT_INJECTION: 1 = co_debug_fail_push() exists (tests). */
#ifndef CO_CONFIG_FAULT_INJECTION
#define CO_CONFIG_FAULT_INJECTION 0
#endif

/* @@ CO_CONFIG_RECORDS: 1 = emit analyser records (ELF targets, GCC/Clang).
 * They live in non-loaded sections: zero flash, zero RAM. */
#ifndef CO_CONFIG_RECORDS
#if (defined(__GNUC__) || defined(__clang__)) && defined(__ELF__)
#define CO_CONFIG_RECORDS 1
#else
#define CO_CONFIG_RECORDS 0
#endif
#endif

/* @@ CO_CONFIG_THREADS: 1 = co_current() is thread-local (hosted systems). */
#ifndef CO_CONFIG_THREADS
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ && (defined(__unix__) || defined(__APPLE__)) && !defined(__STDC_NO_THREADS__)
#define CO_CONFIG_THREADS 1
#else
#define CO_CONFIG_THREADS 0
#endif
#endif

/* @@ CO_CONFIG_LISTENER: 1 = co_set_listener() sees every state transition. */
#ifndef CO_CONFIG_LISTENER
#define CO_CONFIG_LISTENER 1
#endif

/* @@ CO_CONFIG_FN_NAMES: 1 = co_fn_name() returns async functions' names
 * for co_dump() (costs the name strings in flash and one compare per
 * resume); 0 = dumps show addresses, which costack-size, addr2line or gdb
 * turn into names. */
#ifndef CO_CONFIG_FN_NAMES
#define CO_CONFIG_FN_NAMES 0
#endif

/* @@ CO_CONFIG_OBJECT_NAMES: 1 = mutexes, semaphores, events, channels and
 * io objects carry a name (one pointer each: the *_INIT_NAMED initialisers
 * and the co_*_set_name() setters) that co_dump(), the trace, its timeline
 * and the gdb command show; 0 = no name field at all (zero bytes): the
 * views show the object's address, and the ELF symbol where the ELF is at
 * hand (costack-trace --elf, gdb). Library and application must agree
 * (CMake: COSTACK_OBJECT_NAMES). */
#ifndef CO_CONFIG_OBJECT_NAMES
#define CO_CONFIG_OBJECT_NAMES 1
#endif

/* @@ CO_CONFIG_TASK_NAMES: 1 = every context carries a name (one pointer:
 * CO_TASK's variable name or co_context_set_name()) shown by co_dump(),
 * the query API, the trace and gdb; 0 = no field (the views show the
 * context's address, which costack-trace --elf and gdb turn into its
 * symbol). */
#ifndef CO_CONFIG_TASK_NAMES
#define CO_CONFIG_TASK_NAMES 1
#endif

/* @@ CO_CONFIG_HIGH_WATER: 1 = every context records its buffer's
 * high-water mark (one pointer, one compare per push: co_high_water(),
 * what the analyser's bound is checked against); 0 = no field,
 * co_high_water() returns 0. */
#ifndef CO_CONFIG_HIGH_WATER
#define CO_CONFIG_HIGH_WATER 1
#endif

/* @@ CO_CONFIG_TASK_ENTRY: 1 = a context declared by CO_TASK remembers its
 * entry function (one pointer) and CO_START with another one fails
 * contract START_ENTRY (the analyser's bound is for the declared entry);
 * 0 = no field, no check.
 *
 * CO_CONFIG_TASK_NAMES, CO_CONFIG_HIGH_WATER and CO_CONFIG_TASK_ENTRY shape
 * co_context: library and application must agree (CMake: COSTACK_TASK_NAMES,
 * COSTACK_HIGH_WATER, COSTACK_TASK_ENTRY pass them on). */
#ifndef CO_CONFIG_TASK_ENTRY
#define CO_CONFIG_TASK_ENTRY 1
#endif

/* @@ CO_CONFIG_SCHED_BATCH: co_sched_run() resumes up to this many ready
 * contexts (or as many as are ready, if more) before it looks at its
 * inbox, its timers and co_sched_stop() again; so a wake from an ISR,
 * another thread or a timer waits at most that many resumptions longer
 * (besides its own position in the ready FIFO). 1 = look after every
 * resumption when only one context is ready. co_sched_poll() is not
 * batched: it runs the contexts ready at its start once. */
#ifndef CO_CONFIG_SCHED_BATCH
#define CO_CONFIG_SCHED_BATCH 8u
#endif

/* @@ CO_CONFIG_TICK_HZ: resolution of co_time (ticks per second). */
#ifndef CO_CONFIG_TICK_HZ
#define CO_CONFIG_TICK_HZ 1000000u
#endif

/* @@ CO_CONFIG_TIMER_WHEEL: timer structure of co_sched. 0 = one pairing
 * heap (one pointer of RAM; insert O(1), expire and cancel O(log n)
 * amortised). L = 1..8 = a hierarchical wheel of L levels of 64 slots in
 * front of the heap (L*64 list heads + L*8 bytes of RAM in co_sched; insert,
 * cancel and expire O(1); a timer due more than 64^L ticks ahead waits in
 * the heap and moves to the wheel when it comes within reach). Deadlines
 * stay exact either way. Default: 4 on hosted systems (2^24 ticks reach,
 * 16.7 s at 1 MHz), 0 on microcontrollers. */
#ifndef CO_CONFIG_TIMER_WHEEL
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ && (defined(__unix__) || defined(__APPLE__))
#define CO_CONFIG_TIMER_WHEEL 4
#else
#define CO_CONFIG_TIMER_WHEEL 0
#endif
#endif

/* @@ CO_CONFIG_PRIORITIES: static priority levels of co_sched's ready
 * queue, 1..32. 1 = one FIFO (default). N > 1: N FIFOs and a bitmap; the
 * highest ready level runs first (co_set_priority(), 0 = lowest), FIFO
 * within a level, and mutexes pass priority on to their owners (priority
 * inheritance). RAM: two pointers per level in co_sched. */
#ifndef CO_CONFIG_PRIORITIES
#define CO_CONFIG_PRIORITIES 1
#endif

#if (CO_CONFIG_FRAME_ALIGN & (CO_CONFIG_FRAME_ALIGN - 1)) != 0 || CO_CONFIG_FRAME_ALIGN < 4
#error "CO_CONFIG_FRAME_ALIGN must be a power of two >= 4"
#endif
#if CO_CONFIG_RESUME_GOTO && !(defined(__GNUC__) || defined(__clang__))
#error "CO_CONFIG_RESUME_GOTO needs GCC or Clang (labels as values)"
#endif
#if CO_CONFIG_CANARY != 0 && CO_CONFIG_CANARY != 1
#error "CO_CONFIG_CANARY must be 0 or 1"
#endif
#if CO_CONFIG_TICK_HZ < 1000u || CO_CONFIG_TICK_HZ > 1000000000u
#error "CO_CONFIG_TICK_HZ must be within 1 kHz .. 1 GHz"
#endif

#if CO_CONFIG_PRIORITIES < 1 || CO_CONFIG_PRIORITIES > 32
#error "CO_CONFIG_PRIORITIES must be within 1 .. 32 levels"
#endif
#if CO_CONFIG_TIMER_WHEEL < 0 || CO_CONFIG_TIMER_WHEEL > 8
#error "CO_CONFIG_TIMER_WHEEL must be within 0 .. 8 levels"
#endif

#endif /* COSTACK_CONFIG_H */
