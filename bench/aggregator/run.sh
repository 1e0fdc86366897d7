#!/usr/bin/env bash
# Aggregator benchmark: preload N events (MIX impression events per click) into an embedded Kafka,
# compare a plain consumer with the aggregate job (MiniCluster), then measure freshness at a fixed rate.
# Usage: bench/aggregator/run.sh [events=5000000] [rate=20000] [freshSeconds=30] [mix=100]   (mix 0: clicks only)
# ADS=1000000 SKEW=1.0: the events on that many ads, popularity Zipf with that exponent (default 1000 ads, uniform)
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${1:-5000000}
RATE=${2:-20000}
FRESH=${3:-30}
MIX=${4:-100}
CP_FILE=$(mktemp)
# built in the reactor, so the modules come from this tree's target/ (nothing is installed into ~/.m2)
# BUILD=0: reuse the last build's classpath (aggregator/target/bench.classpath), e.g. to keep a build out of a lock hold
if [[ "${BUILD:-1}" != 0 || ! -f aggregator/target/bench.classpath ]]; then
  mvn -o -B -q -pl aggregator -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
  cp "$CP_FILE" aggregator/target/bench.classpath
fi
CP="aggregator/target/classes:aggregator/target/test-classes:$(cat aggregator/target/bench.classpath)"
rm -f "$CP_FILE"
mkdir -p aggregator/target/bench
# PROFILE=/path/out.html: async-profiler (itimer, threads) on the benchmark JVM, started by the benchmark at the
# job phase through the jar's one.profiler.AsyncProfiler API (ASYNC_PROFILER=path of libasyncProfiler.so, default /tmp/ap/linux-x64/libasyncProfiler.so)
AGENT=()
if [[ -n "${PROFILE:-}" ]]; then
  AGENT=(-Dprofile="$PROFILE" -Dprofiler.lib="${ASYNC_PROFILER:-/tmp/ap/linux-x64/libasyncProfiler.so}")
  CP="$CP:$HOME/.m2/repository/tools/profiler/async-profiler/2.9/async-profiler-2.9.jar"
fi
# the benchmark's sources, compiled together (Java 17's source launcher takes one file only)
BENCH_CLASSES=aggregator/target/bench-classes
rm -rf "$BENCH_CLASSES"
javac -nowarn -d "$BENCH_CLASSES" -cp "$CP" bench/aggregator/{AggregatorBenchmark,BenchEvents,BenchFreshness,BenchState}.java
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(date -u +%Y-%m-%dT%H:%MZ)"
# SETTINGS="early.firing=500ms,sink.flush-interval=100ms": job settings (docs/architecture.md, Settings) for A/B runs
exec java "${AGENT[@]}" -Dsettings="${SETTINGS:-}" -Xmx8g -XX:+UseParallelGC -Devents="$EVENTS" -Dmix="$MIX" -Dads="${ADS:-1000}" -Dskew="${SKEW:-0}" -Drate="$RATE" -DfreshSeconds="$FRESH" \
  -DworkDir="$(pwd)/aggregator/target/bench" \
  -Dlog4j2.configurationFile="$(pwd)/bench/aggregator/log4j2-bench.properties" \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED \
  -cp "$BENCH_CLASSES:$CP" AggregatorBenchmark
