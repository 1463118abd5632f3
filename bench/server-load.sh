#!/usr/bin/env bash
# Load benchmark of `caisson server` (docs/benchmarks.md): a server process on the embedded store, and a Java
# load generator (server/src/test/java/dev/caisson/server/bench/LoadGenerator.java) that seeds NODES nodes in
# the inventory, then measures graph requests and FleetLock operations per second for SECONDS each with
# CONCURRENCY clients. Usage: bench/server-load.sh [NODES] [SECONDS] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."
NODES=${1:-100000}
SECONDS_EACH=${2:-20}
CONCURRENCY=${3:-32}
# -DskipTests still compiles the test classes, where the load generator lives
./mvnw -q -B -pl cli -am install -DskipTests
work=$(mktemp -d)
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
head -c 24 /dev/urandom | base64 > "$work/token"
cat > "$work/server.yaml" <<YAML
streams: [stable]
locks:
  allow_any_group: true
  default_slots: 1000
YAML
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Xmx2g -jar cli/target/caisson.jar server --config "$work/server.yaml" --data "$work/data" \
  --listen "127.0.0.1:$port" --token-file "$work/token" 2> "$work/server.log" &
server_pid=$!
for _ in $(seq 100); do grep -q listening "$work/server.log" && break; sleep 0.1; done
java -cp "server/target/test-classes:cli/target/caisson.jar" \
  dev.caisson.server.bench.LoadGenerator "http://127.0.0.1:$port/" "$(cat "$work/token")" "$NODES" "$SECONDS_EACH" \
  "$CONCURRENCY"
echo "journal: $(du -h "$work/data/store/journal.jsonl" | cut -f1), server RSS: $(ps -o rss= -p "$server_pid") KiB"
