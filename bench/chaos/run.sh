#!/usr/bin/env bash
# Chaos soak (docs/reliability.md): steady traffic over HTTP and into Kafka while a seeded schedule kills,
# pauses and restarts the parts one at a time; then drain, reconcile closed hours, print the table.
#   bench/chaos/run.sh [minutes=10] [seed=42] [page views per second=100]
#       the embedded stack: Redis, the Kafka broker, the stack process (click service + Flink job + query API)
#       and the ClickHouse store, each a process of its own
#   bench/chaos/run.sh --cluster [minutes=10] [seed=42] [page views per second=30]
#       the loopback cluster (cluster module, LocalCluster): a TaskManager, a broker, Redis, a click service
#       and a ClickHouse shard
# Needs what ./adclick needs, plus clickhouse-server (apt-get install clickhouse-server) and `ss` (iproute2).
# Builds with `mvn package` (CHAOS_MVN_FLAGS adds flags, e.g. -o; CHAOS_SKIP_BUILD=1 skips it). Leaves
# nothing running; its data goes to $CHAOS_DIR (default: a temp dir, kept for the logs). CHAOS_TIMING="5,10,3,6"
# (gap and hold ranges in seconds) makes a short trial run meet every fault kind; recorded runs use the default.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
MODE=embedded
DEFAULT_RATE=100
if [ "${1:-}" = "--cluster" ]; then
  MODE=cluster
  DEFAULT_RATE=30 # the cluster's dozen JVMs already fill two cores
  shift
fi
MINUTES=${1:-10}
SEED=${2:-42}
RATE=${3:-$DEFAULT_RATE}
if [ "${CHAOS_SKIP_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  mvn -B -q ${CHAOS_MVN_FLAGS:-} -DskipTests package -pl cluster -am # the cluster module pulls in cli and reconcile
fi
classes="$root/bench/chaos/target/classes"
rm -rf "$classes" && mkdir -p "$classes"
cli_cp="$root/cli/target/classes:$root/cli/target/lib/*"
cluster_cp="$root/cluster/target/classes:$root/cluster/target/launcher-lib/*:$root/cluster/target/lib/*"
javac -nowarn -d "$classes" -cp "$cli_cp:$cluster_cp" "$root"/bench/chaos/*.java
work="${CHAOS_DIR:-$(mktemp -d -t adclick-chaos.XXXXXX)}"
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
 --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
 --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
 --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.math=ALL-UNNAMED
 --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
if [ "$MODE" = cluster ]; then
  # the soak's JVM runs the cluster's launcher (start.sh's classpath); every node is a process of its own
  exec java -Xmx512m -cp "$classes:$cluster_cp" ChaosSoak \
    --mode cluster --minutes "$MINUTES" --seed "$SEED" --rate "$RATE" --work "$work" --home "$root"
fi
# shellcheck disable=SC2086
exec java -Xmx1g $OPENS -Dlog4j2.configurationFile="$root/bench/aggregator/log4j2-bench.properties" \
  -cp "$classes:$cli_cp" ChaosSoak \
  --mode embedded --minutes "$MINUTES" --seed "$SEED" --rate "$RATE" --work "$work" --home "$root"
