#!/usr/bin/env python3
"""Drivers for the analyser's tests. Each mode exits non-zero on failure.

  exact TOOL PROG [tool args]      PROG prints "task NAME HIGH_WATER"; the
                                   tool's --json bound must equal each one
  stacktasks TOOL PROG [args]      PROG prints "stack NAME USED" and "task NAME
                                   HIGH_WATER" per task (each on a painted
                                   stack): the tool's per-task running-stack
                                   bound must be a number >= USED (within
                                   10 %), its buffer bound == HIGH_WATER
  stackis TOOL ELF N [args]        the running-stack worst is exactly N (or
                                   N = unknown:REGEX: not bounded, reason REGEX)
  isrs TOOL ELF N SPEC [args]      worst N, handlers SPEC (name/level/stack,...)
                                   from the ELF's records, and it fits
  views TOOL ELF [args]            --functions / --graph of thumb_map.elf
  fail TOOL ELF REGEX [tool args]  the tool must exit 1 and print REGEX
  verdict TOOL ELF REGEX [args]    as fail, and JSON/table say error, no bound
  strip TOOL ELF SECTION REGEX     remove SECTION with objcopy, then as fail
  nodwarf TOOL ELF RE1 RE2         --strip-debug: default passes saying RE1,
                                   --require-dwarf fails saying RE2
  patch TOOL ELF FUNC DELTA REGEX  add DELTA to FUNC's record size, then as fail
  robust TOOL ELF WORKDIR          corrupt/truncated/non-ELF inputs: a clear
                                   error (exit 1), never a crash; directory,
                                   FIFO, bad --isr-frame
  deep TOOL GEN CC WORK N          an await chain N deep (deep_gen.py)
"""
import json, os, random, re, struct, subprocess, sys


def run(cmd, timeout=60, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       errors="replace", timeout=timeout, **kw)
    return p.returncode, p.stdout, p.stderr


