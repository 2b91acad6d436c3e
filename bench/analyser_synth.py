#!/usr/bin/env python3
"""Writes an x86-64 assembly file with TASKS tasks whose await chains have
SITES sites in all (records, one call per site, a caller loop and
co_resume) and a .su file sizing every function: the running-stack pass
at scale in seconds of assembling, where a compiled C file of that size
takes minutes. Usage: analyser_synth.py TASKS SITES OUT.S OUT.su"""
import sys
tasks, sites, out, su = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
per = sites // tasks
L = []; w = L.append
def rec(kind, a, line, d, p, q, strings, b=8):
    w(".balign 8\n0:\n.short 0xC057\n.byte %d, 1\n.long 1f - 0b\n" % kind)
    w(".long %d, %d, %d, %d\n.quad %s, %s\n" % (a, b, line, d, p, q))
    for s in strings: w('.asciz "%s"\n' % s)
    w(".balign 8\n1:\n")
w(".text\n.globl loop\n.type loop,@function\nloop:\ncall co_resume\nret\n.size loop,.-loop\n")
w(".globl co_resume\n.type co_resume,@function\nco_resume:\ncall *%rax\nret\n.size co_resume,.-co_resume\n")
names = []
for t in range(tasks):
    for k in range(per + 1):
        n = "f%d_%d" % (t, k); names.append(n)
        w(".type %s,@function\n%s:\n" % (n, n))
        if k < per: w("call f%d_%d\n" % (t, k + 1))
        w("ret\n.size %s,.-%s\n" % (n, n))
w('.section .costack.rec,"",@progbits\n')
rec(1, 8, 0, 0, 32, 0, ["costack"], b=0)
for t in range(tasks):
    for k in range(per + 1):
        n = "f%d_%d" % (t, k)
        rec(2, 16, 1, 8 | 1 << 24, n, 0, [n, "w.c"])
        if k < per: rec(3, 16, 1, 0, n, "f%d_%d" % (t, k + 1), ["f%d_%d" % (t, k + 1), "w.c"])
w('.section .costack.names,"",@progbits\n')
for t in range(tasks):
    w('.asciz "task", "t%d", "c%d", "b%d", "f%d_0", "w.c", "1", ""\n' % (t, t, t, t))
w(".data\n")
for t in range(tasks):
    w(".globl c%d\n.type c%d,@object\nc%d:\n.quad f%d_0, 0\n.size c%d,16\n" % (t, t, t, t, t))
w(".bss\n")
for t in range(tasks):
    w(".globl b%d\n.type b%d,@object\nb%d:\n.zero 4096\n.size b%d,4096\n" % (t, t, t, t))
open(out, "w").write("".join(L))
with open(su, "w") as f:
    f.write("w.c:1:1:loop\t16\tstatic\nw.c:1:1:co_resume\t32\tstatic\n")
    for n in names: f.write("w.c:1:1:%s\t24\tstatic\n" % n)
