#!/usr/bin/env bash
# memory-profile.sh FORMAT STREAMS [SECONDS] -- where the bytes of a recording node go (docs/memory.md).
# Starts `serve` with Native Memory Tracking, measures it idle, then while `liverec bench publish` feeds STREAMS
# streams recorded as FORMAT (flv | hls | live = ingest only) for SECONDS (default 40) from the moment all are live:
# peak RSS, the NMT summary, a class histogram of the live heap and the liverec_* memory metrics. Prints one JSON line; the raw outputs stay
# in $OUT (default /tmp/liverec-memory/FORMAT-STREAMS).
# Env: JAVA_OPTS for the server (default: none, i.e. what the launcher derives from LIVEREC_MEMORY_BUDGET or the
#      machine), SOURCE (default: src_nobf.flv made by bench/make-media.sh), JAR (default target/liverec.jar).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fmt=${1:?usage: memory-profile.sh FORMAT STREAMS [SECONDS]}
n=${2:?streams}
secs=${3:-40}
OUT=${OUT:-/tmp/liverec-memory/$fmt-$n}
JAR=${JAR:-$here/target/liverec.jar}
SOURCE=${SOURCE:-/tmp/liverec-memory/media/src_nobf.flv}
[[ -f $SOURCE ]] || "$here/bench/make-media.sh" "$(dirname "$SOURCE")" 20
rm -rf "$OUT"; mkdir -p "$OUT/data"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss() { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }
http=$(port); rtmp=$(port)
printf 'record:\n  hlsSegmentSeconds: 2\n' > "$OUT/liverec.yaml"
cred=$(java -jar "$JAR" credential create --data-dir "$OUT/data" --json 2>/dev/null | tail -1)
export LIVEREC_SECRET_ID=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['SecretId'])" "$cred")
export LIVEREC_SECRET_KEY=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['SecretKey'])" "$cred")
LIVEREC_JAVA_OPTS="${JAVA_OPTS:-} -XX:NativeMemoryTracking=summary" LIVEREC_JAR="$JAR" \
  "$here/liverec" serve --config "$OUT/liverec.yaml" --data-dir "$OUT/data" --http-port "$http" --rtmp-port "$rtmp" \
  > "$OUT/server.log" 2>&1 &
launcher=$!
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$http/" && break; sleep 0.5; done
pid=$(pgrep -P "$launcher" java || echo "$launcher")
call="java -jar $JAR call --endpoint http://127.0.0.1:$http"
$call AddLiveDomain --json '{"DomainName":"bench.local","DomainType":0}' > /dev/null
$call ModifyLivePushAuthKey --json '{"DomainName":"bench.local","Enable":0}' > /dev/null
if [[ $fmt != live ]]; then
  if [[ $fmt == flv ]]; then param='"FlvParam":{"Enable":1,"RecordInterval":3600}'; else param='"HlsParam":{"Enable":1}'; fi
  tid=$($call CreateLiveRecordTemplate --json "{\"TemplateName\":\"mem$fmt\",$param}" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["TemplateId"])')
  $call CreateLiveRecordRule --json "{\"DomainName\":\"bench.local\",\"AppName\":\"live\",\"TemplateId\":$tid}" > /dev/null
