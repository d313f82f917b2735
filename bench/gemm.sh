#!/usr/bin/env bash
# GEMM: Dante's kernels (JMH) and numpy/OpenBLAS sgemm on the same shapes, in one run.
# Usage: bench/gemm.sh [extra JMH args]. Writes bench/results/gemm-*.{json,jsonl,md}.
. "$(dirname "$0")/lib.sh"
"$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar GemmBenchmark -p impl=panama,scalar -p threads=1,2 \
  -rf json -rff "$out/gemm-jmh.json" "$@"
"$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar GemmBenchmark -p impl=naive -p threads=1 \
  -rf json -rff "$out/gemm-jmh-naive.json" "$@"
python3 - "$out/gemm-jmh.json" "$out/gemm-jmh-naive.json" > "$out/gemm-jmh-all.json" <<'PY'
import json, sys
print(json.dumps(json.load(open(sys.argv[1])) + json.load(open(sys.argv[2]))))
PY
# The anchor: Debian numpy on libopenblas0-pthread. OPENBLAS_CORETYPE/L2_SIZE are unset for
# this command alone so OpenBLAS picks its best kernel for this CPU (the script checks which).
for t in 1 2; do
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t \
    /usr/bin/python3 bench/gemm_numpy.py $t 3 > "$out/gemm-numpy-$t.jsonl"
done
python3 bench/summarize.py "$out/gemm-jmh-all.json" "$out/gemm-numpy-1.jsonl" "$out/gemm-numpy-2.jsonl" | tee "$out/gemm.md"
