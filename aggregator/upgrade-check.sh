#!/usr/bin/env bash
# Upgrade check: a savepoint of the job at an earlier commit (default: the click-only job before the
# impression count columns) is restored by the job of the working tree, whose open minute keeps its
# counts and takes impressions. Builds both into aggregator/target (never installs into ~/.m2).
#   aggregator/upgrade-check.sh [old-rev=67161b9^]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REV="${1:-67161b9^}"
WORK="$ROOT/aggregator/target/upgrade-check"
rm -rf "$WORK" && mkdir -p "$WORK/old-src" "$WORK/old-bin" "$WORK/new-bin" "$WORK/run"
git -C "$ROOT" archive "$REV" | tar -x -C "$WORK/old-src"
build_cp() { # $1 source tree, $2 classpath file
  (cd "$1" && mvn -o -q -B -pl aggregator -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$2" -Dmdep.includeScope=test >&2)
  echo "$1/aggregator/target/classes:$1/aggregator/target/test-classes:$(cat "$2")"
}
OLD_CP="$(build_cp "$WORK/old-src" "$WORK/old.cp")"
NEW_CP="$(build_cp "$ROOT" "$WORK/new.cp")"
SRC="$ROOT/aggregator/src/test/upgrade/UpgradeCheck.java"
javac -d "$WORK/old-bin" -cp "$OLD_CP" "$SRC"
javac -d "$WORK/new-bin" -cp "$NEW_CP" "$SRC"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
java -cp "$WORK/old-bin:$OLD_CP" UpgradeCheck old "$WORK/run" "$PORT" > "$WORK/old.log" 2>&1 || { tail -40 "$WORK/old.log"; exit 1; }
grep "earlier release" "$WORK/old.log"
java -cp "$WORK/new-bin:$NEW_CP" UpgradeCheck new "$WORK/run" "$PORT" > "$WORK/new.log" 2>&1 || { tail -40 "$WORK/new.log"; exit 1; }
grep -E "^row |upgrade check" "$WORK/new.log"
