/* frame.c - a function's stack frame from its own machine code, for code
 * without .su/.stack_sizes data (libc from the toolchain, assembly):
 * Thumb-2 push lists, sub sp, vpush; RISC-V addi sp (and compressed
 * forms). Every decrement of sp in the function is summed and increments
 * are ignored, so shrink-wrapped or multi-exit functions are over-, never
 * under-estimated. An sp write that cannot be bounded (sub sp, register;
 * mov sp, register) makes the frame dynamic, reported with its address. */
#include <gelf.h>

#include "decode.h"

static unsigned popcount16(unsigned v)
{
    unsigned n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

/* ThumbExpandImm for the rotations a stack adjustment uses. */
static uint32_t thumb_expand_imm(unsigned imm12)
{
    unsigned imm8 = imm12 & 0xFF;
    if ((imm12 >> 10) == 0) {
        switch ((imm12 >> 8) & 3) {
        case 0: return imm8;
        case 1: return imm8 << 16 | imm8;
        case 2: return imm8 << 24 | imm8 << 8;
        default: return imm8 << 24 | imm8 << 16 | imm8 << 8 | imm8;
        }
    }
    uint32_t v = 0x80u | (imm12 & 0x7F);
    unsigned rot = imm12 >> 7;
    return v >> rot | v << (32 - rot);
}

static void dyn(cs_frame_acc *a, uint64_t at)
{
    if (!a->dynamic) {
        a->dynamic = 1;
        a->dyn_at = at;
    }
}

static void thumb_frame(const unsigned char *c, size_t n, uint64_t addr, cs_frame_acc *a)
{
    size_t off = 0;
    int64_t lit[8]; /* r0-r7 loaded from a literal pool, or INT64_MIN */
    size_t lit_off[8] = {0};
    for (int r = 0; r < 8; r++)
        lit[r] = INT64_MIN;
    while (off + 2 <= n) {
        unsigned h1 = (unsigned)c[off] | (unsigned)c[off + 1] << 8;
        uint64_t at = addr + off;
        unsigned top = h1 >> 11;
        if (top == 0x1D || top == 0x1E || top == 0x1F) {
            if (off + 4 > n)
                break;
            unsigned h2 = (unsigned)c[off + 2] | (unsigned)c[off + 3] << 8;
            unsigned imm12 = (h1 >> 10 & 1) << 11 | (h2 >> 12 & 7) << 8 | (h2 & 0xFF);
            if (h1 == 0xE92D) /* PUSH.W {list} (STMDB sp!) */
                a->bytes += 4u * popcount16(h2);
            else if (h1 == 0xF84D && (h2 & 0x0FFF) == 0x0D04) /* STR rt, [sp, #-4]! */
                a->bytes += 4;
            else if ((h1 & 0xFBEF) == 0xF1AD && (h2 & 0x8F00) == 0x0D00) /* SUB.W sp, sp, #c */
                a->bytes += thumb_expand_imm(imm12);
            else if ((h1 & 0xFBFF) == 0xF2AD && (h2 & 0x8F00) == 0x0D00) /* SUBW sp, sp, #i12 */
                a->bytes += imm12;
            else if ((h1 & 0xFFBF) == 0xED2D && (h2 & 0x0E00) == 0x0A00) /* VPUSH */
                a->bytes += 4u * (h2 & 0xFF);
            else if ((h1 & 0xFFEF) == 0xEBAD && (h2 & 0x0F00) == 0x0D00) /* SUB.W sp, sp, Rm */
                dyn(a, at);
            else if ((h1 & 0xFFEF) == 0xEA4F && (h2 & 0x0F00) == 0x0D00 && (h2 & 0xF) != 0xD)
                dyn(a, at); /* MOV.W sp, Rm */
            off += 4;
            continue;
        }
        if ((h1 & 0xF800) == 0x4800) { /* LDR rt, [pc, #imm8*4] */
            uint64_t la = ((at + 4) & ~(uint64_t)3) + 4u * (h1 & 0xFF);
            unsigned rt = h1 >> 8 & 7;
            lit[rt] = INT64_MIN;
            lit_off[rt] = off;
            if (a->sec && la >= a->sec_addr && la - a->sec_addr + 4 <= a->sec_len) {
                const unsigned char *p = a->sec + (la - a->sec_addr);
                lit[rt] = (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                                    (uint32_t)p[3] << 24);
            }
            off += 2;
            continue;
        }
        if ((h1 & 0xF800) == 0x2000) { /* MOVS rd, #imm8 */
            lit[h1 >> 8 & 7] = h1 & 0xFF;
            lit_off[h1 >> 8 & 7] = off;
            off += 2;
            continue;
        }
        if ((h1 & 0xF800) == 0x0000 && lit[h1 >> 3 & 7] != INT64_MIN &&
            off - lit_off[h1 >> 3 & 7] <= 4) { /* LSLS rd, rm, #imm5 of a constant */
            unsigned rd = h1 & 7, sh = h1 >> 6 & 31;
            lit[rd] = (int32_t)((uint32_t)lit[h1 >> 3 & 7] << sh);
            lit_off[rd] = off;
            off += 2;
            continue;
        }
        /* the load right before (at most one instruction between): nothing
         * else can have changed the register */
        if ((h1 & 0xFF87) == 0x4485 && (h1 & 0x78) < 0x40 && lit[h1 >> 3 & 7] != INT64_MIN &&
            off - lit_off[h1 >> 3 & 7] <= 4) {
            int64_t v = lit[h1 >> 3 & 7]; /* ADD sp, rm (a literal): Thumb-1 big frames */
            if (v < 0)
                a->bytes += (uint64_t)-v;
            off += 2;
            continue;
        }
        if ((h1 & 0xFE00) == 0xB400) /* PUSH {list[, lr]} */
            a->bytes += 4u * (popcount16(h1 & 0xFF) + (h1 >> 8 & 1));
        else if ((h1 & 0xFF80) == 0xB080) /* SUB sp, #imm7*4 */
            a->bytes += 4u * (h1 & 0x7F);
        else if ((h1 & 0xFF87) == 0x4685 && (h1 & 0x78) != 0x68) /* MOV sp, Rm */
            dyn(a, at);
        else if ((h1 & 0xFF87) == 0x4485 && (h1 & 0x78) != 0x68) /* ADD sp, Rm */
            dyn(a, at);
        off += 2;
    }
}

static int64_t sext(uint64_t v, unsigned bits)
{
    uint64_t m = (uint64_t)1 << (bits - 1);
    return (int64_t)((v ^ m) - m);
}

static void riscv_frame(const unsigned char *c, size_t n, uint64_t addr, cs_frame_acc *a)
{
    size_t off = 0;
    int64_t k[32]; /* registers holding a known constant (li), or INT64_MIN */
    for (int r = 0; r < 32; r++)
        k[r] = INT64_MIN;
    while (off + 2 <= n) {
        unsigned h = (unsigned)c[off] | (unsigned)c[off + 1] << 8;
        uint64_t at = addr + off;
        if ((h & 3) != 3) {
            unsigned q = h & 3, f3 = h >> 13, rd = h >> 7 & 31;
            if (q == 1 && f3 == 3 && rd == 2) { /* C.ADDI16SP */
                uint64_t imm = (uint64_t)(h >> 12 & 1) << 9 | (uint64_t)(h >> 6 & 1) << 4 |
                               (uint64_t)(h >> 5 & 1) << 6 | (uint64_t)(h >> 3 & 3) << 7 |
                               (uint64_t)(h >> 2 & 1) << 5;
                int64_t v = sext(imm, 10);
                if (v < 0)
                    a->bytes += (uint64_t)-v;
            } else if (q == 1 && f3 == 0 && rd == 2) { /* C.ADDI sp */
                int64_t v = sext((uint64_t)(h >> 12 & 1) << 5 | (h >> 2 & 31), 6);
                if (v < 0)
                    a->bytes += (uint64_t)-v;
            } else if (q == 1 && f3 == 2) { /* C.LI */
                k[rd] = sext((uint64_t)(h >> 12 & 1) << 5 | (h >> 2 & 31), 6);
                off += 2;
                continue;
            } else if (q == 2 && f3 == 4 && rd == 2 && (h >> 2 & 31) != 0) {
                if (!(h >> 12 & 1) && (h >> 2 & 31) != 8)
                    dyn(a, at); /* C.MV sp, rs (not the frame pointer s0) */
                else if (h >> 12 & 1)
                    dyn(a, at); /* C.ADD sp, rs */
            }
            /* whatever register it may write no longer holds a constant */
            if (q == 0)
                k[8 + (h >> 2 & 7)] = INT64_MIN;
            else if (q == 1 && f3 >= 4)
                k[8 + (h >> 7 & 7)] = INT64_MIN;
            else
                k[rd] = INT64_MIN;
            off += 2;
            continue;
        }
        if (off + 4 > n)
            break;
        uint32_t i = (uint32_t)c[off] | (uint32_t)c[off + 1] << 8 | (uint32_t)c[off + 2] << 16 |
                     (uint32_t)c[off + 3] << 24;
        unsigned opc = i & 0x7F, rd = i >> 7 & 31, f3 = i >> 12 & 7, rs1 = i >> 15 & 31;
        if (opc == 0x13 && f3 == 0 && rd == 2) { /* ADDI sp, rs1, imm */
            int64_t v = sext(i >> 20, 12);
            if (rs1 == 2 && v < 0)
                a->bytes += (uint64_t)-v;
            else if (rs1 != 2 && rs1 != 8)
                dyn(a, at); /* sp from another register than itself or s0 */
        } else if (opc == 0x33 && rd == 2) { /* ADD/SUB sp, ., . */
            unsigned rs2 = i >> 20 & 31, f7 = i >> 25;
            if (f3 == 0 && rs1 == 2 && k[rs2] != INT64_MIN && (f7 == 0x20 || f7 == 0)) {
                int64_t v = f7 == 0x20 ? k[rs2] : -k[rs2]; /* bytes taken from sp */
                if (v > 0)
                    a->bytes += (uint64_t)v;
            } else {
                dyn(a, at);
            }
        } else if (opc == 0x13 && f3 == 0 && rs1 == 0) { /* LI (addi rd, zero, imm) */
            k[rd] = sext(i >> 20, 12);
            off += 4;
            continue;
        }
        if (opc != 0x23 && opc != 0x63) /* stores and branches write no register */
            k[rd] = INT64_MIN;
        off += 4;
    }
}

int cs_frame_scan(unsigned machine, const unsigned char *code, size_t n, uint64_t addr,
                  cs_frame_acc *a)
{
    switch (machine) {
    case EM_ARM:
        thumb_frame(code, n, addr, a);
        return 1;
    case EM_RISCV:
        riscv_frame(code, n, addr, a);
        return 1;
    default:
        return 0;
    }
}
