#!/usr/bin/env python3
"""bench/report.py - turns the lines bench/run collected into tables, ratios,
goal lines and SVG plots. Standard library only (no matplotlib).

Input lines (any order, other lines ignored):
  result <name> ns <median> <min> <max> iters <n> reps <r>   (ns per operation)
  instr <name> <instructions per operation>                  (callgrind mode)
  mem <target> <what> <bytes>                                 (sizeof probes)
  flash <target> <config> <file> <bytes>                      (text+data, -Os)
  target <arch> <case> <instructions per operation>           (bench/target.sh)
  info <key> <text...>                                        (machine, compilers)

Usage: report.py RESULTS [--svg-dir DIR] [--markdown FILE] [--update-doc FILE]
       report.py RESULTS --size-goals [CONFIG]   (only the size goal lines)
Prints the report; with --svg-dir writes perf-*.svg there; with --markdown
writes the same report as Markdown; with --update-doc replaces the part of
FILE between "<!-- bench/run:begin -->" and "<!-- bench/run:end -->" with it
(docs/performance.md).
"""
import math
import os
import re
import sys

# ---------------------------------------------------------------- parsing


def parse(path):
    res, instr, mem, flash, info = {}, {}, {}, {}, []
    global TARGET
    TARGET = {}
    with open(path) as fh:
        for line in fh:
            f = line.split()
            if not f:
                continue
            if f[0] == "result" and len(f) >= 10:
                res[f[1]] = dict(med=float(f[3]), min=float(f[4]), max=float(f[5]),
                                 iters=int(f[7]), reps=int(f[9]))
            elif f[0] == "instr" and len(f) == 3:
                instr[f[1]] = float(f[2])
            elif f[0] == "mem" and len(f) == 4:
                mem.setdefault(f[2], {})[f[1]] = int(f[3])
            elif f[0] == "flash" and len(f) == 5:
                flash.setdefault((f[2], f[1]), {})[f[3]] = int(f[4])
            elif f[0] == "target" and len(f) == 4:
                TARGET.setdefault(f[1], {})[f[2]] = float(f[3])
            elif f[0] == "info" and len(f) >= 3:
                info.append((f[1], " ".join(f[2:])))
    return res, instr, mem, flash, info


TARGET = {}  # arch -> case -> instructions per operation (bench/target.sh)

# ------------------------------------------------------------ definitions

