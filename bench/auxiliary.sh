#!/usr/bin/env bash
# Figure 8's methods per epoch: JMH AuxiliaryEpochBenchmark (Dante: SGD, DANTE, AM-Adam, ADMM; 1 and 2 threads) and the
# numpy+scipy/OpenBLAS anchor (Debian python3-numpy, python3-scipy, python3-threadpoolctl, libopenblas0-pthread) (AM-Adam and ADMM, the same shapes) alternated A B A B, REPEATS times (default 2). Threads pinned.
# Usage: bench/auxiliary.sh [REPEATS]
. "$(dirname "$0")/lib.sh"
repeats="${1:-2}"
: > "$out/auxiliary-numpy.jsonl"
for r in $(seq 1 "$repeats"); do
  "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar AuxiliaryEpochBenchmark -wi 1 -i 3 -rf json -rff "$out/auxiliary-jmh-$r.json" | tail -n 40
  for t in 1 2; do
    OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t /usr/bin/python3 bench/auxiliary_numpy.py $t 1 | tee -a "$out/auxiliary-numpy.jsonl"
  done
done
python3 bench/summarize_auxiliary.py "$out" "$repeats" | tee "$out/auxiliary.md"