def die(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def exact(tool, prog, *args):
    rc, out, err = run([prog])
    if rc != 0:
        die(f"{prog} exited {rc}: {err}")
    seen = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[0] == "task":
            seen[f[1]] = int(f[2])
    rc, out, err = run([tool, "--json", *args, prog])
    if rc != 0:
        die(f"tool exited {rc}: {err}")
    tasks = {t["task"]: t for t in json.loads(out)["tasks"]}
    if not seen:
        die("the program printed no high-water marks")
    bad = 0
    for name, hw in sorted(seen.items()):
        t = tasks.get(name)
        bound = t["bound"] if t else None
        chain = " > ".join(f'{c["function"]}({c["slot"]})' for c in t["chain"]) if t else ""
        print(f"task {name}: runtime high-water {hw}, tool bound {bound}  [{chain}]")
        if bound != hw:
            print(f"FAIL: task {name}: bound {bound} != high-water {hw}")
            bad += 1
    if set(tasks) != set(seen):
        die(f"tasks differ: tool {sorted(tasks)} vs program {sorted(seen)}")
    sys.exit(1 if bad else 0)


def stack(tool, prog, *args):
    """Running-stack bound >= painted measurement, within 10 %."""
    rc, out, err = run([prog])
    if rc != 0:
        die(f"{prog} exited {rc}: {err}")
    used = int(re.search(r"^stack (\d+)$", out, re.M).group(1))
    rc, jout, err = run([tool, "--json", *args, prog])
    print(err, end="")
    if rc != 0:
        die(f"tool exited {rc}")
    st = json.loads(jout)["stack"]
    bound = st and st["worst"]
    print(f"painted stack {used} bytes, bound {bound} (root {st and st['root']}, loop {st and st['loop']})")
    if bound is None:
        die(f"no stack bound: {st and st['unknown']}")
    if bound < used:
        die(f"bound {bound} < measured {used}")
    if bound > used * 1.10:
        die(f"bound {bound} is more than 10 % above measured {used}")
    print("ok")


def stacktasks(tool, prog, *args):
    rc, out, err = run([prog])
    if rc != 0:
        die(f"{prog} exited {rc}: {err}")
    used = {m[0]: int(m[1]) for m in re.findall(r"^stack (\S+) (\d+)$", out, re.M)}
    hw = {m[0]: int(m[1]) for m in re.findall(r"^task (\S+) (\d+)$", out, re.M)}
    if not used or set(used) != set(hw):
        die(f"the program printed no per-task measurements: {out!r}")
    rc, jout, err = run([tool, "--json", *args, prog])
    print(err, end="")
    if rc != 0:
        die(f"tool exited {rc}")
    j = json.loads(jout)
    tasks = {t["task"]: t for t in j["tasks"]}
    bad = 0
    for name in sorted(used):
        t = tasks.get(name)
        if t is None:
            die(f"the tool does not list task {name}")
        sb, bb = t["stack"], t["bound"]
        ratio = f"{sb / used[name]:.2f}x" if isinstance(sb, int) else "-"
        print(f"task {name}: painted stack {used[name]}, stack bound {sb} ({ratio}); "
              f"buffer high-water {hw[name]}, buffer bound {bb}")
        if not isinstance(sb, int):
            print(f"FAIL: task {name}: no running-stack bound: {j['stack'] and j['stack']['unknown']}")
            bad += 1
        elif sb < used[name]:
            print(f"FAIL: task {name}: stack bound {sb} < measured {used[name]}")
            bad += 1
        elif sb > used[name] * 1.10:
            print(f"FAIL: task {name}: stack bound {sb} is more than 10 % above measured {used[name]}")
            bad += 1
        if bb != hw[name]:
            print(f"FAIL: task {name}: buffer bound {bb} != high-water {hw[name]}")
            bad += 1
    worst = j["stack"] and j["stack"]["worst"]
    if not isinstance(worst, int) or worst < max(used.values()):
        print(f"FAIL: running-stack worst {worst} < measured {max(used.values())}")
        bad += 1
    sys.exit(1 if bad else 0)


def stackis(tool, elf, want, *args):
    """The running-stack worst case is exactly WANT bytes (hand-computed
    frames of a small assembly input)."""
    rc, out, err = run([tool, "--json", *args, elf])
    print(err, end="")
    st = json.loads(out)["stack"] if out.strip() else None
    worst = st and st["worst"]
    print(f"worst {worst}, expected {want}; unknown: {st and st['unknown']}")
    if want.startswith("unknown:"):  # not bounded, for the reason given
        if rc != 0 or worst is not None or not any(re.search(want[8:], u) for u in st["unknown"]):
            die(f"exit {rc}, worst {worst}: expected unknown /{want[8:]}/")
    elif rc != 0 or worst != int(want):
        die(f"exit {rc}, worst {worst} != {want}")
    print("ok")


def isrs(tool, elf, want, spec, *args):
    """Interrupt levels from the ports' records: the worst case is exactly
    WANT, the JSON lists exactly the handlers of SPEC ("name/level/stack"
    comma-separated, every one from a record) and the stack fits."""
    rc, out, err = run([tool, "--json", *args, elf])
    print(err, end="")
    st = json.loads(out)["stack"] if out.strip() else None
    if st is None:
        die(f"exit {rc}: no running-stack report")
    got = sorted(f'{h["function"]}/{h["level"]}/{h["stack"]}' for h in st["handlers"])
    print(f"worst {st['worst']}, expected {want}; handlers {got}; reserve {st['reserve']}")
    if rc != 0 or st["worst"] != int(want) or st["fits"] is not True:
        die(f"exit {rc}, worst {st['worst']} != {want} or fits {st['fits']}")
    if got != sorted(spec.split(",")):
        die(f"handlers {got} != {sorted(spec.split(','))}")
    if any(h["from"] != "record" for h in st["handlers"]):
        die("a handler not taken from its record")
    print("ok")


def views(tool, elf, *args):
    """--functions and --graph on thumb_map.elf: main's own frame 108 and
    worst stack 128 from its prologue; main > leaf > far is the worst path
    (red in the dot output, "worst": true in the JSON)."""
    rc, out, err = run([tool, "--json", "--functions", "--graph", *args, elf])
    j = json.loads(out)
    fn = {f["function"]: f for f in j["functions"]}
    if fn["main"] != {"function": "main", "frame": 108, "stack": 128, "source": "prologue"}:
        die(f"--functions main: {fn.get('main')}")
    worst = {(e["from"], e["to"]) for e in j["graph"]["edges"] if e["worst"]}
    if worst != {("main", "leaf"), ("leaf", "far")}:
        die(f"worst edges {worst}")
    rc, out, err = run([tool, "--functions", *args, elf])
    if not re.search(r"^main\s+108\s+128\s+prologue$", out, re.M):
        die(f"--functions table:\n{out}")
    rc, out, err = run([tool, "--graph", *args, elf])
    if not out.startswith("digraph") or len(re.findall(r"-> n\d+ \[color=red", out)) != 2:
        die(f"--graph:\n{out}")
    print(out)
    print("ok")


def fail(tool, elf, regex, *args):
    rc, out, err = run([tool, *args, elf])
    print(err, end="")
    if rc != 1:
        die(f"expected exit 1, got {rc}")
    if not re.search(regex, err):
        die(f"stderr does not match /{regex}/")
    print("ok: failed as expected")


def verdict(tool, elf, regex, *args):
    """After an error the verdict is an error everywhere: exit 1, REGEX on
    stderr, JSON ok false for the file and every task, no bound proven."""
    rc, out, err = run([tool, "--json", *args, elf])
    print(err, end="")
    if rc != 1:
        die(f"expected exit 1, got {rc}")
    if not re.search(regex, err):
        die(f"stderr does not match /{regex}/")
    j = json.loads(out)
    if j["ok"] is not False or j["errors"] < 1:
        die(f"JSON says ok={j['ok']} errors={j['errors']}")
    for t in j["tasks"]:
        if t["ok"] is not False or t["bound"] is not None:
            die(f"task {t['task']}: ok={t['ok']} bound={t['bound']} after an error")
    if j["stack"] and j["stack"]["worst"] is not None:
        die("running-stack worst is a number after an error")
    rc, out, err = run([tool, *args, elf])
    if "verdict: ERROR" not in out:
        die("the table does not say verdict: ERROR")
    print("ok: error verdict everywhere")


def deep(tool, gen, cc, work, n):
    """An await chain N deep under a 1 MiB stack limit: a clear verdict
    (needs N*16 bytes), never a crash of the tool's own recursion."""
    import resource
    os.makedirs(work, exist_ok=True)
    src, elf = os.path.join(work, "deep.S"), os.path.join(work, "deep.elf")
    rc, _, err = run([sys.executable, gen, n, src])
    if rc != 0:
        die(f"generator: {err}")
    rc, _, err = run([cc, "-nostdlib", "-no-pie", "-Wl,-e,f0", src, "-o", elf], timeout=300)
    if rc != 0:
        die(f"assembling: {err}")
    lim = lambda: resource.setrlimit(resource.RLIMIT_STACK, (1 << 20, 1 << 20))
    rc, out, err = run([tool, "-q", elf], preexec_fn=lim)
    print(err[:300])
    want = f"task 'deep' needs {int(n) * 16} bytes, buffer is 64"
    if rc != 1 or want not in err:
        die(f"exit {rc} (signal: {rc < 0}), expected 1 and '{want}'")
    print("ok")


def objcopy(args):
    for oc in ("objcopy", "llvm-objcopy"):
        rc, _, err = run([oc, *args])
        if rc == 0:
            return
    die(f"objcopy {args} failed: {err}")


def strip(tool, elf, section, regex, *args):
    out = elf + ".stripped"
    objcopy(["--remove-section", section, elf, out])
    fail(tool, out, regex, *args)


def nodwarf(tool, elf, regex_default, regex_required):
    """Without DWARF the default run passes but says so; --require-dwarf fails."""
    out = elf + ".nodwarf"
    objcopy(["--strip-debug", elf, out])
    rc, _, err = run([tool, out])
    print(err, end="")
    if rc != 0 or not re.search(regex_default, err):
        die(f"default run: exit {rc}, expected 0 and /{regex_default}/")
    fail(tool, out, regex_required, "--require-dwarf")


def patch(tool, elf, func, delta, regex):
    raw = elf + ".rec"
    objcopy(["--dump-section", ".costack.rec=" + raw, elf, elf + ".tmp"])
    data = bytearray(open(raw, "rb").read())
    # FUNC record (kind 2) whose first string is func; little-endian hosts only
    off, hit = 0, False
    while off + 8 <= len(data):
        magic, kind, ver, length = struct.unpack_from("<HBBI", data, off)
        if magic == 0:
            off += 8
            continue
        strings = data[off + 40:off + length].split(b"\0")
        if kind == 2 and strings[0] == func.encode():
            a = struct.unpack_from("<I", data, off + 8)[0]
            struct.pack_into("<I", data, off + 8, a + int(delta))
            hit = True
        off += length
    if not hit:
        die(f"no FUNC record for {func}")
    open(raw, "wb").write(data)
    out = elf + ".patched"
    objcopy(["--update-section", ".costack.rec=" + raw, elf, out])
    fail(tool, out, regex)


def robust(tool, elf, work):
    os.makedirs(work, exist_ok=True)
    good = open(elf, "rb").read()
    rng = random.Random(1234)
    cases = {
        "empty": b"",
        "text": b"this is not an ELF file\n" * 10,
        "magic-only": b"\x7fELF",
        "header-only": good[:64],
    }
    for n in (100, 1000, len(good) // 3, len(good) // 2, len(good) - 100):
        cases[f"truncated-{n}"] = good[:n]
    for i in range(60):
        b = bytearray(good)
        for _ in range(rng.randint(1, 40)):
            pos = rng.randrange(len(b)) if i % 2 else rng.randrange(min(len(b), 4096))
            b[pos] = rng.randrange(256)
        cases[f"corrupt-{i}"] = bytes(b)
    # the record section itself scrambled
    crashes = 0
    for name, data in cases.items():
        path = os.path.join(work, name)
        open(path, "wb").write(data)
        rc, out, err = run([tool, "-q", path])
        if rc < 0 or rc > 2:
            print(f"FAIL: {name}: exit {rc} (signal or crash)\n{err}")
            crashes += 1
        elif rc != 0 and not re.search(r"error", err):
            print(f"FAIL: {name}: exit {rc} without an error message")
            crashes += 1
    # not files: a directory is named as one; a FIFO is refused, never read
    # (reading one blocks forever); a bad number is a usage error
    rc, out, err = run([tool, work])
    print(f"directory: exit {rc}: {err.strip()}")
    if rc != 1 or "is a directory" not in err:
        die("a directory must be reported as a directory")
    fifo = os.path.join(work, "fifo")
    if os.path.exists(fifo):
        os.unlink(fifo)
    os.mkfifo(fifo)
    try:
        rc, out, err = run([tool, fifo])
    except subprocess.TimeoutExpired:
        die("a FIFO as input blocks")
    print(f"fifo: exit {rc}: {err.strip()}")
    if rc != 1 or "not a regular file" not in err:
        die("a FIFO must be refused")
    for bad in ("abc", "12x", "-4", ""):
        rc, out, err = run([tool, "--isr-frame", bad, elf])
        print(f"--isr-frame '{bad}': exit {rc}: {err.strip().splitlines()[0] if err.strip() else ''}")
        if rc != 2:
            die(f"--isr-frame '{bad}' must be a usage error (exit 2)")
    for name in ("empty", "text", "magic-only", "header-only", "truncated-100"):
        rc, out, err = run([tool, os.path.join(work, name)])
        print(f"{name}: exit {rc}: {err.strip()}")
        if rc != 1:
            die(f"{name} must be rejected with exit 1")
    sys.exit(1 if crashes else 0)


if __name__ == "__main__":
    mode, rest = sys.argv[1], sys.argv[2:]
    {"exact": exact, "stack": stack, "stacktasks": stacktasks, "fail": fail, "stackis": stackis, "isrs": isrs, "views": views, "verdict": verdict, "strip": strip, "nodwarf": nodwarf, "patch": patch, "robust": robust, "deep": deep}[mode](*rest)