# (section, case, label); ratios are to the section's baseline cases.
SECTIONS = [
    ("a", "suspend + resume round trip (ns per round trip)",
     [("costack.yield.sched", "costack: CO_YIELD under co_sched (default scheduler)"),
      ("costack.yield.sched2", "costack: two tasks alternating CO_YIELD under co_sched (per yield)"),
      ("costack.yield.loop", "costack: CO_YIELD resumed by a plain co_resume loop"),
      ("cpp20.yield.loop", "C++20 coroutines, same design, plain resume loop"),
      ("cpp20.yield.sched", "C++20 coroutines under an equivalent scheduler (ready FIFO, timer and inbox checks)"),
      ("cpp20.yield.sched2", "C++20: two tasks alternating under that scheduler (per yield)"),
      ("boost.fcontext.pair", "Boost.Context jump_fcontext pair (there and back)"),
      ("ucontext.pair", "POSIX swapcontext pair"),
      ("pthread.condvar.pair", "two pthreads, condition-variable hand-off pair")],
     ["cpp20.yield.loop", "boost.fcontext.pair"]),
    ("b", "await chain (ns per call of the chain)",
     [("floor.call1", "function-pointer chain, 1 deep (floor)"),
      ("costack.await1.sync", "costack: await 1 deep, completes synchronously"),
      ("cpp20.await1.sync", "C++20: co_await 1 deep, synchronous"),
      ("costack.await1.susp", "costack: await 1 deep, leaf suspends once"),
      ("cpp20.await1.susp", "C++20: co_await 1 deep, leaf suspends once"),
      ("floor.call3", "function-pointer chain, 3 deep (floor)"),
      ("costack.await3.sync", "costack: await 3 deep, completes synchronously"),
      ("cpp20.await3.sync", "C++20: co_await 3 deep, synchronous"),
      ("costack.await3.susp", "costack: await 3 deep, leaf suspends once"),
      ("cpp20.await3.susp", "C++20: co_await 3 deep, leaf suspends once")],
     ["floor.call1", "floor.call3"]),
    ("c", "timer wake-ups, bench/timers.c (ns per wake-up; wake-ups/s = 1e9 / ns)",
     [("costack.timers.10", "costack: 10 sleeping tasks (wheel, host default)"),
      ("costack.timers.1000", "costack: 1 000 sleeping tasks (wheel)"),
      ("costack.timers.100000", "costack: 100 000 sleeping tasks (wheel)"),
      ("costack.timers_heap.10", "costack: 10 sleeping tasks (heap only, MCU default)"),
      ("costack.timers_heap.1000", "costack: 1 000 sleeping tasks (heap only)"),
      ("costack.timers_heap.100000", "costack: 100 000 sleeping tasks (heap only)")],
     ["costack.timers.10", "costack.timers_heap.10"]),
    ("d", "mutex ping-pong between two tasks (ns per hand-off pair)",
     [("costack.mutex.pingpong", "costack: co_mutex, two tasks under co_sched"),
      ("pthread.condvar.pair", "two pthreads, condition-variable hand-off pair")],
     ["pthread.condvar.pair"]),
    ("e", "channel throughput between two tasks (ns per message)",
     [("costack.chan.msg", "costack: co_chan, producer and consumer tasks"),
      ("pthread.queue.msg", "two pthreads, mutex + 2 condvars bounded queue")],
     ["pthread.queue.msg"]),
    ("f", "external wake from another thread (ns per round trip)",
     [("costack.xwake.rtt", "costack: thread wakes a task blocked by external"),
      ("pthread.condvar.pair", "two pthreads, condition-variable hand-off pair")],
     ["pthread.condvar.pair"]),
    ("j", "join and select under co_sched (ns per join / per receive), bench/costack_join.c",
     [("costack.join2.sched", "costack: CO_JOIN of two children that each yield once"),
      ("costack.spawn2.sched", "costack: start two tasks that each yield once, run to the end"),
      ("costack.select_recv.sched", "costack: CO_SELECT(available channel receive, 50 ms)"),
      ("costack.recv.sched", "costack: the same receive awaited alone")],
     ["costack.spawn2.sched", "costack.recv.sched"]),
]

GOALS = [
    # name, numerator, denominator, target
    # Issue 16 item 4: yield under co_sched <= 2.5x, in a plain co_resume
    # loop <= 1.5x the C++20 loop (the instruction counts, ".instr", are the
    # stable figures).
    ("a.sched_vs_cpp20_loop", "costack.yield.sched", "cpp20.yield.loop", 2.5),
    ("a.resume_loop_vs_cpp20_loop", "costack.yield.loop", "cpp20.yield.loop", 1.5),
    ("a.sched_vs_boost_pair", "costack.yield.sched", "boost.fcontext.pair", 0.5),
    ("b.await3_sync_vs_call3", "costack.await3.sync", "floor.call3", 3.0),
    ("b.await3_susp_vs_call3", "costack.await3.susp", "floor.call3", 3.0),
    ("c.timers_100000_vs_10", "costack.timers.100000", "costack.timers.10", 2.0),
    ("j.join2_vs_two_tasks", "costack.join2.sched", "costack.spawn2.sched", 1.5),
    ("j.select_recv_vs_recv", "costack.select_recv.sched", "costack.recv.sched", 2.0),
]
# Printed as well, marked informational: the same goal (a) met by the
# scheduler-free primitive.
EXTRA_GOALS = [
    ("a.resume_loop_vs_boost_pair", "costack.yield.loop", "boost.fcontext.pair", 0.5,
     "without the scheduler"),
    ("c.timers_heap_100000_vs_10", "costack.timers_heap.100000", "costack.timers_heap.10", 2.0,
     "heap-only timers (CO_CONFIG_TIMER_WHEEL=0)"),
]

