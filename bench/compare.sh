#!/usr/bin/env bash
# compare.sh -- liverec and nginx-rtmp side by side: REPEAT alternating runs of record-bench.sh for one format and
# stream count (the order flips every run, so a drifting machine load hits both alike), then a table of medians.
#
# Usage: bench/compare.sh FORMAT COUNT [REPEAT] [WINDOW_S]
#   FORMAT  flv | hls | live (ingest only)    COUNT  streams    REPEAT  default 3    WINDOW_S  default 45
# Env: as record-bench.sh (WARMUP, MEMORY_BUDGET, JAVA_OPTS, JAR, GEN_JAR, BENCH_WORK, SOURCE, RAMP_MS, GEN_THREADS, GEN_TICK_MS).
# The raw lines go to $BENCH_WORK/compare-FORMAT-COUNT-<time>.jsonl; the table to stdout (Markdown) and beside the
# raw lines (.md). The comparison is valid only when every run is: a row with valid < REPEAT/REPEAT measured less
# load than it names (see record-bench.sh), and its medians must not be quoted.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FORMAT=${1:?usage: compare.sh FORMAT COUNT [REPEAT] [WINDOW_S]}
COUNT=${2:?usage: compare.sh FORMAT COUNT [REPEAT] [WINDOW_S]}
REPEAT=${3:-3}
WINDOW=${4:-45}
W=${BENCH_WORK:-/tmp/liverec-record-bench}
mkdir -p "$W"
export RESULTS="$W/compare-$FORMAT-$COUNT-$(date +%Y%m%d-%H%M%S).jsonl"
: > "$RESULTS"
for rep in $(seq 1 "$REPEAT"); do
  first=liverec; (( rep % 2 == 0 )) && first=nginx
  echo "== run $rep of $REPEAT ($first first), load $(cut -d' ' -f1 /proc/loadavg)" >&2
  FIRST=$first "$here/record-bench.sh" "$FORMAT" "$COUNT" "$WINDOW" >&2
done
python3 "$here/median_table.py" "$RESULTS" | tee "${RESULTS%.jsonl}.md"
