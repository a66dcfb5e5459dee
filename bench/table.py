#!/usr/bin/env python3
"""bench/table.py RESULTS.tsv [LOOPLIMIT.txt]: the table of a bench/run.sh run.

RESULTS.tsv holds lines "round<TAB>server<TAB>metric<TAB>value". Each cell is the median over rounds with the
range; the last columns name the best peer per metric (highest for rates, lowest for times and memory) and
Ferry's ratio to it, as median(ferry) / median(best peer)."""
import collections
import statistics
import sys

LOWER_IS_BETTER = ("_ms", "_KiB", "_MiB", "_errors", "stalled_clients", "_per_session")
HIDDEN = ("_min", "_max", "_bytes", "_open_s", "_before_MiB", "procs_after", "noop_ok", "_lines", "_opened",
          "rss_")

values = collections.defaultdict(list)
metrics, servers = [], []
for line in open(sys.argv[1]):
    _, server, metric, value = line.rstrip("\n").split("\t")
    try:
        values[(server, metric)].append(float(value))
    except ValueError:
        continue
    if metric not in metrics:
        metrics.append(metric)
    if server not in servers:
        servers.append(server)
peers = [s for s in servers if not s.startswith("ferry")]  # ferry-inplace: Ferry with --atomic-uploads false
shown = [m for m in metrics if not any(h in m for h in HIDDEN)]
width = max(len(m) for m in shown)


def median(server, metric):
    v = values.get((server, metric))
    return statistics.median(v) if v else None


print("metric".ljust(width), *[s.rjust(21) for s in servers], "best peer".rjust(10), "ferry/best".rjust(10))
for m in shown:
    cells = []
    for s in servers:
        v = values.get((s, m))
        digits = 1 if v and max(v) < 10 else 0
        cells.append((f"{statistics.median(v):.1f} [{min(v):.{digits}f}-{max(v):.{digits}f}]" if v else "-").rjust(21))
    lower = m.endswith(LOWER_IS_BETTER)
    candidates = [(median(p, m), p) for p in peers if median(p, m) is not None]
    best, ratio = "", ""
    if candidates and median("ferry", m) is not None and not m.endswith(("_errors", "stalled_clients")):
        value, best = min(candidates) if lower else max(candidates)
        ratio = f"{median('ferry', m) / value:.2f}" if value else ""
    print(m.ljust(width), *cells, best.rjust(10), ratio.rjust(10))
print("(median [min-max] over rounds; MB = 1e6 bytes; rates: higher is better; _ms, _KiB: lower is better)")

if len(sys.argv) > 2:
    limits = dict(l.strip().split("=", 1) for l in open(sys.argv[2]) if "=" in l)
    sendfile = float(limits.get("sendfile_MBps", "nan"))
    print(f"machine: raw loopback TCP {float(limits.get('tcp_zero_MBps', 'nan')):.0f} MB/s, "
          f"sendfile file->socket {sendfile:.0f} MB/s")
    for m in ("retr_pasv_MBps", "retr_port_MBps"):
        if median("ferry", m):
            print(f"ferry {m} / sendfile limit: {median('ferry', m) / sendfile:.2f}")
for m in ("retr", "conc_50_tps", "conc_1000_tps"):
    pasv = median("ferry", m.replace("retr", "retr_pasv_MBps") if m == "retr" else "conc_pasv_" + m[5:])
    port = median("ferry", m.replace("retr", "retr_port_MBps") if m == "retr" else "conc_port_" + m[5:])
    if pasv and port:
        print(f"ferry active/passive, {m}: {port / pasv:.2f}")
