#!/usr/bin/env python3
"""The factorial's contrasts (docs/FINDINGS.md): paired by seed, 95 % Student-t intervals.

Reads the summary.json that `dante compare` wrote for each setting (schedule × step rule, six
methods) and prints one Markdown row per contrast: the mean difference in final test accuracy at
equal weights updated, its 95 % interval over seeds, and whether it excludes 0.
Usage: scripts/factorial-contrasts.py LABEL=DIR/summary.json [LABEL=DIR/summary.json ...]
"""
import json
import math
import sys

# two-sided 95 % quantiles of Student's t, by degrees of freedom
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228}

CONTRASTS = [
    ("normalized steps, inside the alternation", "dante", "sgd-altmin"),
    ("normalized steps, in backprop", "sngd-backprop", "sgd"),
    ("alternation, with SNGD", "dante", "sngd-backprop"),
    ("alternation, with SGD", "sgd-altmin", "sgd"),
    ("alternation, with Adam", "adam-altmin", "adam"),
    ("DANTE against SGD", "dante", "sgd"),
    ("DANTE against Adam", "dante", "adam"),
]


def paired(a, b):
    d = [x - y for x, y in zip(a, b)]
    n = len(d)
    m = sum(d) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in d) / (n - 1))
    h = T95[n - 1] * sd / math.sqrt(n)
    return m, m - h, m + h


def main():
    print("| setting | contrast | A − B | mean A | mean B | A − B, 95 % interval | |")
    print("|---|---|---|---|---|---|---|")
    for arg in sys.argv[1:]:
        label, path = arg.split("=", 1)
        s = json.load(open(path))
        by = {m["method"]: m for m in s["methods"]}
        for name, a, b in CONTRASTS:
            A, B = by[a], by[b]
            m, lo, hi = paired(A["test_accuracy_per_seed"], B["test_accuracy_per_seed"])
            word = "A ahead" if lo > 0 else "B ahead" if hi < 0 else "not distinguishable"
            ca = f"{a} ({A['learning_rate']:g}, {A['lr_schedule']})"
            cb = f"{b} ({B['learning_rate']:g}, {B['lr_schedule']})"
            print(f"| {label} | {name} | {ca} − {cb} | {sum(A['test_accuracy_per_seed']) / len(A['test_accuracy_per_seed']):.4f} "
                  f"| {sum(B['test_accuracy_per_seed']) / len(B['test_accuracy_per_seed']):.4f} | {m:+.4f} [{lo:+.4f}, {hi:+.4f}] | {word} |")


if __name__ == "__main__":
    main()
