#!/usr/bin/env bash
# Installs the Debian packages costack's build, demo and tests need, only
# when one is missing. Idempotent; safe to run on every invocation.
# Usage: scripts/deps.sh [group...]   groups: core cross qemu analyser docs bench (default: all)
set -euo pipefail

declare -A GROUP=(
  [core]="cmake make gcc g++ clang libclang-rt-14-dev python3"
  [cross]="gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf"
  [qemu]="qemu-system-arm qemu-system-misc qemu-user"
  [analyser]="libelf-dev libdw-dev elfutils"
  [docs]="doxygen gdb"
  [bench]="libboost-context-dev valgrind"
)

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(core cross qemu analyser docs bench)

missing=()
for g in "${groups[@]}"; do
  [ -n "${GROUP[$g]+x}" ] || { echo "deps.sh: unknown group '$g'" >&2; exit 2; }
  for p in ${GROUP[$g]}; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
