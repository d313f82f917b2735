#!/usr/bin/env bash
# A/B: GEMM before (9b1040c) and after the AVX2 A packing, alternated, with OpenBLAS in the same run
set -e
cd /tmp/gnew; . scripts/jdk.sh; dante_find_jdk; export JAVA_HOME
out=/tmp/ab; mkdir -p $out; rm -f $out/*
shapes=64x256x784_NT,256x600x784_NT,784x256x64_TN,1024x1024x1024_NN
for r in 1 2 3; do
  for v in gold gnew; do
    $JAVA_HOME/bin/java -jar /tmp/$v/bench/target/benchmarks.jar GemmBenchmark -p impl=panama -p threads=1 -p shape=$shapes \
      -f 1 -wi 3 -i 5 -w 1 -r 1 -jvmArgsAppend "--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED" \
      -rf json -rff $out/$v-$r.json > $out/$v-$r.log 2>&1
  done
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 /tmp/gnew/bench/gemm_numpy.py 1 2 >> $out/numpy.jsonl
done
echo done