CALLGRIND_CASES = [
    "costack.join2.sched", "costack.spawn2.sched", "costack.select_recv.sched",
    "costack.recv.sched", "costack.yield.loop", "costack.yield.sched", "costack.yield.sched2",
    "cpp20.yield.loop", "cpp20.yield.sched", "cpp20.yield.sched2", "boost.fcontext.pair",
    "ucontext.pair", "floor.call1", "floor.call3", "costack.await1.sync", "costack.await3.sync",
    "costack.await1.susp", "costack.await3.susp", "cpp20.await1.sync", "cpp20.await3.sync",
    "cpp20.await1.susp", "cpp20.await3.susp",
]

PEER_FIGURES = [
    ("FreeRTOS task", "64 B per task (TCB incl. a 4-character name) + the task's own stack; "
     "scheduler 236 B (ARM7 reference configuration)",
     "FreeRTOS FAQ \"How much RAM does FreeRTOS use?\", https://www.freertos.org/FAQMem.html"),
    ("libhal async_context (C++ coroutines)", "context object sized to fit one cache line "
     "(std::hardware_constructive_interference_size, typically 64 B) + a caller-supplied "
     "frame buffer per context",
     "libhal/async_context README (\"Cache-line optimized\"), https://github.com/libhal/async_context"),
    ("embassy task header", "TaskHeader = state, run-queue link, executor pointer, poll fn "
     "(4 words: 16 B on a 32-bit MCU, derived from the struct, not measured); with "
     "integrated timers + expires_at (u64) + timer-queue link; the future's state machine "
     "follows in the static TaskStorage",
     "embassy-rs/embassy embassy-executor/src/raw/mod.rs, struct TaskHeader (commit 01b12ece)"),
    ("Protothreads", "2 B per protothread (the local continuation), no stack; "
     "locals do not survive a wait",
     "A. Dunkels, Protothreads, http://dunkels.com/adam/pt/ (\"only two bytes per protothread\")"),
]


def ratio(res, a, b):
    if a in res and b in res and res[b]["med"] > 0:
        return res[a]["med"] / res[b]["med"]
    return None


def fmt_ns(v):
    if v >= 10000:
        return "%.0f" % v
    if v >= 100:
        return "%.1f" % v
    return "%.2f" % v


# ---------------------------------------------------------------- reports


def text_report(res, instr, mem, flash, info, md):
    out = []
    p = out.append
    if md:
        p("| § | benchmark | median ns | min–max ns | ratios |")
        p("|---|---|---:|---:|---|")
    for sec, title, cases, bases in SECTIONS:
        present = [c for c in cases if c[0] in res]
        if not present:
            if md:
                p("| %s | %s | — | — | not measured in this run |" % (sec, title))
            else:
                p("\n(%s) %s: not measured in this run" % (sec, title))
            continue
        if not md:
            p("\n(%s) %s" % (sec, title))
            p("  %-26s %10s %21s   %s" % ("case", "median", "min-max", "ratios"))
        for name, label in present:
            r = res[name]
            rats = []
            for b in bases:
                if b != name:
                    q = ratio(res, name, b)
                    if q is not None:
                        rats.append("%.2fx %s" % (q, b))
            if sec == "c":
                rats.insert(0, "%.0f wake-ups/s" % (1e9 / r["med"]))
            if sec == "e":
                rats.insert(0, "%.0f msg/s" % (1e9 / r["med"]))
            if md:
                p("| %s | %s (`%s`) | %s | %s–%s | %s |" % (
                    sec, label, name, fmt_ns(r["med"]), fmt_ns(r["min"]), fmt_ns(r["max"]),
                    ", ".join(rats)))
            else:
                p("  %-26s %10s %10s-%-10s   %s" % (
                    name, fmt_ns(r["med"]), fmt_ns(r["min"]), fmt_ns(r["max"]), ", ".join(rats)))
    if instr:
        p("")
        if md:
            p("Instructions per operation (valgrind --tool=callgrind, deterministic):")
            p("")
            p("| case | instructions/op | ratio |")
            p("|---|---:|---|")
        else:
            p("instructions per operation (callgrind; (Ir(2N) - Ir(N)) / N)")
        for c in CALLGRIND_CASES:
            if c not in instr:
                continue
            base = "floor.call3" if "await3" in c else "floor.call1" if "await1" in c else \
                "cpp20.yield.loop" if "yield" in c else None
            rt = ("%.2fx %s" % (instr[c] / instr[base], base)) if base in instr and base != c else ""
            if md:
                p("| `%s` | %.1f | %s |" % (c, instr[c], rt))
            else:
                p("  %-26s %10.1f   %s" % (c, instr[c], rt))
    return out


