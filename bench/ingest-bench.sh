#!/usr/bin/env bash
# ingest-bench.sh — ingest-only CPU and memory, liverec vs nginx-rtmp, same load generator, same run.
#
#   bench/ingest-bench.sh [STREAMS...]          (default: 100 500; 0 measures the idle server)
#
# For each stream count N, back to back: nginx-rtmp (nginx-conf.sh live 1: no recording) and liverec (`serve`, a full
# node with a fresh database: no record tasks or rules, so ingest only) each receive N publishers from `liverec bench publish` (one JVM, plain
# handshake, chunk size 4096) replaying $SOURCE at real-time pace. After RAMP+WARMUP seconds the server's whole
# process tree is sampled for WINDOW seconds: CPU seconds (utime+stime) → CPU-s per stream-minute; peak RSS and
# PSS; the bytes the server read in the window (rchar, to check both kept real time). The generator's own CPU is
# reported too, and beside every figure the bitrate the generator delivered in the window against nominal, its
# publisher failures and VALID / INVALID (the rule of record-bench.sh: < 95 % of nominal or any failure).
# Results: one JSON line per run in $OUT/results.jsonl.
#
# Environment: SOURCE (default: src_nobf.flv, made once by bench/make-media.sh into $BENCH_WORK/media),
# WINDOW (60), WARMUP (15), REPEAT (1), LIVEREC_JAVA_OPTS (-Xmx1g), BENCH_WORK (/tmp/liverec-ingest-bench),
# NGINX_PORT (19351), LIVEREC_PORT (19352); the generator's settings: bench/bench-lib.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
WINDOW="${WINDOW:-60}"
WARMUP="${WARMUP:-15}"
REPEAT="${REPEAT:-1}"
export BENCH_WORK="${BENCH_WORK:-/tmp/liverec-ingest-bench}"
SOURCE="${SOURCE:-$BENCH_WORK/media/src_nobf.flv}"
[ -f "$SOURCE" ] || "$here/make-media.sh" "$(dirname "$SOURCE")"
NGINX_PORT="${NGINX_PORT:-19351}"
LIVEREC_PORT="${LIVEREC_PORT:-19352}"
LIVEREC_JAVA_OPTS="${LIVEREC_JAVA_OPTS:--Xmx1g}"
OUT="$BENCH_WORK/out"
mkdir -p "$OUT"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(100 500)

# shellcheck source=bench-lib.sh
source "$here/bench-lib.sh"
GEN_STATS="$OUT/gen-stats.json"
[ -f "$root/target/liverec.jar" ] || (cd "$root" && mvn -o -q -B package -DskipTests)
CP="$root/target/liverec.jar"

wait_port() { for _ in $(seq 1 600); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 not open" >&2; return 1; }

gen_pid=""; srv_pid=""
cleanup() {
  [ -n "$gen_pid" ] && kill "$gen_pid" 2>/dev/null || true
  [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null || true
}
trap cleanup EXIT

# run_one LABEL N URL SERVER_PID
run_one() {
  local label=$1 n=$2 url=$3 pid=$4 tag
  tag="$label-$n-$(date +%H%M%S)"
  local ramp=$(( $(gen_ramp_s "$n") + 2 ))
  local duration=$(( ramp + WARMUP + WINDOW + 5 ))
  gen_start "$url" "$n" "$duration" "$OUT/$tag.gen.log"
  gen_pid=$GEN_PID
  sleep $(( ramp + WARMUP ))
  gen_mark from
  python3 "$here/ingest_sample.py" "$pid" --seconds "$WINDOW" --out "$OUT/$tag.server.json" &
  local sampler=$!
  python3 "$here/ingest_sample.py" "$gen_pid" --seconds "$WINDOW" --out "$OUT/$tag.gen-cpu.json"
  wait "$sampler"
  gen_mark to
  local verdict; verdict=$(gen_verdict from to)
  wait "$gen_pid" || true
  gen_pid=""
  python3 - "$label" "$n" "$OUT/$tag" "$verdict" >> "$OUT/results.jsonl" <<'PY'
import json, sys
label, n, base, v = sys.argv[1], int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
srv = json.load(open(base + ".server.json"))
gen = json.load(open(base + ".gen-cpu.json"))
minutes = srv["seconds"] / 60.0
delivered_gbit = v.get("delivered_mbit_s", 0) * srv["seconds"] / 1000
print(json.dumps({"server": label, "streams": n, "window_s": srv["seconds"],
                  "cpu_s_per_stream_min": round(srv["cpu_s"] / (n * minutes), 4) if n else None,
                  "cpu_s_per_delivered_gbit": round(srv["cpu_s"] / delivered_gbit, 3) if delivered_gbit > 0 else None,
                  "server_cpu_pct": round(100 * srv["cpu_s"] / srv["seconds"], 1),
                  "server_read_mbit_s": srv.get("read_mbit_s"),
                  "peak_rss_mb": srv["peak_rss_mb"], "peak_pss_mb": srv["peak_pss_mb"],
                  "generator_cpu_pct": round(100 * gen["cpu_s"] / gen["seconds"], 1),
                  "machine_busy_pct": srv["machine_busy_pct"],
                  "delivered_mbit_s": v.get("delivered_mbit_s"), "nominal_mbit_s": v.get("nominal_mbit_s"),
                  "delivered_pct": v.get("delivered_pct"), "published": v.get("published"), "failed": v.get("failed"),
                  "failures": v.get("failures"), "gen_max_lag_ms": v.get("max_lag_ms"),
                  "valid": bool(v.get("valid")), "invalid_reason": v.get("invalid_reason", "")}))
PY
  tail -1 "$OUT/results.jsonl"
}

for rep in $(seq 1 "$REPEAT"); do
  for n in "${counts[@]}"; do
    # nginx-rtmp, ingest only
    conf=$(NGINX_RTMP_PORT=$NGINX_PORT "$here/nginx-conf.sh" live 1)
    nginx -p "$BENCH_WORK/nginx/" -c "$conf" > "$OUT/nginx.log" 2>&1 &
    srv_pid=$!
    wait_port "$NGINX_PORT"
    run_one nginx-rtmp "$n" "rtmp://127.0.0.1:$NGINX_PORT/live" "$srv_pid"
    kill "$srv_pid"; wait "$srv_pid" 2>/dev/null || true; srv_pid=""

    # liverec, ingest only (fresh data dir)
    data="$BENCH_WORK/liverec-data"; rm -rf "$data"; mkdir -p "$data"
    LIVEREC_LOG_LEVEL=WARN java $LIVEREC_JAVA_OPTS -cp "$CP" dev.liverec.Main serve --data-dir "$data" \
        --http-port 0 --rtmp-port "$LIVEREC_PORT" > "$OUT/liverec.log" 2>&1 &
    srv_pid=$!
    wait_port "$LIVEREC_PORT"
    run_one liverec "$n" "rtmp://127.0.0.1:$LIVEREC_PORT/live" "$srv_pid"
    kill "$srv_pid"; wait "$srv_pid" 2>/dev/null || true; srv_pid=""
  done
done
echo "results: $OUT/results.jsonl"
