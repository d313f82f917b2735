#!/usr/bin/env bash
# DANTE and SGD on Apache Spark against the local trainer, what a user runs: `dante train` with and
# without `--engine spark --master local[2]`, alternated A B A B over REPEATS on Fashion-MNIST
# (784-500-500-10, softmax cross-entropy, first TRAIN_LIMIT images, one epoch, no validation split),
# at several partition counts and batch sizes; then StepProbe's measured inputs of the cluster model
# (a job's latency, one step's communication, one core's compute per example).
# Usage: bench/spark.sh [REPEATS=2] [TRAIN_LIMIT=20000] [DATA_DIR=/usr/share/datasets/fashion-mnist]
# Env: SPARK_BATCHES="100 1000", SPARK_PARTITIONS="1 2 4", SPARK_METHODS="sgd dante".
# Writes bench/results/spark-e2e.jsonl, bench/results/spark-probe.csv.
. "$(dirname "$0")/lib.sh"
repeats=${1:-2}; limit=${2:-20000}; data=${3:-/usr/share/datasets/fashion-mnist}
batches=${SPARK_BATCHES:-100 1000}; partitions=${SPARK_PARTITIONS:-1 2 4}; methods=${SPARK_METHODS:-sgd dante}
py=/usr/bin/python3
./dante train --engine spark --help > /dev/null        # builds the spark module before anything is timed
jsonl="$out/spark-e2e.jsonl"; : > "$jsonl"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
run() {  # method engine partitions batch rep
  local m=$1 e=$2 p=$3 b=$4 r=$5 extra=() t0 t1
  case "$m" in sgd) extra=(--method sgd --lr 0.05 --epochs 1) ;; dante) extra=(--method dante --lr 0.05 --rounds 1 -T 1) ;; esac
  [ "$e" = spark ] && extra+=(--engine spark --master 'local[2]' --partitions "$p")
  rm -rf "$tmp/run"
  t0=$(date +%s.%N)
  ./dante train "${extra[@]}" --arch 784,500,500,10 --batch "$b" --threads 2 --validation 0 --data fashion-mnist --data-dir "$data" \
    --train-limit "$limit" --checkpoint-every 1000000 --seed "$r" --out "$tmp/run" > "$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
  t1=$(date +%s.%N)
  "$py" - "$tmp/run/summary.json" "$m" "$e" "$p" "$b" "$r" "$t0" "$t1" >> "$jsonl" <<'PY'
import json, sys
path, m, e, p, b, r, t0, t1 = sys.argv[1:]
s = json.load(open(path))
epochs = {"sgd": 1, "dante": 3}[m]           # dante: one round over 3 layers, one epoch each
print(json.dumps({"method": m, "engine": e, "partitions": int(p), "batch": int(b), "rep": int(r), "examples": s["train_examples"],
                  "epochs": epochs, "training_seconds": s["seconds"], "process_seconds": float(t1) - float(t0),
                  "examples_per_second": s["train_examples"] * epochs / s["seconds"], "test_accuracy": s["test_accuracy"],
                  "engine_line": s.get("engine")}))
PY
}
for r in $(seq 1 "$repeats"); do
  for m in $methods; do
    for b in $batches; do
      echo "repeat $r/$repeats: $m, batch $b" >&2
      run "$m" local 0 "$b" "$r"
      for p in $partitions; do run "$m" spark "$p" "$b" "$r"; done
    done
  done
done
cp="$(ls spark/target/dante-spark-*.jar | head -n 1):$(cat spark/target/runtime-classpath.txt)"
mapfile -t flags < <("$JAVA_HOME/bin/java" -cp "$cp" dante.spark.SparkSetup --jvm-flags)
"$JAVA_HOME/bin/java" "${flags[@]}" -Dlog4j2.configurationFile=spark/log4j2.properties -cp "$cp" dante.spark.StepProbe --master 'local[2]' --repeats 15 \
  > "$out/spark-probe.csv"
"$py" bench/summarize_spark.py "$jsonl" "$out/spark-probe.csv"
