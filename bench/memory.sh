#!/usr/bin/env bash
# bench/memory.sh - sizes and flash per target, without running anything.
# Prints "mem <target> <what> <bytes>" from bench/memprobe.c compiled for
# each target (symbol sizes via readelf), and "flash <target> <config> <file>
# <bytes>" (text+data of each library source at -Os, port excluded).
# The probes are compiled twice: the default configuration ("mem <target>
# context ...") and the lean one ("mem <target> context.lean ...").
# Targets whose compiler is missing are skipped with a note on stderr.
# MEMORY_TARGETS="cortex-m4 ..." restricts the targets (the size stage).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${1:-$ROOT/build/bench/memory}
mkdir -p "$OUT"

# The lean configuration, defined here only (flash and sizeof probes).
LEAN_FLAGS="-DCO_CONFIG_CHECKS=0 -DCO_CONFIG_CHECK_TEXT=0 -DCO_CONFIG_LISTENER=0 -DCO_CONFIG_RECORDS=0 -DCO_CONFIG_HIGH_WATER=0 -DCO_CONFIG_TASK_NAMES=0 -DCO_CONFIG_TASK_ENTRY=0"

# Library sources: the core plus whatever src/runtime.cmake lists, plus the
# kernel size goal's files (bench/size_kernel.txt) should runtime.cmake not
# list one of them.
srcs=(src/context.c src/error.c)
if [ -f src/runtime.cmake ]; then
  while read -r f; do [ -f "src/$f" ] && srcs+=("src/$f"); done < <(grep -o '[A-Za-z0-9_/.-]*\.c' src/runtime.cmake | sed 's|.*src/||;s|^\${CMAKE_CURRENT_SOURCE_DIR}/||;s|^/||' | sort -u)
fi
while read -r f; do
  [ -f "$f" ] || { echo "memory.sh: $f (bench/size_kernel.txt) does not exist" >&2; continue; }
  case " ${srcs[*]} " in *" $f "*) ;; *) srcs+=("$f") ;; esac
done < <(sed 's/#.*//' bench/size_kernel.txt | awk 'NF { print $1 }')

# name | compiler | flags | size tool
targets=(
  "x86-64|gcc|-O2|size"
  "cortex-m0|arm-none-eabi-gcc|-mcpu=cortex-m0 -mthumb|arm-none-eabi-size"
  "cortex-m4|arm-none-eabi-gcc|-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16|arm-none-eabi-size"
  "rv32imac|riscv64-unknown-elf-gcc|-march=rv32imac -mabi=ilp32 --specs=picolibc.specs|riscv64-unknown-elf-size"
)
common="-std=c11 -I$ROOT/include -I$ROOT/bench -DCO_CONFIG_CANARY=0 -DCO_CONFIG_FAULT_INJECTION=0 -ffunction-sections -fdata-sections -fno-common"
for t in "${targets[@]}"; do
  IFS='|' read -r name cc flags sizetool <<<"$t"
  case " ${MEMORY_TARGETS:-$name} " in *" $name "*) ;; *) continue ;; esac
  if ! command -v "$cc" >/dev/null; then
    echo "memory.sh: $cc missing, $name skipped (scripts/deps.sh cross)" >&2
    continue
  fi
  # shellcheck disable=SC2086
  if $cc $common $flags -c bench/memprobe.c -o "$OUT/probe-$name.o" 2>"$OUT/probe-$name.err"; then
    readelf -sW "$OUT/probe-$name.o" | awk -v t="$name" '$8 ~ /^probe_/ { sub(/^probe_/, "", $8); print "mem", t, $8, $3 }'
  else
    echo "memory.sh: probe failed for $name:" >&2; head -5 "$OUT/probe-$name.err" >&2
  fi
  # shellcheck disable=SC2086
  if $cc $common $flags $LEAN_FLAGS -c bench/memprobe.c -o "$OUT/probe-$name-lean.o" 2>"$OUT/probe-$name-lean.err"; then
    readelf -sW "$OUT/probe-$name-lean.o" | awk -v t="$name" '$8 == "probe_context" || $8 == "probe_frame" {
      sub(/^probe_/, "", $8); print "mem", t, $8 ".lean", $3 }'
  else
    echo "memory.sh: lean probe failed for $name:" >&2; head -5 "$OUT/probe-$name-lean.err" >&2
  fi
  [ "$name" = x86-64 ] && continue
  for cfg in default lean; do
    extra="-Os -DCO_BUILDING_LIBRARY"
    [ "$cfg" = lean ] && extra="$extra $LEAN_FLAGS"
    for s in "${srcs[@]}"; do
      o="$OUT/$name-$cfg-$(basename "$s" .c).o"
      # shellcheck disable=SC2086
      if $cc $common $flags $extra -Isrc -c "$s" -o "$o" 2>"$o.err"; then
        "$sizetool" -B "$o" | awk -v t="$name" -v c="$cfg" -v f="$(basename "$s" .c)" 'NR == 2 { print "flash", t, c, f, $1 + $2 }'
      else
        echo "memory.sh: $s does not compile for $name:" >&2; head -3 "$o.err" >&2
      fi
    done
  done
done
