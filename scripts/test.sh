#!/usr/bin/env bash
# The whole test suite: installs what is missing, then runs every stage in
# scripts/test.d/ in order (each a CTest run or a check). Exit 0 iff all pass.
# Prints one closing line: "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export COSTACK_ROOT=$ROOT
export COSTACK_BUILD=${COSTACK_BUILD:-$ROOT/build}
export COSTACK_JOBS=${COSTACK_JOBS:-$(nproc)}

scripts/deps.sh || { echo "test.sh: could not install dependencies" >&2; exit 1; }

passed=0 failed=0 failed_stages=()
for stage in scripts/test.d/*.sh; do
  name=$(basename "$stage" .sh)
  echo "=== stage $name"
  log="$COSTACK_BUILD/logs/$name.log"
  mkdir -p "$(dirname "$log")"
  start=$(date +%s)
  bash "$stage" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  # Count CTest results ("N tests failed out of M") and plain checks.
  while read -r f total; do
    failed=$((failed + f)); passed=$((passed + total - f))
  done < <(sed -n 's/.* \([0-9][0-9]*\) tests failed out of \([0-9][0-9]*\).*/\1 \2/p' "$log")
  if [ "$rc" -ne 0 ]; then
    failed_stages+=("$name")
    grep -q 'tests failed out of' "$log" || failed=$((failed + 1))
  elif ! grep -q 'tests failed out of' "$log"; then
    passed=$((passed + 1))
  fi
  echo "=== stage $name: $([ "$rc" -eq 0 ] && echo ok || echo FAILED) ($(( $(date +%s) - start )) s)"
done

[ ${#failed_stages[@]} -eq 0 ] || echo "failed stages: ${failed_stages[*]}"
echo "${passed} passed, ${failed} failed"
[ ${#failed_stages[@]} -eq 0 ]
