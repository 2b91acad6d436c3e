# costack gdb support: "what is every task doing?" from a halted target or
# a core file, reading the structures directly (no code runs in the target).
#
#   (gdb) source tools/gdb/costack.py
#   (gdb) costack tasks                 # every co_sched and co_context global
#   (gdb) costack tasks &sched          # the contexts of one scheduler
#   (gdb) costack tasks &sensor         # one context
#
# Per context: name, state, what it waits on (the object's name, else its
# symbol; the owner of a mutex), deadline, buffer used/high/capacity, and the await chain from
# the innermost frame out, each frame's function by symbol.
# A task awaiting a join/select/timeout is followed by its branches, indented.
import re

import gdb

STATES = ["ready", "time", "io", "sync", "external", "running", "done"]
NEVER = (1 << 64) - 1
ALL_NEXT = 5  # ctx->sched_link index of the all-contexts list (see sched.h)
ALL_PREV = 6


def _u(v):
    return int(v.cast(gdb.lookup_type("unsigned long long")))


def _ptr(v):
    return int(v.cast(gdb.lookup_type("unsigned long")))


def _symbol(addr):
    """Name of the symbol at addr ("name" or "name+off"), or None."""
    if not addr:
        return None
    try:
        out = gdb.execute("info symbol 0x%x" % addr, to_string=True).strip()
    except gdb.error:
        return None
    m = re.match(r"(\S+)(?: \+ (\d+))? in section", out)
    if not m:
        return None
    return m.group(1) + ("+" + m.group(2) if m.group(2) else "")


def _ctx_name(ctx):
    try:  # CO_CONFIG_TASK_NAMES=0: no field, the symbol names it
        name = ctx["name"]
    except gdb.error:
        name = None
    if name is not None and _ptr(name):
        try:
            return name.string()
        except gdb.error:
            pass
    return _symbol(_ptr(ctx.address)) or "0x%x" % _ptr(ctx.address)


def _owner_of(obj_addr):
    """If obj_addr is a co_mutex (by symbol type), its owner context."""
    sym = _symbol(obj_addr)
    if not sym or "+" in sym:
        return None
    try:
        var = gdb.parse_and_eval(sym)
    except gdb.error:
        return None
    if var.type.strip_typedefs().tag != "co_mutex":
        return None
    owner = var["owner"]
    return owner.dereference() if _ptr(owner) else None


# The object type behind each library wait table (ctx->wait.ops->kind).
KIND_TYPES = {
    "mutex": "co_mutex",
    "semaphore": "co_sem",
    "event": "co_event",
    "channel (send)": "co_chan",
    "channel (recv)": "co_chan",
    "io": "co_io",
}


def _object_name(wait):
    """The name of the object a context waits on: its name field
    (CO_CONFIG_OBJECT_NAMES), else its symbol, else its address."""
    obj = _ptr(wait["object"])
    tag = None
    if _ptr(wait["ops"]):
        try:
            kind = wait["ops"]["kind"]
            tag = KIND_TYPES.get(kind.string()) if _ptr(kind) else None
        except gdb.error:
            tag = None
    if tag:
        try:
            val = wait["object"].cast(gdb.lookup_type(tag).pointer()).dereference()
            name = val["name"]
            if _ptr(name):
                return name.string()
        except gdb.error:  # names configured out: no field
            pass
    return _symbol(obj) or "0x%x" % obj


def _addr_of(name):
    """Address of function name, or None (not linked)."""
    try:
        return _ptr(gdb.parse_and_eval("&" + name))
    except gdb.error:
        return None


def _join_branches(ctx):
    """If ctx awaits a join (its leaf frame runs co__join_run), its branch
    contexts (records follow the join header; each buffer ends where the
    next record starts), else []."""
    leaf = _ptr(ctx["leaf"])
    if not leaf or _ptr(ctx["leaf"]["fn"]) != _addr_of("co__join_run"):
        return []
    try:
        jt = gdb.lookup_type("co__join")
        bt = gdb.lookup_type("co_branch")
    except gdb.error:
        return []
    j = gdb.Value(leaf).cast(jt.pointer())
    if not int(j["flags"]) & 1:  # JF_STARTED
        return []
    first = None
    for align in (4, 8, 16, 32, 64):  # CO_CONFIG_FRAME_ALIGN: the one whose record points back
        at = leaf + (jt.sizeof + align - 1) // align * align
        if _ptr(gdb.Value(at).cast(bt.pointer())["join"]) == leaf:
            first = at
            break
    out = []
    at = first
    for _ in range(int(j["n"]) if first else 0):
        b = gdb.Value(at).cast(bt.pointer())
        out.append(b["ctx"])
        at = _ptr(b["ctx"]["limit"])
    return out


