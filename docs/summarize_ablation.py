#!/usr/bin/env python3
"""One table for docs/ABLATION.md from the summary.json files that `dante compare` wrote under
docs/ablation/<variant>/: each variant's chosen configuration per method and its final test
accuracy, training loss and training seconds (mean ± sd over seeds). Paired differences and
their intervals are not recomputed here: they are in each variant's comparison.md, written by
the protocol code. Usage: docs/summarize_ablation.py [docs/ablation]"""
import json
import os
import statistics
import sys


def pm(values, digits):
    v = [x for x in values if x is not None]
    if not v:
        return "—"
    m = statistics.mean(v)
    if len(v) < 2:
        return f"{m:.{digits}f}"
    return f"{m:.{digits}f} ± {statistics.stdev(v):.{digits}f}"


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "docs/ablation"
    print("| variant | method | chosen configuration | test accuracy | training loss | training seconds |")
    print("|---|---|---|---|---|---|")
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name, "summary.json")
        if not os.path.exists(path):
            continue
        s = json.load(open(path))
        for m in s["methods"]:
            sched = "" if m["lr_schedule"] == "constant" else ", " + m["lr_schedule"]
            print(f"| {name} | {m['method']} | lr {m['learning_rate']}{sched} | {pm(m.get('test_accuracy_per_seed', []), 4)} "
                  f"| {pm(m['train_loss_per_seed'], 4)} | {pm(m['seconds_per_seed'], 1)} |")


if __name__ == "__main__":
    main()
