#!/usr/bin/env python3
"""tests/layering.py NM ARCHIVE SLEEP_ONLY_EXE - the runtime's layering.

1. The archive's members call each other without a circle: an edge A -> B
   when A uses a global symbol B defines; any cycle fails (the scheduler
   knows objects only through their wait tables, ctx->wait.ops).
2. A program whose only task sleeps links no io, mutex, semaphore, event or
   channel code: none of those members' global symbols is in it."""
import subprocess
import sys

DEFINED = set("TDBRVWGS")
OBJECTS = ("io.c.o", "mutex.c.o", "sem.c.o", "event.c.o", "chan.c.o")


def members(nm, archive):
    out = subprocess.run([nm, "-A", archive], check=True, capture_output=True, text=True).stdout
    defs, uses = {}, {}
    for line in out.splitlines():
        head, _, rest = line.rpartition(":")
        member = head.split(":")[-1] if ":" in head else head
        f = rest.split()
        if len(f) == 2 and f[0] == "U":
            uses.setdefault(member, set()).add(f[1])
        elif len(f) == 3 and f[1] in DEFINED:
            defs.setdefault(member, set()).add(f[2])
        defs.setdefault(member, set())
    return defs, uses


def cycle(graph):
    colour, stack = {}, []

    def visit(n):
        colour[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if colour.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if not colour.get(m):
                c = visit(m)
                if c:
                    return c
        colour[n] = 2
        stack.pop()
        return None

    for n in sorted(graph):
        if not colour.get(n):
            c = visit(n)
            if c:
                return c
    return None


def main():
    nm, archive, exe = sys.argv[1:4]
    defs, uses = members(nm, archive)
    owner = {s: m for m, ss in defs.items() for s in ss}
    graph = {m: {owner[s] for s in uses.get(m, ()) if s in owner and owner[s] != m} for m in defs}
    for m in sorted(graph):
        print("layering: %s -> %s" % (m, ", ".join(sorted(graph[m])) or "-"))
    bad = 0
    c = cycle(graph)
    if c:
        print("layering: FAIL: the runtime's files call each other in a circle: " + " -> ".join(c))
        bad = 1
    out = subprocess.run([nm, exe], check=True, capture_output=True, text=True).stdout
    linked = {l.split()[-1] for l in out.splitlines() if l.split() and l.split()[-2:-1] != ["U"]}
    for m in OBJECTS:
        hit = sorted(defs.get(m, set()) & linked)
        if hit:
            print("layering: FAIL: a sleep-only program links %s: %s" % (m, ", ".join(hit[:5])))
            bad = 1
    if not bad:
        print("layering: ok: no circle; a sleep-only program links none of " + ", ".join(OBJECTS))
    return bad


if __name__ == "__main__":
    sys.exit(main())
