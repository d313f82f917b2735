#!/usr/bin/env bash
# Seconds per epoch of each DANTE phase (frozen-layer cache on) against one SGD epoch (JMH, -prof gc).
. "$(dirname "$0")/lib.sh"
"$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar PhaseEpochBenchmark -prof gc -rf json -rff "$out/phase-epoch-jmh.json" "$@" \
  | tee "$out/phase-epoch-jmh.txt"
