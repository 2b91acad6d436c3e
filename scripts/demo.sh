#!/usr/bin/env bash
# The main command: builds the costack demo firmware for an emulated
# Cortex-M4 board (QEMU mps2-an386), proves every task buffer fits with the
# analyser (costack-size; the build fails if one is short), runs the
# firmware under QEMU feeding a scripted session to its UART, then checks
# that the analyser's bound equals the high-water mark measured on target.
# Exits with the firmware's status (or 1 if a check fails).
#
#   scripts/demo.sh                  scripted UART session (examples/demo/session.txt)
#   DEMO_INTERACTIVE=1 scripts/demo.sh   type to the shell yourself (it quits after 2 s idle)
#   DEMO_BOARD=mps2-an505 DEMO_CPU=cortex-m33 scripts/demo.sh   another board
#   DEMO_CMAKE_ARGS="-DCOSTACK_TIMER_WHEEL=2" scripts/demo.sh   other library knobs
#     (with DEMO_TAG=name: built in demo-<board>-name, apart from the default)
#   QEMU_ARGS="-icount shift=0,sleep=off" scripts/demo.sh   QEMU options
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${COSTACK_BUILD:-$ROOT/build}
JOBS=${COSTACK_JOBS:-$(nproc)}
BOARD=${DEMO_BOARD:-mps2-an386}
CPU=${DEMO_CPU:-cortex-m4}
TOOLCHAIN=arm-none-eabi
[ "$BOARD" = riscv-virt ] && TOOLCHAIN=riscv64-unknown-elf

scripts/deps.sh cross qemu analyser core

if [ -t 1 ]; then
  step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
  step() { printf '\n== %s\n' "$*"; }
fi

step "building the analyser (costack-size) for this machine"
cmake -S . -B "$BUILD/demo-tools" -DCMAKE_BUILD_TYPE=Release \
  -DCOSTACK_BUILD_TESTS=OFF -DCOSTACK_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$BUILD/demo-tools" --target costack-size costack-trace -j "$JOBS" >/dev/null
TOOL=$(find "$BUILD/demo-tools" -type f -name costack-size -perm -u+x | head -1)
[ -x "$TOOL" ] || { echo "demo.sh: costack-size did not build" >&2; exit 1; }

step "building the demo firmware for $BOARD ($TOOLCHAIN${CPU:+, $CPU})"
dir="$BUILD/demo-$BOARD${DEMO_TAG:+-$DEMO_TAG}" # DEMO_TAG: a separate build for other knobs
args=(-DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/toolchain-$TOOLCHAIN.cmake" -DCOSTACK_BOARD="$BOARD"
      -DCMAKE_BUILD_TYPE=MinSizeRel -DCOSTACK_SIZE_EXECUTABLE="$TOOL")
[ "$TOOLCHAIN" = arm-none-eabi ] && args+=(-DCOSTACK_CPU="$CPU")
read -r -a extra <<<"${DEMO_CMAKE_ARGS:-}"
args+=("${extra[@]}")
cmake -S examples/demo -B "$dir" "${args[@]}" >/dev/null
# The build runs costack_check(): it fails here if a task buffer is short.
cmake --build "$dir" -j "$JOBS" >"$dir.build.log" 2>&1 || {
  cat "$dir.build.log"; echo "demo.sh: build failed (see above)" >&2; exit 1; }
ELF="$dir/demo.elf"
"$TOOLCHAIN-size" "$ELF"

step "analyser: worst-case buffer bytes per task, from the ELF alone"
"$TOOL" --su "$dir" --annotations "$dir/demo.costack.ann" "$ELF"
"$TOOL" --su "$dir" --annotations "$dir/demo.costack.ann" --json "$ELF" >"$dir/analysis.json"

step "running on QEMU $BOARD (UART <- scripted session; Ctrl-C to abort)"
log="$dir/run.log"
set +e
if [ "${DEMO_INTERACTIVE:-0}" = 1 ]; then
  QEMU_TIMEOUT=${QEMU_TIMEOUT:-300} scripts/qemu-run.sh "$BOARD" "$ELF" | tee "$log"
else
  QEMU_TIMEOUT=${QEMU_TIMEOUT:-60} scripts/qemu-run.sh "$BOARD" "$ELF" \
    < examples/demo/session.txt | tee "$log" | grep --line-buffered -v '^costack-trace '
fi
status=${PIPESTATUS[0]}
set -e
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
if [ "${DEMO_INTERACTIVE:-0}" != 1 ] && ! grep -q 'command "open"' "$log"; then
  echo "demo.sh: the scripted UART input never reached the shell" >&2
  [ "$status" -ne 0 ] || status=1
fi

step "trace: the state transitions of the run (the newest the RAM ring kept)"
TRACE_TOOL=$(find "$BUILD/demo-tools" -type f -name costack-trace -perm -u+x | head -1)
# Straight from the console log (co_trace_print lines); --elf names what
# has no name by its symbol.
if "$TRACE_TOOL" "$log" --elf "$ELF" --json "$dir/trace.json" --svg "$dir/trace.svg"; then
  echo "timeline: $dir/trace.json (open in ui.perfetto.dev or chrome://tracing), $dir/trace.svg"
else
  echo "demo.sh: the trace could not be converted" >&2
  [ "$status" -ne 0 ] || status=1
fi

step "analyser bound vs high-water mark measured on target"
python3 - "$dir/analysis.json" "$log" <<'PY' || { [ "$status" -ne 0 ] || status=1; }
import json, re, sys
bounds = {t["task"]: t for t in json.load(open(sys.argv[1]))["tasks"]}
seen = {}
for line in open(sys.argv[2], errors="replace"):
    m = re.match(r"costack-task (\S+) high-water (\d+) buffer (\d+)", line)
    if m:
        seen[m.group(1)] = (int(m.group(2)), int(m.group(3)))
ok = bool(seen)
print(f"{'task':16} {'buffer':>6} {'bound':>6} {'measured':>8}  verdict")
for name, (hw, buf) in seen.items():
    b = bounds.get(name)
    bound = b["bound"] if b else None
    good = b is not None and bound == hw and b["ok"] and hw <= buf
    ok = ok and good
    print(f"{name:16} {buf:6} {bound if bound is not None else '-':>6} {hw:8}  "
          f"{'bound = measured' if good else 'MISMATCH'}")
if not seen:
    print("no task report in the firmware output")
# The running stack (issue 14): a number on every board, from .su files,
# the library's and the demo's annotations and newlib/picolibc prologues.
st = json.load(open(sys.argv[1]))["stack"]
worst = st and st["worst"]
if worst is None:
    print(f"running-stack bound: not bounded: {st and st['unknown']}")
    ok = False
else:
    path = " > ".join(f'{p["function"]} {p["bytes"]}' for p in st["path"])
    print(f"running-stack bound: {worst} bytes ({path} + interrupts {st['interrupt']})")
sys.exit(0 if ok else 1)
PY
echo
echo "demo.sh: firmware exit status $status"
exit "$status"
