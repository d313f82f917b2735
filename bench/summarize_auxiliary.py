#!/usr/bin/env python3
"""Summarizes bench/auxiliary.sh: per (arch, method, threads), seconds per epoch without the run's setup,
(t(3 epochs) − t(1 epoch)) / 2 for every pairing of the measurements, as min / median / max, with samples/s
and weights updated/s at the median; Dante beside the numpy anchor. Usage: summarize_auxiliary.py RESULTS_DIR REPEATS"""
import glob
import json
import statistics
import sys
from collections import defaultdict

N, BATCH = 16384, 64


def params(arch):
    s = [int(v) for v in arch.split(",")]
    return sum(s[i] * s[i - 1] + s[i] for i in range(1, len(s)))


def updates_per_epoch(arch, method):
    steps = (N + BATCH - 1) // BATCH
    return params(arch) * (1 if method == "admm" else steps)


def main():
    out = sys.argv[1]
    times = defaultdict(list)              # (who, arch, method, threads, epochs) -> [seconds]
    for f in sorted(glob.glob(out + "/auxiliary-jmh-*.json")):
        for b in json.load(open(f)):
            p = b["params"]
            for v in b["primaryMetric"]["rawData"][0]:
                times[("dante", p["arch"], p["method"], int(p["threads"]), int(p["epochs"]))].append(v / 1000.0)
    for line in open(out + "/auxiliary-numpy.jsonl"):
        r = json.loads(line)
        times[("numpy", r["arch"], r["method"], r["threads"], r["epochs"])].append(r["seconds"])
    print("| arch | method | threads | who | s per epoch min / median / max | samples/s (median) | weights updated/s (median) |")
    print("|---|---|---|---|---|---|---|")
    keys = sorted({k[:4] for k in times}, key=lambda k: (k[1], k[2], k[3], k[0]))
    for who, arch, method, threads in keys:
        one, three = times.get((who, arch, method, threads, 1), []), times.get((who, arch, method, threads, 3), [])
        per = sorted((b - a) / 2 for a in one for b in three)
        if not per:
            continue
        med = statistics.median(per)
        # a DANTE round passes the data once per layer; the others once per epoch
        passes = len(arch.split(",")) - 1 if method == "dante" else 1
        print(f"| {arch} | {method} | {threads} | {who} | {per[0]:.3f} / {med:.3f} / {per[-1]:.3f} | {passes * N / med:,.0f} | {updates_per_epoch(arch, method) / med:,.3g} |")


if __name__ == "__main__":
    main()
