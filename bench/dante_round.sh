#!/usr/bin/env bash
# A DANTE round (T = 1, every layer one epoch, the frozen-layer cache on) against an SGD epoch,
# measured with `dante train` and set beside the FLOP model of bench/dante_round_model.py.
# For each net, alternated over REPEATS: `dante train --method dante --rounds 2 -T 1` and
# `dante train --method sgd --epochs 2`, one thread, the second round / epoch's training
# seconds from history.csv (the first carries the JIT's warm-up).
# Usage: bench/dante_round.sh [REPEATS=3] [DATA_DIR=/usr/share/datasets/fashion-mnist]
# Env: ROUND_NETS (space-separated --arch values), ROUND_JVM (e.g. -XX:UseAVX=2 for the AVX2 tier).
# Writes bench/results/dante-round.jsonl and dante-round.md.
. "$(dirname "$0")/lib.sh"
repeats=${1:-3}; data=${2:-/usr/share/datasets/fashion-mnist}
nets=${ROUND_NETS:-784,256,10 784,500,500,10 784,256,256,256,256,256,10}
./dante --version > /dev/null
jsonl="$out/dante-round.jsonl"; : > "$jsonl"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for r in $(seq 1 "$repeats"); do
  for net in $nets; do
    for method in dante sgd; do
      echo "repeat $r/$repeats: $net $method" >&2
      case $method in
        dante) budget="--rounds 2 -T 1 --lr 0.3" ;;
        sgd) budget="--epochs 2 --lr 0.05" ;;
      esac
      rm -rf "$tmp/run"
      env ${ROUND_JVM:+"JAVA_TOOL_OPTIONS=$ROUND_JVM"} ./dante train --method $method $budget --arch "$net" --batch 64 --threads 1 \
        --validation 0 --data fashion-mnist --data-dir "$data" --checkpoint-every 1000000 --seed "$r" --out "$tmp/run" > "$tmp/log" 2>&1 \
        || { cat "$tmp/log" >&2; exit 1; }
      python3 - "$tmp/run/history.csv" "$net" "$method" "$r" >> "$jsonl" <<'PY'
import csv, json, sys
path, net, method, rep = sys.argv[1:]
rows = list(csv.DictReader(open(path)))
depth = len(net.split(",")) - 1
if method == "dante":
    first = [x for x in rows if x["phase"] == str(depth - 1)]
    if not first:
        sys.exit("dante_round: no row at the end of round 1 (phase %d) in %s" % (depth - 1, path))
    start = float(first[-1]["seconds"])
else:
    start = float([x for x in rows if abs(float(x["epoch"]) - 1.0) < 1e-9][0]["seconds"])
print(json.dumps({"net": net, "method": method, "rep": int(rep), "seconds": float(rows[-1]["seconds"]) - start}))
PY
    done
  done
done
python3 bench/dante_round_model.py "$jsonl" | tee "$out/dante-round.md"
