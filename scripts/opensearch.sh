#!/usr/bin/env bash
# A local 3-node OpenSearch 2.19 cluster on 127.0.0.1, installed from Maven Central.
#
#   scripts/opensearch.sh start     install if needed, start the nodes not running, wait for green
#   scripts/opensearch.sh stop      stop every node of the cluster (SIGTERM, then SIGKILL)
#   scripts/opensearch.sh status    the cluster's health, or "not running"
#   scripts/opensearch.sh kill N    SIGKILL node N (0..2): the fault tests
#   scripts/opensearch.sh start-node N   start node N alone (after a kill), no wait
#
# Idempotent: start leaves running nodes alone, stop does nothing when nothing runs.
# The distribution is OpenSearch's minimal runnable zip
# (org.opensearch.distribution.integ-test-zip:opensearch, no bundled JDK), fetched by Maven
# into var/opensearch/ of the checkout.  OpenSearch refuses to run as root: as root the nodes
# run as the system user $OPENSEARCH_USER under $OPENSEARCH_BASE (default /var/lib/news-opensearch);
# as any other user they run as that user under var/opensearch/cluster.
#
# Node i (0..2): http 9200+i, transport 9300+i, its own config/, data/, logs/ and pid file.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${OPENSEARCH_VERSION:-2.19.6}"
ARTIFACT="org.opensearch.distribution.integ-test-zip:opensearch:$VERSION:zip"
CACHE="$ROOT/var/opensearch"
NODES=3
HEAP="${OPENSEARCH_HEAP:-512m}"
CLUSTER="news-local"
OS_USER="${OPENSEARCH_USER:-news-opensearch}"
if [ "$(id -u)" = 0 ]; then
    BASE="${OPENSEARCH_BASE:-/var/lib/news-opensearch}"
else
    BASE="${OPENSEARCH_BASE:-$CACHE/cluster}"
fi
HOME_DIR="$BASE/opensearch-$VERSION"
WAIT_SECONDS="${OPENSEARCH_WAIT_SECONDS:-300}"

say() { echo "opensearch.sh: $*"; }
die() { echo "opensearch.sh: $*" >&2; exit 1; }

java17_home() {
    # OpenSearch 2.19 needs Java 17..23 (it installs a security manager, which JDK 24+ refuses).
    local candidate
    for candidate in "${OPENSEARCH_JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 \
                     "$(dirname "$(dirname "$(readlink -f "$(command -v java || echo /nonexistent)")")")"; do
        if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] &&
           "$candidate/bin/java" -version 2>&1 | grep -q 'version "17'; then
            echo "$candidate"; return
        fi
    done
    die "no Java 17 found (set OPENSEARCH_JAVA_HOME); 'java -version' says: $(java -version 2>&1 | head -1)"
}

fetch_zip() {
    local zip="$CACHE/opensearch-$VERSION.zip"
    if [ ! -s "$zip" ]; then
        command -v mvn >/dev/null || die "mvn not found: Maven fetches the distribution from Maven Central"
        mkdir -p "$CACHE"
        say "fetching $ARTIFACT from Maven Central" >&2
        mvn -q -B dependency:get -Dartifact="$ARTIFACT" -Dtransitive=false >&2
        mvn -q -B dependency:copy -Dartifact="$ARTIFACT" -DoutputDirectory="$CACHE" >&2
    fi
    echo "$zip"
}

run_as() {
    # Run a command as the nodes' user (root may not run OpenSearch).
    if [ "$(id -u)" = 0 ]; then runuser -u "$OS_USER" -- "$@"; else "$@"; fi
}

install() {
    if [ "$(id -u)" = 0 ] && ! id "$OS_USER" >/dev/null 2>&1; then
        say "creating system user $OS_USER"
        useradd --system --no-create-home --home-dir "$BASE" --shell /usr/sbin/nologin "$OS_USER"
    fi
    if [ ! -x "$HOME_DIR/bin/opensearch" ]; then
        local zip
        zip="$(fetch_zip)"
        mkdir -p "$BASE"
        say "installing OpenSearch $VERSION into $HOME_DIR"
        rm -rf "$HOME_DIR.partial"
        mkdir "$HOME_DIR.partial"
        (cd "$HOME_DIR.partial" && unzip -q "$zip")
        mv "$HOME_DIR.partial/opensearch-$VERSION" "$HOME_DIR"
        rmdir "$HOME_DIR.partial"
    fi
    local i
    for i in $(seq 0 $((NODES - 1))); do configure_node "$i"; done
    if [ "$(id -u)" = 0 ]; then chown -R "$OS_USER:" "$BASE"; fi
}

node_dir() { echo "$BASE/node-$1"; }

