#!/usr/bin/env bash
# One training step of 784-256-10: Dante (JMH, with -prof gc) and PyTorch on the CPU, in one run.
# Usage: bench/train_step.sh [extra JMH args]. Writes bench/results/train-step-*.
. "$(dirname "$0")/lib.sh"
"$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar TrainStepBenchmark -prof gc \
  -rf json -rff "$out/train-step-jmh.json" "$@" | tee "$out/train-step-jmh.txt"
for t in 1 2; do
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t MKL_NUM_THREADS=$t \
    /usr/bin/python3 bench/train_step_torch.py $t 5 > "$out/train-step-torch-$t.jsonl"
done
python3 bench/summarize_train_step.py "$out/train-step-jmh.json" "$out"/train-step-torch-1.jsonl "$out"/train-step-torch-2.jsonl | tee "$out/train-step.md"
