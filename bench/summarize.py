#!/usr/bin/env python3
"""Turns JMH JSON (GemmBenchmark) and gemm_numpy.py output into the Markdown table of RESULTS.md.

Usage: summarize.py jmh.json numpy-1.jsonl numpy-2.jsonl
GFLOP/s per iteration = 2mnk / (time per op); min/median/max are over the measured iterations.
"""
import json
import statistics
import sys


def flops(shape):
    m, n, k = (int(x) for x in shape.split("_")[0].split("x"))
    return 2.0 * m * n * k


def stats(xs):
    return min(xs), statistics.median(xs), max(xs)


def main():
    jmh = json.load(open(sys.argv[1]))
    rows = {}
    for r in jmh:
        p = r["params"]
        unit = r["primaryMetric"]["scoreUnit"]
        scale = {"us/op": 1e-6, "ms/op": 1e-3, "ns/op": 1e-9}[unit]
        its = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        g = [flops(p["shape"]) / (t * scale) / 1e9 for t in its]
        rows[(p["shape"], p["impl"], int(p["threads"]))] = stats(g)
    for path in sys.argv[2:]:
        for line in open(path):
            d = json.loads(line)
            rows[(d["shape"], "openblas", d["threads"])] = stats(d["gflops"])
            blas = d["blas"]
    shapes = []
    for (s, _, _) in rows:
        if s not in shapes:
            shapes.append(s)
    print("GFLOP/s, min / median / max over measured iterations. Anchor: numpy with %s." % blas)
    print()
    print("| shape (m×n×k, op(A)op(B)) | threads | naive loop | scalar reference | Vector API | OpenBLAS | Vector API / OpenBLAS (median) |")
    print("|---|---|---|---|---|---|---|")
    fmt = lambda t: "—" if t is None else "%.1f / **%.1f** / %.1f" % t
    for s in shapes:
        for th in (1, 2):
            get = lambda impl: rows.get((s, impl, th))
            if all(get(i) is None for i in ("naive", "scalar", "panama", "openblas")):
                continue
            pan, ob = get("panama"), get("openblas")
            ratio = "%.2f×" % (pan[1] / ob[1]) if pan and ob else "—"
            print("| %s | %d | %s | %s | %s | %s | %s |" % (s.replace("x", "×"), th, fmt(get("naive")), fmt(get("scalar")), fmt(pan), fmt(ob), ratio))
    print()
    print("Thread scaling of the Vector API kernel (median 2 threads / median 1 thread):")
    print()
    for s in shapes:
        one, two = rows.get((s, "panama", 1)), rows.get((s, "panama", 2))
        if one and two:
            print("- %s: %.2f×" % (s.replace("x", "×"), two[1] / one[1]))


if __name__ == "__main__":
    main()
