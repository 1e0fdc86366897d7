#!/usr/bin/env bash
# Every benchmark once, one after the other, in one window (issue 15: "a run of all of them in one
# quiet window"): click redirect, impression beacon, the Flink job (100:1 mix and clicks only),
# the query API and reconciliation. Each prints its ratio against its own baseline and its target;
# this script keeps each output in $OUT/<name>.log and ends with the load average before each run
# and every target line, for docs/benchmarks.md.
#   bench/all.sh            each benchmark at its default size (about an hour)
#   QUICK=1 bench/all.sh    reduced sizes, about 20 minutes: 30 s warm-up and 3 rounds for ingest,
#                           2M / 1M events for the job, 20k ads for the query API, 2M clicks to reconcile
# Run it on a quiet machine: the figures are ratios, but on 2 cores a busy neighbour still moves them.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
OUT=${OUT:-$root/target/bench-all/$(date -u +%Y%m%dT%H%MZ)}
mkdir -p "$OUT"
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(free -g | awk '/Mem:/ {print $2}') GiB; results in $OUT"

# name | command
if [[ "${QUICK:-0}" == 1 ]]; then
  INGEST="env WARMUP=30s ROUNDS=3"
  RUNS=(
    "ingest-click|$INGEST bench/ingest/run.sh"
    "ingest-beacon|$INGEST ENDPOINT=beacon bench/ingest/run.sh"
    "aggregator-mix|bench/aggregator/run.sh 2000000 10000 20 100"
    "aggregator-clicks|bench/aggregator/run.sh 1000000 10000 15 0"
    "query|bench/query/run.sh 20000 75 10 100"
    "reconcile|env CLICKS=2000000 bench/reconcile/run.sh"
  )
else
  RUNS=(
    "ingest-click|bench/ingest/run.sh"
    "ingest-beacon|env ENDPOINT=beacon bench/ingest/run.sh"
    "aggregator-mix|bench/aggregator/run.sh 5000000 10000 30 100"
    "aggregator-clicks|bench/aggregator/run.sh 3000000 10000 30 0"
    "query|bench/query/run.sh"
    "reconcile|bench/reconcile/run.sh"
  )
fi
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"
for run in "${RUNS[@]}"; do
  name=${run%%|*}
  cmd=${run#*|}
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  start=$(date -u +%H:%M:%S); t0=$(date +%s)
  echo "== $name ($cmd), $start UTC, load average before: $load"
  # shellcheck disable=SC2086
  if $cmd > "$OUT/$name.log" 2>&1; then status=ok; else status="FAILED (exit $?, see $OUT/$name.log)"; fi
  {
    echo "== $name: $status; started $start UTC, load before $load, took $(( $(date +%s) - t0 )) s"
    grep -i -E "\b(met|missed)\b" "$OUT/$name.log" || echo "   (no target line: see the log)"
  } | tee -a "$SUMMARY"
done
echo
echo "Summary ($SUMMARY):"
cat "$SUMMARY"
