#!/usr/bin/env bash
# GEMM on both x86 CPU tiers in one run, each against OpenBLAS's kernel for the same tier:
#   avx512: HotSpot as it starts on this CPU, OpenBLAS choosing its own kernel;
#   avx2:   HotSpot with -XX:UseAVX=2 (no EVEX code: 256-bit vectors, 16 registers),
#           OpenBLAS with OPENBLAS_CORETYPE=Haswell (its AVX2 kernels).
# On a CPU without AVX-512 both tiers are the native AVX2 tier. Tiers and engines alternate
# A B A B over REPEATS so the machine's drift hits all of them.
# Usage: bench/gemm_tiers.sh [REPEATS=2] [SECONDS_PER_SHAPE=2]. Env: TIERS="avx512 avx2",
# GEMM_SHAPES (JMH shape params). Writes bench/results/gemm-tiers-*.{json,jsonl} and gemm-tiers.md.
. "$(dirname "$0")/lib.sh"
repeats=${1:-2}; seconds=${2:-2}
tiers=${TIERS:-avx512 avx2}
shapes=${GEMM_SHAPES:-64x256x784_NT,256x600x784_NT,784x256x64_TN,1024x1024x1024_NN}
py=/usr/bin/python3
"$py" -c 'import numpy, threadpoolctl' 2>/dev/null || { echo "gemm_tiers: numpy/threadpoolctl missing (apt-get install python3-numpy python3-threadpoolctl libopenblas0-pthread)" >&2; exit 1; }
tier_flags() {  # sets jvm (appended to the JVM flags) and core (OPENBLAS_CORETYPE) for a tier
  case "$1" in
    avx512) jvm=""; core="" ;;
    avx2) jvm=" -XX:UseAVX=2"; core="Haswell" ;;
    *) echo "gemm_tiers: unknown tier $1 (avx512, avx2)" >&2; exit 1 ;;
  esac
}
rm -f "$out"/gemm-tiers-*.json "$out"/gemm-tiers-*.jsonl
for r in $(seq 1 "$repeats"); do
  for tier in $tiers; do
    tier_flags "$tier"
    echo "repeat $r/$repeats, tier $tier: Dante (JMH)" >&2
    "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar GemmBenchmark -p impl=panama -p threads=1,2 -p shape="$shapes" \
      -wi 3 -i 5 -jvmArgsAppend "--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED$jvm" \
      -rf json -rff "$out/gemm-tiers-$tier-$r.json" > "$out/gemm-tiers-$tier-$r.log"
    # JMH writes "[ ]" when every benchmark failed: stop with its first error.
    grep -q '"primaryMetric"' "$out/gemm-tiers-$tier-$r.json" || { grep -m3 -i "exception" "$out/gemm-tiers-$tier-$r.log" >&2; exit 1; }
    grep -h "tuning\|micro-tile" "$out/gemm-tiers-$tier-$r.log" | head -1 >&2 || true
    echo "repeat $r/$repeats, tier $tier: OpenBLAS" >&2
    for t in 1 2; do
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ${core:+OPENBLAS_CORETYPE=$core} OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t \
        "$py" bench/gemm_numpy.py "$t" "$seconds" >> "$out/gemm-tiers-$tier-numpy.jsonl"
    done
  done
done
# The tile each tier's JVM chose, as `dante info` would print it.
for tier in $tiers; do
  tier_flags "$tier"
  echo "$tier: $("$JAVA_HOME/bin/java" $jvm --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dante.bench.GemmProbe tile 2>/dev/null)"
done > "$out/gemm-tiers-tiles.txt"
"$py" bench/summarize_tiers.py "$out" $tiers | tee "$out/gemm-tiers.md"