def goal_lines(res, instr):
    out = []
    for tag, table, suffix in (("", res, ""), ("instr", instr, ".instr")):
        if not table:
            continue
        vals = {k: (v["med"] if isinstance(v, dict) else v) for k, v in table.items()}
        for extra, goals in ((False, GOALS), (True, EXTRA_GOALS)):
            for name, num, den, target, *note in goals:
                if num in vals and den in vals and vals[den] > 0:
                    q = vals[num] / vals[den]
                    line = "goal %s%s ratio %.2f target %.2f %s" % (
                        name, suffix, q, target, "met" if q <= target else "missed")
                    if extra:
                        line += "   # informational: " + note[0]
                    out.append(line)
                elif not extra and not tag:
                    missing = num if num not in vals else den
                    out.append("# goal %s not evaluated: %s not measured" % (name, missing))
        if vals.get("cpp20.yield.sched", 0) > 0 and "costack.yield.sched" in vals:
            out.append("# ratio a.sched_vs_cpp20_sched%s %.2f   # informational, no target: co_sched "
                       "against the C++20 peer's equivalent scheduler" % (
                           suffix, vals["costack.yield.sched"] / vals["cpp20.yield.sched"]))
    return out


# ------------------------------------------------- target (bench/target.sh)

# Instructions per operation on the target (QEMU -icount shift=0), in the
# order of the table; the goals are issue 16 item 3's, on Cortex-M4.
TARGET_CASES = [
    ("calib", "calibration: a loop of 2 instructions per iteration (must read 2.00)"),
    ("fncall1", "function-pointer chain, 1 deep (noinline, separate unit)"),
    ("fncall3", "function-pointer chain, 3 deep"),
    ("await1.sync", "await 1 deep, completes synchronously (co_resume loop)"),
    ("await3.sync", "await 3 deep, completes synchronously (co_resume loop)"),
    ("yield.loop", "CO_YIELD round trip, plain co_resume loop"),
    ("yield.sched", "CO_YIELD round trip, one task under co_sched_run"),
    ("yield.sched2", "CO_YIELD, two tasks alternating under co_sched_run (per yield: a task switch)"),
    ("timer.wake", "timer wake-up: await a past deadline, fired by the timer check"),
    ("mutex.pingpong", "co_mutex ping-pong: two hand-offs and two yields"),
    ("chan.msg", "co_chan message, producer and consumer tasks (16 slots)"),
]
TARGET_ARCHS = [("m4", "Cortex-M4 (mps2-an386)"), ("m3", "Cortex-M3 (mps2-an385)"),
                ("m0", "Cortex-M0 (microbit)"), ("rv32", "RV32IMAC (riscv-virt)")]
# (arch, name, case, target): instructions per operation <= target
TARGET_GOALS_ABS = [("m4", "target.m4.yield.loop", "yield.loop", 30),
                    ("m4", "target.m4.yield.sched", "yield.sched", 60)]
# (arch, name, numerator, denominator, target ratio)
TARGET_GOALS_RATIO = [("m4", "target.m4.await3_vs_fncall3", "await3.sync", "fncall3", 2.5)]


