#!/usr/bin/env python3
"""Writes an x86-64 assembly file whose costack records describe an await
chain N deep (f0 > f1 > ... > fN-1, 16 bytes each) and one task 'deep'
over a 64-byte buffer: the analyser must say the task needs N*16 bytes,
not overflow its own stack (issue 14 item 7). Usage: deep_gen.py N OUT.S"""
import sys

n, out = int(sys.argv[1]), sys.argv[2]
L = []
w = L.append


def rec(kind, a, line, d, p, q, strings, b=8):
    w(".balign 8\n0:\n.short 0xC057\n.byte %d, 1\n.long 1f - 0b\n" % kind)
    w(".long %d, %d, %d, %d\n.quad %s, %s\n" % (a, b, line, d, p, q))
    for s in strings:
        w('.asciz "%s"\n' % s)
    w(".balign 8\n1:\n")


w(".text\n")
for i in range(n):
    w(".globl f%d\n.type f%d, @function\nf%d:\nret\n.size f%d, 1\n" % (i, i, i, i))
w('.section .costack.rec,"",@progbits\n')
rec(1, 8, 0, 0, 32, 0, ["costack"], b=0)
for i in range(n):
    rec(2, 16, i + 1, 8 | 1 << 24, "f%d" % i, 0, ["f%d" % i, "deep.c"])
    if i + 1 < n:
        rec(3, 16, i + 1, 0, "f%d" % i, "f%d" % (i + 1), ["f%d" % (i + 1), "deep.c"])
w('.section .costack.names,"",@progbits\n')
w('.asciz "task", "deep", "deep_ctx", "deep_buf", "f0", "deep.c", "1", ""\n')
w(".data\n.globl deep_ctx\n.type deep_ctx, @object\ndeep_ctx:\n.quad f0, 0\n.size deep_ctx, 16\n")
w(".bss\n.globl deep_buf\n.type deep_buf, @object\ndeep_buf:\n.zero 64\n.size deep_buf, 64\n")
open(out, "w").write("".join(L))
