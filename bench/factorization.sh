#!/usr/bin/env bash
# ADMM's kernels: Cholesky and the two triangular solves (JMH, panama and scalar, 1 and 2 threads), then scipy.linalg on
# OpenBLAS on the same shapes, alternated REPEATS times (default 2). Threads pinned. Usage: bench/factorization.sh [REPEATS]
. "$(dirname "$0")/lib.sh"
repeats="${1:-2}"
: > "$out/factorization-scipy.jsonl"
for r in $(seq 1 "$repeats"); do
  "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar FactorizationBenchmark -rf json -rff "$out/factorization-jmh-$r.json" | tail -n 30
  for t in 1 2; do
    OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t /usr/bin/python3 bench/factorization_scipy.py $t 2 | tee -a "$out/factorization-scipy.jsonl"
  done
done
/usr/bin/python3 - "$out" <<'PY' | tee "$out/factorization.md"
import glob, json, statistics, sys
out = sys.argv[1]
rows = {}
for f in sorted(glob.glob(out + "/factorization-jmh-*.json")):
    for b in json.load(open(f)):
        p = b["params"]
        key = (b["benchmark"].rsplit(".", 1)[1], int(p["d"]), int(p["threads"]), p["impl"])
        rows.setdefault(key, []).extend(v for it in b["primaryMetric"]["rawData"] for v in it)
for line in open(out + "/factorization-scipy.jsonl"):
    r = json.loads(line)
    rows.setdefault((r["benchmark"], r["d"], r["threads"], "scipy/OpenBLAS"), []).extend(r["ms"])
print("| kernel | d | threads | impl | ms min / median / max | GFLOP/s (median) | vs scipy (median) |")
print("|---|---|---|---|---|---|---|")
for key in sorted(rows, key=lambda k: (k[0], k[1], k[2], k[3])):
    name, d, t, impl = key
    v = sorted(rows[key])
    med = statistics.median(v)
    flops = 2 * d ** 3 / 3 if name == "cholesky" else 2 * 16384 * d * d     # d³/3 multiply-adds; two triangular solves of n·d²/2 each
    anchor = rows.get((name, d, t, "scipy/OpenBLAS"))
    ratio = "" if anchor is None or impl == "scipy/OpenBLAS" else "%.2f×" % (statistics.median(anchor) / med)
    print(f"| {name} | {d} | {t} | {impl} | {v[0]:.3f} / {med:.3f} / {v[-1]:.3f} | {flops / med / 1e6:.1f} | {ratio} |")
PY
