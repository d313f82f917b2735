#!/usr/bin/env bash
# The paper's experiments at its scale: every training image (60 000, a tenth held out for
# validation), 5 seeds, one thread per run, into runs/paper-scale/, then the reader's copy in
# docs/paper-scale/<id>/ (summary, verdicts, each part's comparison and picture, every run's
# history as histories.tar.xz). Runs are kept as they finish (reproduce --reuse), so an
# experiment longer than one sitting is run again with the same command and goes on where it
# stopped. Two streams, one thread each. Needs dataset-fashion-mnist (it stands in for MNIST).
# Usage: docs/paper-scale.sh STREAM_A_IDS STREAM_B_IDS   e.g. docs/paper-scale.sh "fig7 table1" "fig2"
set -euo pipefail
cd "$(dirname "$0")/.."
out=runs/paper-scale
./dante info >/dev/null                       # build once before the streams start
mkdir -p "$out"
one() { local id=$1; local t0=$SECONDS; echo "== $id $(date +%T)"
        ./dante reproduce "$id" --train-limit 0 --seeds 5 --threads 1 --reuse --out "$out" >> "$out/log-$id.txt" 2>&1 \
          || { echo "FAILED: $id (see $out/log-$id.txt)"; return 1; }; echo "$id: $((SECONDS - t0)) s"; }
( for id in ${1:-}; do one "$id"; done ) & a=$!
( for id in ${2:-}; do one "$id"; done ) & b=$!
wait $a; wait $b
# shellcheck disable=SC2086
scripts/collect-reproduction.sh "$out" docs/paper-scale ${1:-} ${2:-}
# shellcheck disable=SC2086
python3 docs/paper_scale_table.py $(for id in ${1:-} ${2:-}; do [ -f "docs/paper-scale/$id/verdicts.json" ] && echo "$id"; done)
