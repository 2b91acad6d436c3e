#!/usr/bin/env bash
# bench/target.sh - instructions per operation on the microcontroller
# targets: builds tests/target/icount_bench.c through bench/target (-Os,
# the library's default configuration, no canaries, no fault injection) for
# each board and runs it under QEMU with "-icount shift=0,sleep=off", where
# one executed instruction advances the virtual clock by one nanosecond.
# Prints, for bench/report.py (which turns them into the table and goal lines):
#
#   target <arch> <case> <instructions per operation>
#   info target-<arch> <board, compiler, N>
#
#   bench/target.sh [--n N] [--boards "m4 m3 m0 rv32"] [BUILD_ROOT]
#
# Exit status: 0 when every image built and its run passed its own sanity
# check (calibration loop reads 2.00 instructions per iteration, every
# count positive and bounded); 1 otherwise (the lines measured are still
# printed). A board whose compiler or emulator is missing is skipped with a
# note on stderr. Environment: COSTACK_JOBS.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
n=4000 boards="m4 m3 m0 rv32"
while [ $# -gt 0 ]; do
  case $1 in
    --n) n=$2; shift ;;
    --boards) boards=$2; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    -*) echo "bench/target.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
OUT=${1:-$ROOT/build/bench-target}
JOBS=${COSTACK_JOBS:-2}
mkdir -p "$OUT"
rc=0
# arch | toolchain | COSTACK_CPU | board | emulator
table=("m4|arm-none-eabi|cortex-m4|mps2-an386|qemu-system-arm"
       "m3|arm-none-eabi|cortex-m3|mps2-an385|qemu-system-arm"
       "m0|arm-none-eabi|cortex-m0|microbit|qemu-system-arm"
       "rv32|riscv64-unknown-elf||riscv-virt|qemu-system-riscv32")
for want in $boards; do
  found=0
  for t in "${table[@]}"; do
    IFS='|' read -r arch tc cpu board emu <<<"$t"
    [ "$arch" = "$want" ] || continue
    found=1
    if ! command -v "$tc-gcc" >/dev/null || ! command -v "$emu" >/dev/null; then
      echo "bench/target.sh: $tc-gcc or $emu missing, $arch skipped (scripts/deps.sh cross)" >&2
      continue
    fi
    dir="$OUT/$arch"
    args=(-DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/toolchain-$tc.cmake" -DCOSTACK_BOARD="$board"
          -DCMAKE_BUILD_TYPE=MinSizeRel -DICOUNT_N="$n")
    [ -n "$cpu" ] && args+=(-DCOSTACK_CPU="$cpu")
    if ! cmake -S bench/target -B "$dir" "${args[@]}" >"$dir.log" 2>&1 ||
       ! cmake --build "$dir" -j "$JOBS" >>"$dir.log" 2>&1; then
      grep -E 'error|undefined' "$dir.log" | head -10 >&2
      echo "bench/target.sh: $arch ($board) did not build (see $dir.log)" >&2
      rc=1
      continue
    fi
    run="$dir/icount.out"
    QEMU_SERIAL=stdio QEMU_ARGS="-icount shift=0,sleep=off" \
      scripts/qemu-run.sh "$board" "$dir/icount_bench.elf" >"$run" 2>&1
    status=$?
    echo "info target-$arch $board, $("$tc-gcc" --version | head -1), -Os, N = $n"
    awk -v a="$arch" '$1 == "icount" && NF == 5 && $4 == "n" { print "target", a, $2, $3 }' "$run"
    if [ $status -ne 0 ] || ! grep -q '^icount done' "$run"; then
      grep -v '^icount [a-z0-9.]* [0-9.]* n ' "$run" | head -10 >&2
      echo "bench/target.sh: $arch ($board) run failed its sanity check (status $status; see $run)" >&2
      rc=1
    fi
  done
  [ $found = 1 ] || { echo "bench/target.sh: unknown board '$want' (m4 m3 m0 rv32)" >&2; rc=1; }
done
exit $rc
