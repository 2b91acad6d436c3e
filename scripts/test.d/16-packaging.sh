# costack as a dependency, the way a user's project takes it, built outside
# the source tree:
#  - host: find_package after `cmake --install` (library + costack-size +
#    costack-trace), and add_subdirectory;
#  - Cortex-M4 firmware (tests/consumer/firmware) by find_package from a
#    Cortex-M install prefix (analyser found on the PATH) and by
#    add_subdirectory (analyser built by costack_check's ExternalProject);
#    each runs costack_check and passes;
#  - the same firmware with the worker's buffer one slot (8 bytes) below the
#    analyser's bound fails the build with the analyser's diagnostic at the
#    task's line; with PROVE_STACK the unclosed running stack fails it;
#  - examples/starter copied to a temporary folder and its run.sh run
#    against the Cortex-M install prefix (its analyser built from the
#    sources the install keeps): build, check, QEMU run, trace written.
set -u
cd "$COSTACK_ROOT"
dir="$COSTACK_BUILD/packaging"
rm -rf "$dir"
mkdir -p "$dir"
failed=0 total=0
log="$dir/step.log"
step() { # name, then the command; its output is kept in $log
  local name=$1; shift
  total=$((total + 1))
  if "$@" >"$log" 2>&1; then echo "ok   $name"; else tail -40 "$log"; echo "FAIL $name"; failed=$((failed + 1)); fi
}
hostp="$dir/host-prefix" m4p="$dir/m4-prefix"
tc="$COSTACK_ROOT/cmake/toolchain-arm-none-eabi.cmake"
J=${COSTACK_JOBS:-2}

step "host: build and install library and tools" sh -c "
  cmake -S . -B '$dir/lib' -DCMAKE_BUILD_TYPE=Release -DCOSTACK_BUILD_TESTS=OFF -DCOSTACK_BUILD_EXAMPLES=OFF &&
  cmake --build '$dir/lib' -j $J --target costack costack-size costack-trace &&
  cmake --install '$dir/lib' --prefix '$hostp' &&
  test -x '$hostp/bin/costack-size' && test -x '$hostp/bin/costack-trace' &&
  test -f '$hostp/lib/cmake/costack/CostackCheck.cmake' && test -f '$hostp/lib/cmake/costack/costack-lib.ann'"
# find_package: costack_check finds costack-size in the install's bin/ (not
# built: no costack-host-tools directory).
step "host: find_package consumer, costack_check with the installed analyser" sh -c "
  cmake -S tests/consumer -B '$dir/pkg' -DCOSTACK_VIA=package -DCMAKE_PREFIX_PATH='$hostp' &&
  cmake --build '$dir/pkg' && '$dir/pkg/consumer' && test -f '$dir/pkg/consumer.costack-check.stamp' &&
  test ! -d '$dir/pkg/costack-host-tools'"
step "host: add_subdirectory consumer, costack_check" sh -c "
  cmake -S tests/consumer -B '$dir/sub' -DCOSTACK_VIA=subdir -DCOSTACK_SOURCE='$COSTACK_ROOT' \
    -DCOSTACK_SIZE_EXECUTABLE='$hostp/bin/costack-size' &&
  cmake --build '$dir/sub' && '$dir/sub/consumer' && test -f '$dir/sub/consumer.costack-check.stamp'"

