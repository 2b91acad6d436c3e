#!/usr/bin/env python3
"""Times costack-size on the generated ELF (best of 5) and prints it."""
import subprocess, sys, time

tool, elf = sys.argv[1], sys.argv[2]
best = None
for _ in range(5):
    t0 = time.perf_counter()
    p = subprocess.run([tool, "--json", "-q", elf], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"costack-size failed: {p.stderr.decode()[:2000]}")
    best = dt if best is None else min(best, dt)
print(f"costack-size: 1000 tasks, 10000 await sites: {best:.3f} s (best of 5; target <= 1 s)")
