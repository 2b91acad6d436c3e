# The runtime under ThreadSanitizer (cannot combine with ASan): the
# cross-thread wake stress (10^6 wakes between two schedulers), io
# completions and ISR gives from another thread, the race soak (other
# threads fire wakes and ISR sends against timeouts, cancels and restarts:
# COSTACK_SOAK_SECONDS, 10 s here, longer by setting it), and the
# simulated-clock suites (join/select included; rt_div64, single-threaded arithmetic, runs in the host stages). GCC, computed goto, Debug with -O1.
. "$COSTACK_ROOT/scripts/lib.sh"
dir="$COSTACK_BUILD/runtime-tsan"
flags="-fsanitize=thread -g -O1"
cmake -S "$COSTACK_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=gcc -DCOSTACK_PRIORITIES=4 \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null || exit 1
cmake --build "$dir" -j "$COSTACK_JOBS" --target rt_sched rt_sync rt_io_external rt_random rt_timer rt_chan_isr rt_prio \
  rt_wake_stress rt_race_soak rt_misuse rt_races rt_races_items rt_join rt_join_now rt_wait_ops || exit 1
COSTACK_SOAK_SECONDS=${COSTACK_SOAK_SECONDS:-10} TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
  ctest --test-dir "$dir" --output-on-failure -j "$COSTACK_JOBS" -R '^rt_' -E '^rt_(time_conv|timer_wheel|div64)'
