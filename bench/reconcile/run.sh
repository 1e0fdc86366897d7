#!/usr/bin/env bash
# Reconciliation benchmark (docs/architecture.md, Service levels: one day of 10M raw clicks on 2 cores in < 60 s).
# One command: builds the module, generates the day as partitioned Parquet, runs the reconcile job
# on local[2] against a DuckDB store, then DuckDB's own dedupe + aggregation over the same files.
#   bench/reconcile/run.sh                      # 10M clicks, 1000 ads
#   CLICKS=1000000 bench/reconcile/run.sh       # smaller
# Leaves nothing running; the data goes to $BENCH_DIR (default: a temp dir, removed at the end).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -pl reconcile -am install -DskipTests
# A glob, not `ls | grep | head`: under pipefail an early-closing head can fail the script.
jar=""
for f in reconcile/target/adclick-reconcile-*.jar; do [[ "$f" == *-job.jar ]] || { jar="$f"; break; }; done
[[ -n "$jar" ]] || { echo "no reconcile jar in reconcile/target" >&2; exit 1; }
read -r -a spark_opts < reconcile/bin/java-options
work="${BENCH_DIR:-}"
cleanup=false
if [[ -z "$work" ]]; then work="$(mktemp -d)"; cleanup=true; fi
export SPARK_LOCAL_IP=127.0.0.1
status=0
java -Xmx8g "${spark_opts[@]}" -Dlog4j2.configurationFile=reconcile/bin/log4j2.properties -cp "$jar:$(cat reconcile/target/classpath.txt)" \
  bench/reconcile/ReconcileBench.java --work "$work" --clicks "${CLICKS:-10000000}" --ads "${ADS:-1000}" || status=$?
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//')"
if $cleanup; then rm -rf "$work"; fi
exit $status
