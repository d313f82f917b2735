#!/usr/bin/env python3
"""Tables for bench/RESULTS.md from bench/spark.sh's outputs: end-to-end examples/s (local vs Spark) and the probe."""
import csv, json, statistics, sys
from collections import defaultdict

runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
probe = list(csv.DictReader(open(sys.argv[2])))

def mmm(v):
    return f"{statistics.median(v):,.0f} [{min(v):,.0f}, {max(v):,.0f}]"

print("| method | batch | engine | examples/s, median [min, max] | × local | training s (median) | test accuracy |")
print("|---|---|---|---|---|---|---|")
groups = defaultdict(list)
for r in runs:
    where = "local" if r["engine"] == "local" else r.get("master", "spark local[2]").replace("spark ", "")
    if where.startswith("spark://"):                       # a loopback cluster: name it by its workers
        where = "standalone, " + str(r.get("workers", "?")) + " executor(s)"
    groups[(r["method"], r["batch"], where, r["partitions"])].append(r)
for (m, b, e, p), rs in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] != "local", kv[0][2], kv[0][3])):
    eps = [r["examples_per_second"] for r in rs]
    local = statistics.median(x["examples_per_second"] for x in groups[(m, b, "local", 0)])
    name = "local (2 threads)" if e == "local" else f"spark {e}, {p} partition{'s' if p > 1 else ''}"
    print(f"| {m} | {b} | {name} | {mmm(eps)} | {statistics.median(eps) / local:.2f} | {statistics.median(r['training_seconds'] for r in rs):.2f} | "
          f"{statistics.median(r['test_accuracy'] for r in rs):.4f} |")
print()
print("| probe | architecture | partitions | parameters | MB broadcast | MB aggregated | median ms [min, max] |")
print("|---|---|---|---|---|---|---|")
for r in probe:
    print(f"| {r['what']} | {r['architecture']} | {r['partitions']} | {int(r['parameters']):,} | {int(r['bytes_broadcast']) / 1e6:.1f} | "
          f"{int(r['bytes_aggregated']) / 1e6:.1f} | {float(r['median_ms']):.3f} [{float(r['min_ms']):.3f}, {float(r['max_ms']):.3f}] |")
