#!/usr/bin/env bash
# Runs an example-board firmware image under QEMU and exits with its status.
# Usage: scripts/qemu-run.sh BOARD IMAGE.elf
#   BOARD: mps2-an385 | mps2-an386 | mps2-an505 | mps2-an521 | microbit | riscv-virt
# Cortex-M images print through semihosting and exit with their status;
# UART0 goes to QEMU_SERIAL (default "stdio": the UART's input is this
# script's stdin). RISC-V images print through the UART and exit through
# the SiFive test device. Every run is bounded by QEMU_TIMEOUT seconds
# (default 60); a timeout exits 124. QEMU_ARGS adds options (word-split),
# e.g. QEMU_ARGS="-icount shift=0,sleep=off" or "-trace systick_write -D f".
set -uo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BOARD IMAGE.elf" >&2; exit 2; }
board=$1 image=$2
serial=${QEMU_SERIAL:-stdio}
limit=${QEMU_TIMEOUT:-60}
common=(-display none -monitor none -serial "$serial" -kernel "$image")
read -r -a extra <<<"${QEMU_ARGS:-}"
common+=("${extra[@]}")
case "$board" in
  mps2-an385|mps2-an386|mps2-an505|mps2-an521|microbit)
    cmd=(qemu-system-arm -M "$board" -semihosting-config enable=on,target=native "${common[@]}") ;;
  riscv-virt)
    cmd=(qemu-system-riscv32 -M virt -bios none "${common[@]}") ;;
  *) echo "$0: unknown board '$board'" >&2; exit 2 ;;
esac
# Without a terminal on stdin QEMU's stdio serial still reads it; give it
# /dev/null when the caller feeds nothing, so a terminal is never grabbed.
if [ -t 0 ]; then
  exec timeout --foreground -k 5 "$limit" "${cmd[@]}" </dev/null
fi
exec timeout -k 5 "$limit" "${cmd[@]}"
