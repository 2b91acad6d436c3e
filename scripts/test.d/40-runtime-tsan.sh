# The runtime under ThreadSanitizer (cannot combine with ASan): the
# cross-thread wake stress (10^6 wakes between two schedulers), io
# completions and ISR gives from another thread, and the simulated-clock
# suites (join/select included). GCC, computed goto, Debug with -O1.
. "$COSTACK_ROOT/scripts/lib.sh"
dir="$COSTACK_BUILD/runtime-tsan"
flags="-fsanitize=thread -g -O1"
cmake -S "$COSTACK_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=gcc -DCOSTACK_PRIORITIES=4 \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null || exit 1
cmake --build "$dir" -j "$COSTACK_JOBS" --target rt_sched rt_sync rt_io_external rt_random rt_timer rt_chan_isr rt_prio \
  rt_wake_stress rt_join || exit 1
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
  ctest --test-dir "$dir" --output-on-failure -j "$COSTACK_JOBS" -R '^rt_'
