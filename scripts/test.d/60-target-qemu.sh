# The portable host tests (tests/test_*.c including only <costack.h> and
# "test.h") cross-built for example boards and run under QEMU through CTest:
# Cortex-M3 (mps2-an385), Cortex-M33 (mps2-an505), Cortex-M0 (microbit),
# RV32IMAC (QEMU virt), plus the demo firmware on each. Each image exits
# with its status.
set -u
cd "$COSTACK_ROOT"
rc=0
# The last field is the demo's timer wheel (CO_CONFIG_TIMER_WHEEL levels;
# empty: the microcontroller default, the heap alone): M0 and RV32IMAC run
# it with the wheel, so its count-leading-zeros fallback runs on target.
for t in "m3|arm-none-eabi|cortex-m3|mps2-an385|" \
         "m33|arm-none-eabi|cortex-m33|mps2-an505|" \
         "m0|arm-none-eabi|cortex-m0|microbit|2" \
         "rv32|riscv64-unknown-elf||riscv-virt|3"; do
  IFS='|' read -r name tc cpu board wheel <<<"$t"
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
  # The demo firmware on the same board, fed its scripted UART session
  # (scripts/demo.sh runs it on mps2-an386 with the analyser).
  ddir="$COSTACK_BUILD/target-demo-$name"
  if cmake -S examples/demo -B "$ddir" "${args[@]}" -DCOSTACK_DEMO_CHECK=OFF \
       -DCOSTACK_TIMER_WHEEL="$wheel" >/dev/null &&
     cmake --build "$ddir" -j "$COSTACK_JOBS" >"$ddir.build.log" 2>&1; then
    ctest --test-dir "$ddir" --output-on-failure || rc=1
  else
    grep -E 'error|undefined' "$ddir.build.log" | head -20
    echo "1 tests failed out of 1 (demo for $board did not build)"
    rc=1
  fi
done
exit $rc
