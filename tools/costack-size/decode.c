/* decode.c - small call-instruction decoders. Only lengths and branches
 * are decoded; everything else is skipped. */
#include <gelf.h>

#include "decode.h"

static int64_t sext(uint64_t v, unsigned bits)
{
    uint64_t m = (uint64_t)1 << (bits - 1);
    return (int64_t)((v ^ m) - m);
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- x86-64 --------------------------------------------------------------- */

/* Bytes of ModRM + SIB + displacement at p (mod/rm rules of 32/64-bit
 * addressing); 0 if beyond n. */
static size_t modrm_len(const unsigned char *p, size_t n)
{
    if (n < 1)
        return 0;
    unsigned mod = p[0] >> 6, rm = p[0] & 7;
    size_t len = 1;
    if (mod == 3)
        return len;
    if (rm == 4) {
        if (n < 2)
            return 0;
        len++;
        if (mod == 0 && (p[1] & 7) == 5)
            len += 4;
    } else if (mod == 0 && rm == 5) {
        len += 4;
    }
    if (mod == 1)
        len += 1;
    else if (mod == 2)
        len += 4;
    return len <= n ? len : 0;
}

static int x86_0f_has_imm8(unsigned op)
{
    return (op >= 0x70 && op <= 0x73) || op == 0xA4 || op == 0xAC || op == 0xBA ||
           op == 0xC2 || (op >= 0xC4 && op <= 0xC6) || op == 0x0F;
}

static int x86_0f_no_modrm(unsigned op)
{
    return (op >= 0x05 && op <= 0x09) || op == 0x0B || op == 0x0E || (op >= 0x30 && op <= 0x37) ||
           op == 0x77 || (op >= 0xA0 && op <= 0xA2) || (op >= 0xA8 && op <= 0xAA) ||
           (op >= 0xC8 && op <= 0xCF) || (op >= 0x80 && op <= 0x8F);
}

/* Length of the instruction at p (0 when undecodable); reports branches. */
static size_t x86_insn(const unsigned char *p, size_t n, uint64_t at, cs_call_cb *cb, void *ctx)
{
    size_t i = 0;
    int opsize16 = 0, rexw = 0;
    while (i < n && (p[i] == 0x66 || p[i] == 0x67 || p[i] == 0xF0 || p[i] == 0xF2 ||
                     p[i] == 0xF3 || p[i] == 0x2E || p[i] == 0x36 || p[i] == 0x3E ||
                     p[i] == 0x26 || p[i] == 0x64 || p[i] == 0x65)) {
        opsize16 |= p[i] == 0x66;
        i++;
    }
    if (i < n && (p[i] & 0xF0) == 0x40) {
        rexw = (p[i] & 8) != 0;
        i++;
    }
    if (i >= n)
        return 0;
    unsigned op = p[i++];
    size_t immz = opsize16 ? 2 : 4, m;
    if (op == 0xC4 || op == 0xC5 || op == 0x62) { /* VEX / EVEX */
        size_t pre = op == 0xC5 ? 1 : op == 0xC4 ? 2 : 3;
        if (i + pre + 1 > n)
            return 0;
        unsigned map = op == 0xC5 ? 1 : (p[i] & (op == 0x62 ? 3 : 0x1F));
        i += pre;
        unsigned vop = p[i++];
        m = modrm_len(p + i, n - i);
        if (!m)
            return 0;
        i += m;
        if (map == 3 || (map == 1 && x86_0f_has_imm8(vop)))
            i++;
        return i <= n ? i : 0;
    }
    if (op == 0x0F) {
        if (i >= n)
            return 0;
        unsigned op2 = p[i++];
        if (op2 == 0x38 || op2 == 0x3A) {
            if (i >= n)
                return 0;
            i++;
            m = modrm_len(p + i, n - i);
            if (!m)
                return 0;
            i += m + (op2 == 0x3A);
            return i <= n ? i : 0;
        }
        if (op2 >= 0x80 && op2 <= 0x8F)
            return i + 4 <= n ? i + 4 : 0; /* jcc rel32 */
        if (!x86_0f_no_modrm(op2)) {
            m = modrm_len(p + i, n - i);
            if (!m)
                return 0;
            i += m;
        }
        i += x86_0f_has_imm8(op2) ? 1u : 0u;
        return i <= n ? i : 0;
    }
    size_t imm = 0;
    int modrm = 0;
    if (op < 0x40) {
        unsigned lo = op & 7;
        if (lo < 4)
            modrm = 1;
        else if (lo == 4)
            imm = 1;
        else if (lo == 5)
            imm = immz;
    } else if (op == 0x63 || (op >= 0x84 && op <= 0x8F) || (op >= 0xD0 && op <= 0xD3) ||
               (op >= 0xD8 && op <= 0xDF) || op == 0xFE) {
        modrm = 1;
    } else if (op == 0x69 || op == 0x81 || op == 0xC7) {
        modrm = 1;
        imm = immz;
    } else if (op == 0x6B || op == 0x80 || op == 0x83 || op == 0xC0 || op == 0xC1 || op == 0xC6) {
        modrm = 1;
        imm = 1;
    } else if (op == 0x68 || op == 0xA9) {
        imm = immz;
    } else if (op == 0x6A || (op >= 0x70 && op <= 0x7F) || op == 0xA8 || (op >= 0xB0 && op <= 0xB7) ||
               op == 0xCD || (op >= 0xE0 && op <= 0xE7) || op == 0xEB) {
        imm = 1;
    } else if (op >= 0xA0 && op <= 0xA3) {
        imm = 8;
    } else if (op >= 0xB8 && op <= 0xBF) {
        imm = rexw ? 8 : immz;
    } else if (op == 0xC2 || op == 0xCA) {
        imm = 2;
    } else if (op == 0xC8) {
        imm = 3;
    } else if (op == 0xE8 || op == 0xE9) {
        if (i + 4 > n)
            return 0;
        uint64_t target = at + i + 4 + (uint64_t)sext(le32(p + i), 32);
        cb(ctx, at, target, op == 0xE8 ? CS_CALL : CS_JUMP);
        return i + 4;
    } else if (op == 0xF6 || op == 0xF7) {
        modrm = 1;
        if (i < n && ((p[i] >> 3) & 7) < 2)
            imm = op == 0xF6 ? 1 : immz;
    } else if (op == 0xFF) {
        modrm = 1;
        if (i < n && (((p[i] >> 3) & 7) == 2 || ((p[i] >> 3) & 7) == 3))
            cb(ctx, at, 0, CS_ICALL);
    }
    if (modrm) {
        m = modrm_len(p + i, n - i);
        if (!m)
            return 0;
        i += m;
    }
    i += imm;
    return i <= n ? i : 0;
}

static void x86_64(const unsigned char *code, size_t n, uint64_t addr, cs_call_cb *cb, void *ctx)
{
    size_t off = 0;
    while (off < n) {
        size_t len = x86_insn(code + off, n - off, addr + off, cb, ctx);
        off += len ? len : 1; /* resynchronise on garbage */
    }
}

/* ---- Thumb-2 -------------------------------------------------------------- */

static void thumb(const unsigned char *code, size_t n, uint64_t addr, cs_call_cb *cb, void *ctx)
{
    size_t off = 0;
    while (off + 2 <= n) {
        unsigned h1 = (unsigned)code[off] | (unsigned)code[off + 1] << 8;
        unsigned top = h1 >> 11;
        if (top == 0x1D || top == 0x1E || top == 0x1F) {
            if (off + 4 > n)
                break;
            unsigned h2 = (unsigned)code[off + 2] | (unsigned)code[off + 3] << 8;
            if ((h1 & 0xF800) == 0xF000 &&
                ((h2 & 0xD000) == 0xD000 || (h2 & 0xD000) == 0x9000)) {
                unsigned s = (h1 >> 10) & 1, j1 = (h2 >> 13) & 1, j2 = (h2 >> 11) & 1;
                unsigned i1 = !(j1 ^ s), i2 = !(j2 ^ s);
                uint64_t imm = (uint64_t)s << 24 | (uint64_t)i1 << 23 | (uint64_t)i2 << 22 |
                               (uint64_t)(h1 & 0x3FF) << 12 | (uint64_t)(h2 & 0x7FF) << 1;
                uint64_t target = (addr + off + 4 + (uint64_t)sext(imm, 25)) & 0xFFFFFFFFu;
                if ((h2 & 0xD000) == 0xD000)
                    cb(ctx, addr + off, target, CS_CALL); /* BL */
                else if ((h2 & 0xD000) == 0x9000)
                    cb(ctx, addr + off, target, CS_JUMP); /* B.W */
            } else if ((h1 & 0xF800) == 0xF000 && (h2 & 0xD001) == 0xC000) {
                unsigned s = (h1 >> 10) & 1, j1 = (h2 >> 13) & 1, j2 = (h2 >> 11) & 1;
                unsigned i1 = !(j1 ^ s), i2 = !(j2 ^ s);
                uint64_t imm = (uint64_t)s << 24 | (uint64_t)i1 << 23 | (uint64_t)i2 << 22 |
                               (uint64_t)(h1 & 0x3FF) << 12 | (uint64_t)(h2 & 0x7FE) << 1;
                uint64_t base = (addr + off + 4) & ~(uint64_t)3;
                cb(ctx, addr + off, (base + (uint64_t)sext(imm, 25)) & 0xFFFFFFFFu, CS_CALL); /* BLX */
            }
            off += 4;
            continue;
        }
        if ((h1 & 0xFF87) == 0x4780)
            cb(ctx, addr + off, 0, CS_ICALL); /* BLX Rm */
        else if ((h1 & 0xF800) == 0xE000) { /* B T2 */
            uint64_t target = addr + off + 4 + (uint64_t)sext((uint64_t)(h1 & 0x7FF) << 1, 12);
            cb(ctx, addr + off, target & 0xFFFFFFFFu, CS_JUMP);
        }
        off += 2;
    }
}

/* ---- RISC-V --------------------------------------------------------------- */

static void riscv(int rv32, const unsigned char *code, size_t n, uint64_t addr, cs_call_cb *cb, void *ctx)
{
    size_t off = 0;
    int auipc_rd = -1;
    uint64_t auipc_val = 0, mask = rv32 ? 0xFFFFFFFFu : UINT64_MAX;
    while (off + 2 <= n) {
        uint64_t at = addr + off;
        unsigned h = (unsigned)code[off] | (unsigned)code[off + 1] << 8;
        if ((h & 3) != 3) { /* compressed */
            unsigned q = h & 3, f3 = h >> 13;
            if (q == 1 && (f3 == 5 || (f3 == 1 && rv32))) { /* C.J / C.JAL */
                uint64_t imm = (uint64_t)((h >> 12) & 1) << 11 | (uint64_t)((h >> 11) & 1) << 4 |
                               (uint64_t)((h >> 9) & 3) << 8 | (uint64_t)((h >> 8) & 1) << 10 |
                               (uint64_t)((h >> 7) & 1) << 6 | (uint64_t)((h >> 6) & 1) << 7 |
                               (uint64_t)((h >> 3) & 7) << 1 | (uint64_t)((h >> 2) & 1) << 5;
                cb(ctx, at, at + (uint64_t)sext(imm, 12), f3 == 1 ? CS_CALL : CS_JUMP);
            } else if (q == 2 && f3 == 4 && ((h >> 2) & 31) == 0 && ((h >> 7) & 31) != 0 &&
                       ((h >> 12) & 1)) {
                cb(ctx, at, 0, CS_ICALL); /* C.JALR */
            }
            auipc_rd = -1;
            off += 2;
            continue;
        }
        if (off + 4 > n)
            break;
        uint32_t i = le32(code + off);
        unsigned opc = i & 0x7F, rd = (i >> 7) & 31, rs1 = (i >> 15) & 31;
        if (opc == 0x6F) { /* JAL */
            uint64_t imm = (uint64_t)((i >> 31) & 1) << 20 | (uint64_t)((i >> 21) & 0x3FF) << 1 |
                           (uint64_t)((i >> 20) & 1) << 11 | (uint64_t)((i >> 12) & 0xFF) << 12;
            uint64_t target = at + (uint64_t)sext(imm, 21);
            if (rd == 1)
                cb(ctx, at, target, CS_CALL);
            else if (rd == 5)
                cb(ctx, at, target, CS_MILLI);
            else if (rd == 0)
                cb(ctx, at, target, CS_JUMP);
        } else if (opc == 0x67) { /* JALR */
            uint64_t imm = (uint64_t)sext(i >> 20, 12);
            int link = rd == 1 || rd == 5;
            if (auipc_rd >= 0 && (unsigned)auipc_rd == rs1)
                cb(ctx, at, (auipc_val + imm) & mask, link ? CS_CALL : CS_JUMP);
            else if (link)
                cb(ctx, at, 0, CS_ICALL);
        }
        if (opc == 0x17) {
            auipc_rd = (int)rd;
            auipc_val = at + (uint64_t)sext(i & 0xFFFFF000u, 32);
        } else {
            auipc_rd = -1;
        }
        off += 4;
    }
}

int cs_decode(unsigned machine, int rv32, const unsigned char *code, size_t n, uint64_t addr,
              cs_call_cb *cb, void *ctx)
{
    switch (machine) {
    case EM_X86_64:
        x86_64(code, n, addr, cb, ctx);
        return 1;
    case EM_ARM:
        thumb(code, n, addr, cb, ctx);
        return 1;
    case EM_RISCV:
        riscv(rv32, code, n, addr, cb, ctx);
        return 1;
    default:
        return 0;
    }
}
