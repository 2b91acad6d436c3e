# costack-size: exactness vs co_high_water, mutations, robustness, the
# failing-build test, the painted-stack bound (GCC .su, Clang .stack_sizes,
# both -mno-red-zone) and a short libFuzzer run (Clang). Only this stage
# turns COSTACK_ANALYSER_TESTS on, so the host suites do not repeat it.
# Werror stays with the host suites (they build tools/ with it); here it is
# off so an optimised build is not stopped by another module's warning.
. "$COSTACK_ROOT/scripts/lib.sh"
analyser_suite() {
  local name=$1; shift
  local dir="$COSTACK_BUILD/$name"
  cmake -S "$COSTACK_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DCOSTACK_WERROR=OFF \
    -DCOSTACK_ANALYSER_TESTS=ON "$@" >/dev/null || return 1
  cmake --build "$dir" -j "$COSTACK_JOBS" --target analyser_tests || return 1
  ctest --test-dir "$dir" --output-on-failure -j "$COSTACK_JOBS" -R '^analyser_'
}
CC=gcc analyser_suite analyser-gcc "-DCMAKE_C_FLAGS=-O2 -mno-red-zone -fstack-usage" || exit 1
CC=clang analyser_suite analyser-clang "-DCMAKE_C_FLAGS=-O2 -mno-red-zone -fstack-size-section"
