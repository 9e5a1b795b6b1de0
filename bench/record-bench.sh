#!/usr/bin/env bash
# record-bench.sh -- CPU and memory of liverec recording N streams, beside nginx-rtmp recording the same load,
# both fed by the same load generator (`liverec bench publish`: one JVM, many RTMP connections, real-time pace).
#
# Usage: bench/record-bench.sh [FORMATS] [COUNTS] [WINDOW_S]
#   FORMATS  default "flv hls"    COUNTS  default "100 500"    WINDOW_S  measurement window, default 60
# Env: BENCH_WORK (default /tmp/liverec-record-bench), SOURCE (default: src_nobf.flv made once by
#      bench/make-media.sh into $BENCH_WORK/media),
#      WARMUP (default 10, counted after the generator's ramp), MEMORY_BUDGET for the server (default: the
#      launcher's default for this machine, docs/memory.md; liverec starts through ./liverec as users start it),
#      JAVA_OPTS added to the server's (a -Xmx there replaces the budget's limits),
#      NGINX=0 / LIVEREC=0 to skip one server, FIRST=nginx to run nginx-rtmp first,
#      JAR (default target/liverec.jar; another build for a side-by-side run: the generator stays GEN_JAR),
#      RESULTS (default $BENCH_WORK/results.jsonl); generator settings: see bench/bench-lib.sh.
# Prints one JSON line per run and appends it to $RESULTS, then a readable line: the figures, the delivered
# bitrate against nominal, publisher failures, generator CPU and VALID / INVALID (why). A run is invalid when the
# generator delivered < 95 % of nominal in the window or any publisher failed (connect, handshake, refused,
# disconnected): its per-stream figures then measure a smaller load than they claim.
# Recordings are deleted after each run (4 files per run are checked with ffprobe + a full decode first).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FORMATS=${1:-"flv hls"}
COUNTS=${2:-"100 500"}
WINDOW=${3:-60}
WARMUP=${WARMUP:-10}
W=${BENCH_WORK:-/tmp/liverec-record-bench}
SOURCE=${SOURCE:-$W/media/src_nobf.flv}
JAR=${JAR:-$here/target/liverec.jar}
JAVA_OPTS=${JAVA_OPTS:-}
MEMORY_BUDGET=${MEMORY_BUDGET:-}
RESULTS=${RESULTS:-$W/results.jsonl}
mkdir -p "$W"
# shellcheck source=bench-lib.sh
source "$here/bench/bench-lib.sh"
GEN_STATS=$W/gen-stats.json
[[ -f $SOURCE ]] || "$here/bench/make-media.sh" "$(dirname "$SOURCE")"
[[ -f $JAR && -f $GEN_JAR ]] || (cd "$here" && mvn -o -q -B package -DskipTests)

