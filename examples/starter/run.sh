#!/usr/bin/env bash
# Builds the starter (the build runs the costack check), runs it on QEMU's
# mps2-an386, and turns the trace it prints into a timeline.
#   COSTACK_DIR=/path/to/costack ./run.sh       (a checkout or an install prefix)
# Needs: cmake, arm-none-eabi-gcc with newlib, qemu-system-arm; a host C
# compiler and libelf/libdw (-dev) when costack must build its analyser.
# Output in ./build (or $BUILD): starter.elf, run.log, trace.json, trace.svg.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/build}
: "${COSTACK_DIR:?set COSTACK_DIR to a costack checkout or install prefix}"
export COSTACK_DIR

echo "== build (and costack check)"
cmake -S "$here" -B "$build" -DCOSTACK_DIR="$COSTACK_DIR" ${STARTER_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j "${JOBS:-2}"

echo "== run on QEMU mps2-an386"
set +e
timeout -k 5 "${QEMU_TIMEOUT:-60}" qemu-system-arm -M mps2-an386 -display none -monitor none \
  -serial none -semihosting-config enable=on,target=native -kernel "$build/starter.elf" \
  </dev/null >"$build/run.log"
status=$?
set -e
grep -v '^costack-trace ' "$build/run.log"

echo "== trace"
trace=$(head -1 "$build/costack-tools.txt")
"$trace" "$build/run.log" --elf "$build/starter.elf" --json "$build/trace.json" --svg "$build/trace.svg"
echo "timeline: $build/trace.svg; $build/trace.json (open in ui.perfetto.dev)"
echo "run.sh: firmware exit status $status"
exit "$status"
