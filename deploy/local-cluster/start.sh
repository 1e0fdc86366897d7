#!/usr/bin/env bash
# Starts adclick's cluster deployment as separate processes on this machine, loopback only:
# 3 Kafka KRaft nodes, Redis, 2 ClickHouse shards behind a Distributed table, S3 (S3Proxy: the
# archive and Flink's checkpoints), a Flink standalone cluster (JobManager + 2 TaskManagers) running
# the aggregate job, 2 click services, 1 query API, a Spark standalone master + worker and the
# scheduler that submits each closed hour's reconciliation to it.
#
#   deploy/local-cluster/start.sh [CLUSTER_DIR]     (default: $ADCLICK_CLUSTER_DIR or /tmp/adclick-cluster)
#   deploy/local-cluster/stop.sh  [CLUSTER_DIR]
#
# Needs Java 17, Maven, Debian's clickhouse-server. Builds the project the first time
# (or always with ADCLICK_BUILD=1). Endpoints and keys end up in CLUSTER_DIR/cluster.env.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${1:-${ADCLICK_CLUSTER_DIR:-/tmp/adclick-cluster}}"

built() {
  [ -d "$REPO/cluster/target/lib" ] && [ -d "$REPO/cluster/target/launcher-lib" ] && [ -d "$REPO/cluster/target/classes" ] && [ -d "$REPO/cli/target/lib" ] \
    && [ -f "$REPO/cluster/target/s3proxy/s3proxy.jar" ] && [ -f "$REPO/reconcile/target/classpath.txt" ] \
    && compgen -G "$REPO/aggregator/target/adclick-aggregator-*-job.jar" > /dev/null \
    && compgen -G "$REPO/reconcile/target/adclick-reconcile-*-job.jar" > /dev/null
}
if [ "${ADCLICK_BUILD:-0}" = 1 ] || ! built; then
  echo "building: mvn -DskipTests install -pl cluster -am (a few minutes the first time)"
  (cd "$REPO" && mvn -B -q -DskipTests install -pl cluster -am)
fi
if [ -f "$DIR/pids" ]; then
  echo "a cluster may already be running from $DIR (pid file present): deploy/local-cluster/stop.sh $DIR" >&2
  exit 1
fi
mkdir -p "$DIR"
exec java -Xmx512m -cp "$REPO/cluster/target/classes:$REPO/cluster/target/launcher-lib/*:$REPO/cluster/target/lib/*" \
  dev.adclick.cluster.LocalClusterMain "$REPO" "$DIR"
