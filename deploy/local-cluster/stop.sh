#!/usr/bin/env bash
# Stops the processes started by start.sh (from CLUSTER_DIR/pids; S3Proxy, the Spark master and
# worker and the reconcile scheduler among them — the worker stops its executors, the scheduler a
# run under way): SIGTERM to all, SIGKILL to
# whatever is left after 15 s. A pid is only signalled if its command line names CLUSTER_DIR, so a
# reused pid of an unrelated process is left alone. Add --purge to delete CLUSTER_DIR as well.
set -euo pipefail
DIR="${ADCLICK_CLUSTER_DIR:-/tmp/adclick-cluster}"
PURGE=0
for a in "$@"; do
  case "$a" in
    --purge) PURGE=1 ;;
    *) DIR="$a" ;;
  esac
done
DIR="$(cd "$DIR" 2>/dev/null && pwd || echo "$DIR")"
if [ ! -f "$DIR/pids" ]; then
  echo "no cluster pid file in $DIR"
  exit 0
fi

ours() {  # pid → true if alive and started for this cluster directory
  [ -r "/proc/$1/cmdline" ] && { tr '\0' ' ' < "/proc/$1/cmdline"; } 2>/dev/null | grep -qF -- "$DIR"
}

pids=()
while read -r pid name; do
  if ours "$pid"; then
    echo "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid")
  fi
done < "$DIR/pids"

for _ in $(seq 1 30); do
  alive=0
  for pid in "${pids[@]}"; do ours "$pid" && alive=1; done
  [ "$alive" = 0 ] && break
  sleep 0.5
done
for pid in "${pids[@]}"; do
  if ours "$pid"; then
    echo "killing pid $pid (did not stop within 15 s)"
    kill -KILL "$pid" 2>/dev/null || true
  fi
done
rm -f "$DIR/pids"
[ "$PURGE" = 1 ] && rm -rf "$DIR" && echo "deleted $DIR"
echo "stopped"
