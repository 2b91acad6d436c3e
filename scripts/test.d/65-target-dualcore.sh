# Two Cortex-M33 cores under QEMU mps2-an521 (SSE-200), one costack
# scheduler per core: 10^5+ cross-core operations (co_unblock from tasks,
# co_io_complete_isr, co_chan_send_isr and co_sem_give_isr from the other
# core's interrupt handler), none lost (tests/target/dualcore/main.c).
# costack is built with CO_CM_CORES=2 and CO_CONFIG_THREADS=1. QEMU runs
# the two cores on two host threads (MTTCG): real parallelism, no icount.
set -u
cd "$COSTACK_ROOT"
dir="$COSTACK_BUILD/target-dualcore"
echo "--- mps2-an521 (two cortex-m33)"
cmake -S tests/target/dualcore -B "$dir" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_TOOLCHAIN_FILE="$COSTACK_ROOT/cmake/toolchain-arm-none-eabi.cmake" \
  -DCOSTACK_CPU=cortex-m33 -DCOSTACK_BOARD=mps2-an521 >/dev/null || { echo "dualcore: configure failed"; exit 1; }
if ! cmake --build "$dir" -j "$COSTACK_JOBS" >"$dir.build.log" 2>&1; then
  grep -E 'error|undefined' "$dir.build.log" | head -20
  echo "dualcore: build failed (see $dir.build.log)"
  exit 1
fi
ctest --test-dir "$dir" --output-on-failure
