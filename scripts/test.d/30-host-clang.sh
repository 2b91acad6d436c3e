# Clang, both back-ends: goto with ASan+UBSan and 4 priority levels, switch
# as an optimised release build (the inline fast paths without checks' slow
# paths) with a one-level timer wheel (most timers in the heap behind it)
# and the smaller context layout: no high-water field, no task entry.
. "$COSTACK_ROOT/scripts/lib.sh"
CC=clang CXX=clang++ host_suite clang-goto-asan -DCOSTACK_RESUME_GOTO=ON -DCOSTACK_SANITIZE=ON \
  -DCOSTACK_FAULT_INJECTION=ON -DCOSTACK_PRIORITIES=4 || exit 1
CC=clang CXX=clang++ host_suite clang-switch-release -DCOSTACK_RESUME_GOTO=OFF -DCMAKE_BUILD_TYPE=Release \
  -DCOSTACK_TIMER_WHEEL=1 -DCOSTACK_HIGH_WATER=OFF -DCOSTACK_TASK_ENTRY=OFF
