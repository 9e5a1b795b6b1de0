#!/usr/bin/env bash
# A liverec cluster on one machine, as an operator would run one: PostgreSQL and an S3-compatible store, N liverec
# nodes sharing them, and HAProxy in front (HTTP for the API, console and /vod with /readyz health checks; TCP for
# RTMP with the PROXY protocol v2, so the nodes see the clients' addresses).
#
#   deploy/local-cluster.sh start [N]     start what is not running (default N=2 nodes); idempotent
#   deploy/local-cluster.sh stop          stop everything (HAProxy, nodes with SIGTERM, then PostgreSQL and S3)
#   deploy/local-cluster.sh status        one line per part: running or not, ready or not
#   deploy/local-cluster.sh stop-node I   drain node I in HAProxy, then stop it (SIGTERM: its open files are finalized)
#   deploy/local-cluster.sh start-node I  start node I again (or a new node I: add it to HAProxy with start N)
#   deploy/local-cluster.sh env           shell exports for 'liverec call' through HAProxy, and the push URL
#
# Needs what the README lists (JDK 17, Maven) plus HAProxy (Debian: apt-get install haproxy) and curl. PostgreSQL
# (zonky's embedded binaries) and the store (S3Proxy on the local disk) run from the test classpath in one JVM,
# dev.liverec.deploy.LocalBackends: nothing else to install. Their data is kept between stop and start.
#
# Settings (environment):
#   LIVEREC_CLUSTER_DIR   run directory: config, pids, logs, data [./target/local-cluster]
#   LIVEREC_CLUSTER_PORT  base port [18000]: HAProxy HTTP = base, HAProxy RTMP = base+1, PostgreSQL = base+2,
#                         S3 = base+3, HAProxy admin socket = base+4, node I: HTTP base+100+I, RTMP base+200+I
#   LIVEREC_CLUSTER_BIND  address HAProxy listens on [127.0.0.1]
#   LIVEREC_JAR           the shaded jar to run [target/liverec.jar, built with Maven when missing or stale]
#   LIVEREC_BACKENDS_CLASSPATH  classpath holding the test classes and their dependencies [asked from Maven]
#   LIVEREC_JAVA_OPTS     JVM options of each node [-Xmx384m]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="${LIVEREC_CLUSTER_DIR:-$root/target/local-cluster}"
base="${LIVEREC_CLUSTER_PORT:-18000}"
bind="${LIVEREC_CLUSTER_BIND:-127.0.0.1}"
jar="${LIVEREC_JAR:-$root/target/liverec.jar}"
front_http=$base; front_rtmp=$((base + 1)); pg_port=$((base + 2)); s3_port=$((base + 3)); admin_port=$((base + 4))
node_http() { echo $((base + 100 + $1)); }
node_rtmp() { echo $((base + 200 + $1)); }

