#!/usr/bin/env python3
"""One table from the summary.json files that `dante compare` wrote under DIR/<experiment>/
(docs/ablation, docs/results): each experiment's chosen configuration per method and its final
test accuracy (or test loss, for regression), training loss and training seconds, mean ± sd
over seeds, and the paired difference against the baseline with its 95 % interval and verdict
as the protocol code computed them (summary.json). Then, from each comparison.md, the equal-time
table (`Protocol.equalTime`: the common time, each method's test value there and its difference
against the baseline). Usage: docs/summarize.py [DIR]"""
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


def experiments(root, filename):
    """(experiment, path) for every experiment under root that holds filename, by name."""
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name, filename)
        if os.path.exists(path):
            yield name, path


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "docs/results"
    print("| experiment | method | chosen configuration | test accuracy (or loss) | training loss | training seconds | against the baseline (95 %) |")
    print("|---|---|---|---|---|---|---|")
    for name, path in experiments(root, "summary.json"):
        s = json.load(open(path))
        for m in s["methods"]:
            sched = "" if m["lr_schedule"] == "constant" else ", " + m["lr_schedule"]
            test = m.get("test_accuracy_per_seed", m.get("test_loss_per_seed", []))
            base = s.get("baseline")
            against = "—"
            if "verdict" in m:
                lo, hi = m["interval_95"]
                d = m[f"difference_vs_{base}"]
                against = f"{d:+.4f} [{lo:+.4f}, {hi:+.4f}] {m['verdict']}" if lo is not None else f"{d:+.4f} (one seed)"
            print(f"| {name} | {m['method']} | lr {m['learning_rate']}{sched} | {pm(test, 4)} "
                  f"| {pm(m['train_loss_per_seed'], 4)} | {pm(m['seconds_per_seed'], 1)} | {against} |")


def equal_time(root):
    """Each experiment's equal-time rows, as its comparison.md wrote them."""
    print()
    print("| experiment | method | common time | weights updated in that time | test value there | against the baseline (95 %) |")
    print("|---|---|---|---|---|---|")
    for name, path in experiments(root, "comparison.md"):
        text = open(path).read()
        if "### At equal wall time" not in text:
            continue
        section = text.split("### At equal wall time", 1)[1]
        rows = [line for line in section.splitlines() if line.startswith("|")]
        header = [c.strip() for c in rows[0].strip("|").split("|")]
        at = next(h for h in header if h.startswith("test "))
        for line in rows[2:]:
            cells = dict(zip(header, [c.strip() for c in line.strip("|").split("|")]))
            against = [v for k, v in cells.items() if k.startswith("against")][0]
            print(f"| {name} | {cells['method']} | {at.rsplit(' at ', 1)[1]} | {cells['weights updated in that time']} | {cells[at]} | {against} |")


if __name__ == "__main__":
    main()
    equal_time(sys.argv[1] if len(sys.argv) > 1 else "docs/results")
