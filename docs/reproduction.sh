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
scripts/collect-reproduction.sh "$out" docs/reproduction
cp "$out/REPRODUCTION.md" docs/reproduction/table.md
echo "wrote docs/reproduction/ (docs/REPRODUCTION.md quotes docs/reproduction/table.md under its reading of the results)"
