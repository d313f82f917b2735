#!/usr/bin/env bash
# Copies what a reader needs from a reproduce output directory into a docs directory: each
# experiment's summary.md and verdicts.json, each part's comparison.md and pictures, Figure 9's
# reconstructions, and every run's history and summary and each part's comparison.csv as
# histories.tar.xz (enough to recompute every number of the page). The models stay behind.
# Usage: scripts/collect-reproduction.sh OUT DEST [ID ...]   (default: every experiment in OUT)
set -euo pipefail
out=$1
dest=$(mkdir -p "$2" && cd "$2" && pwd)
shift 2
ids=("$@")
if [ ${#ids[@]} -eq 0 ]; then for d in "$out"/*/; do ids+=("$(basename "$d")"); done; fi
for id in "${ids[@]}"; do
  d=$out/$id
  [ -f "$d/verdicts.json" ] || { echo "skipped $id: $d/verdicts.json is missing (not finished)"; continue; }
  rm -rf "${dest:?}/$id" && mkdir -p "$dest/$id"
  cp "$d/summary.md" "$d/verdicts.json" "$dest/$id/"
  [ -f "$d/reconstructions.png" ] && cp "$d/reconstructions.png" "$dest/$id/"
  for p in "$d"/*/; do
    [ -f "$p/comparison.md" ] || continue
    mkdir -p "$dest/$id/$(basename "$p")"
    cp "$p/comparison.md" "$p/comparison.png" "$dest/$id/$(basename "$p")/"
    [ -f "$p/comparison-epochs.png" ] && cp "$p/comparison-epochs.png" "$dest/$id/$(basename "$p")/"
  done
  (cd "$out" && find "$id" \( -name history.csv -o -name summary.json -o -name comparison.csv \) -print0 | sort -z \
    | tar --null -T - -cf - --owner=0 --group=0 --mtime=2026-01-01 | xz -9 > "$dest/$id/histories.tar.xz")
done
