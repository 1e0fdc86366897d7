#!/usr/bin/env bash
# Paired A/B bursts of the click redirect or beacon (docs/benchmarks.md, Click redirect: why paired
# runs): two ingest servers up at once (A and B, each with its own Kafka + Redis in its JVM, as in
# run.sh), warmed alike, then BURSTS rounds of one short wrk burst against each, in the order
# A B, B A, A B, ... so drift on the shared machine hits both. Prints per burst requests/s, p99 and
# the server JVM's CPU per request, then the means and B/A. No nginx: this compares two servers.
#
# Usage: bench/ingest/ab.sh CLASSES_A CLASSES_B
#   CLASSES_x: a directory of ingest's compiled main classes (e.g. a copy of ingest/target/classes
#   made before a change); the test classes (IngestBenchMain) and dependencies are this checkout's.
# Environment: ENDPOINT (click|beacon), WARMUP (40s, each server), BURST (10s), BURSTS (6),
#   CONNECTIONS (32), THREADS (2), TOKENS (500000 per burst file), JAVA_OPTS_A / JAVA_OPTS_B (-Xmx2g),
#   PROFILE_B=1: async-profiler (itimer) on B during its bursts, collapsed stacks in the work directory (KEEP_WORK=1),
#   summed by component with bench/ingest/components.awk
#   (ASYNC_PROFILER: the libasyncProfiler.so to load; PROFILE_EVENT: itimer or alloc).
# Take the bench lock around it: flock /tmp/adclick-bench.lock bench/ingest/ab.sh A B
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
A_CLASSES=$(cd "$1" && pwd); B_CLASSES=$(cd "$2" && pwd)
ENDPOINT=${ENDPOINT:-click}
WARMUP=${WARMUP:-40s}
BURST=${BURST:-10s}
BURSTS=${BURSTS:-6}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
TOKENS=${TOKENS:-500000}
PROFILER=${ASYNC_PROFILER:-/tmp/pi-ap/linux-x64/libasyncProfiler.so}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adclick-ab-ingest.XXXXXX")
PIDS=()
cleanup() {
  exec 3>&- 4>&- 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  if [[ "${KEEP_WORK:-0}" != "1" ]]; then rm -rf "$WORK"; else echo "work directory kept: $WORK"; fi
}
trap cleanup EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$ROOT" && mvn -B -q -o -pl ingest -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt")
DEPS="$ROOT/ingest/target/test-classes:$(cat "$WORK/cp.txt")"

start() { # start NAME CLASSES FD JAVA_OPTS
  mkdir -p "$WORK/$1"; mkfifo "$WORK/$1/stdin"
  # shellcheck disable=SC2086
  java $4 -Dbench.endpoint="$ENDPOINT" -Dlog4j2.configurationFile="$ROOT/bench/ingest/log4j2-bench.xml" -cp "$2:$DEPS" \
    dev.adclick.ingest.bench.IngestBenchMain "$WORK/$1/server" "$TOKENS" "$BURSTS" <"$WORK/$1/stdin" >"$WORK/$1/server.log" 2>&1 &
  PIDS+=($!)
  eval "exec $3>\"$WORK/$1/stdin\""
}
start A "$A_CLASSES" 3 "${JAVA_OPTS_A:--Xmx2g}"; A_PID=${PIDS[0]}
start B "$B_CLASSES" 4 "${JAVA_OPTS_B:--Xmx2g}"; B_PID=${PIDS[1]}
for s in A B; do
  for _ in $(seq 1 480); do [[ -f "$WORK/$s/server/port" ]] && break; sleep 0.5; done
  [[ -f "$WORK/$s/server/port" ]] || { cat "$WORK/$s/server.log"; exit 1; }
done
port() { cat "$WORK/$1/server/port"; }
pid() { [[ "$1" == A ]] && echo "$A_PID" || echo "$B_PID"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

for s in A B; do
  echo "warming up $s ($WARMUP) ..."
  TOKENS_FILE="$WORK/$s/server/warmup-tokens.txt" WRK_THREADS="$THREADS" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/bench/ingest/clicks.lua" "http://127.0.0.1:$(port "$s")" >/dev/null
done

burst() { # burst SERVER ROUND
  local s=$1 r=$2 p t0 out
  p=$(pid "$s"); t0=$(ticks "$p")
  if [[ "$s" == B && "${PROFILE_B:-0}" == 1 ]]; then
    java "$ROOT/bench/ingest/Attach.java" "$p" "$PROFILER" "start,event=${PROFILE_EVENT:-itimer}" >/dev/null
  fi
  out="$WORK/$s/wrk-$r.txt"
  TOKENS_FILE="$WORK/$s/server/tokens-$r.txt" WRK_THREADS="$THREADS" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$BURST" --latency -s "$ROOT/bench/ingest/clicks.lua" "http://127.0.0.1:$(port "$s")" >"$out"
  local cpu=$(( $(ticks "$p") - t0 ))
  if [[ "$s" == B && "${PROFILE_B:-0}" == 1 ]]; then
    # collapsed stacks: one line per stack with its samples, for grep/awk per component
    java "$ROOT/bench/ingest/Attach.java" "$p" "$PROFILER" "stop,collapsed,file=$WORK/profile-B-$r.collapsed" >/dev/null
  fi
  awk -v s="$s" -v r="$r" -v cpu="$cpu" -v hz="$(getconf CLK_TCK)" '
    /Requests\/sec/ {rps = $2} /requests in/ {n = $1} $1 == "99%" {p99 = $2} /Non-2xx/ {err = $NF}
    END {printf "%s %d %.0f %s %.1f %s\n", s, r, rps, p99, cpu / hz * 1e6 / n, (err == "" ? 0 : err)}' "$out" | tee -a "$WORK/bursts.txt"
}
echo "server round req/s p99 cpu_us_per_req non2xx3xx"
for r in $(seq 1 "$BURSTS"); do
  if (( r % 2 == 1 )); then burst A "$r"; burst B "$r"; else burst B "$r"; burst A "$r"; fi
done
awk '{rps[$1] += $3; cpu[$1] += $5; n[$1]++}
  END {printf "mean A: %.0f req/s, %.1f µs CPU/req; mean B: %.0f req/s, %.1f µs CPU/req; B/A throughput %.3f, CPU %.3f\n",
       rps["A"] / n["A"], cpu["A"] / n["A"], rps["B"] / n["B"], cpu["B"] / n["B"], (rps["B"] / n["B"]) / (rps["A"] / n["A"]), (cpu["B"] / n["B"]) / (cpu["A"] / n["A"])}' "$WORK/bursts.txt"
# pairs where B beat A, so one lucky burst cannot carry the mean
awk '{v[$2, $1] = $3; rounds[$2] = 1} END {w = 0; t = 0; for (r in rounds) {t++; if (v[r, "B"] > v[r, "A"]) w++} printf "B faster in %d of %d pairs\n", w, t}' "$WORK/bursts.txt"
exec 3>&- 4>&-
for p in "${PIDS[@]}"; do wait "$p" || true; done; PIDS=()
for s in A B; do echo "$s: $(grep '^RESULT' "$WORK/$s/server.log" || echo 'no RESULT line')"; done
