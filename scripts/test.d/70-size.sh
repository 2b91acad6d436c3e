# Size report: the library cross-built at -Os with -Werror for Cortex-M0
# (ARMv6-M), Cortex-M4 (hard-float) and RV32IMAC, with its port. Compiling
# is also the check that sizeof(co_frame) <= 4 pointers holds there (a
# _Static_assert). Prints flash (text+data) and RAM (data+bss) per part,
# summed over the archive's objects: an upper bound, since a linked image
# keeps only what it uses (-ffunction-sections, --gc-sections).
set -u
cd "$COSTACK_ROOT"
rc=0
report="$COSTACK_BUILD/size-report.txt"
: >"$report"
part_of() { # object file name -> part of the library
  case "$1" in
    context.c.obj|error.c.obj) echo core ;;
    sched.c.obj|sched_wake.c.obj|sched_timer.c.obj|sched_query.c.obj|io.c.obj|op.c.obj) echo scheduler ;;
    mutex.c.obj|sem.c.obj|event.c.obj|chan.c.obj) echo sync ;;
    port.c.obj) echo port ;;
    *) echo debug ;; # dump, trace and anything newer: listed on its own
  esac
}
for t in "cortex-m0|arm-none-eabi|cortex-m0|cortex-m|arm-none-eabi-size" \
         "cortex-m4|arm-none-eabi|cortex-m4|cortex-m|arm-none-eabi-size" \
         "rv32imac|riscv64-unknown-elf||riscv|riscv64-unknown-elf-size"; do
  IFS='|' read -r name tc cpu port size <<<"$t"
  dir="$COSTACK_BUILD/size-$name"
  args=(-DCMAKE_TOOLCHAIN_FILE="$COSTACK_ROOT/cmake/toolchain-$tc.cmake" -DCOSTACK_PORT="$port"
        -DCMAKE_BUILD_TYPE=MinSizeRel -DCOSTACK_WERROR=ON -DCOSTACK_BUILD_EXAMPLES=OFF)
  [ -n "$cpu" ] && args+=(-DCOSTACK_CPU="$cpu")
  if ! cmake -S . -B "$dir" "${args[@]}" >/dev/null ||
     ! cmake --build "$dir" --target costack -j "$COSTACK_JOBS" >"$dir.log" 2>&1; then
    grep -E 'error' "$dir.log" | head -20
    echo "FAIL size-$name: -Os -Werror build of the library"
    rc=1
    continue
  fi
  echo "ok   size-$name: library builds at -Os with -Werror (co_frame <= 4 words)"
  lib=$(find "$dir" -name libcostack.a | head -1)
  "$size" "$lib" | awk 'NR > 1 { print $1, $2, $3, $6 }' | while read -r text data bss obj; do
    echo "$name $(part_of "$obj") $text $data $bss"
  done >>"$report"
done
echo
echo "Library size at -Os (bytes; flash = text + data, RAM = data + bss; sum of objects)"
awk '
  { k = $1 SUBSEP $2; flash[k] += $3 + $4; ram[k] += $4 + $5; tgt[$1] = 1; part[$2] = 1
    tf[$1] += $3 + $4; tr[$1] += $4 + $5 }
  END {
    n = split("core scheduler sync port debug", order, " ")
    printf "%-10s", "part"
    for (t in tgt) names = names " " t
    m = split("cortex-m0 cortex-m4 rv32imac", cols, " ")
    for (j = 1; j <= m; j++) printf " | %-17s", cols[j] " flash/RAM"
    printf "\n"
    for (i = 1; i <= n; i++) {
      if (!(order[i] in part)) continue
      printf "%-10s", order[i]
      for (j = 1; j <= m; j++) { k = cols[j] SUBSEP order[i]; printf " | %8d / %-6d", flash[k], ram[k] }
      printf "\n"
    }
    printf "%-10s", "total"
    for (j = 1; j <= m; j++) printf " | %8d / %-6d", tf[cols[j]], tr[cols[j]]
    printf "\n"
  }' "$report"

# Issue 16's size goals, default configuration, Cortex-M4: sizeof(co_context)
# <= 64, frame header <= 16, flash of the kernel files (bench/size_kernel.txt:
# core + scheduler + sync objects, -Os, before garbage collection) <= 6144.
# Measured by bench/memory.sh and judged by bench/report.py, as in bench/run.
# Printed, not failing, until COSTACK_SIZE_GOALS_STRICT=1 (the switch to turn
# on once they are met); a measurement that fails to run fails either way.
echo
echo "Size goals (Cortex-M4, default configuration; strict: ${COSTACK_SIZE_GOALS_STRICT:-0})"
goals="$COSTACK_BUILD/size-goals.txt"
if MEMORY_TARGETS=cortex-m4 bench/memory.sh "$COSTACK_BUILD/size-goals" >"$goals.in" 2>"$goals.err" &&
   python3 bench/report.py "$goals.in" --size-goals default >"$goals"; then
  cat "$goals"
  if [ "$(grep -c '^goal size\.' "$goals")" -ne 3 ]; then
    cat "$goals.err"
    echo "FAIL size goals: want 3 goal lines (see $goals.in)"
    rc=1
  elif grep -q ' missed$' "$goals"; then
    if [ "${COSTACK_SIZE_GOALS_STRICT:-0}" = 1 ]; then
      echo "FAIL size goals missed (COSTACK_SIZE_GOALS_STRICT=1)"
      rc=1
    else
      echo "size goals missed: reported only (COSTACK_SIZE_GOALS_STRICT=1 makes this fail)"
    fi
  else
    echo "ok   size goals met"
  fi
else
  cat "$goals.err"
  echo "FAIL size goals: bench/memory.sh or bench/report.py failed"
  rc=1
fi
exit $rc