# Published per-switch figures of the peers (cycles on real silicon, not
# instructions under QEMU: on a Cortex-M3/M4 a load or a taken branch takes
# 2-3 cycles, so a cycle count is at least the instruction count).
PEER_SWITCH = [
    ("FreeRTOS context switch, Cortex-M3", "84 cycles",
     "FreeRTOS FAQ (https://www.freertos.org/FAQMem.html, context switch time), as quoted in "
     "costack issue 16; the page could not be fetched from this machine to re-check it"),
    ("embassy executor wake + poll, nRF52840 (Cortex-M4)", "79 cycles",
     "embassy-rs/embassy commit 27e6634c9d \"executor: add faster ARM-specific impl. Does a "
     "wake+poll in 79 cycles in nrf52840.\" (2023-11-15)"),
]


def target_report(md):
    out = []
    p = out.append
    archs = [(a, l) for a, l in TARGET_ARCHS if a in TARGET]
    if not archs:
        return out
    p("")
    if md:
        p("Instructions per operation on the target (QEMU `-icount shift=0`, -Os, bench/target.sh):")
        p("")
        p("| case | " + " | ".join(l for _, l in archs) + " |")
        p("|---|" + "---:|" * len(archs))
    else:
        p("instructions per operation on the target (QEMU -icount shift=0; -Os; (T(2N) - T(N)) / N)")
        p("  %-16s" % "case" + "".join("%10s" % a for a, _ in archs))
    for c, label in TARGET_CASES:
        row = [("%.1f" % TARGET[a][c]) if c in TARGET[a] else "—" for a, _ in archs]
        if md:
            p("| %s (`%s`) | %s |" % (label, c, " | ".join(row)))
        else:
            p("  %-16s" % c + "".join("%10s" % v for v in row))
    if md:
        p("")
        p("Published per-switch figures of the peers (cycles on silicon, not measured here; "
          "a cycle count is at least the instruction count):")
        p("")
        p("| peer | figure | source |")
        p("|---|---|---|")
        for a, b, c in PEER_SWITCH:
            p("| %s | %s | %s |" % (a, b, c))
    return out


def target_goal_lines():
    out = []
    for arch, name, case, target in TARGET_GOALS_ABS:
        v = TARGET.get(arch, {}).get(case)
        if v is None:
            out.append("# goal %s not evaluated: target %s %s not measured" % (name, arch, case))
        else:
            out.append("goal %s instr %.1f target %d %s" % (name, v, target,
                                                           "met" if v <= target else "missed"))
    for arch, name, num, den, target in TARGET_GOALS_RATIO:
        d = TARGET.get(arch, {})
        if num in d and den in d and d[den] > 0:
            q = d[num] / d[den]
            out.append("goal %s ratio %.2f target %.2f %s" % (name, q, target,
                                                            "met" if q <= target else "missed"))
        else:
            out.append("# goal %s not evaluated: target %s %s or %s not measured" % (name, arch, num, den))
    return out


# ------------------------------------------------------ size goals (item 1-2)

def kernel_files():
    """The flash goal's files (bench/size_kernel.txt), as object base names."""
    names = []
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "size_kernel.txt")) as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(os.path.splitext(os.path.basename(line))[0])
    return names


# (name, target, mem key, bytes) and (name, target, config, bytes) on Cortex-M4
SIZE_GOALS_MEM = [("size.m4.context.lean", "cortex-m4", "context.lean", 48),
                  ("size.m4.context.default", "cortex-m4", "context", 64),
                  ("size.m4.frame", "cortex-m4", "frame", 16)]
SIZE_GOALS_FLASH = [("size.m4.flash.kernel.lean", "cortex-m4", "lean", 4096),
                    ("size.m4.flash.kernel.default", "cortex-m4", "default", 6144)]


def size_goal_lines(mem, flash, config=None):
    """Goal lines for the sizes; config "default" or "lean" keeps only its own."""
    out = []

    def line(name, v, target):
        if v is None:
            out.append("# goal %s not evaluated: not measured" % name)
        else:
            out.append("goal %s bytes %d target %d %s" % (name, v, target, "met" if v <= target else "missed"))

    for name, tgt, key, target in SIZE_GOALS_MEM:
        if config and not name.endswith("." + config) and name != "size.m4.frame":
            continue
        line(name, mem.get(key, {}).get(tgt), target)
    files = kernel_files()
    for name, tgt, cfg, target in SIZE_GOALS_FLASH:
        if config and cfg != config:
            continue
        d = flash.get((cfg, tgt))
        missing = [f for f in files if not d or f not in d]
        if missing:
            out.append("# goal %s not evaluated: no flash figure for %s" % (name, " ".join(missing)))
        else:
            line(name, sum(d[f] for f in files), target)
    return out


