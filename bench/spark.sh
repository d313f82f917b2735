#!/usr/bin/env bash
# DANTE and SGD on Apache Spark against the local trainer, what a user runs: `dante train` with and
# without `--engine spark --master local[2]`, alternated A B A B over REPEATS on Fashion-MNIST
# (784-500-500-10, softmax cross-entropy, first TRAIN_LIMIT images, one epoch, no validation split),
# at several partition counts and batch sizes; then StepProbe's measured inputs of the cluster model
# (a job's latency, one step's communication, one core's compute per example).
# Usage: bench/spark.sh [REPEATS=2] [TRAIN_LIMIT=20000] [DATA_DIR=/usr/share/datasets/fashion-mnist]
# Env: SPARK_BATCHES="100 1000", SPARK_PARTITIONS="1 2 4", SPARK_METHODS="sgd dante",
#      SPARK_MASTERS="local[2]" (add standalone clusters, e.g. "local[2] cluster:1 cluster:2": a loopback cluster of 1 or 2
#      workers started by bench/spark-cluster.sh for those runs, 2 cores in all, so the step's arrays cross JVMs).
# Writes bench/results/spark-e2e.jsonl, bench/results/spark-probe.csv.
. "$(dirname "$0")/lib.sh"
repeats=${1:-2}; limit=${2:-20000}; data=${3:-/usr/share/datasets/fashion-mnist}
batches=${SPARK_BATCHES:-100 1000}; partitions=${SPARK_PARTITIONS:-1 2 4}; methods=${SPARK_METHODS:-sgd dante}; masters=${SPARK_MASTERS:-local[2]}
py=/usr/bin/python3
./dante train --engine spark --help > /dev/null        # builds the spark module before anything is timed
jsonl="$out/spark-e2e.jsonl"; : > "$jsonl"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
run() {  # method engine partitions batch rep [master]
  local m=$1 e=$2 p=$3 b=$4 r=$5 master=${6:-local[2]} extra=() t0 t1
  case "$m" in sgd) extra=(--method sgd --lr 0.05 --epochs 1) ;; dante) extra=(--method dante --lr 0.05 --rounds 1 -T 1) ;; esac
  [ "$e" = spark ] && extra+=(--engine spark --master "$master" --partitions "$p")
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
eng = s.get("engine") or "local"
print(json.dumps({"method": m, "engine": e, "master": eng.split(",")[0], "workers": len(set(x.split(" in pid ")[-1] for x in eng.split("kernels: ")[-1].split("; "))) if "kernels: " in eng else 0, "partitions": int(p), "batch": int(b), "rep": int(r), "examples": s["train_examples"],
                  "epochs": epochs, "training_seconds": s["seconds"], "process_seconds": float(t1) - float(t0),
                  "examples_per_second": s["train_examples"] * epochs / s["seconds"], "test_accuracy": s["test_accuracy"],
                  "engine_line": s.get("engine")}))
PY
}
# each standalone cluster is started once and reached by its URL; its runs alternate with the local ones within each repeat
declare -A url
stop_clusters() { for ms in $masters; do case "$ms" in cluster:*) SPARK_CLUSTER_HOME="$tmp/cluster-${ms#cluster:}" bench/spark-cluster.sh stop ;; esac; done; rm -rf "$tmp"; }
trap stop_clusters EXIT
for ms in $masters; do
  case "$ms" in cluster:*) url[$ms]=$(SPARK_CLUSTER_HOME="$tmp/cluster-${ms#cluster:}" bench/spark-cluster.sh start "${ms#cluster:}" $((2 / ${ms#cluster:})) 3g | tail -n 1) ;; esac
done
for r in $(seq 1 "$repeats"); do
  for m in $methods; do
    for b in $batches; do
      echo "repeat $r/$repeats: $m, batch $b" >&2
      run "$m" local 0 "$b" "$r"
      for ms in $masters; do
        for p in $partitions; do
          case "$ms" in cluster:*) SPARK_LOCAL_IP=127.0.0.1 run "$m" spark "$p" "$b" "$r" "${url[$ms]}" ;; *) run "$m" spark "$p" "$b" "$r" "$ms" ;; esac
        done
      done
    done
  done
done
cp="$(ls spark/target/dante-spark-*.jar | head -n 1):$(cat spark/target/runtime-classpath.txt)"
mapfile -t flags < <("$JAVA_HOME/bin/java" -cp "$cp" dante.spark.SparkSetup --jvm-flags)
"$JAVA_HOME/bin/java" "${flags[@]}" -Dlog4j2.configurationFile=spark/log4j2.properties -cp "$cp" dante.spark.StepProbe --master 'local[2]' --repeats 15 \
  > "$out/spark-probe.csv"
"$py" bench/summarize_spark.py "$jsonl" "$out/spark-probe.csv"
