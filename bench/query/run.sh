#!/usr/bin/env bash
# Query API benchmark (not a test): fills a DuckDB store with total and breakdown rows (placement,
# country, device) for ADS ads over the last MINUTES minutes, and DEEP_ADS of them over 30 days
# before that; the store builds its hour and day rollups; then it prints p50/p99 of the main
# queries over plain JDBC (the store's own statement), through the store and through HTTP, with
# the HTTP/JDBC ratio and the target. Results go to docs/benchmarks.md (## Query API) by hand.
#
#   bench/query/run.sh [ads=100000] [minutes=75] [deep_ads=10] [samples=300]
#   (MVN_ARGS=-o builds offline; SKIP_BUILD=1 reuses the last build and classpath;
#    SHAPE=sparse: ad activity Zipf-skewed, for 1M ads (BenchData; default dense, every ad every minute);
#    DUCKDB_MEMORY=8GB raises DuckDB's memory limit, default 4GB;
#    JAVA_OPTS adds JVM options, e.g. -agentpath:…/libasyncProfiler.so=start,event=itimer,file=…,
#    or -Dbench.httpWarmup=N: HTTP requests per read before its timing, default 2000, 0 = the timing before 2026-12-04)
set -euo pipefail
cd "$(dirname "$0")/../.."

ADS="${1:-100000}"
MINUTES="${2:-75}"
DEEP_ADS="${3:-10}"
SAMPLES="${4:-300}"
OUT=query/target/bench
mkdir -p "$OUT"

# compiles this checkout's modules and writes the classpath with them as target/classes (no install)
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q ${MVN_ARGS:-} -pl query -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/$OUT/classpath.txt" >/dev/null
fi

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  cores: $(nproc)  cpu: $(lscpu | sed -n 's/^Model name: *//p')  load: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx2g ${JAVA_OPTS:-} -Dbench.duckdbMemory="${DUCKDB_MEMORY:-4GB}" -Dbench.shape="${SHAPE:-dense}" -cp "query/target/classes:query/target/test-classes:$(cat "$OUT/classpath.txt")" \
  -Dlog4j2.level=WARN dev.adclick.query.bench.QueryBenchmark "$OUT" "$ADS" "$MINUTES" "$DEEP_ADS" "$SAMPLES"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
