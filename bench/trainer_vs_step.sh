#!/usr/bin/env bash
# The trainer loop against the step benchmark: for each (threads, batch), JMH's TrainStepBenchmark
# (forward, backward, update on 16 preloaded batches) and then `dante train --method sgd` on
# Fashion-MNIST (steady state over epochs 2..4), one right after the other.
# Usage: bench/trainer_vs_step.sh [DATA_DIR]. Writes bench/results/trainer-vs-step.{jsonl,md}.
. "$(dirname "$0")/lib.sh"
data=${1:-/usr/share/datasets/fashion-mnist}
./dante --version > /dev/null
jsonl="$out/trainer-vs-step.jsonl"; : > "$jsonl"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for t in 1 2; do
  for b in 64 256; do
    "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar TrainStepBenchmark -p threads=$t -p batch=$b -rf json -rff "$tmp/jmh.json" > "$tmp/jmh.txt" 2>&1
    rm -rf "$tmp/run"
    ./dante train --method sgd --lr 0.01 --epochs 4 --batch "$b" --threads "$t" --validation 0 --data fashion-mnist --data-dir "$data" \
      --checkpoint-every 1000000 --out "$tmp/run" > "$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
    python3 - "$tmp/jmh.json" "$tmp/run/history.csv" "$t" "$b" >> "$jsonl" <<'PY'
import csv, json, sys
jmh, hist, t, b = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
r = json.load(open(jmh))[0]
scale = {"us/op": 1e-6, "ms/op": 1e-3, "ns/op": 1e-9}[r["primaryMetric"]["scoreUnit"]]
its = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
step = sorted(b / (x * scale) for x in its)
secs = [float(x["seconds"]) for x in csv.DictReader(open(hist)) if float(x["epoch"]) > 0 and float(x["epoch"]).is_integer()]
trainer = 60000 * (len(secs) - 1) / (secs[-1] - secs[0])
print(json.dumps({"threads": t, "batch": b, "step_samples_per_s": step, "trainer_samples_per_s": trainer}))
PY
  done
done
python3 - "$jsonl" <<'PY' | tee "$out/trainer-vs-step.md"
import json, statistics, sys
print("| batch | threads | step benchmark, samples/s (min / median / max) | `dante train` steady state | trainer / step (median) |")
print("|---|---|---|---|---|")
for line in open(sys.argv[1]):
    d = json.loads(line); s = d["step_samples_per_s"]
    print("| %d | %d | %.1f k / **%.1f k** / %.1f k | %.1f k | **%.0f %%** |" % (d["batch"], d["threads"], min(s) / 1e3, statistics.median(s) / 1e3, max(s) / 1e3,
          d["trainer_samples_per_s"] / 1e3, 100 * d["trainer_samples_per_s"] / statistics.median(s)))
PY
