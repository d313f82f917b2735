#!/usr/bin/env python3
"""Table of bench/gemm_tiers.sh: Dante's GEMM (JMH) against OpenBLAS per CPU tier.

Usage: summarize_tiers.py RESULTS_DIR TIER... GFLOP/s per JMH iteration = 2mnk / time per op;
min / median / max pool the measured iterations (Dante) or timed repetitions (OpenBLAS) of
every repeat. The ratio is of medians.
"""
import glob
import json
import os
import statistics
import sys


def flops(shape):
    m, n, k = (int(x) for x in shape.split("_")[0].split("x"))
    return 2.0 * m * n * k


def main():
    d, tiers = sys.argv[1], sys.argv[2:]
    tiles = {}
    tpath = os.path.join(d, "gemm-tiers-tiles.txt")
    if os.path.exists(tpath):
        for line in open(tpath):
            t, _, rest = line.partition(": ")
            tiles[t] = rest.strip()
    rows, blas = {}, {}
    for tier in tiers:
        for path in sorted(glob.glob(os.path.join(d, "gemm-tiers-%s-[0-9]*.json" % tier))):
            for r in json.load(open(path)):
                p = r["params"]
                scale = {"us/op": 1e-6, "ms/op": 1e-3, "ns/op": 1e-9}[r["primaryMetric"]["scoreUnit"]]
                its = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
                rows.setdefault((tier, p["shape"], int(p["threads"]), "dante"), []).extend(flops(p["shape"]) / (t * scale) / 1e9 for t in its)
        for line in open(os.path.join(d, "gemm-tiers-%s-numpy.jsonl" % tier)):
            x = json.loads(line)
            rows.setdefault((tier, x["shape"], x["threads"], "openblas"), []).extend(x["gflops"])
            blas[tier] = x["blas"]
    st = lambda xs: (min(xs), statistics.median(xs), max(xs))
    fmt = lambda t: "%.1f / **%.1f** / %.1f" % t
    for tier in tiers:
        print("**%s**: Dante %s; anchor %s." % (tier, tiles.get(tier, "?"), blas.get(tier, "?")))
        print()
    print("| tier | shape (m×n×k) | threads | Dante GEMM, GFLOP/s | OpenBLAS, GFLOP/s | Dante / OpenBLAS |")
    print("|---|---|---|---|---|---|")
    shapes = []
    for (tier, s, th, e) in rows:
        if e == "dante" and s not in shapes:
            shapes.append(s)
    for tier in tiers:
        for s in shapes:
            for th in (1, 2):
                dn, ob = rows.get((tier, s, th, "dante")), rows.get((tier, s, th, "openblas"))
                if not dn or not ob:
                    continue
                print("| %s | %s | %d | %s | %s | **%.2f×** |" % (tier, s.replace("x", "×"), th, fmt(st(dn)), fmt(st(ob)),
                                                                 statistics.median(dn) / statistics.median(ob)))
    print()
    print("Two threads against one (medians), Dante: " + "; ".join(
        "%s %s %.2f×" % (tier, s.replace("x", "×"), statistics.median(rows[(tier, s, 2, "dante")]) / statistics.median(rows[(tier, s, 1, "dante")]))
        for tier in tiers for s in shapes if (tier, s, 2, "dante") in rows and (tier, s, 1, "dante") in rows))


if __name__ == "__main__":
    main()