# measure PID for WINDOW after the ramp and WARMUP while the generator runs; sets CPU_S, ELAPSED, PEAK_RSS_MB,
# PEAK_PSS_MB, and marks the generator's counters at the window's edges. With METRICS (liverec's /metrics URL)
# it also samples the GOP caches' bytes: GOP_MAX_MB, and GOP_AT_PEAK_MB at the sample of the RSS peak; the part of
# them in memory (GOP_MEMORY_MAX_MB) and, at the window's end, the size of the GOP files the process holds open
# (GOP_FILES_MB: page cache, not RSS; each file is as large as the largest GOP its stream had).
measure() {
  local pid=$1 n=$2
  GOP_MAX_MB=; GOP_AT_PEAK_MB=; GOP_MEMORY_MAX_MB=; GOP_FILES_MB=
  sleep $(( $(gen_ramp_s "$n") + WARMUP ))
  gen_mark from
  local c0; c0=$(cpu_ticks "$pid"); local t0; t0=$(date +%s.%N)
  local peak=0 peakp=0 end=$(( $(date +%s) + WINDOW ))
  local gmax=0 gpeak=0 gmem=0
  while (( $(date +%s) < end )); do
    local r; r=$(rss_kb "$pid")
    local g=0 m=0
    if [[ -n ${METRICS:-} ]]; then
      read -r g m < <(curl -s "$METRICS" | awk '$1=="liverec_gop_cache_bytes"{g=$2} $1=="liverec_gop_cache_memory_bytes"{m=$2}
        END{printf "%d %d\n", g, m}')
    fi
    (( ${g:-0} > gmax )) && gmax=$g
    (( ${m:-0} > gmem )) && gmem=$m
    (( r > peak )) && { peak=$r; gpeak=${g:-0}; }
    local q; q=$(pss_kb "$pid"); (( q > peakp )) && peakp=$q
    sleep 2
  done
  local c1; c1=$(cpu_ticks "$pid"); local t1; t1=$(date +%s.%N)
  gen_mark to
  CPU_S=$(python3 -c "print(round(($c1-$c0)/$TCK,2))")
  ELAPSED=$(python3 -c "print(round($t1-$t0,2))")
  PEAK_RSS_MB=$((peak / 1024)); PEAK_PSS_MB=$((peakp / 1024))
  if [[ -n ${METRICS:-} ]]; then
    GOP_MAX_MB=$((gmax / 1048576)); GOP_AT_PEAK_MB=$((gpeak / 1048576)); GOP_MEMORY_MAX_MB=$((gmem / 1048576))
    GOP_FILES_MB=$(python3 -c '
import os, sys
d = "/proc/%s/fd" % sys.argv[1]; total = 0
for fd in os.listdir(d):
    try:
        if "gop-cache/gop-" in os.readlink(os.path.join(d, fd)): total += os.stat(os.path.join(d, fd)).st_size
    except OSError:
        pass
print(total >> 20)' "$pid")
  fi
}

validate() { # dir ext -> "checked/total ok"
  local dir=$1 ext=$2 files total ok=0 n=0
  mapfile -t files < <(find "$dir" -name "*.$ext" -type f | sort)
  total=${#files[@]}
  local open=0
  for f in "${files[@]:0:4}"; do
    n=$((n + 1))
    # a playlist without EXT-X-ENDLIST (nginx-rtmp's) is a live playlist: a player keeps waiting for segments, so
    # it fails the check at once (counted as "open") instead of after a timeout
    if [[ $ext == m3u8 ]] && ! grep -q '^#EXT-X-ENDLIST' "$f"; then open=$((open + 1)); continue; fi
    if timeout 120 ffprobe -v error "$f" >/dev/null 2>&1 && out=$(timeout 45 ffmpeg -nostdin -v error -i "$f" -f null - 2>&1) && [[ -z $out ]]; then ok=$((ok + 1)); fi
  done
  if (( open )); then echo "$ok/$n of $total ($open without ENDLIST)"; else echo "$ok/$n of $total"; fi
}

publish() { # url n: the generator in the background (GEN_PID), publishing through warm-up and window
  gen_start "$1" "$2" $(( $(gen_ramp_s "$2") + WARMUP + WINDOW + 5 )) "$W/publish.log"
}

result() { # server fmt n
  local verdict; verdict=$(gen_verdict from to)
  python3 - "$1" "$3" "$2" "$ELAPSED" "$CPU_S" "$PEAK_RSS_MB" "$PEAK_PSS_MB" "$VALID" "$(cut -d' ' -f1 /proc/loadavg)" \
      "${WRITES:-}" "$verdict" "$RESULTS" "${IDLE_RSS_MB:-}" "${GOP_MAX_MB:-}" "${GOP_AT_PEAK_MB:-}" "${BUDGET_LINE:-}" \
      "${GOP_MEMORY_MAX_MB:-}" "${GOP_FILES_MB:-}" <<'PY'
import json, sys
server, fmt, n, window, cpu, rss, pss, files, load1, writes, verdict, results, idle, gop_max, gop_peak, budget, \
    gop_mem, gop_files = sys.argv[1:]
n, window, cpu, v = int(n), float(window), float(cpu), json.loads(verdict)
delivered_gbit = v.get("delivered_bytes", 0) * 8 / 1e9 * window / max(0.001, v.get("window_s", window))
r = {"server": server, "format": fmt, "streams": n, "window_s": window, "cpu_s": cpu,
     "cpu_s_per_stream_min": round(cpu / (n * window / 60), 4),
     "cpu_s_per_delivered_gbit": round(cpu / delivered_gbit, 3) if delivered_gbit > 0 else None,
     "peak_rss_mb": int(rss), "peak_pss_mb": int(pss), "files_checked": files, "load1": load1,
     "delivered_mbit_s": v.get("delivered_mbit_s"), "nominal_mbit_s": v.get("nominal_mbit_s"),
     "delivered_pct": v.get("delivered_pct"), "failed": v.get("failed"), "failures": v.get("failures"),
     "gen_cpu_pct": v.get("gen_cpu_pct"), "gen_max_lag_ms": v.get("max_lag_ms"),
     "valid": bool(v.get("valid")), "invalid_reason": v.get("invalid_reason", "")}
if writes:
    r.update(json.loads("{" + writes + "}"))
if idle:
    # issue 11's target: peak RSS above the idle node <= the GOP caches' bytes + 128 KB per stream
    r.update({"idle_rss_mb": int(idle), "above_idle_mb": int(rss) - int(idle)})
if gop_max:
    r.update({"gop_max_mb": int(gop_max), "gop_at_peak_mb": int(gop_peak),
              "allowance_mb": int(gop_max) + round(n * 128 / 1024), "memory_budget": budget,
              "gop_memory_max_mb": int(gop_mem or 0), "gop_files_mb": int(gop_files or 0)})
line = json.dumps(r, separators=(",", ":"))
print(line)
open(results, "a").write(line + "\n")
print("%-10s %-4s x%-5d %.4f CPU-s/stream-min  %s CPU-s/delivered Gbit  RSS %d MB  delivered %s of %s Mbit/s (%s%%)  "
      "failures %s  generator %s%% CPU  files %s  %s" % (server, fmt, n, r["cpu_s_per_stream_min"],
      r["cpu_s_per_delivered_gbit"], r["peak_rss_mb"], r["delivered_mbit_s"], r["nominal_mbit_s"], r["delivered_pct"],
      r["failed"], r["gen_cpu_pct"], files, "VALID" if r["valid"] else "INVALID: " + r["invalid_reason"]))
if gop_max:
    print("%-10s above idle %d MB (idle %d MB), GOP caches max %d MB (in memory max %d MB, files %d MB): allowance %d MB -> %s"
          % (server, r["above_idle_mb"], r["idle_rss_mb"], r["gop_max_mb"], r["gop_memory_max_mb"], r["gop_files_mb"],
             r["allowance_mb"], "within" if r["above_idle_mb"] <= r["allowance_mb"] else "OVER"))
PY
  WRITES=; IDLE_RSS_MB=; GOP_MAX_MB=; GOP_AT_PEAK_MB=; GOP_MEMORY_MAX_MB=; GOP_FILES_MB=
}

run_liverec() { # fmt n
  local fmt=$1 n=$2 d=$W/liverec-data http rtmp pid
  rm -rf "$d"; mkdir -p "$d"
  http=$(free_port); rtmp=$(free_port)
  printf 'record:\n  hlsSegmentSeconds: 2\n' > "$W/liverec.yaml"
  local cred; cred=$(java -jar "$JAR" credential create --data-dir "$d" --json 2>/dev/null | tail -1)
  export LIVEREC_SECRET_ID=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['SecretId'])" "$cred")
  export LIVEREC_SECRET_KEY=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['SecretKey'])" "$cred")
  # as users start it: the launcher derives heap and direct limits from the memory budget and execs the JVM
  local budget=(); [[ -n $MEMORY_BUDGET ]] && budget=(--memory-budget "$MEMORY_BUDGET")
  LIVEREC_JAR="$JAR" LIVEREC_JAVA_OPTS="$JAVA_OPTS" "$here/liverec" serve "${budget[@]}" --config "$W/liverec.yaml" \
      --data-dir "$d" --http-port "$http" --rtmp-port "$rtmp" > "$W/liverec.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$http/" && break; sleep 0.5; done
  local call="java -jar $JAR call --endpoint http://127.0.0.1:$http"
  $call AddLiveDomain --json '{"DomainName":"bench.local","DomainType":0}' > /dev/null
  $call ModifyLivePushAuthKey --json '{"DomainName":"bench.local","Enable":0}' > /dev/null
  if [[ $fmt != live ]]; then # live = ingest only, nothing recorded (the reference for the recording share)
    local param; if [[ $fmt == flv ]]; then param='"FlvParam":{"Enable":1,"RecordInterval":3600}'; else param='"HlsParam":{"Enable":1}'; fi
    local tid; tid=$($call CreateLiveRecordTemplate --json "{\"TemplateName\":\"bench$fmt\",$param}" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["TemplateId"])')
    $call CreateLiveRecordRule --json "{\"DomainName\":\"bench.local\",\"AppName\":\"live\",\"TemplateId\":$tid}" > /dev/null
  fi
  sleep 3
  jcmd "$pid" GC.run > /dev/null 2>&1 || true
  sleep 1
  IDLE_RSS_MB=$(( $(rss_kb "$pid") / 1024 ))
  BUDGET_LINE=$(grep -o 'memory budget [0-9]* MiB: heap limit [0-9]* MiB, direct limit [0-9]* MiB' "$W/liverec.log" | head -1)
  publish "rtmp://127.0.0.1:$rtmp/live?domain=bench.local" "$n"
  METRICS="http://127.0.0.1:$http/metrics" measure "$pid" "$n"
  # on-loop file writes (64 KiB chunks): count, total and max seconds from the engine's timer
  WRITES=$(curl -s "http://127.0.0.1:$http/metrics" | python3 -c '
import sys
m = {}
for l in sys.stdin:
    if l.startswith("liverec_segment_write_seconds") or l.startswith("liverec_record_bytes_written_total"):
        k, v = l.rsplit(" ", 1); m[k.split("{")[0]] = float(v)
c = m.get("liverec_segment_write_seconds_count", 0); t = m.get("liverec_segment_write_seconds_sum", 0)
print("\"writes\":%d,\"write_mean_us\":%.1f,\"write_max_ms\":%.2f,\"bytes_written\":%d" % (c, 1e6 * t / c if c else 0,
      1e3 * m.get("liverec_segment_write_seconds_max", 0), m.get("liverec_record_bytes_written_total", 0)))')
  wait "$GEN_PID" || true
  sleep 5
  kill -TERM "$pid"; wait "$pid" || true
  local ext=$fmt; [[ $fmt == hls ]] && ext=m3u8
  VALID=$(validate "$d" "$ext")
  cp "$W/liverec.log" "$W/liverec-$fmt-$n.log"
  result liverec "$n" "$fmt"
  rm -rf "$d"
}

run_nginx() { # fmt n
  local fmt=$1 n=$2 port conf pid
  port=$(free_port)
  conf=$(BENCH_WORK=$W NGINX_RTMP_PORT=$port bash "$here/bench/nginx-conf.sh" "$fmt" 1)
  rm -rf "$W/rec/nginx-$fmt"; mkdir -p "$W/rec/nginx-$fmt"; chmod 0777 "$W/rec/nginx-$fmt"
  nginx -p "$W/nginx/" -c "$conf" &
  pid=$!
  sleep 1
  IDLE_RSS_MB=$(( $(rss_kb "$pid") / 1024 ))
  publish "rtmp://127.0.0.1:$port/live" "$n"
  measure "$pid" "$n"
  wait "$GEN_PID" || true
  sleep 5
  kill -QUIT "$pid"; wait "$pid" || true
  local ext=$fmt; [[ $fmt == hls ]] && ext=m3u8
  VALID=$(validate "$W/rec/nginx-$fmt" "$ext")
  result nginx-rtmp "$n" "$fmt"
  rm -rf "$W/rec/nginx-$fmt"
}

for fmt in $FORMATS; do
  for n in $COUNTS; do
    if [[ ${FIRST:-liverec} == nginx ]]; then
      [[ ${NGINX:-1} == 0 ]] || run_nginx "$fmt" "$n"
      [[ ${LIVEREC:-1} == 0 ]] || run_liverec "$fmt" "$n"
    else
      [[ ${LIVEREC:-1} == 0 ]] || run_liverec "$fmt" "$n"
      [[ ${NGINX:-1} == 0 ]] || run_nginx "$fmt" "$n"
    fi
  done
done
