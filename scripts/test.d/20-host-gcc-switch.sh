# GCC, portable switch back-end, ASan+UBSan, fault injection on; timers in
# the heap alone (CO_CONFIG_TIMER_WHEEL=0, the microcontroller default).
. "$COSTACK_ROOT/scripts/lib.sh"
CC=gcc CXX=g++ host_suite gcc-switch-asan -DCOSTACK_RESUME_GOTO=OFF -DCOSTACK_SANITIZE=ON \
  -DCOSTACK_FAULT_INJECTION=ON -DCOSTACK_TIMER_WHEEL=0
