# costack as a dependency: find_package after install, and add_subdirectory.
set -u
cd "$COSTACK_ROOT"
dir="$COSTACK_BUILD/packaging"
rm -rf "$dir"
failed=0
step() { local name=$1; shift; if "$@" >"$dir.log" 2>&1; then echo "ok   $name"; else cat "$dir.log"; echo "FAIL $name"; failed=$((failed + 1)); fi; }
mkdir -p "$dir"
step "build and install" sh -c "cmake -S . -B '$dir/lib' -DCOSTACK_BUILD_TESTS=OFF -DCOSTACK_BUILD_EXAMPLES=OFF -DCOSTACK_BUILD_TOOLS=OFF && cmake --build '$dir/lib' -j '$COSTACK_JOBS' --target costack && cmake --install '$dir/lib' --prefix '$dir/prefix'"
step "find_package consumer" sh -c "cmake -S tests/consumer -B '$dir/pkg' -DCOSTACK_VIA=package -DCMAKE_PREFIX_PATH='$dir/prefix' && cmake --build '$dir/pkg' && '$dir/pkg/consumer'"
step "add_subdirectory consumer" sh -c "cmake -S tests/consumer -B '$dir/sub' -DCOSTACK_VIA=subdir -DCOSTACK_SOURCE='$COSTACK_ROOT' && cmake --build '$dir/sub' && '$dir/sub/consumer'"
echo "packaging: $((3 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
