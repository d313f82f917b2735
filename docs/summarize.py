#!/usr/bin/env python3
"""Summarizes docs/results/*/comparison.csv: for each experiment and method, the winning
learning rate's final numbers and, from its history, test accuracy (or loss) against weights
updated and against wall time. Usage: docs/summarize.py [results-dir]"""
import csv
import os
import sys
from collections import defaultdict


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "docs/results"
    for exp in sorted(os.listdir(root)):
        path = os.path.join(root, exp, "comparison.csv")
        if not os.path.exists(path):
            continue
        runs = defaultdict(list)
        for row in csv.DictReader(open(path)):
            runs[(row["method"], float(row["learning_rate"]))].append(row)
        best = {}
        for (m, lr), rows in runs.items():
            last = rows[-1]
            acc = float(last["test_accuracy"]) if last["test_accuracy"] else None
            loss = float(last["test_loss"]) if last["test_loss"] else float("inf")
            key = (acc if acc is not None else -loss)
            if m not in best or key > best[m][0]:
                best[m] = (key, lr, rows)
        print("### %s\n" % exp)
        classification = any(r[2][-1]["test_accuracy"] for r in best.values())
        print("| method | lr | weights updated | test %s at 25%% / 50%% / 100%% of the budget | seconds at those points |" % ("accuracy" if classification else "loss"))
        print("|---|---|---|---|---|")
        for m, (_, lr, rows) in sorted(best.items()):
            total = int(rows[-1]["weights_updated"])
            pts, secs = [], []
            for frac in (0.25, 0.5, 1.0):
                row = next(r for r in rows if int(r["weights_updated"]) >= frac * total)
                v = row["test_accuracy"] if classification else row["test_loss"]
                pts.append("%.4f" % float(v))
                secs.append("%.1f" % float(row["seconds"]))
            print("| %s | %g | %s | %s | %s |" % (m, lr, format(total, ","), " / ".join(pts), " / ".join(secs)))
        print()


if __name__ == "__main__":
    main()
