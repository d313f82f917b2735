#!/usr/bin/env bash
# Makes docs/REPRODUCTION.md: every experiment of the paper whose data is on this machine, in two
# streams of one thread each (about 110 minutes on 2 cores), then `reproduce all --reuse` to gather
# the verdicts, then copies what a reader needs (each summary.md, each part's comparison.md and
# picture, Figure 9's reconstructions, and every run's history and summary as histories.tar.xz)
# into docs/reproduction/. The models stay under runs/reproduce/.
# Usage: docs/reproduction.sh [DATA_DIR]   (default data: the directory holding svmguide4/ and usps/, see docs/DATA.md)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-data}
out=runs/reproduce
./dante info >/dev/null                       # build once before the streams start
mkdir -p runs
one() { local id=$1; local t0=$SECONDS; ./dante reproduce "$id" --threads 1 --data-dir "$data" --out "$out" > "runs/log-$id.txt" 2>&1 \
          || { echo "FAILED: $id (see runs/log-$id.txt)"; return 1; }; echo "$id: $((SECONDS - t0)) s"; }
( for id in fig6 table2 fig9 table3 fig7 fig8; do one "$id"; done ) & a=$!
( for id in fig2 table4 fig5 table1; do one "$id"; done ) & b=$!
wait $a; wait $b
./dante reproduce all --reuse --data-dir "$data" --out "$out"
rm -rf docs/reproduction && mkdir -p docs/reproduction
for d in "$out"/*/; do
  id=$(basename "$d")
  mkdir -p "docs/reproduction/$id"
  cp "$d/summary.md" "$d/verdicts.json" "docs/reproduction/$id/"
  [ -f "$d/reconstructions.png" ] && cp "$d/reconstructions.png" "docs/reproduction/$id/"
  for p in "$d"*/; do
    [ -f "$p/comparison.md" ] || continue
    mkdir -p "docs/reproduction/$id/$(basename "$p")"
    cp "$p/comparison.md" "$p/comparison.png" "docs/reproduction/$id/$(basename "$p")/"
    [ -f "$p/comparison-epochs.png" ] && cp "$p/comparison-epochs.png" "docs/reproduction/$id/$(basename "$p")/"
  done
  # every run's history and summary and each part's comparison.csv, compressed: enough to recompute every number of the page
  (cd "$out" && find "$id" \( -name history.csv -o -name summary.json -o -name comparison.csv \) -print0 | sort -z \
    | tar --null -T - -cf - --owner=0 --group=0 --mtime=2026-01-01 | xz -9 > "$OLDPWD/docs/reproduction/$id/histories.tar.xz")
done
cp "$out/REPRODUCTION.md" docs/reproduction/table.md
echo "wrote docs/reproduction/ (docs/REPRODUCTION.md quotes docs/reproduction/table.md under its reading of the results)"