def memory_report(mem, flash, md):
    out = []
    p = out.append
    if not mem and not flash:
        return out
    targets = []
    for t in ("x86-64", "cortex-m0", "cortex-m4", "rv32imac"):
        if any(t in d for d in mem.values()):
            targets.append(t)
    if mem:
        p("")
        if md:
            p("| object | " + " | ".join(targets) + " |")
            p("|---|" + "---:|" * len(targets))
        else:
            p("memory (bytes, sizeof from compiled probes; no running)")
            p("  %-22s" % "object" + "".join("%12s" % t for t in targets))
        order = ["context", "context.lean", "frame", "frame.lean", "future", "sched", "mutex", "sem", "event", "chan_overhead",
                 "chan_1x4"]
        names = sorted(mem, key=lambda k: (order.index(k) if k in order else 99, k))
        for what in names:
            row = [str(mem[what].get(t, "—")) for t in targets]
            if md:
                p("| %s | %s |" % (what, " | ".join(row)))
            else:
                p("  %-22s" % what + "".join("%12s" % v for v in row))
    if flash:
        groups = [("core", ("context", "error")),
                  ("scheduler", ("sched", "sched_wake", "sched_timer", "op", "io", "sched_query")),
                  ("sync", ("mutex", "sem", "event", "chan"))]
        known = {f for _, fs in groups for f in fs}
        others = sorted({f for k in flash for f in flash[k]} - known)
        if others:
            groups.append(("other", tuple(others)))
        heads = ["%s (%s)" % (g, "+".join(fs)) for g, fs in groups]
        p("")
        if md:
            p("| flash at -Os, text+data bytes | " + " | ".join(heads) + " | total | kernel goal files |")
            p("|---|" + "---:|" * (len(groups) + 2))
        else:
            p("flash at -Os (text+data bytes; port excluded)")
            for h in heads:
                p("  " + h)
            p("  %-22s" % "target, config" + "".join("%11s" % g for g, _ in groups) + "%9s" % "total"
              + "%9s" % "kernel")
            p("  (kernel = the files of bench/size_kernel.txt: the flash goal's sum)")
        order = {"cortex-m0": 0, "cortex-m4": 1, "rv32imac": 2}
        for (cfg, tgt) in sorted(flash, key=lambda k: (k[0] != "default", order.get(k[1], 9))):
            d = flash[(cfg, tgt)]
            cells = [sum(d.get(f, 0) for f in fs) for _, fs in groups]
            tot = sum(d.values())
            kern = sum(d.get(f, 0) for f in kernel_files())
            if md:
                p("| %s, %s | %s | %d | %d |" % (tgt, cfg, " | ".join(str(c) for c in cells), tot, kern))
            else:
                p("  %-22s" % (tgt + ", " + cfg) + "".join("%11d" % c for c in cells) + "%9d" % tot
                  + "%9d" % kern)
        if md:
            p("")
            p("default = the library defaults (contract checks with texts, listener, records); "
              "lean = CO_CONFIG_CHECKS=0, CO_CONFIG_CHECK_TEXT=0, CO_CONFIG_LISTENER=0, CO_CONFIG_RECORDS=0, "
              "CO_CONFIG_HIGH_WATER=0, CO_CONFIG_TASK_NAMES=0, CO_CONFIG_TASK_ENTRY=0 (bench/memory.sh).")
    if md:
        p("")
        p("Published peer figures (not measured here):")
        p("")
        p("| peer | per-task memory | source |")
        p("|---|---|---|")
        for a, b, c in PEER_FIGURES:
            p("| %s | %s | %s |" % (a, b, c))
    return out


