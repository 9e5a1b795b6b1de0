#!/usr/bin/env bash
# generator-bench.sh -- what the load generator itself costs: `liverec bench publish` against nginx-rtmp (ingest
# only, 1 worker) for each stream count, both processes' CPU in the window, per delivered Gbit, and the cores the two
# would need together at the full nominal rate (what says whether COUNT streams fit this machine at all).
#
# Usage: bench/generator-bench.sh [COUNTS] [WINDOW_S]      (default "300 1000", 20)
# Env: BENCH_WORK (/tmp/liverec-generator-bench), WARMUP (8, after the ramp), SOURCE, GEN_* (bench/bench-lib.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
COUNTS=${1:-"300 1000"}
WINDOW=${2:-20}
WARMUP=${WARMUP:-8}
W=${BENCH_WORK:-/tmp/liverec-generator-bench}
SOURCE=${SOURCE:-$W/media/src_nobf.flv}
mkdir -p "$W"
# shellcheck source=bench-lib.sh
source "$here/bench-lib.sh"
GEN_STATS=$W/gen-stats.json
[[ -f $SOURCE ]] || "$here/make-media.sh" "$(dirname "$SOURCE")"
[[ -f $GEN_JAR ]] || (cd "$bench_root" && mvn -o -q -B package -DskipTests)

for n in $COUNTS; do
  port=$(free_port)
  conf=$(BENCH_WORK=$W NGINX_RTMP_PORT=$port bash "$here/nginx-conf.sh" live 1)
  nginx -p "$W/nginx/" -c "$conf" > "$W/nginx.log" 2>&1 &
  ng=$!
  sleep 1
  gen_start "rtmp://127.0.0.1:$port/live" "$n" $(( $(gen_ramp_s "$n") + WARMUP + WINDOW + 3 )) "$W/gen-$n.log"
  sleep $(( $(gen_ramp_s "$n") + WARMUP ))
  gen_mark from; c0=$(cpu_ticks "$ng")
  sleep "$WINDOW"
  gen_mark to; c1=$(cpu_ticks "$ng")
  verdict=$(gen_verdict from to)
  wait "$GEN_PID" || true
  kill -QUIT "$ng"; wait "$ng" || true
  python3 - "$n" "$verdict" "$(( c1 - c0 ))" "$TCK" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY' | tee -a "$W/results.jsonl"
import json, sys
n, v, ticks, tck, load1 = int(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
win = v.get("window_s") or 1
gbit = v.get("delivered_mbit_s", 0) * win / 1000
gen_cpu = v.get("gen_cpu_pct", 0) / 100 * win
nginx_cpu = ticks / tck
per = lambda cpu: round(cpu / gbit, 3) if gbit > 0 else None
need = (gen_cpu + nginx_cpu) / gbit * v.get("nominal_mbit_s", 0) / 1000 if gbit > 0 else None
print(json.dumps({"streams": n, "window_s": win, "delivered_mbit_s": v.get("delivered_mbit_s"),
                  "nominal_mbit_s": v.get("nominal_mbit_s"), "delivered_pct": v.get("delivered_pct"),
                  "failed": v.get("failed"), "failures": v.get("failures"), "max_lag_ms": v.get("max_lag_ms"),
                  "gen_cpu_pct": v.get("gen_cpu_pct"), "gen_cpu_s_per_gbit": per(gen_cpu),
                  "nginx_cpu_pct": round(100 * nginx_cpu / win, 1), "nginx_cpu_s_per_gbit": per(nginx_cpu),
                  "cores_needed_at_nominal": round(need, 2) if need else None, "load1": load1,
                  "valid": v.get("valid"), "invalid_reason": v.get("invalid_reason")}, separators=(",", ":")))
PY
done
