# bench-lib.sh -- sourced by the bench scripts: the load generator and the judgement of a measurement window.
#
#   gen_start URL STREAMS SECONDS LOG   starts `liverec bench publish` in the background (GEN_PID; its counters go to
#                                       $GEN_STATS every second, its last stdout line to LOG.json, stderr to LOG)
#   gen_mark NAME                       copies the generator's counters now to $GEN_STATS.NAME, and its CPU ticks
#   gen_verdict FROM TO                 one JSON object: delivered vs nominal bitrate, failures by kind, valid (the
#                                       95 % rule of `liverec bench verdict`) and the generator's CPU in the window
#   cpu_ticks PID / rss_kb PID / pss_kb PID   utime+stime ticks, RSS, PSS of a process tree
# Env: GEN_JAR (default target/liverec.jar of this tree: the same generator whatever server build is measured),
#      GEN_JAVA_OPTS (-Xmx1g), GEN_THREADS (0: the generator's default, 2), GEN_TICK_MS (40), RAMP_MS (5),
#      SOURCE (the FLV replayed), GEN_STATS (file of the counters).
bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GEN_JAR=${GEN_JAR:-$bench_root/target/liverec.jar}
GEN_JAVA_OPTS=${GEN_JAVA_OPTS:-"-Xmx1g"}
GEN_THREADS=${GEN_THREADS:-0}
GEN_TICK_MS=${GEN_TICK_MS:-40}
RAMP_MS=${RAMP_MS:-5}
TCK=$(getconf CLK_TCK)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
tree_pids() { local p=$1; echo "$p"; for c in $(pgrep -P "$p" || true); do tree_pids "$c"; done; }
cpu_ticks() { local t=0; for p in $(tree_pids "$1"); do
    [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
rss_kb() { local t=0; for p in $(tree_pids "$1"); do
    t=$((t + $(awk '/^VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo $t; }
pss_kb() { local t=0; for p in $(tree_pids "$1"); do
    t=$((t + $(awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0))); done; echo $t; }

# seconds the generator needs to start every publisher
gen_ramp_s() { echo $(( ($1 * RAMP_MS + 999) / 1000 )); }

gen_start() { # url streams seconds log
  GEN_STATS=${GEN_STATS:-$(dirname "$4")/gen-stats.json}
  rm -f "$GEN_STATS" "$GEN_STATS".*
  java $GEN_JAVA_OPTS -jar "$GEN_JAR" bench publish --url "$1" --streams "$2" --source "$SOURCE" --duration "$3" \
      --ramp-ms "$RAMP_MS" --threads "$GEN_THREADS" --tick-ms "$GEN_TICK_MS" --stats "$GEN_STATS" \
      > "$4.json" 2> "$4" &
  GEN_PID=$!
}

gen_mark() { # name
  local name=$1
  for _ in $(seq 1 50); do [[ -f $GEN_STATS ]] && break; sleep 0.2; done
  cp "$GEN_STATS" "$GEN_STATS.$name" 2>/dev/null || echo '{}' > "$GEN_STATS.$name"
  echo "$(cpu_ticks "$GEN_PID") $(date +%s.%N)" > "$GEN_STATS.$name.cpu"
}

gen_verdict() { # from to
  local v
  v=$(java -Xmx64m -XX:TieredStopAtLevel=1 -jar "$GEN_JAR" bench verdict "$GEN_STATS.$1" "$GEN_STATS.$2" 2>/dev/null) \
      || v='{"valid":false,"invalid_reason":"no generator counters (did it start?)"}'
  python3 - "$v" "$GEN_STATS.$1.cpu" "$GEN_STATS.$2.cpu" "$TCK" <<'PY'
import json, sys
v = json.loads(sys.argv[1])
(c0, t0), (c1, t1) = [map(float, open(f).read().split()) for f in sys.argv[2:4]]
v["gen_cpu_pct"] = round(100 * (c1 - c0) / float(sys.argv[4]) / max(0.001, t1 - t0), 1)
print(json.dumps(v, separators=(",", ":")))
PY
}
