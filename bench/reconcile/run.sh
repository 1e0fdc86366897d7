#!/usr/bin/env bash
# Reconciliation benchmark (docs/architecture.md, Service levels: one day of 10M raw clicks within
# 1.5x DuckDB's time for the same computation, cold JVM). One command: builds the module, generates
# the day as partitioned Parquet, then paired: DuckDB's dedupe + fraud + total/breakdown rows over the
# same files, the reconcile job on local[2] against a DuckDB store (cold JVM), DuckDB again, the job
# again (warm JVM, same store state); every stored row is checked against DuckDB's after each job run.
#   bench/reconcile/run.sh                      # 10M clicks, 1000 ads
#   CLICKS=1000000 bench/reconcile/run.sh       # smaller
#   WARM=0 bench/reconcile/run.sh               # the cold pair only
#   JOB_ARGS="--conf spark.shuffle.compress=false" JAVA_OPTS=-XX:+UseParallelGC JARS=/tmp/a bench/reconcile/run.sh  # A/B
#   PROFILE=/tmp/reconcile.html bench/reconcile/run.sh   # async-profiler (itimer) on the JVM (.txt: collapsed stacks)
# Take the machine's benchmark lock around it: flock /tmp/adclick-bench.lock bench/reconcile/run.sh
# Leaves nothing running; the data goes to $BENCH_DIR (default: a temp dir, removed at the end).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# JARS=<dir> (A/B runs): a copy of the thin jar and classpath.txt built earlier, instead of building now.
if [[ -n "${JARS:-}" ]]; then
  jar="$(ls "$JARS"/adclick-reconcile-*.jar | grep -v -- -job.jar | head -n 1 || true)"
  cp_file="$JARS/classpath.txt"
else
  # package, not install: the jars and classpath.txt point into this checkout, ~/.m2 is left alone
  mvn -B -o -q -pl reconcile -am package -DskipTests
  # A glob, not `ls | grep | head`: under pipefail an early-closing head can fail the script.
  jar=""
  for f in reconcile/target/adclick-reconcile-*.jar; do [[ "$f" == *-job.jar ]] || { jar="$f"; break; }; done
  cp_file=reconcile/target/classpath.txt
fi
[[ -n "$jar" ]] || { echo "no reconcile jar" >&2; exit 1; }
read -r -a spark_opts < reconcile/bin/java-options
work="${BENCH_DIR:-}"
cleanup=false
if [[ -z "$work" ]]; then work="$(mktemp -d)"; cleanup=true; fi
export SPARK_LOCAL_IP=127.0.0.1
status=0
agent=()
if [[ -n "${PROFILE:-}" ]]; then
  lib=/tmp/async-profiler-2.9/linux-x64/libasyncProfiler.so
  [[ -f "$lib" ]] || unzip -q -o ~/.m2/repository/tools/profiler/async-profiler/2.9/async-profiler-2.9.jar 'linux-x64/*' -d /tmp/async-profiler-2.9
  fmt=""; [[ "$PROFILE" == *.html ]] || fmt="collapsed,"   # .html: a flame graph, else collapsed stacks
  agent=("-agentpath:$lib=start,event=itimer,interval=5ms,${fmt}file=$PROFILE")
fi
# JAVA_OPTS: extra JVM options for A/B runs (GC, JIT)
read -r -a extra_opts <<< "${JAVA_OPTS:-}"
java "${agent[@]}" "${extra_opts[@]}" -Xmx8g "${spark_opts[@]}" -Dlog4j2.configurationFile=reconcile/bin/log4j2.properties -cp "$jar:$(cat "$cp_file")" \
  bench/reconcile/ReconcileBench.java --work "$work" --clicks "${CLICKS:-10000000}" --ads "${ADS:-1000}" || status=$?
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//')"
if $cleanup; then rm -rf "$work"; fi
exit $status