fi
sleep 5
jcmd "$pid" GC.run > /dev/null; sleep 1
idle=$(rss "$pid")
jcmd "$pid" VM.native_memory summary > "$OUT/nmt-idle.txt"
cp "/proc/$pid/smaps" "$OUT/smaps-idle.txt"
cat /proc/"$pid"/task/*/comm | sed 's/[0-9]*$//' | sort | uniq -c | sort -rn > "$OUT/threads-idle.txt"
java -Xmx512m -jar "$JAR" bench publish --url "rtmp://127.0.0.1:$rtmp/live?domain=bench.local" --streams "$n" \
    --source "$SOURCE" --duration $((secs + 120)) --ramp-ms 5 > "$OUT/publish.log" 2>&1 &
gen=$!
live() { curl -s "http://127.0.0.1:$http/metrics" | awk '$1=="liverec_streams_live"{print int($2)}'; }
peak=0; t0=$(date +%s) # the window starts once every stream is live (a loaded machine starts the generator slowly)
while l=$(live); (( ${l:-0} < n && $(date +%s) < t0 + 90 )); do r=$(rss "$pid"); (( r > peak )) && peak=$r; sleep 1; done
sleep 5
end=$(( $(date +%s) + secs ))
# each second: RSS and the terms of the formula (docs/memory.md), to set the peak against the GOP caches of that moment
echo "rss_kb gop_cache_bytes payload_block_bytes write_buffer_bytes direct_bytes heap_used_bytes write_queue_bytes idle_block_bytes gop_memory_bytes" > "$OUT/timeline.txt"
gop_at_peak=0
while (( $(date +%s) < end )); do
  r=$(rss "$pid")
  row=$(curl -s "http://127.0.0.1:$http/metrics" | awk '$1=="liverec_gop_cache_bytes"{g=$2} $1=="liverec_payload_block_bytes"{b=$2}
      $1=="liverec_write_buffer_bytes"{w=$2} $1=="jvm_buffer_memory_used_bytes{id=\"direct\"}"{d=$2}
      $1 ~ /^jvm_memory_used_bytes/ && $1 ~ /area="heap"/{h+=$2} $1=="liverec_write_queue_bytes"{q=$2}
      $1=="liverec_direct_block_idle_bytes"{i=$2} $1=="liverec_gop_cache_memory_bytes"{m=$2}
      END{printf "%d %d %d %d %d %d %d %d", g, b, w, d, h, q, i, m}')
  echo "$r $row" >> "$OUT/timeline.txt"
  (( r > peak )) && { peak=$r; gop_at_peak=${row%% *}; }
  sleep 1
done
curl -s "http://127.0.0.1:$http/metrics" > "$OUT/metrics.txt"
r=$(rss "$pid"); (( r > peak )) && peak=$r
jcmd "$pid" VM.native_memory summary > "$OUT/nmt-load.txt"
cp "/proc/$pid/smaps" "$OUT/smaps-load.txt" # which mappings the RSS is in (malloc arenas vs the JVM's own)
cat /proc/"$pid"/task/*/comm | sed 's/[0-9]*$//' | sort | uniq -c | sort -rn > "$OUT/threads-load.txt"
jcmd "$pid" GC.class_histogram > "$OUT/histogram.txt" # a full GC first: the live heap
after_gc=$(rss "$pid"); (( after_gc > peak )) && peak=$after_gc
kill "$gen"; wait "$gen" || true
kill -TERM "$pid"; wait "$launcher" || true
rm -rf "$OUT/data" # the recordings: a few GB a run, the profile keeps only the measurements
metric() { awk -v m="$1" '$1==m{print $2}' "$OUT/metrics.txt" | head -1; }
nmt() { awk -v s="$2" '$0 ~ "- *"s" \\(reserved" {gsub(/.*committed=/,""); gsub(/KB.*/,""); print; exit}' "$OUT/$1"; }
printf '{"format":"%s","streams":%d,"idle_rss_mb":%d,"peak_rss_mb":%d,"rss_after_full_gc_mb":%d,"per_stream_kb":%d,' \
  "$fmt" "$n" $((idle/1024)) $((peak/1024)) $((after_gc/1024)) $(((peak-idle)/n))
printf '"nmt_heap_kb":%s,"nmt_other_kb":%s,"nmt_threads_kb":%s,"nmt_class_kb":%s,"nmt_code_kb":%s,"nmt_gc_kb":%s,' \
  "$(nmt nmt-load.txt 'Java Heap')" "$(nmt nmt-load.txt Other)" "$(nmt nmt-load.txt Thread)" \
  "$(nmt nmt-load.txt Class)" "$(nmt nmt-load.txt Code)" "$(nmt nmt-load.txt GC)"
printf '"gop_at_peak_bytes":%s,"gop_max_bytes":%s,' "$gop_at_peak" "$(awk 'NR>1 && $2>m{m=$2} END{print m+0}' "$OUT/timeline.txt")"
printf '"gop_cache_bytes":%s,"write_queue_bytes":%s,"write_buffer_bytes":%s,"direct_bytes":%s,"live_streams":%s,"publisher":"%s"}\n' \
  "$(metric liverec_gop_cache_bytes || true)" "$(metric liverec_write_queue_bytes || true)" \
  "$(metric liverec_write_buffer_bytes || true)" "$(metric jvm_buffer_memory_used_bytes{id=\"direct\"} || true)" \
  "$(metric liverec_streams_live || true)" "$(grep rate= "$OUT/publish.log" | tail -1)" | tee -a "$OUT/../results.jsonl"
