# Benchmarks never rot: bench/run --smoke --callgrind (tiny counts, its own
# build dir build/bench-smoke) must build every benchmark and peer, run each,
# and print its result, memory and goal lines. No assertion on any time.
set -uo pipefail
cd "$COSTACK_ROOT"
out="$COSTACK_BUILD/logs/bench-smoke.out"
mkdir -p "$(dirname "$out")"
COSTACK_BENCH_BUILD="$COSTACK_BUILD/bench-smoke" bench/run --smoke --callgrind >"$out" 2>&1
rc=$?
tail -40 "$out"
[ $rc -eq 0 ] || { echo "bench smoke: bench/run failed ($rc)"; exit 1; }
missing=0
expect() { grep -q "$1" "$out" || { echo "bench smoke: no line matching '$1'"; missing=1; }; }
for c in costack.yield.loop costack.await1.sync costack.await3.sync costack.await1.susp \
         costack.await3.susp cpp20.yield.loop cpp20.await3.sync cpp20.await3.susp \
         boost.fcontext.pair ucontext.pair pthread.condvar.pair floor.call1 floor.call3; do
  expect "^result $c ns "
done
if [ -f include/costack/sched.h ]; then
  for c in costack.yield.sched costack.yield.sched2 costack.xwake.rtt; do
    expect "^result $c ns "
  done
  if [ -f bench/timers.c ]; then
    for c in costack.timers.10 costack.timers.1000 costack.timers.100000; do expect "^result $c ns "; done
    expect "^goal c.timers_100000_vs_10 ratio "
  fi
  expect "^goal a.sched_vs_cpp20_loop ratio "
fi
if [ -f include/costack/mutex.h ] && [ -f include/costack/chan.h ] && [ -f src/runtime.cmake ]; then
  for c in costack.mutex.pingpong costack.chan.msg pthread.queue.msg; do expect "^result $c ns "; done
  for c in costack.join2.sched costack.spawn2.sched costack.select_recv.sched costack.recv.sched; do
    expect "^result $c ns "
  done
  expect "^goal j.join2_vs_two_tasks ratio "
  expect "^goal j.select_recv_vs_recv ratio "
fi
expect "^instr costack.await3.sync "
expect "^mem x86-64 context "
expect "^goal b.await3_sync_vs_call3 ratio "
[ $missing -eq 0 ] && echo "bench smoke: all lines present"
exit $missing
