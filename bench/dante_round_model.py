#!/usr/bin/env python3
"""The FLOP model of a DANTE round against an SGD epoch, and the measured ratio beside it.

Per training example, with MAC_l = d_l · d_(l+1) multiply-adds for layer l of L (biases and
element-wise work left out: under 2 % of either count at these widths):

  SGD epoch:   forward Σ MAC_l, weight gradients Σ MAC_l, input gradients Σ_(l≥1) MAC_l
               = 3 Σ MAC_l − MAC_0
  DANTE phase j (layer j trains, the rest frozen; its input read from the frozen-layer cache):
               forward Σ_(l≥j) MAC_l, input gradients of the layers above Σ_(l>j) MAC_l,
               weight gradient MAC_j  = 2 Σ_(l≥j) MAC_l
  one round:   Σ_j 2 Σ_(l≥j) MAC_l = 2 Σ_l (l+1) MAC_l  (T = 1)
  the cache:   each layer's input rebuilt once a round after the layers below it changed,
               a forward pass of one layer over the training set: Σ_(l<L-1) MAC_l
               (bottom-up: before phase j, layer j-1 on its cached input; top-down: one pass
               up to the top layer's input, which leaves every lower input cached)

Usage: dante_round_model.py RESULTS.jsonl — the lines bench/dante_round.sh writes (net,
method, rep, seconds of the second round or epoch); prints the table. With no argument,
prints the model for the three nets.
"""
import collections
import json
import statistics
import sys

NETS = ["784,256,10", "784,500,500,10", "784,256,256,256,256,256,10"]


def model(arch):
    d = [int(x) for x in arch.split(",")]
    mac = [d[i] * d[i + 1] for i in range(len(d) - 1)]
    sgd = 3 * sum(mac) - mac[0]
    rnd = 2 * sum((l + 1) * m for l, m in enumerate(mac))
    cache = sum(mac[:-1])
    return sgd, rnd, cache


def main():
    print("| network | SGD epoch, k MAC/example | DANTE round (phases), k MAC/example | cache, k MAC/example | model DANTE round / SGD epoch |"
          + (" measured (median, min..max) | measured / model |" if len(sys.argv) > 1 else ""))
    print("|---|---|---|---|---|" + ("---|---|" if len(sys.argv) > 1 else ""))
    runs = collections.defaultdict(dict)
    if len(sys.argv) > 1:
        for line in open(sys.argv[1]):
            x = json.loads(line)
            runs[(x["net"], x["method"])][x["rep"]] = x["seconds"]
    for net in NETS if len(sys.argv) == 1 else sorted({n for n, _ in runs}, key=lambda n: NETS.index(n) if n in NETS else 99):
        sgd, rnd, cache = model(net)
        m = (rnd + cache) / sgd
        row = "| %s | %.1f | %.1f | %.1f | %.2f× |" % (net.replace(",", "-"), sgd / 1e3, rnd / 1e3, cache / 1e3, m)
        if len(sys.argv) > 1:
            d, s = runs[(net, "dante")], runs[(net, "sgd")]
            ratios = [d[r] / s[r] for r in d if r in s]
            med = statistics.median(ratios)
            row += " %.2f× (%.2f..%.2f) | **%.2f** |" % (med, min(ratios), max(ratios), med / m)
        print(row)


if __name__ == "__main__":
    main()
