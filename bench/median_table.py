#!/usr/bin/env python3
"""median_table.py RESULTS.jsonl -- the median table of bench/compare.sh: one row per server × format × streams.

Medians over all runs of a row (valid or not; the valid column says how many count). Memory: peak RSS, the idle
RSS before the load, the difference, the GOP caches' largest total in the window and the allowance of issue 11
(GOP caches + 128 KB per stream; liverec only). Files ffprobe-clean: runs whose
checked files all passed ffprobe + a full decode. Standard library only.
"""
import json
import re
import statistics
import sys


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def clean(files):
    m = re.match(r"(\d+)/(\d+) of (\d+)", files or "")
    return bool(m) and m.group(1) == m.group(2) and int(m.group(2)) > 0 and "without" not in files


def fmt(v, pattern):
    return "–" if v is None else pattern % v


def main():
    rows = {}
    for line in open(sys.argv[1]):
        if line.strip():
            r = json.loads(line)
            rows.setdefault((r["format"], r["streams"], r["server"]), []).append(r)
    print("| server | format | streams | runs valid | CPU-s / stream-min | CPU-s / delivered Gbit | peak RSS MB "
          "| idle RSS MB | above idle MB | GOP caches max MB | of them in memory max MB | GOP files MB | allowance MB "
          "| delivered % | failures (max) "
          "| generator CPU % | files ffprobe-clean | invalid because |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (fmt_, n, server), runs in sorted(rows.items()):
        valid = sum(1 for r in runs if r.get("valid"))
        reasons = sorted({r.get("invalid_reason") for r in runs if not r.get("valid") and r.get("invalid_reason")})
        print("| %s | %s | %d | %d/%d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d/%d | %s |" % (
            server, fmt_.upper(), n, valid, len(runs),
            fmt(median(r["cpu_s_per_stream_min"] for r in runs), "%.4f"),
            fmt(median(r.get("cpu_s_per_delivered_gbit") for r in runs), "%.3f"),
            fmt(median(r["peak_rss_mb"] for r in runs), "%d"),
            fmt(median(r.get("idle_rss_mb") for r in runs), "%d"),
            fmt(median(r.get("above_idle_mb") for r in runs), "%d"),
            fmt(median(r.get("gop_max_mb") for r in runs), "%d"),
            fmt(median(r.get("gop_memory_max_mb") for r in runs), "%d"),
            fmt(median(r.get("gop_files_mb") for r in runs), "%d"),
            fmt(median(r.get("allowance_mb") for r in runs), "%d"),
            fmt(median(r.get("delivered_pct") for r in runs), "%.1f"),
            fmt(max((r.get("failed") or 0) for r in runs), "%d"),
            fmt(median(r.get("gen_cpu_pct") for r in runs), "%.1f"),
            sum(1 for r in runs if clean(r.get("files_checked"))), len(runs),
            "; ".join(reasons) or ""))


if __name__ == "__main__":
    main()
