#!/usr/bin/env python3
"""Table of PhaseEpochBenchmark: each DANTE phase against SGD, per network and thread count.
The per-epoch cost once the cache is built is (time of a 3-epoch phase − time of a 1-epoch phase) / 2."""
import json
import statistics
import sys


def main():
    rows = {}
    for r in json.load(open(sys.argv[1])):
        p = r["params"]
        its = [x for f in r["primaryMetric"]["rawData"] for x in f]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        rows[(p["arch"], p["phase"], int(p["threads"]), int(p["epochs"]))] = (statistics.median(its), min(its), max(its), alloc)
    print("Milliseconds, median (min–max) of 3 single shots. `1 epoch` includes building the frozen-layer cache;")
    print("`per epoch after` = (3-epoch phase − 1-epoch phase) / 2; the speed-up compares that with SGD's per-epoch cost measured the same way.")
    print()
    print("Allocation per step = (bytes of a 3-epoch run − bytes of a 1-epoch run) / (2 × 938 steps), from JMH's gc.alloc.rate.norm.")
    print()
    print("| network | threads | phase | 1 epoch | 3 epochs | per epoch after the cache | vs SGD | allocation per step |")
    print("|---|---|---|---|---|---|---|---|")
    for arch in sorted({k[0] for k in rows}, key=len):
        for t in (1, 2):
            sgd = rows.get((arch, "sgd", t, 1)), rows.get((arch, "sgd", t, 3))
            if not all(sgd):
                continue
            sgd_epoch = (sgd[1][0] - sgd[0][0]) / 2
            for ph in ["sgd", "0", "1", "2", "3"]:
                one, three = rows.get((arch, ph, t, 1)), rows.get((arch, ph, t, 3))
                if not one or not three or one[0] < 1:          # a layer this network does not have
                    continue
                per = (three[0] - one[0]) / 2
                name = "SGD (all layers)" if ph == "sgd" else "DANTE layer " + ph
                print("| %s | %d | %s | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) | %.0f | %s | %s |" % (
                    arch, t, name, one[0], one[1], one[2], three[0], three[1], three[2], per,
                    "—" if ph == "sgd" else "%.1f×" % (sgd_epoch / per),
                    "—" if one[3] is None or three[3] is None else "%.1f B" % max(0.0, (three[3] - one[3]) / (2 * 938))))


if __name__ == "__main__":
    main()
