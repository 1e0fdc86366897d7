#!/usr/bin/env bash
# Aggregator benchmark: preload N clicks into an embedded Kafka, compare a plain consumer with the
# aggregate job (MiniCluster), then measure freshness at a fixed rate.
# Usage: bench/aggregator/run.sh [clicks=5000000] [rate=20000] [freshSeconds=30]
set -euo pipefail
cd "$(dirname "$0")/../.."
CLICKS=${1:-5000000}
RATE=${2:-20000}
FRESH=${3:-30}
mvn -B -q -pl aggregator -am install -DskipTests
CP_FILE=$(mktemp)
mvn -B -q -pl aggregator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
CP="aggregator/target/classes:aggregator/target/test-classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
mkdir -p aggregator/target/bench
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(date -u +%Y-%m-%dT%H:%MZ)"
exec java -Xmx8g -XX:+UseParallelGC -Dclicks="$CLICKS" -Drate="$RATE" -DfreshSeconds="$FRESH" \
  -DworkDir="$(pwd)/aggregator/target/bench" \
  -Dlog4j2.configurationFile="$(pwd)/bench/aggregator/log4j2-bench.properties" \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED \
  -cp "$CP" bench/aggregator/AggregatorBenchmark.java
