#!/usr/bin/env python3
"""ingest_sample.py PID... --seconds S --out FILE

Samples the process trees rooted at the given PIDs once a second for S seconds: CPU ticks (utime+stime of
every live process, plus cutime+cstime) at the first and last sample, peak RSS and peak PSS (sum over the
tree), and the machine's total busy ticks (to show outside load). Writes one JSON object. Standard library only.
"""
import json
import os
import sys
import time

CLK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def stat(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            data = f.read()
    except OSError:
        return None
    f = data[data.rfind(")") + 2:].split()
    return {"ppid": int(f[1]), "ticks": int(f[11]) + int(f[12]) + int(f[13]) + int(f[14]), "rss_kb": int(f[21]) * PAGE_KB}


def tcp_received(pids):
    """Bytes received so far on the established TCP sockets of these processes (ss tcp_info bytes_received)."""
    import re
    import subprocess
    try:
        out = subprocess.run(["ss", "-tinpH", "state", "established"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return 0
    wanted = set(pids)
    total, owner = 0, False
    for line in out.splitlines():
        if not line.startswith((" ", "\t")):
            owner = any(int(p) in wanted for p in re.findall(r"pid=(\d+)", line))
        elif owner:
            m = re.search(r"bytes_received:(\d+)", line)
            if m:
                total += int(m.group(1))
    return total


def pss(pid):
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree(roots):
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            s = stat(int(d))
            if s:
                children.setdefault(s["ppid"], []).append(int(d))
    out, todo = [], list(roots)
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def machine_busy():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v) - v[3] - v[4], sum(v)


def main():
    args = sys.argv[1:]
    secs = int(args[args.index("--seconds") + 1])
    out = args[args.index("--out") + 1]
    roots = [int(a) for a in args[:args.index("--seconds")]]
    first_ticks = None
    peak_rss = peak_pss = 0
    busy0, total0 = machine_busy()
    t0 = time.time()
    ticks = 0
    first_read = None
    read = 0
    for i in range(secs + 1):
        pids = tree(roots)
        ticks = sum((stat(p) or {"ticks": 0})["ticks"] for p in pids)
        rss = sum((stat(p) or {"rss_kb": 0})["rss_kb"] for p in pids)
        ps = sum(pss(p) for p in pids)
        if first_ticks is None or i == secs:
            read = tcp_received(pids)
        if first_ticks is None:
            first_ticks = ticks
            first_read = read
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, ps)
        if i < secs:
            time.sleep(max(0, t0 + i + 1 - time.time()))
    busy1, total1 = machine_busy()
    elapsed = time.time() - t0
    json.dump({"cpu_s": (ticks - first_ticks) / CLK, "seconds": round(elapsed, 1), "peak_rss_mb": round(peak_rss / 1024, 1),
               "peak_pss_mb": round(peak_pss / 1024, 1), "processes": len(pids),
               "read_mbit_s": round((read - first_read) * 8 / 1e6 / max(0.001, elapsed), 1),
               "machine_busy_pct": round(100.0 * (busy1 - busy0) / max(1, total1 - total0), 1)}, open(out, "w"))


if __name__ == "__main__":
    main()