def _branch_parent(ctx):
    """The awaiting context if ctx is a running join branch, else None."""
    f = ctx["leaf"]
    for _ in range(64):
        if not _ptr(f) or not _ptr(f["caller"]):
            break
        f = f["caller"]
    if not _ptr(f) or _ptr(f["fn"]) != _addr_of("branch_done"):
        return None
    try:
        bt = gdb.lookup_type("co_branch")
        done_off = [fl.bitpos // 8 for fl in bt.fields() if fl.name == "done"][0]
    except (gdb.error, IndexError):
        return None
    b = gdb.Value(_ptr(f) - done_off).cast(bt.pointer())
    return b["join"]["parent"].dereference()


def describe(ctx):
    return _describe_one(ctx, _branch_parent(ctx))


def _describe_one(ctx, parent):
    lines = []
    state = int(ctx["state"])
    sname = STATES[state] if state < len(STATES) else "invalid(%d)" % state
    if parent is not None:  # branches carry their task's name
        text = "branch of %s: %s" % (_ctx_name(parent), sname)
    else:
        text = "%s: %s" % (_ctx_name(ctx), sname)
    wait = ctx["wait"]
    if sname in ("io", "sync", "external"):
        obj = _ptr(wait["object"])
        if obj:
            text += " on %s" % _object_name(wait)
            owner = _owner_of(obj)
            if owner is not None:
                text += " owned by %s" % _ctx_name(owner)
    try:
        prio, prio_run = int(ctx["prio"]), int(ctx["prio_run"])
    except gdb.error:  # a build from before priorities
        prio = prio_run = 0
    if prio_run:
        text += ", priority %d" % prio_run
        if prio_run != prio:
            text += " (inherited, own %d)" % prio
    deadline = _u(wait["deadline"])
    if sname not in ("ready", "running", "done") and deadline != NEVER:
        text += ", deadline %d" % deadline
    base, top, limit = _ptr(ctx["base"]), _ptr(ctx["top"]), _ptr(ctx["limit"])
    try:  # CO_CONFIG_HIGH_WATER=0: no field, the mark shows as 0
        high = _ptr(ctx["high"]) - base
    except gdb.error:
        high = 0
    text += ", buffer %d/%d/%d used/high/cap" % (top - base, high, limit - base)
    lines.append(text)
    frame = ctx["leaf"]
    depth = 0
    while _ptr(frame) and depth < 64:
        fn = _ptr(frame["fn"])
        lines.append("    #%d %s" % (depth, _symbol(fn) or "0x%x" % fn))
        frame = frame["caller"]
        depth += 1
    return lines


def describe_nested(ctx, indent=0, parent=None):
    """ctx, then (a level deeper) the branches of the join it awaits."""
    if indent == 0:
        lines = describe(ctx)
    else:
        lines = ["  " * indent + line for line in _describe_one(ctx, parent)]
    for b in _join_branches(ctx):
        if indent < 8:
            lines += describe_nested(b, indent + 1, ctx)
    return lines


def _contexts_of_sched(sched):
    ctx_ptr = gdb.lookup_type("co_context").pointer()
    cur = sched["all"]
    last = None
    while _ptr(cur):  # walk to the oldest, then back: the order they were added
        last = cur
        cur = cur["sched_link"][ALL_NEXT].cast(ctx_ptr)
    out = []
    cur = last
    while cur is not None and _ptr(cur):
        out.append(cur.dereference())
        cur = cur["sched_link"][ALL_PREV].cast(ctx_ptr)
    return out


def _globals_of_type(tag):
    """Names of global variables whose type is tag (co_sched, co_context)."""
    try:
        out = gdb.execute("info variables -q -t %s$" % tag, to_string=True)
    except gdb.error:
        return []
    names = []
    for line in out.splitlines():
        m = re.search(r"(?:static )?(?:struct )?%s\s+\**(\w+)(\[\d*\])?;" % tag, line)
        if m and not m.group(2):
            names.append(m.group(1))
    return names


class CostackPrefix(gdb.Command):
    """costack commands: costack tasks [EXPR]."""

    def __init__(self):
        super().__init__("costack", gdb.COMMAND_DATA, gdb.COMPLETE_NONE, True)


class CostackTasks(gdb.Command):
    """List tasks: costack tasks [&sched | &context]. Without an argument,
    every global co_sched's contexts and every other global co_context."""

    def __init__(self):
        super().__init__("costack tasks", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        contexts = []
        if arg.strip():
            v = gdb.parse_and_eval(arg)
            if v.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
                v = v.dereference()
            tag = v.type.strip_typedefs().tag
            if tag == "co_sched":
                contexts = _contexts_of_sched(v)
            elif tag == "co_context":
                contexts = [v]
            else:
                raise gdb.GdbError("costack tasks: %s is neither a co_sched nor a co_context" % arg)
        else:
            seen = set()
            for name in _globals_of_type("co_sched"):
                for c in _contexts_of_sched(gdb.parse_and_eval(name)):
                    seen.add(_ptr(c.address))
                    contexts.append(c)
            for name in _globals_of_type("co_context"):
                c = gdb.parse_and_eval(name)
                if _ptr(c.address) not in seen:
                    seen.add(_ptr(c.address))
                    contexts.append(c)
        # branches are listed under the task that awaits them
        contexts = [c for c in contexts if _branch_parent(c) is None]
        gdb.write("costack: %d task(s)\n" % len(contexts))
        for c in contexts:
            for line in describe_nested(c):
                gdb.write(line + "\n")


CostackPrefix()
CostackTasks()
