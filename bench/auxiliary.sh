#!/usr/bin/env bash
# Figure 8's methods per epoch: JMH AuxiliaryEpochBenchmark (Dante: SGD, DANTE, AM-Adam, ADMM; 1 and 2 threads) and the
# numpy/OpenBLAS anchor (AM-Adam and ADMM, the same shapes) alternated A B A B, REPEATS times (default 2). Threads pinned.
# Usage: bench/auxiliary.sh [REPEATS]
. "$(dirname "$0")/lib.sh"
repeats="${1:-2}"
if ! ldconfig -p | grep -q 'libopenblas'; then echo "bench/auxiliary.sh: numpy needs OpenBLAS (apt-get install libopenblas0-pthread)" >&2; exit 2; fi
: > "$out/auxiliary-numpy.jsonl"
for r in $(seq 1 "$repeats"); do
  "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar AuxiliaryEpochBenchmark -wi 1 -i 3 -rf json -rff "$out/auxiliary-jmh-$r.json" | tail -n 40
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python3 bench/auxiliary_numpy.py 1 | sed 's/}$/, "threads": 1}/' | tee -a "$out/auxiliary-numpy.jsonl"
  OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 python3 bench/auxiliary_numpy.py 1 | sed 's/}$/, "threads": 2}/' | tee -a "$out/auxiliary-numpy.jsonl"
done
python3 bench/summarize_auxiliary.py "$out" "$repeats"
