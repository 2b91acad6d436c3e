# Sourced by stages: configure, build and run CTest for one host configuration.
# host_suite NAME [cmake args...]
host_suite() {
  local name=$1; shift
  local dir="$COSTACK_BUILD/$name"
  cmake -S "$COSTACK_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Debug "$@" >/dev/null || return 1
  cmake --build "$dir" -j "$COSTACK_JOBS" || return 1
  ctest --test-dir "$dir" --output-on-failure -j "$COSTACK_JOBS"
}
