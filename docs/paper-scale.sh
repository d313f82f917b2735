#!/usr/bin/env bash
# The paper's experiments at its scale: every training image (60 000, a tenth held out for
# validation), 5 seeds, one thread per run, into runs/paper-scale/, then the reader's copy in
# docs/paper-scale/<id>/ (summary, verdicts, each part's comparison and picture, every run's
# history as histories.tar.xz). Runs are kept as they finish (reproduce --reuse), so an
# experiment longer than one sitting is run again with the same command and goes on where it
# stopped. Two streams, one thread each. Needs dataset-fashion-mnist (it stands in for MNIST).
# An experiment may be split between the streams as ID:PART,PART (reproduce --parts); once both
# streams have finished, it is judged from the finished runs (reproduce --reuse trains nothing).
# Usage: docs/paper-scale.sh STREAM_A STREAM_B   e.g. docs/paper-scale.sh "fig7 table1" "fig2"
#        docs/paper-scale.sh "fig5:one-hidden-100,one-hidden-600,five-hidden" "fig5:one-hidden-250,one-hidden-400,two-hidden,three-hidden"
set -euo pipefail
cd "$(dirname "$0")/.."
out=runs/paper-scale
./dante info >/dev/null                       # build once before the streams start
mkdir -p "$out"
one() { local id=${1%%:*} parts=(); [[ $1 == *:* ]] && parts=(--parts "${1#*:}"); local t0=$SECONDS log; log=$out/log-$(tr ':,' '+-' <<< "$1").txt; echo "== $1 $(date +%T)"
        ./dante reproduce "$id" "${parts[@]}" --train-limit 0 --seeds 5 --threads 1 --reuse --out "$out" >> "$log" 2>&1 \
          || { echo "FAILED: $1 (see $log)"; return 1; }; echo "$1: $((SECONDS - t0)) s"; }
( for id in ${1:-}; do one "$id"; done ) & a=$!
( for id in ${2:-}; do one "$id"; done ) & b=$!
wait $a; wait $b
ids=$(for s in ${1:-} ${2:-}; do echo "${s%%:*}"; done | awk '!seen[$0]++')
for s in ${1:-} ${2:-}; do [[ $s == *:* ]] && echo "${s%%:*}"; done | sort -u | while read -r id; do one "$id"; done   # judge the split ones
# shellcheck disable=SC2086
scripts/collect-reproduction.sh "$out" docs/paper-scale $ids
# shellcheck disable=SC2086
python3 docs/paper_scale_table.py $(for id in $ids; do [ -f "docs/paper-scale/$id/verdicts.json" ] && echo "$id"; done)
