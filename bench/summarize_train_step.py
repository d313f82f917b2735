#!/usr/bin/env python3
"""Table of training-step throughput: Dante (JMH JSON) beside PyTorch (train_step_torch.py JSON lines)."""
import json
import statistics
import sys


def stats(xs):
    return min(xs), statistics.median(xs), max(xs)


def main():
    rows = {}
    alloc = {}
    for r in json.load(open(sys.argv[1])):
        b, t = int(r["params"]["batch"]), int(r["params"]["threads"])
        scale = {"us/op": 1e-6, "ms/op": 1e-3, "ns/op": 1e-9}[r["primaryMetric"]["scoreUnit"]]
        its = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        rows[("dante", b, t)] = stats([b / (x * scale) for x in its])
        sec = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if sec:
            alloc[(b, t)] = sec["score"]
    version = "?"
    for path in sys.argv[2:]:
        for line in open(path):
            d = json.loads(line)
            rows[("torch", d["batch"], d["threads"])] = stats(d["samples_per_s"])
            version = d["torch"]
    fmt = lambda s: "—" if s is None else "%.0f / **%.0f** / %.0f" % s
    print("Samples/s (min / median / max over iterations). PyTorch %s on the CPU." % version)
    print()
    print("| batch | threads | Dante | PyTorch | Dante / PyTorch (median) | Dante allocation per step |")
    print("|---|---|---|---|---|---|")
    for b in (64, 256):
        for t in (1, 2):
            d, p = rows.get(("dante", b, t)), rows.get(("torch", b, t))
            ratio = "%.2f×" % (d[1] / p[1]) if d and p else "—"
            a = alloc.get((b, t))
            print("| %d | %d | %s | %s | %s | %s |" % (b, t, fmt(d), fmt(p), ratio, "—" if a is None else "%.3g B" % a))
    print()
    for b in (64, 256):
        one, two = rows.get(("dante", b, 1)), rows.get(("dante", b, 2))
        if one and two:
            print("- Dante batch %d: 2 threads / 1 thread = %.2f×" % (b, two[1] / one[1]))


if __name__ == "__main__":
    main()