step "cortex-m4: build and install the library" sh -c "
  cmake -S . -B '$dir/m4lib' -DCMAKE_TOOLCHAIN_FILE='$tc' -DCOSTACK_CPU=cortex-m4 -DCOSTACK_PORT=cortex-m \
    -DCMAKE_BUILD_TYPE=MinSizeRel -DCOSTACK_BUILD_EXAMPLES=OFF &&
  cmake --build '$dir/m4lib' -j $J --target costack &&
  cmake --install '$dir/m4lib' --prefix '$m4p' &&
  test -f '$m4p/include/costack_cm.h' && ls '$m4p'/share/costack/su/*.su >/dev/null"

# find_package from the install prefix; the analyser is the host install's,
# found on the PATH.
step "cortex-m4 firmware: find_package, costack_check passes" sh -c "
  PATH='$hostp/bin':\$PATH cmake -S tests/consumer/firmware -B '$dir/fw-pkg' -DCOSTACK_VIA=package \
    -DCMAKE_PREFIX_PATH='$m4p' &&
  PATH='$hostp/bin':\$PATH cmake --build '$dir/fw-pkg' -j $J &&
  test -f '$dir/fw-pkg/fw.costack-check.stamp'"
grep -q "costack-size: checking task buffers of fw" "$log" || { echo "FAIL the find_package build ran no check"; failed=$((failed + 1)); }

# add_subdirectory: no analyser anywhere, costack_check builds it.
step "cortex-m4 firmware: add_subdirectory, analyser built by costack_check, check passes" sh -c "
  cmake -S tests/consumer/firmware -B '$dir/fw-sub' -DCOSTACK_VIA=subdir -DCOSTACK_SOURCE='$COSTACK_ROOT' &&
  cmake --build '$dir/fw-sub' -j $J &&
  test -x '$dir/fw-sub/costack-host-tools/bin/costack-size' && test -f '$dir/fw-sub/fw.costack-check.stamp'"
bound=$(awk '$1 == "worker" && $2 == "worker_loop" { print $4; exit }' "$log")
if [ -z "$bound" ]; then
  echo "FAIL no bound for task 'worker' in the check's table"
  failed=$((failed + 1))
else
  short=$((bound - 8))
  total=$((total + 1))
  cmake -S tests/consumer/firmware -B "$dir/fw-sub" -DFW_WORKER_BYTES=$short >"$log" 2>&1
  if cmake --build "$dir/fw-sub" -j "$J" >>"$log" 2>&1; then
    echo "FAIL a $short-byte worker buffer (bound $bound) built"
    failed=$((failed + 1))
  elif grep -Eq "main\.c:[0-9]+: error: task 'worker' needs $bound bytes, buffer is $short \(chain: worker_loop > step\)" "$log"; then
    echo "ok   one slot short ($short < $bound bytes): the build fails with the analyser's diagnostic"
  else
    tail -30 "$log"
    echo "FAIL the short build failed without the analyser's diagnostic"
    failed=$((failed + 1))
  fi
  total=$((total + 1))
  cmake -S tests/consumer/firmware -B "$dir/fw-sub" -DFW_WORKER_BYTES=$bound -DFW_PROVE_STACK=ON >"$log" 2>&1
  if cmake --build "$dir/fw-sub" -j "$J" >>"$log" 2>&1; then
    echo "FAIL PROVE_STACK passed although printf's stack is unbounded"
    failed=$((failed + 1))
  elif grep -q "error: running-stack bound of .* is not closed" "$log"; then
    echo "ok   PROVE_STACK: the unclosed running-stack bound fails the build (a warning by default)"
  else
    tail -30 "$log"
    echo "FAIL PROVE_STACK failed without its message"
    failed=$((failed + 1))
  fi
  # Sound by default: a task buffer no analysis can prove fails the build;
  # COSTACK_CHECK_RELAXED=ON lets it through (with the analyser's note).
  total=$((total + 1))
  cmake -S tests/consumer/firmware -B "$dir/fw-sub" -DFW_PROVE_STACK=OFF -DFW_ORPHAN=ON >"$log" 2>&1
  if cmake --build "$dir/fw-sub" -j "$J" >>"$log" 2>&1; then
    echo "FAIL an unprovable buffer passed the default check"
    failed=$((failed + 1))
  elif grep -q "error: async function 'orphan' is reached by no task" "$log"; then
    echo "ok   sound default: an async function on an unprovable buffer fails the build"
  else
    tail -30 "$log"
    echo "FAIL the unprovable buffer failed without the analyser's message"
    failed=$((failed + 1))
  fi
  step "COSTACK_CHECK_RELAXED=ON lets the unprovable buffer through" sh -c "
    cmake -S tests/consumer/firmware -B '$dir/fw-sub' -DCOSTACK_CHECK_RELAXED=ON &&
    cmake --build '$dir/fw-sub' -j $J && test -f '$dir/fw-sub/fw.costack-check.stamp'"
fi

# The starter, copied out of the tree, against the Cortex-M install prefix.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/costack-starter.XXXXXX")
cp -r examples/starter "$tmp/starter"
step "starter copied to $tmp: run.sh builds, checks, runs on QEMU, writes the trace" sh -c "
  COSTACK_DIR='$m4p' JOBS=$J '$tmp/starter/run.sh' &&
  grep -q 'starter ok' '$tmp/starter/build/run.log' &&
  test -x '$tmp/starter/build/costack-host-tools/bin/costack-size' &&
  test -f '$tmp/starter/build/starter.costack-check.stamp' &&
  grep -q '\"name\":\"sampler_task\"' '$tmp/starter/build/trace.json' &&
  grep -q '\"object\":\"readings\"' '$tmp/starter/build/trace.json' &&
  grep -q '<svg' '$tmp/starter/build/trace.svg'"
rm -rf "$tmp"

echo "packaging: $((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
