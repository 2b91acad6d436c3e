# GCC, portable switch back-end, ASan+UBSan, fault injection on.
. "$COSTACK_ROOT/scripts/lib.sh"
CC=gcc host_suite gcc-switch-asan -DCOSTACK_RESUME_GOTO=OFF -DCOSTACK_SANITIZE=ON \
  -DCOSTACK_FAULT_INJECTION=ON