configure_node() {
    # Written every start, so a changed script takes effect; data/ is kept.
    local i="$1" dir seeds managers
    dir="$(node_dir "$i")"
    mkdir -p "$dir/data" "$dir/logs"
    rm -rf "$dir/config"
    cp -r "$HOME_DIR/config" "$dir/config"
    seeds="$(for j in $(seq 0 $((NODES - 1))); do printf '"127.0.0.1:%d",' $((9300 + j)); done)"
    managers="$(for j in $(seq 0 $((NODES - 1))); do printf '"node-%d",' "$j"; done)"
    cat > "$dir/config/opensearch.yml" <<EOF
cluster.name: $CLUSTER
node.name: node-$i
network.host: 127.0.0.1
http.port: $((9200 + i))
transport.port: $((9300 + i))
discovery.seed_hosts: [${seeds%,}]
cluster.initial_cluster_manager_nodes: [${managers%,}]
path.data: $dir/data
path.logs: $dir/logs
# The parent breaker at the small heap: bulk requests are batched to fit it.
indices.breaker.total.use_real_memory: false
EOF
    printf -- '-Xms%s\n-Xmx%s\n' "$HEAP" "$HEAP" > "$dir/config/jvm.options.d/heap.options"
}

node_pid() {
    local pidfile
    pidfile="$(node_dir "$1")/opensearch.pid"
    if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then cat "$pidfile"; fi
}

start_node() {
    local i="$1" dir java_home
    dir="$(node_dir "$i")"
    if [ -n "$(node_pid "$i")" ]; then
        say "node-$i already running (pid $(node_pid "$i"))"
        return
    fi
    if port_taken $((9200 + i)) || port_taken $((9300 + i)); then
        die "port $((9200 + i)) or $((9300 + i)) is taken by a process that is not node-$i of this cluster"
    fi
    java_home="$(java17_home)"
    rm -f "$dir/opensearch.pid"
    say "starting node-$i (http 127.0.0.1:$((9200 + i)), transport $((9300 + i)), heap $HEAP, JAVA_HOME $java_home)"
    run_as env JAVA_HOME="$java_home" OPENSEARCH_PATH_CONF="$dir/config" \
        "$HOME_DIR/bin/opensearch" -d -p "$dir/opensearch.pid" \
        > "$dir/logs/startup.out" 2>&1 || { cat "$dir/logs/startup.out" >&2; die "node-$i did not start"; }
}

port_taken() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_green() {
    local deadline=$((SECONDS + WAIT_SECONDS)) health
    say "waiting for $NODES nodes and status green (at most ${WAIT_SECONDS}s)"
    while [ $SECONDS -lt $deadline ]; do
        health="$(curl -s --max-time 10 \
            "http://127.0.0.1:9200/_cluster/health?wait_for_nodes=$NODES&wait_for_status=green&timeout=5s" || true)"
        if echo "$health" | grep -q '"status":"green"' && echo "$health" | grep -q "\"number_of_nodes\":$NODES"; then
            say "cluster green: $health"
            return
        fi
        for i in $(seq 0 $((NODES - 1))); do
            # The pid file appears once the node is up; one whose process is gone has exited.
            if [ -s "$(node_dir "$i")/opensearch.pid" ] && [ -z "$(node_pid "$i")" ]; then
                tail -40 "$(node_dir "$i")/logs/$CLUSTER.log" >&2 2>/dev/null || true
                die "node-$i exited during start-up (log above)"
            fi
        done
        sleep 2
    done
    die "cluster not green after ${WAIT_SECONDS}s: ${health:-no answer on 127.0.0.1:9200}"
}

stop_node() {
    local i="$1" pid n
    pid="$(node_pid "$i")"
    if [ -z "$pid" ]; then
        return 1
    fi
    kill "$pid"
    for n in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
    rm -f "$(node_dir "$i")/opensearch.pid"
    say "stopped node-$i (pid $pid)"
}

case "${1:-}" in
    start)
        install
        for i in $(seq 0 $((NODES - 1))); do start_node "$i"; done
        wait_green
        ;;
    stop)
        stopped=0
        for i in $(seq 0 $((NODES - 1))); do stop_node "$i" && stopped=$((stopped + 1)) || true; done
        say "$stopped node(s) stopped; none left running"
        ;;
    status)
        curl -s --max-time 5 "http://127.0.0.1:9200/_cluster/health" && echo || say "not running"
        ;;
    kill)
        i="${2:?node number 0..$((NODES - 1))}"
        pid="$(node_pid "$i")"
        [ -n "$pid" ] || die "node-$i is not running"
        kill -9 "$pid"
        for _ in $(seq 100); do             # gone before we return: a start right after must not see it
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        say "killed node-$i (pid $pid, SIGKILL)"
        ;;
    start-node)
        install
        start_node "${2:?node number 0..$((NODES - 1))}"
        ;;
    *)
        die "usage: $0 start|stop|status|kill N|start-node N"
        ;;
esac
