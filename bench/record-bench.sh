#!/usr/bin/env bash
# record-bench.sh -- CPU and memory of liverec recording N streams, beside nginx-rtmp recording the same load,
# both fed by the same load generator (`liverec bench publish`: one JVM, many RTMP connections, real-time pace).
#
# Usage: bench/record-bench.sh [FORMATS] [COUNTS] [WINDOW_S]
#   FORMATS  default "flv hls"    COUNTS  default "100 500"    WINDOW_S  measurement window, default 60
# Env: BENCH_WORK (default /tmp/liverec-record-bench), SOURCE (default: src_nobf.flv made once by
#      bench/make-media.sh into $BENCH_WORK/media),
#      WARMUP (default 10), JAVA_OPTS for the server (default -Xmx2g), NGINX=0 / LIVEREC=0 to skip one server,
#      JAR (default target/liverec.jar; another build for a side-by-side run).
# Prints one JSON line per run and appends it to $BENCH_WORK/results.jsonl; recordings are deleted after each
# run (4 files per run are checked with ffprobe + a full decode first).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FORMATS=${1:-"flv hls"}
COUNTS=${2:-"100 500"}
WINDOW=${3:-60}
WARMUP=${WARMUP:-10}
W=${BENCH_WORK:-/tmp/liverec-record-bench}
SOURCE=${SOURCE:-$W/media/src_nobf.flv}
JAR=${JAR:-$here/target/liverec.jar}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx2g"}
TCK=$(getconf CLK_TCK)
mkdir -p "$W"
[[ -f $SOURCE ]] || "$here/bench/make-media.sh" "$(dirname "$SOURCE")"
[[ -f $JAR ]] || (cd "$here" && mvn -o -q -B package -DskipTests)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# cpu ticks (utime+stime) of a process tree
tree_pids() { local p=$1; echo "$p"; for c in $(pgrep -P "$p" || true); do tree_pids "$c"; done; }
cpu_ticks() { local t=0; for p in $(tree_pids "$1"); do
    [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
rss_kb() { local t=0; for p in $(tree_pids "$1"); do
    t=$((t + $(awk '/^VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo $t; }
pss_kb() { local t=0; for p in $(tree_pids "$1"); do
    t=$((t + $(awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0))); done; echo $t; }

# measure PID for WINDOW after WARMUP while the generator runs; sets CPU_S, PEAK_RSS_MB, PEAK_PSS_MB
measure() {
  local pid=$1
  sleep "$WARMUP"
  local c0; c0=$(cpu_ticks "$pid"); local t0; t0=$(date +%s.%N)
  local peak=0 peakp=0 end=$(( $(date +%s) + WINDOW ))
  while (( $(date +%s) < end )); do
    local r; r=$(rss_kb "$pid"); (( r > peak )) && peak=$r
    local q; q=$(pss_kb "$pid"); (( q > peakp )) && peakp=$q
    sleep 2
  done
  local c1; c1=$(cpu_ticks "$pid"); local t1; t1=$(date +%s.%N)
  CPU_S=$(python3 -c "print(round(($c1-$c0)/$TCK,2))")
  ELAPSED=$(python3 -c "print(round($t1-$t0,2))")
  PEAK_RSS_MB=$((peak / 1024)); PEAK_PSS_MB=$((peakp / 1024))
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

publish() { # url n seconds
  java -Xmx1g -jar "$JAR" bench publish --url "$1" --streams "$2" --source "$SOURCE" \
      --duration "$3" --ramp-ms 5 > "$W/publish.log" 2>&1
}

result() { # server fmt n
  local per=$(python3 -c "print(round($CPU_S/($2*$ELAPSED/60),4))")
  local extra=${WRITES:+,$WRITES}; WRITES=
  local line="{\"server\":\"$1\",\"format\":\"$3\",\"streams\":$2,\"window_s\":$ELAPSED,\"cpu_s\":$CPU_S,\"cpu_s_per_stream_min\":$per,\"peak_rss_mb\":$PEAK_RSS_MB,\"peak_pss_mb\":$PEAK_PSS_MB,\"files_checked\":\"$VALID\",\"load1\":\"$(cut -d' ' -f1 /proc/loadavg)\"$extra}"
  echo "$line" | tee -a "$W/results.jsonl"
}

run_liverec() { # fmt n
  local fmt=$1 n=$2 d=$W/liverec-data http rtmp pid
  rm -rf "$d"; mkdir -p "$d"
  http=$(free_port); rtmp=$(free_port)
  printf 'record:\n  hlsSegmentSeconds: 2\n' > "$W/liverec.yaml"
  local cred; cred=$(java -jar "$JAR" credential create --data-dir "$d" --json 2>/dev/null | tail -1)
  export LIVEREC_SECRET_ID=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['SecretId'])" "$cred")
  export LIVEREC_SECRET_KEY=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['SecretKey'])" "$cred")
  java $JAVA_OPTS -jar "$JAR" serve --config "$W/liverec.yaml" --data-dir "$d" --http-port "$http" \
      --rtmp-port "$rtmp" > "$W/liverec.log" 2>&1 &
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
  publish "rtmp://127.0.0.1:$rtmp/live?domain=bench.local" "$n" $((WARMUP + WINDOW + 5)) &
  local gen=$!
  measure "$pid"
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
  wait "$gen" || true
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
  publish "rtmp://127.0.0.1:$port/live" "$n" $((WARMUP + WINDOW + 5)) &
  local gen=$!
  measure "$pid"
  wait "$gen" || true
  sleep 5
  kill -QUIT "$pid"; wait "$pid" || true
  local ext=$fmt; [[ $fmt == hls ]] && ext=m3u8
  VALID=$(validate "$W/rec/nginx-$fmt" "$ext")
  result nginx-rtmp "$n" "$fmt"
  rm -rf "$W/rec/nginx-$fmt"
}

for fmt in $FORMATS; do
  for n in $COUNTS; do
    [[ ${LIVEREC:-1} == 0 ]] || run_liverec "$fmt" "$n"
    [[ ${NGINX:-1} == 0 ]] || run_nginx "$fmt" "$n"
  done
done
