# Cross-compiles the core for Cortex-M0, Cortex-M4 and RV32IMAC with -Werror
# (compile only), and checks that analyser records cost zero flash: the
# probe's text+data is identical with and without records.
set -u
cd "$COSTACK_ROOT"
. scripts/lib.sh
failed=0 total=0
check() { # name, then the command
  local name=$1; shift
  total=$((total + 1))
  if "$@"; then echo "ok   $name"; else echo "FAIL $name"; failed=$((failed + 1)); fi
}
# The C list of cmake/CostackWarnings.cmake: the common part, then the
# C-only additions.
warn_list() { sed -n "/^set($1/,/)/p" cmake/CostackWarnings.cmake | sed "s/set($1//; s/)//"; }
WARN="$(warn_list 'COSTACK_WARNINGS_COMMON') $(warn_list 'COSTACK_WARNINGS \${COSTACK_WARNINGS_COMMON}')"
out="$COSTACK_BUILD/cross-core"
mkdir -p "$out"
compile_core() { # cc, flags..., out-dir
  local cc=$1 dir=$2; shift 2
  mkdir -p "$dir"
  for f in src/context.c src/error.c; do
    $cc "$@" -std=c11 -Os -ffunction-sections -fdata-sections $WARN -Werror \
      -DCO_BUILDING_LIBRARY -Iinclude -c "$f" -o "$dir/$(basename "$f" .c).o" || return 1
  done
  $cc "$@" -std=c11 -Os -ffunction-sections -fdata-sections $WARN -Werror \
    -Wno-missing-prototypes -Iinclude -c tests/cross/probe.c -o "$dir/probe.o" || return 1
  $cc "$@" -std=c11 -Os -ffunction-sections -fdata-sections $WARN -Werror -DCO_CONFIG_RECORDS=0 \
    -Wno-missing-prototypes -Iinclude -c tests/cross/probe.c -o "$dir/probe-norec.o"
}
flash() { # size tool, object: text+data
  "$1" -B "$2" | awk 'NR == 2 { print $1 + $2 }'
}
records_free() { # size tool, dir
  local with without
  with=$(flash "$1" "$2/probe.o"); without=$(flash "$1" "$2/probe-norec.o")
  echo "     probe text+data: $with bytes with records, $without without"
  [ "$with" = "$without" ] && readelf -S "$2/probe.o" | grep -q '\.costack\.rec'
}
for t in "m0|arm-none-eabi-gcc|arm-none-eabi-size|-mcpu=cortex-m0 -mthumb" \
         "m4|arm-none-eabi-gcc|arm-none-eabi-size|-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16" \
         "rv32|riscv64-unknown-elf-gcc|riscv64-unknown-elf-size|-march=rv32imac -mabi=ilp32 -ffreestanding"; do
  IFS='|' read -r name cc size flags <<<"$t"
  # shellcheck disable=SC2086
  check "cross-compile core $name" compile_core "$cc" "$out/$name" $flags
  check "records cost no flash $name" records_free "$size" "$out/$name"
done
echo "cross: $((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
