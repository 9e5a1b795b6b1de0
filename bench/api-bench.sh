#!/usr/bin/env bash
# Signed API throughput and latency (liverec bench api) against a real server: first with the embedded H2 database,
# then with a real PostgreSQL (a throwaway cluster under a temp dir, run as a non-root user). Prints one JSON line
# per database. Not a test: run by hand, e.g.
#   bench/api-bench.sh                      # CreateRecordTask, 10000 requests, concurrency 32, 1 and 16 accounts
#   REQUESTS=50000 CONCURRENCY=64 bench/api-bench.sh
#   ACTION=DescribeLiveRecordTemplates BODY='{}' bench/api-bench.sh
# ACCOUNTS="1 16" runs each database once per value: with N > 1 the load is spread over N accounts (one credential
# each, created with `liverec credential create` while the server runs; thread t uses account t mod N).
# CLIENTS="jdk raw": the load generator's HTTP client, java.net.http (jdk) and a lean keep-alive socket client (raw)
# that leaves more of the two cores to the server; each is run against the same server.
# MAX_RUNNING_TASKS (default 100000000) is the per-account open-task limit the server runs with; with the product
# default (400) spread the load over at least (REQUESTS+WARMUP)/400 accounts.
# Env: ACTION, BODY (template, {i} = request number, {now}/{now+3600} = Unix seconds), REQUESTS, CONCURRENCY,
# WARMUP, DBS ("h2 pg" by default), LIVEREC_JAVA_OPTS (server JVM), KEEP=1 keeps the work directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACTION="${ACTION:-CreateRecordTask}"
REQUESTS="${REQUESTS:-10000}"
ACCOUNTS="${ACCOUNTS:-1 16}"
CLIENTS="${CLIENTS:-jdk raw}"
CONCURRENCY="${CONCURRENCY:-32}"
WARMUP="${WARMUP:-2000}"
DBS="${DBS:-h2 pg}"
work="$(mktemp -d /tmp/liverec-api-bench.XXXXXX)"
chmod 755 "$work"
server_pid=""
pg_bin=""
pg_data=""

cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true; fi
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$work"; else echo "work dir kept: $work" >&2; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

jar="$root/target/liverec.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/src/main" -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  echo "building $jar ..." >&2
  (cd "$root" && mvn -o -q -B -DskipTests package >&2 || mvn -q -B -DskipTests package >&2)
fi
java_opts=(${LIVEREC_JAVA_OPTS:--Xmx1g})

run_one() { # $1 = label, $2 = extra YAML for the db section, $3 = number of accounts
  local label="$1" dbyaml="$2" accounts="$3" port data cfg log
  port="$(free_port)"
  data="$work/$label-$accounts-data"
  cfg="$work/$label-$accounts.yml"
  log="$work/$label-$accounts-server.log"
  mkdir -p "$data"
  cat >"$cfg" <<YAML
http:
  host: 127.0.0.1
  port: $port
rtmp:
  port: $(free_port)
api:
  rateLimitPerSecond: 0
  maxRunningTasks: ${MAX_RUNNING_TASKS:-100000000}
$dbyaml
YAML
  java "${java_opts[@]}" -jar "$jar" serve --config "$cfg" --data-dir "$data" >"$log" 2>&1 &
  server_pid=$!
  local sid="" skey=""
  for _ in $(seq 1 300); do
    sid="$(sed -n 's/^ *SecretId: *\(AKID[0-9A-Za-z]*\).*/\1/p' "$log" | head -1)"
    skey="$(sed -n 's/^ *SecretKey: *\([0-9A-Za-z]*\).*/\1/p' "$log" | head -1)"
    if [ -n "$sid" ] && grep -q "HTTP listening" "$log"; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then echo "server ($label) died:" >&2; tail -50 "$log" >&2; exit 1; fi
    sleep 0.2
  done
  [ -n "$sid" ] || { echo "no credential printed ($label)" >&2; tail -50 "$log" >&2; exit 1; }
  local endpoint="http://127.0.0.1:$port"
  # the tasks' push domain stays unregistered: a domain added with AddLiveDomain belongs to one account, and the
  # other accounts' CreateRecordTask on it would be refused (ResourceNotFound.DomainNotExist)
  local body_args=() cred_args=()
  [ -n "${BODY:-}" ] && body_args=(--body "$BODY")
  for k in $(seq 2 "$accounts"); do
    local c
    c="$(java -jar "$jar" credential create --config "$cfg" --data-dir "$data" --account "bench-$k" --json)"
    cred_args+=(--credential "$(echo "$c" | sed 's/.*"SecretId": "\([^"]*\)".*"SecretKey": "\([^"]*\)".*/\1:\2/')")
  done
  local result client
  for client in $CLIENTS; do
    result="$(java -Xmx512m -jar "$jar" bench api --endpoint "$endpoint" --secret-id "$sid" --secret-key "$skey" \
        --client "$client" --server-pid "$server_pid" --action "$ACTION" --requests "$REQUESTS" \
        --concurrency "$CONCURRENCY" --warmup "$WARMUP" "${body_args[@]}" "${cred_args[@]}" || true)"
    echo "{\"db\":\"$label\",\"accounts\":$accounts,\"cores\":$(nproc),\"result\":${result:-null}}"
  done
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

for db in $DBS; do
  case "$db" in
    h2)
      for n in $ACCOUNTS; do run_one h2 "" "$n"; done
      ;;
    pg)
      if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ]; then
          echo "installing postgresql ..." >&2
          apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        else
          echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1
        fi
      fi
      pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
      pg_data="$work/pg"
      pg_port="$(free_port)"
      mkdir -p "$pg_data"
      [ "$(id -u)" = 0 ] && chown postgres "$pg_data"
      as_pg "$pg_bin/initdb" -D "$pg_data" -U liverec --auth=trust -E UTF8 >/dev/null
      # durable defaults (fsync, synchronous_commit on); only sizing and the socket dir differ
      as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w \
          -o "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1 -c max_connections=100 -c shared_buffers=128MB" start >/dev/null
      for n in $ACCOUNTS; do
        as_pg "$pg_bin/dropdb" -h 127.0.0.1 -p "$pg_port" -U liverec --if-exists liverec
        as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U liverec liverec
        run_one pg "db:
  url: jdbc:postgresql://127.0.0.1:$pg_port/liverec
  user: liverec
  password: ''" "$n"
      done
      ;;
    *) echo "unknown db $db" >&2; exit 2 ;;
  esac
done
