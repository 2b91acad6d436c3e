#!/usr/bin/env python3
"""Times costack-size (CPU seconds, user + system, best of 3) on generated
ELFs with DWARF and .su files present, and prints goal lines:
  analyser_run.py TOOL TASKS SITES ELF SU DWARF [TASKS SITES ELF SU DWARF ...]
(SU: .su files or directories separated by ':'; DWARF 1: the ELF has -g,
--require-dwarf). The running-stack result is printed with the times (a
host ELF's bound stays unknown where the library calls into glibc through
the PLT, which has no size data; the pass still walks every function).
Goals (issue 14): <= 1 s at 10 000 sites, <= 2 s at 50 000 sites."""
import json, os, resource, subprocess, sys, time

GOAL_S = {10000: 1.0, 50000: 2.0}


def cpu_of(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p, cpu, wall


tool, rest = sys.argv[1], sys.argv[2:]
for i in range(0, len(rest), 5):
    tasks, sites, elf, sudir = int(rest[i]), int(rest[i + 1]), rest[i + 2], rest[i + 3]
    dwarf = rest[i + 4] == "1"
    sus = [a for d in sudir.split(":") for a in ("--su", d)]
    cmd = [tool, "--json", "-q", *sus, elf] + (["--require-dwarf"] if dwarf else [])
    best = None
    for _ in range(3):
        p, cpu, wall = cpu_of(cmd)
        if p.returncode != 0:
            sys.exit(f"costack-size failed: {p.stderr.decode()[:2000]}")
        best = (cpu, wall) if best is None or cpu < best[0] else best
    st = json.loads(p.stdout)["stack"] or {}
    worst = st.get("worst")
    why = "; ".join(st.get("unknown") or [])[:160]
    print(f"costack-size: {tasks} tasks, {sites} sites: running stack "
          f"{worst if worst is not None else '? (' + why + ')'}, root {st.get('root')}")
    goal = GOAL_S.get(sites, 1.0)
    what = "-g and .su" if dwarf else "generated, .su, no DWARF"
    print(f"costack-size: {tasks} tasks, {sites} await sites, {what}: "
          f"{best[0]:.3f} s CPU ({best[1]:.3f} s wall, best of 3)")
    q = best[0] / goal
    print(f"goal analyser.{sites // 1000}k_sites{'' if dwarf else '.generated'} ratio {q:.2f} target 1.00 "
          f"{'met' if q <= 1.0 else 'missed'}   # {best[0]:.2f} s CPU, target <= {goal:g} s")
