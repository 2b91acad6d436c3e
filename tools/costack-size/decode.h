/* decode.h - finds call instructions in machine code (x86-64, Thumb-2,
 * RISC-V 32/64): direct calls, direct tail jumps, indirect calls. */
#ifndef COSTACK_SIZE_DECODE_H
#define COSTACK_SIZE_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* CS_MILLI: RISC-V "jal t0, f", the -msave-restore millicode call: f
 * lowers sp for its caller and returns, so its frame is part of the
 * caller's. */
enum { CS_CALL = 0, CS_JUMP = 1, CS_ICALL = 2, CS_MILLI = 3 };

/* Called for each call: at = instruction address, target = destination
 * (0 for indirect), kind = CS_CALL/CS_JUMP/CS_ICALL. CS_JUMP is reported
 * for every direct unconditional jump; the caller keeps those that land on
 * another function's start (tail calls). */
typedef void cs_call_cb(void *ctx, uint64_t at, uint64_t target, int kind);

/* Decodes code[0..n) placed at address addr for machine (EM_*). Returns
 * false when the machine is not supported. rv32: RISC-V ELFCLASS32. */
int cs_decode(unsigned machine, int rv32, const unsigned char *code, size_t n, uint64_t addr,
              cs_call_cb *cb, void *ctx);

/* Stack bytes a function's code reserves (frame.c): decrements of sp
 * summed over the spans given; dynamic when sp is set from a register. */
typedef struct cs_frame_acc {
    uint64_t bytes;
    uint64_t dyn_at; /* address of the first unbounded sp write */
    int dynamic;
    /* the section, for Thumb literal loads ("ldr r3, =-1128; add sp, r3") */
    const unsigned char *sec;
    size_t sec_len;
    uint64_t sec_addr;
} cs_frame_acc;

/* Adds the sp decrements of code[0..n) at addr to a. Returns 0 when the
 * machine has no frame decoder (Thumb-2 and RISC-V have). */
int cs_frame_scan(unsigned machine, const unsigned char *code, size_t n, uint64_t addr,
                  cs_frame_acc *a);

#endif
