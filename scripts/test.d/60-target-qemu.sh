# The portable host tests (tests/test_*.c including only <costack.h> and
# "test.h") cross-built for example boards and run under QEMU through CTest:
# Cortex-M3 (mps2-an385), Cortex-M33 (mps2-an505), Cortex-M0 (microbit),
# RV32IMAC (QEMU virt), plus the demo firmware on each through
# scripts/demo.sh (analyser bound = on-target high-water mark, per task).
# Each image exits with its status.
set -u
cd "$COSTACK_ROOT"
rc=0
# The last field is the demo's extra library configuration: M0 and RV32IMAC
# run the timer wheel (CO_CONFIG_TIMER_WHEEL levels; the microcontroller
# default is the heap alone), so its count-leading-zeros fallback runs on
# target; M3 and M33 mask with BASEPRI (CO_CM_BASEPRI: the UART and timer
# interrupts sit at 0x80 and 0xC0) instead of PRIMASK, idle path included.
for t in "m3|arm-none-eabi|cortex-m3|mps2-an385|-DCOSTACK_CM_BASEPRI=0x80" \
         "m33|arm-none-eabi|cortex-m33|mps2-an505|-DCOSTACK_CM_BASEPRI=0x80" \
         "m0|arm-none-eabi|cortex-m0|microbit|-DCOSTACK_TIMER_WHEEL=2" \
         "rv32|riscv64-unknown-elf||riscv-virt|-DCOSTACK_TIMER_WHEEL=3"; do
  IFS='|' read -r name tc cpu board demo_args <<<"$t"
  dir="$COSTACK_BUILD/target-$name"
  echo "--- $board ($name)"
  args=(-DCMAKE_TOOLCHAIN_FILE="$COSTACK_ROOT/cmake/toolchain-$tc.cmake" -DCOSTACK_BOARD="$board"
        -DCMAKE_BUILD_TYPE=Debug)
  [ -n "$cpu" ] && args+=(-DCOSTACK_CPU="$cpu")
  if ! cmake -S tests/target -B "$dir" "${args[@]}" >/dev/null; then
    echo "target-$name: configure failed"
    rc=1
    continue
  fi
  # Keep going past a test that does not build: CTest reports it as failed.
  if ! cmake --build "$dir" -j "$COSTACK_JOBS" -- -k >"$dir.build.log" 2>&1; then
    grep -E 'error|undefined' "$dir.build.log" | head -20
    echo "target-$name: some images did not build (see $dir.build.log)"
    rc=1
  fi
  ctest --test-dir "$dir" --output-on-failure -j "$COSTACK_JOBS" || rc=1
  # The demo firmware on the same board through scripts/demo.sh (the main
  # command's own path): analyser check at build time, the scripted UART
  # session under QEMU, and the analyser's bound = the high-water mark
  # measured on target for every task.
  dlog="$COSTACK_BUILD/target-demo-$name.log"
  if DEMO_BOARD="$board" DEMO_CPU="$cpu" DEMO_CMAKE_ARGS="$demo_args" \
       scripts/demo.sh >"$dlog" 2>&1; then
    grep -E 'bound = measured|^demo ok' "$dlog"
    echo "100% tests passed, 0 tests failed out of 1 (demo on $board, bounds = measured)"
  else
    tail -40 "$dlog"
    echo "demo: 1 tests failed out of 1 (demo on $board: see $dlog)"
    rc=1
  fi
  # A task that joins: the analyser's bound (the join frame, sum of its
  # branches and headers) = the high-water mark tests/test_join.c measures
  # and prints on this target. The tool is the one demo.sh just built.
  tool=$(find "$COSTACK_BUILD/demo-tools" -type f -name costack-size -perm -u+x 2>/dev/null | head -1)
  hw=$(QEMU_SERIAL=stdio scripts/qemu-run.sh "$board" "$dir/test_join.elf" 2>/dev/null |
       sed -n 's/^task join_task \([0-9]*\).*/\1/p')
  bound=$([ -x "$tool" ] && "$tool" --json "$dir/test_join.elf" 2>/dev/null | python3 -c \
    'import json, sys; print(next(t["bound"] for t in json.load(sys.stdin)["tasks"] if t["task"] == "join_task"))')
  if [ -n "$hw" ] && [ "$hw" = "$bound" ]; then
    echo "join_task on $board: analyser bound $bound = measured $hw"
  else
    echo "join_task on $board: analyser bound '$bound' != measured '$hw' (tool: '$tool')"
    rc=1
  fi
done
exit $rc
