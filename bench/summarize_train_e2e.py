#!/usr/bin/env python3
"""Table of end-to-end training throughput from bench/train_e2e.sh's JSON lines.

Steady state = samples/s over epochs 2..E (the first epoch carries JIT warm-up and is reported
on its own). Ratios are paired by repeat (Dante's run and the PyTorch run right after it), so
the median ratio and its min..max come from runs that shared the machine's state.
"""
import collections
import json
import statistics
import sys


def main():
    records = [json.loads(line) for line in open(sys.argv[1])]
    tiers = []
    for d in records:
        if d.get("tier", "native") not in tiers:
            tiers.append(d.get("tier", "native"))
    for tier in tiers:
        if len(tiers) > 1 or tier != "native":
            print("### Tier %s%s" % (tier, " (JVM -XX:UseAVX=2; PyTorch on OPENBLAS_CORETYPE=Haswell, ATEN_CPU_CAPABILITY=avx2)" if tier == "avx2" else ""))
            print()
        table([d for d in records if d.get("tier", "native") == tier])
        print()


def table(records):
    runs = collections.defaultdict(dict)       # (engine, threads, batch) -> rep -> record
    version = "?"
    for d in records:
        secs = d["epoch_seconds"]
        d["steady"] = d["n"] * (len(secs) - 1) / sum(secs[1:])
        runs[(d["engine"], d["threads"], d["batch"])][d["rep"]] = d
        if d["engine"] == "pytorch":
            version = d["version"]
    engines = sorted({e for e, _, _ in runs}, key=lambda e: (e != "dante", e == "pytorch", e))
    configs = sorted({(t, b) for _, t, b in runs}, key=lambda c: (c[1], c[0]))
    mmm = lambda xs: "%s / **%s** / %s" % tuple(fmt(x) for x in (min(xs), statistics.median(xs), max(xs))) if xs else "—"
    print("Steady-state samples/s over epochs 2..E (min / median / max over repeats); PyTorch %s." % version)
    print()
    others = [e for e in engines if e != "pytorch"]
    print("| batch | threads | " + " | ".join(others + ["pytorch"]) + " | " + " | ".join(e + " / pytorch (median, min..max, paired)" for e in others) + " |")
    print("|---|---|" + "---|" * (2 * len(others) + 1))
    for t, b in configs:
        cells = [mmm([r["steady"] for r in runs[(e, t, b)].values()]) for e in others + ["pytorch"]]
        for e in others:
            ratios = [runs[(e, t, b)][k]["steady"] / runs[("pytorch", t, b)][k]["steady"]
                      for k in runs[(e, t, b)] if k in runs[("pytorch", t, b)]]
            cells.append("**%.2f×** (%.2f..%.2f)" % (statistics.median(ratios), min(ratios), max(ratios)) if ratios else "—")
        print("| %d | %d | %s |" % (b, t, " | ".join(cells)))
    print()
    print("Warm-up and whole process, seconds (median over repeats): first epoch's training time, "
          "then the process from start to exit (JVM or interpreter start, data loading, %s)." %
          "Dante's per-epoch evaluation of the training and test sets and its files; PyTorch's one "
          "evaluation of the test set after the last epoch")
    print()
    print("| batch | threads | " + " | ".join("%s first epoch | %s process" % (e, e) for e in others + ["pytorch"]) + " |")
    print("|---|---|" + "---|---|" * len(others + ["pytorch"]))
    for t, b in configs:
        cells = []
        for e in others + ["pytorch"]:
            rs = runs[(e, t, b)].values()
            cells.append(fmt2(statistics.median([r["epoch_seconds"][0] for r in rs])) if rs else "—")
            cells.append(fmt2(statistics.median([r["process_seconds"] for r in rs])) if rs else "—")
        print("| %d | %d | %s |" % (b, t, " | ".join(cells)))
    print()
    threads = sorted({t for t, _ in configs})
    if len(threads) > 1:
        lo, hi = threads[0], threads[-1]
        for e in others + ["pytorch"]:
            for b in sorted({b for _, b in configs}):
                one, two = runs.get((e, lo, b)), runs.get((e, hi, b))
                if one and two:
                    r = statistics.median([x["steady"] for x in two.values()]) / statistics.median([x["steady"] for x in one.values()])
                    print("- %s, batch %d: %d threads / %d thread = %.2f×" % (e, b, hi, lo, r))


def fmt(x):
    return "%.1f k" % (x / 1000)


def fmt2(x):
    return "%.2f" % x


if __name__ == "__main__":
    main()
