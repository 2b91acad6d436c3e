#!/usr/bin/env bash
# Builds and runs the host example (examples/host_demo.c): tasks, awaits,
# results and an error, on the POSIX host.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh core
cmake -S . -B build/host-demo -DCMAKE_BUILD_TYPE=Release -DCOSTACK_BUILD_TESTS=OFF >/dev/null
cmake --build build/host-demo -j "$(nproc)" --target host_demo >/dev/null
exec build/host-demo/examples/host_demo
