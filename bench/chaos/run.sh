#!/usr/bin/env bash
# Chaos soak of the embedded stack (docs/reliability.md): steady traffic over HTTP and into Kafka while a
# seeded schedule kills, pauses and restarts Redis, the Kafka broker, the stack process (click service +
# Flink job + query API) and the ClickHouse store; then drain, reconcile closed hours, print the table.
#   bench/chaos/run.sh [minutes=10] [seed=42] [page views per second=100]
# Needs what ./adclick needs, plus clickhouse-server (apt-get install clickhouse-server) and `ss` (iproute2).
# Leaves nothing running; its data goes to $CHAOS_DIR (default: a temp dir, kept for the logs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
MINUTES=${1:-10}
SEED=${2:-42}
RATE=${3:-100}
mvn -B -q -DskipTests install -pl cli,reconcile -am
work="${CHAOS_DIR:-$(mktemp -d -t adclick-chaos.XXXXXX)}"
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
 --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
 --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
 --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.math=ALL-UNNAMED
 --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
# shellcheck disable=SC2086
exec java -Xmx1g $OPENS -Dlog4j2.configurationFile="$root/bench/aggregator/log4j2-bench.properties" \
  -cp "$root/cli/target/classes:$root/cli/target/lib/*" bench/chaos/ChaosSoak.java \
  --minutes "$MINUTES" --seed "$SEED" --rate "$RATE" --work "$work" --home "$root"