say() { echo "local-cluster: $*" >&2; }
die() { say "$*"; exit 1; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
ready() { curl -sf -o /dev/null --max-time 2 "$1"; }

# wait_for SECONDS WHAT COMMAND...: polls COMMAND every 0.2 s
wait_for() {
  local until=$(( $(date +%s) + $1 )) what=$2; shift 2
  until "$@"; do
    [ "$(date +%s)" -lt "$until" ] || die "$what: not ready after the wait (logs in $run/logs)"
    sleep 0.2
  done
}

# stop_pid PIDFILE SECONDS: SIGTERM, then SIGKILL after SECONDS
stop_pid() {
  local pidfile=$1 pid
  alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $(( $2 * 5 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then say "$(basename "$pidfile" .pid) did not stop in $2 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$pidfile"
}

ensure_jar() {
  if [ -z "${LIVEREC_JAR:-}" ] && { [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/src/main" -newer "$jar" -type f -print -quit)" ]; }; then
    say "building $jar"
    (cd "$root" && mvn -q -B -DskipTests package >&2)
  fi
  [ -f "$jar" ] || die "no jar at $jar"
}

backends_classpath() {
  if [ -n "${LIVEREC_BACKENDS_CLASSPATH:-}" ]; then echo "$LIVEREC_BACKENDS_CLASSPATH"; return; fi
  local cp="$run/backends.classpath"
  if [ ! -f "$root/target/test-classes/dev/liverec/deploy/LocalBackends.class" ]; then
    say "compiling the test classes (PostgreSQL and S3 run from them)"
    (cd "$root" && mvn -q -B -DskipTests test-compile >&2)
  fi
  if [ ! -s "$cp" ] || [ "$root/pom.xml" -nt "$cp" ]; then
    (cd "$root" && { mvn -o -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >&2 2>/dev/null \
      || mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >&2; })
  fi
  echo "$root/target/test-classes:$root/target/classes:$(cat "$cp")"
}

start_backends() {
  if alive "$run/backends.pid"; then return 0; fi
  rm -f "$run/backends.env"
  local cp; cp=$(backends_classpath)
  say "starting PostgreSQL on :$pg_port and S3 on :$s3_port"
  nohup java -Xmx384m -cp "$cp" dev.liverec.deploy.LocalBackends "$run" "$pg_port" "$s3_port" \
    < /dev/null > "$run/logs/backends.log" 2>&1 &
  echo $! > "$run/backends.pid"
}

wait_backends() {
  wait_for 120 "PostgreSQL and S3" test -s "$run/backends.env"
  alive "$run/backends.pid" || die "PostgreSQL and S3 stopped (see $run/logs/backends.log)"
}

# The settings every node shares (the playback URL key is not among them: the first node stores one in the database).
write_shared_config() {
  # shellcheck disable=SC1091
  . "$run/backends.env"
  cat > "$run/cluster.yaml.tmp" <<EOF
# written by deploy/local-cluster.sh; every node reads this file plus its own environment
http:
  host: 127.0.0.1
  publicUrl: http://$bind:$front_http
rtmp:
  host: 127.0.0.1
  proxyProtocol: required
storage:
  type: s3
  s3Endpoint: $S3_ENDPOINT
  s3Bucket: $S3_BUCKET
  s3AccessKey: $S3_ACCESS_KEY
  s3SecretKey: $S3_SECRET_KEY
  s3PathStyle: true
EOF
  mv "$run/cluster.yaml.tmp" "$run/cluster.yaml"
}

# The node's own settings: id, ports, data directory (the database and S3 settings come from backends.env).
node_env() {
  local i=$1
  # shellcheck disable=SC1091
  set -a; . "$run/backends.env"; set +a
  export LIVEREC_NODE_ID="node-$i" LIVEREC_DATA_DIR="$run/node$i" \
    LIVEREC_HTTP_PORT="$(node_http "$i")" LIVEREC_RTMP_PORT="$(node_rtmp "$i")"
}

node_config() {
  local i=$1
  cp "$run/cluster.yaml" "$run/node$i.yaml" # the node id comes from LIVEREC_NODE_ID (node_env)
  echo "$run/node$i.yaml"
}

ensure_credential() {
  [ -s "$run/credential.env" ] && return 0
  say "creating an API credential (this also creates the schema)"
  local conf; conf=$(node_config 1)
  (node_env 1; java -jar "$jar" credential create --config "$conf" --env) > "$run/credential.env.tmp" 2>> "$run/logs/cli.log"
  mv "$run/credential.env.tmp" "$run/credential.env"
}

start_node() {
  local i=$1 conf
  if alive "$run/node$i.pid"; then return 0; fi
  conf=$(node_config "$i")
  mkdir -p "$run/node$i"
  say "starting node-$i: HTTP :$(node_http "$i"), RTMP :$(node_rtmp "$i")"
  (node_env "$i"; exec nohup java ${LIVEREC_JAVA_OPTS:--Xmx384m} -jar "$jar" serve --config "$conf" \
    < /dev/null >> "$run/logs/node$i.log" 2>&1) &
  echo $! > "$run/node$i.pid"
}

node_ready() { ready "http://127.0.0.1:$(node_http "$1")/readyz"; }

nodes_configured() { ls "$run"/node*.yaml 2>/dev/null | sed -E 's/.*node([0-9]+)\.yaml/\1/' | sort -n; }

write_haproxy_config() {
  local n=$1 i
  {
    cat <<EOF
# written by deploy/local-cluster.sh
global
  log stdout format raw local0
  stats socket ipv4@127.0.0.1:$admin_port level admin
  maxconn 4096
defaults
  log global
  timeout connect 3s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  retries 2
  option redispatch
frontend api
  mode http
  bind $bind:$front_http
  option httplog
  option forwardfor
  default_backend nodes_http
backend nodes_http
  mode http
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
EOF
    for i in $(seq 1 "$n"); do echo "  server node-$i 127.0.0.1:$(node_http "$i") check"; done
    cat <<EOF
frontend rtmp
  mode tcp
  bind $bind:$front_rtmp
  option tcplog
  default_backend nodes_rtmp
backend nodes_rtmp
  mode tcp
  balance leastconn
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
EOF
    for i in $(seq 1 "$n"); do
      echo "  server node-$i 127.0.0.1:$(node_rtmp "$i") send-proxy-v2 check port $(node_http "$i")"
    done
  } > "$run/haproxy.cfg"
  haproxy -c -q -f "$run/haproxy.cfg" || die "haproxy rejected $run/haproxy.cfg"
}

start_haproxy() {
  local n=$1
  write_haproxy_config "$n"
  local old=""
  if alive "$run/haproxy.pid"; then
    cmp -s "$run/haproxy.cfg" "$run/haproxy.cfg.running" && return 0
    old=$(cat "$run/haproxy.pid")   # a soft reload: the old process hands over the ports and finishes its connections
  fi
  say "starting HAProxy: HTTP $bind:$front_http, RTMP $bind:$front_rtmp (PROXY v2) over $n nodes"
  nohup haproxy -db -f "$run/haproxy.cfg" ${old:+-sf "$old"} < /dev/null >> "$run/logs/haproxy.log" 2>&1 &
  echo $! > "$run/haproxy.pid"
  cp "$run/haproxy.cfg" "$run/haproxy.cfg.running"
}

# haproxy_admin COMMAND: one command on HAProxy's admin socket (nothing when HAProxy is not running)
haproxy_admin() {
  alive "$run/haproxy.pid" || return 0
  (exec 3<> "/dev/tcp/127.0.0.1/$admin_port" && printf '%s\n' "$1" >&3 && timeout 2 cat <&3 > /dev/null) 2> /dev/null || true
}

# Takes node I out of both HAProxy pools before it stops, so no request is cut; it stays out (maintenance) until it
# is started again and ready: 'enable' then hands it back to the /readyz checks.
drain_node() { haproxy_admin "disable server nodes_http/node-$1"; haproxy_admin "disable server nodes_rtmp/node-$1"; }
undrain_node() { haproxy_admin "enable server nodes_http/node-$1"; haproxy_admin "enable server nodes_rtmp/node-$1"; }

cmd_stop_node() {
  local i=$1
  alive "$run/node$i.pid" || { say "node-$i is not running"; return 0; }
  drain_node "$i"
  sleep 1   # requests already on their way to the node finish
  stop_pid "$run/node$i.pid" 40
}

cmd_start() {
  local n=${1:-2} i t0; t0=$(date +%s%3N)
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || die "start N: N is 1..99"
  command -v haproxy > /dev/null || die "HAProxy is needed (Debian/Ubuntu: apt-get install haproxy)"
  command -v curl > /dev/null || die "curl is needed"
  mkdir -p "$run/logs"
  ensure_jar
  start_backends
  wait_backends
  write_shared_config
  ensure_credential
  for i in $(seq 1 "$n"); do start_node "$i"; done
  for i in $(seq 1 "$n"); do wait_for 180 "node-$i" node_ready "$i"; done
  start_haproxy "$n"
  for i in $(seq 1 "$n"); do undrain_node "$i"; done
  wait_for 30 "HAProxy" ready "http://127.0.0.1:$front_http/readyz"
  say "up: $n nodes in $(( $(date +%s%3N) - t0 )) ms"
  cmd_env
}

cmd_stop() {
  local i
  stop_pid "$run/haproxy.pid" 5
  rm -f "$run/haproxy.cfg.running"
  for i in $(nodes_configured); do
    alive "$run/node$i.pid" && kill -TERM "$(cat "$run/node$i.pid")" 2>/dev/null || true
  done
  for i in $(nodes_configured); do stop_pid "$run/node$i.pid" 40; done
  stop_pid "$run/backends.pid" 30
  say "stopped"
}

cmd_status() {
  local i state
  line() { printf '%-10s %-8s %s\n' "$1" "$2" "$3"; }
  alive "$run/backends.pid" && state=running || state=stopped
  line backends "$state" "PostgreSQL :$pg_port, S3 http://127.0.0.1:$s3_port"
  for i in $(nodes_configured); do
    if ! alive "$run/node$i.pid"; then state=stopped; elif node_ready "$i"; then state=ready; else state="not-ready"; fi
    line "node-$i" "$state" "http://127.0.0.1:$(node_http "$i")  rtmp://127.0.0.1:$(node_rtmp "$i")  log $run/logs/node$i.log"
  done
  if ! alive "$run/haproxy.pid"; then state=stopped; elif ready "http://127.0.0.1:$front_http/readyz"; then state=ready; else state="no-node"; fi
  line haproxy "$state" "http://$bind:$front_http  rtmp://$bind:$front_rtmp"
}

cmd_env() {
  [ -s "$run/credential.env" ] && cat "$run/credential.env"
  echo "export LIVEREC_ENDPOINT=http://$bind:$front_http"
  echo "# push: rtmp://$bind:$front_rtmp/live/STREAM (add ?domain=DOMAIN for a registered domain)"
}

case "${1:-}" in
  start) cmd_start "${2:-2}" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  stop-node) [ -n "${2:-}" ] || die "stop-node I"; cmd_stop_node "$2" ;;
  start-node)
    [ -n "${2:-}" ] || die "start-node I"
    alive "$run/backends.pid" || die "not started: run 'start' first"
    start_node "$2"; wait_for 180 "node-$2" node_ready "$2"; undrain_node "$2" ;;
  *) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
