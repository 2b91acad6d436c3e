/* costack/record.h - build-time records for the memory analyser.
 *
 * Every async function, await site and task leaves a record in a section
 * that is never loaded (zero flash, zero RAM). Format: docs/records.md.
 * Site, function and config records sit in ".costack.rec" with
 * SHF_LINK_ORDER to the code they describe, so exactly the records of
 * garbage-collected code disappear at link time. Task and implementation
 * records are name-based text in ".costack.names" (SHF_GNU_RETAIN): the
 * analyser resolves the names in the symbol table and skips dead ones.
 */
#ifndef COSTACK_RECORD_H
#define COSTACK_RECORD_H

#include "config.h"
#include "lc.h"
#include "cxx_open.h"

#define CO_REC_MAGIC 0xC057
#define CO_REC_VERSION 1
#define CO_REC_CONFIG 1 /* a=frame align, b=extra bytes per frame, p=sizeof(co_frame), q=flags */
#define CO_REC_FUNC 2   /* a=sizeof(frame), b=alignof, c=line, d=unit's config, p=function; name, file */
#define CO_REC_AWAIT 3  /* a=sizeof(callee frame), b=alignof, c=line, p=site, q=callee; callee name, file */
#define CO_REC_VIA 4    /* a=sizeof(interface frame), b=alignof, c=line, p=site; interface name, file */

#if CO_CONFIG_RECORDS

#if UINTPTR_MAX > 0xffffffffu
#define CO__REC_PTR ".quad "
#else
#define CO__REC_PTR ".long "
#endif
/* How an "i" operand prints as a bare constant or symbol. */
#if defined(__riscv)
#define CO__REC_OP(n) "%" #n
#else
#define CO__REC_OP(n) "%c" #n
#endif

/* The settings that shape this unit's frame slots, in a FUNC record's d:
 * bits 0-15 CO_CONFIG_FRAME_ALIGN, 16-23 canary bytes, bit 24 present. */
#define CO__REC_UNIT_CONFIG                                                    \
    ((unsigned)CO_CONFIG_FRAME_ALIGN | ((unsigned)CO__CANARY_BYTES << 16) | (1u << 24))

/* One binary record: label the site in the code, then switch to a link-order
 * section tied to that label. Operands: 0=a, 1=b, 2=p-symbol-or-0, 3=q. */
#define CO__REC_ASM(kind, line, pexpr, qexpr, strings)                         \
    CO__REC_ASM_D(kind, line, "0", pexpr, qexpr, strings)
#define CO__REC_ASM_D(kind, line, dexpr, pexpr, qexpr, strings)                \
    ".Lco_site%=:\n\t"                                                         \
    ".pushsection .costack.rec,\"o\",%%progbits,.Lco_site%=\n\t"               \
    ".balign 8\n"                                                              \
    ".Lco_rec%=:\n\t"                                                          \
    ".short 0xC057\n\t.byte " CO__STR(kind) ", 1\n\t"                          \
    ".long .Lco_end%= - .Lco_rec%=\n\t"                                        \
    ".long " CO__REC_OP(0) ", " CO__REC_OP(1) ", " CO__STR(line) ", " dexpr "\n\t" \
    CO__REC_PTR pexpr "\n\t" CO__REC_PTR qexpr "\n\t"                          \
    strings ".balign 8\n"                                                      \
    ".Lco_end%=:\n\t"                                                          \
    ".popsection"

#define CO__REC_FILE ".asciz \"" __FILE__ "\"\n\t"

/* Inside async function fn: its frame size and address. */
#define CO__REC_FUNC(fn)                                                       \
    __asm__ volatile(CO__REC_ASM_D(2, __LINE__, CO__REC_OP(3), CO__REC_OP(2), "0", \
                                   ".asciz \"" #fn "\"\n\t" CO__REC_FILE)      \
                     : : "i"(sizeof(struct fn)), "i"(CO__ALIGNOF(struct fn)), "i"(fn), \
                         "i"(CO__REC_UNIT_CONFIG));

/* At an await site calling fn, whose frame type is FT. */
#define CO__REC_AWAIT(fn, FT)                                                  \
    __asm__ volatile(CO__REC_ASM(3, __LINE__, ".Lco_site%=", CO__REC_OP(2),    \
                                 ".asciz \"" #fn "\"\n\t" CO__REC_FILE)        \
                     : : "i"(sizeof(FT)), "i"(CO__ALIGNOF(FT)), "i"(fn));

/* At an await site calling through interface iface. */
#define CO__REC_VIA(iface)                                                     \
    __asm__ volatile(CO__REC_ASM(4, __LINE__, ".Lco_site%=", "0",              \
                                 ".asciz \"" #iface "\"\n\t" CO__REC_FILE)     \
                     : : "i"(sizeof(struct iface)), "i"(CO__ALIGNOF(struct iface)));

/* Library-wide constants, emitted once by the core (context.c). */
#define CO__REC_CONFIG(align, extra, header, flags)                            \
    __asm__ volatile(CO__REC_ASM(1, 0, CO__REC_OP(2), CO__REC_OP(3), ".asciz \"costack\"\n\t")      \
                     : : "i"(align), "i"(extra), "i"(header), "i"(flags));

/* Name-based record at file scope: NUL-separated fields, empty field ends. */
#define CO__REC_NAMES(fields)                                                  \
    __asm__(".pushsection .costack.names,\"R\",%progbits\n\t" fields           \
            ".byte 0\n\t.popsection");
#define CO__REC_F(s) ".asciz \"" s "\"\n\t"

#define CO__REC_TASK(task, buf, entry)                                         \
    CO__REC_NAMES(CO__REC_F("task") CO__REC_F(#task) CO__REC_F(#task)          \
                  CO__REC_F(#buf) CO__REC_F(#entry) CO__REC_F(__FILE__)        \
                  CO__REC_F(CO__STR(__LINE__)))

#define CO__REC_IMPL(iface, impl)                                              \
    CO__REC_NAMES(CO__REC_F("impl") CO__REC_F(#iface) CO__REC_F(#impl)         \
                  CO__REC_F(__FILE__) CO__REC_F(CO__STR(__LINE__)))

/* An interrupt handler and its priority level (an integer literal; handlers
 * of different levels may nest), for the analyser's running-stack bound.
 * The ports wrap it (CO_CM_ISR, CO_RV_ISR). */
#define CO__REC_ISR(handler, level)                                            \
    CO__REC_NAMES(CO__REC_F("isr") CO__REC_F(#handler) CO__REC_F(#level)       \
                  CO__REC_F(__FILE__) CO__REC_F(CO__STR(__LINE__)))

#else /* !CO_CONFIG_RECORDS */
#define CO__REC_FUNC(fn)
#define CO__REC_AWAIT(fn, FT)
#define CO__REC_VIA(iface)
#define CO__REC_CONFIG(align, extra, header, flags)
#define CO__REC_TASK(task, buf, entry)
#define CO__REC_IMPL(iface, impl)
#define CO__REC_ISR(handler, level)
#endif

#include "cxx_close.h"
#endif /* COSTACK_RECORD_H */
