#!/usr/bin/env bash
# Seconds per epoch of each DANTE phase (frozen-layer cache on) against one SGD epoch (JMH, -prof gc).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
dante_find_jdk
./mvnw -B -q -ntp install -DskipTests
out=bench/results; mkdir -p "$out"
"$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar PhaseEpochBenchmark -prof gc -rf json -rff "$out/phase-epoch-jmh.json" "$@" \
  | tee "$out/phase-epoch-jmh.txt"
