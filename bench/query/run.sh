#!/usr/bin/env bash
# Query API benchmark (not a test): fills a DuckDB store with ADS x MINUTES rows, starts the
# QueryServer, and prints p50/p99 of the main queries through HTTP, through the store, and as
# plain JDBC with the same SQL. Results go to docs/benchmarks.md (## Query API) by hand.
#
#   bench/query/run.sh [ads=100000] [minutes=100] [samples=300] [order=minute|ad|minute+index]
#
# order=minute writes rows minute by minute, as the stream does; order=ad clusters them by ad;
# order=minute+index adds an index on ad_id alone (the store has none today).
set -euo pipefail
cd "$(dirname "$0")/../.."

ADS="${1:-100000}"
MINUTES="${2:-100}"
SAMPLES="${3:-300}"
ORDER="${4:-minute}"
OUT=query/target/bench
mkdir -p "$OUT"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -pl query -am install -DskipTests
fi
mvn -B -q -f query/pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$OUT/classpath.txt" >/dev/null

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  cores: $(nproc)  cpu: $(lscpu | sed -n 's/^Model name: *//p')"
exec java -Xmx4g -cp "query/target/classes:query/target/test-classes:$(cat "$OUT/classpath.txt")" \
  -Dlog4j2.level=WARN dev.adclick.query.bench.QueryBenchmark "$OUT" "$ADS" "$MINUTES" "$SAMPLES" "$ORDER"
