# GCC, computed-goto back-end, ASan+UBSan, canaries and fault injection on,
# 8 priority levels (priority inheritance; the other stages run one FIFO).
. "$COSTACK_ROOT/scripts/lib.sh"
CC=gcc CXX=g++ host_suite gcc-goto-asan -DCOSTACK_RESUME_GOTO=ON -DCOSTACK_SANITIZE=ON \
  -DCOSTACK_CANARY=ON -DCOSTACK_FAULT_INJECTION=ON -DCOSTACK_FN_NAMES=ON -DCOSTACK_PRIORITIES=8