# -------------------------------------------------------------------- SVG


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def svg_bars(res, path, title, cases):
    """Horizontal bars (log scale) of median ns with min-max whiskers."""
    rows = [(n, l) for n, l in cases if n in res]
    if not rows:
        return False
    W, left, right, top, rowh = 980, 440, 40, 50, 26
    H = top + rowh * len(rows) + 50
    vals = [res[n]["min"] for n, _ in rows] + [res[n]["max"] for n, _ in rows]
    lo = 10 ** math.floor(math.log10(max(min(vals), 1e-3)))
    hi = 10 ** math.ceil(math.log10(max(vals)))
    span = math.log10(hi) - math.log10(lo)

    def x(v):
        return left + (W - left - right) * (math.log10(max(v, lo)) - math.log10(lo)) / span

    s = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (W, H),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="%d" y="24" font-size="15" font-weight="bold">%s</text>' % (10, esc(title))]
    d = lo
    while d <= hi * 1.0001:
        s.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>' % (x(d), top - 5, x(d), H - 40))
        s.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%s</text>' % (x(d), H - 25, ("%g" % d)))
        d *= 10
    s.append('<text x="%d" y="%d" text-anchor="middle" fill="#555">ns per operation (log scale); bar = median, whisker = min–max</text>' % ((left + W - right) // 2, H - 8))
    for i, (n, l) in enumerate(rows):
        y = top + i * rowh
        r = res[n]
        col = "#d9534f" if n.startswith("costack") else "#5b8bd9"
        s.append('<text x="%d" y="%d" text-anchor="end">%s</text>' % (left - 8, y + 15, esc(l)))
        s.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>' % (left, y + 4, x(r["med"]) - left, rowh - 10, col))
        s.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="black"/>' % (x(r["min"]), y + rowh // 2, x(r["max"]), y + rowh // 2))
        s.append('<text x="%.1f" y="%d" fill="#333">%s</text>' % (x(r["max"]) + 4, y + 15, fmt_ns(r["med"])))
    s.append("</svg>")
    with open(path, "w") as fh:
        fh.write("\n".join(s) + "\n")
    return True


def svg_timers(res, path):
    """Timer wake-ups per second against the number of sleeping tasks."""
    series = []
    for prefix, label, colour in (("costack.timers", "wheel (host default)", "#d9534f"),
                                  ("costack.timers_heap", "heap only (MCU default)", "#337ab7")):
        pts = []
        for n in (10, 100, 1000, 10000, 100000):
            k = "%s.%d" % (prefix, n)
            if k in res:
                pts.append((n, 1e9 / res[k]["med"], 1e9 / res[k]["max"], 1e9 / res[k]["min"]))
        if len(pts) >= 2:
            series.append((label, colour, pts))
    if not series:
        return False
    pts = [p for _, _, sp in series for p in sp]
    W, H, L, R, T, B = 640, 380, 90, 30, 50, 60
    ymax = max(p[3] for p in pts) * 1.15
    xs = [math.log10(p[0]) for p in pts]
    x0, x1 = math.floor(min(xs)), math.ceil(max(xs))

    def X(n):
        return L + (W - L - R) * (math.log10(n) - x0) / max(x1 - x0, 1)

    def Y(v):
        return H - B - (H - T - B) * v / ymax

    s = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (W, H),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="10" y="24" font-size="15" font-weight="bold">costack timer wake-ups per second vs sleeping tasks</text>']
    for i in range(6):
        v = ymax * i / 5
        s.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (L, Y(v), W - R, Y(v)))
        s.append('<text x="%d" y="%.1f" text-anchor="end" fill="#555">%.3g M</text>' % (L - 6, Y(v) + 4, v / 1e6))
    for e in range(x0, x1 + 1):
        s.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>' % (X(10 ** e), T, X(10 ** e), H - B))
        s.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%d</text>' % (X(10 ** e), H - B + 18, 10 ** e))
    s.append('<text x="%d" y="%d" text-anchor="middle" fill="#555">sleeping tasks (log scale); whisker = min–max of the repetitions</text>' % ((L + W - R) // 2, H - 15))
    for i, (label, colour, sp) in enumerate(series):
        s.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (
            colour, " ".join("%.1f,%.1f" % (X(p[0]), Y(p[1])) for p in sp)))
        s.append('<rect x="%d" y="%d" width="14" height="4" fill="%s"/>' % (L + 10, T + 6 + 18 * i, colour))
        s.append('<text x="%d" y="%d" fill="#333">%s</text>' % (L + 30, T + 12 + 18 * i, label))
        for n, v, vlo, vhi in sp:
            s.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>' % (X(n), Y(vlo), X(n), Y(vhi)))
            s.append('<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>' % (X(n), Y(v), colour))
            last = n == sp[-1][0]  # the last label ends at its point: it stays inside the plot
            s.append('<text x="%.1f" y="%.1f" fill="#333"%s>%.2f M/s</text>' % (
                X(n) + (-6 if last else 6), Y(v) - 6, ' text-anchor="end"' if last else '', v / 1e6))
    s.append("</svg>")
    with open(path, "w") as fh:
        fh.write("\n".join(s) + "\n")
    return True


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    svg_dir = md_out = doc_out = size_goals = None
    path = args[0]
    i = 1
    while i < len(args):
        if args[i] == "--size-goals":
            size_goals = args[i + 1] if i + 1 < len(args) and not args[i + 1].startswith("-") else "all"
            i += 2 if size_goals != "all" else 1
        elif args[i] == "--svg-dir":
            svg_dir = args[i + 1]
            i += 2
        elif args[i] == "--markdown":
            md_out = args[i + 1]
            i += 2
        elif args[i] == "--update-doc":
            doc_out = args[i + 1]
            i += 2
        else:
            print("report.py: unknown option " + args[i], file=sys.stderr)
            return 2
    res, instr, mem, flash, info = parse(path)
    if size_goals:
        for line in size_goal_lines(mem, flash, size_goals if size_goals != "all" else None):
            print(line)
        return 0
    for line in text_report(res, instr, mem, flash, info, False):
        print(line)
    for line in target_report(False):
        print(line)
    for line in memory_report(mem, flash, False):
        print(line)
    print("")
    for line in all_goal_lines(res, instr, mem, flash):
        print(line)
    svgs = []
    if svg_dir:
        os.makedirs(svg_dir, exist_ok=True)
        a_cases = [c for c in SECTIONS[0][2]] + [c for c in SECTIONS[1][2]]
        if svg_bars(res, os.path.join(svg_dir, "perf-switch-await.svg"),
                    "switch and await cost, ns per operation (lower is better)", a_cases):
            svgs.append("perf-switch-await.svg")
        if svg_timers(res, os.path.join(svg_dir, "perf-timers.svg")):
            svgs.append("perf-timers.svg")
        for s in svgs:
            print("wrote " + os.path.join(svg_dir, s))
    if md_out or doc_out:
        lines = []
        lines += ["Machine and compilers:", ""]
        lines += ["- %s: %s" % (k, v) for k, v in info]
        lines += [""]
        lines += text_report(res, instr, mem, flash, info, True)
        lines += target_report(True)
        lines += memory_report(mem, flash, True)
        lines += ["", "Goal lines printed by this run:", "", "```"] + all_goal_lines(res, instr, mem, flash) + ["```"]
        for s in svgs:
            lines += ["", "![%s](%s)" % (s, s)]
        gen = "\n".join(lines) + "\n"
        if md_out:
            with open(md_out, "w") as fh:
                fh.write(gen)
        if doc_out:
            update_doc(doc_out, gen)
            print("wrote " + doc_out)
    return 0


def all_goal_lines(res, instr, mem, flash):
    return goal_lines(res, instr) + target_goal_lines() + size_goal_lines(mem, flash)


def update_doc(path, gen):
    begin, end = "<!-- bench/run:begin -->", "<!-- bench/run:end -->"
    try:
        text = open(path).read()
    except FileNotFoundError:
        text = "# Performance\n\n" + begin + "\n" + end + "\n"
    if begin not in text or end not in text:
        text += "\n" + begin + "\n" + end + "\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(path, "w") as fh:
        fh.write(head + begin + "\n" + gen + end + tail)


if __name__ == "__main__":
    sys.exit(main())
