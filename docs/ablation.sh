#!/usr/bin/env bash
# The ablation of issues 10 and 19 (docs/ABLATION.md): DANTE's settings one at a time around a
# base configuration, each with its learning rate (and schedule) chosen on the validation
# split, 5 seeds, against SGD. Fashion-MNIST (needs dataset-fashion-mnist), first 20000
# training images (18000 train + 2000 validation), the 10000 test images; Leaky ReLU (0.01, 1)
# on every layer, MSE on one-hot targets, as in the paper. Two streams run side by side, one
# thread each. Writes docs/ablation/<name>/ (comparison.md/.csv, summary.json, plots; every
# run's history and summary). Usage: docs/ablation.sh [stage1|stage2] (default: both).
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/ablation
./dante info >/dev/null                       # build once before the streams start
common=(--data fashion-mnist --train-limit 20000 --seeds 5 --eval-points 10 --threads 1
        --loss mse --activation leaky-relu:0.01 --output-activation leaky-relu:0.01)
small=(--arch 784,250,10 --epochs 5 --rounds 5 -T 1)
deep=(--arch 784,500,500,10 --epochs 4 --rounds 4 -T 1)
dgrid="dante=0.03:0.05:0.1:0.2:0.3"; sgrid="sgd=0.01:0.02:0.05:0.1:0.2"
# 5 SGD epochs on 18000 rows at batch 64: 282 steps × 198760 parameters each
budget250=$((5 * 282 * 198760))
run() { local name=$1; shift; echo "== $name $(date +%T)"; ./dante compare "${common[@]}" "$@" --out "$out/$name" > "$out/$name.log" 2>&1 || { echo "FAILED: $name (see $out/$name.log)"; return 1; }; }
mkdir -p "$out"
stage1a() {
  run base "${small[@]}" --methods dante,sgd --lr-grid "$dgrid,$sgrid"
  run iterate-best-probe "${small[@]}" --methods dante --lr-grid "$dgrid" --iterate best-probe
  run iterate-best-minibatch "${small[@]}" --methods dante --lr-grid "$dgrid" --iterate best-minibatch
  run T2 --arch 784,250,10 --rounds 3 -T 2 --budget "$budget250" --methods dante --lr-grid "$dgrid"
  run T5 --arch 784,250,10 --rounds 1 -T 5 --methods dante --lr-grid "$dgrid"
  run top-down "${small[@]}" --methods dante --lr-grid "$dgrid" --order top-down
  run batch500 "${small[@]}" --batch 500 --methods dante,sgd --lr-grid "dante=0.1:0.2:0.3:0.5:1.0,sgd=0.02:0.05:0.1:0.2:0.5"
  run momentum-reset "${small[@]}" --methods dante-momentum --lr-grid "dante-momentum=0.003:0.01:0.02:0.03:0.05" --momentum 0.9
  run momentum-carry "${small[@]}" --methods dante-momentum --lr-grid "dante-momentum=0.003:0.01:0.02:0.03:0.05" --momentum 0.9 --carry-state
}
stage1b() {
  run schedules "${small[@]}" --methods dante,sgd --lr-grid "$dgrid,$sgrid" \
      --lr-schedule "dante=constant;cosine;step:0.5:1r;cosine@phase,sgd=constant;cosine;step:0.5:1e"
  run deep-base "${deep[@]}" --methods dante,sgd --lr-grid "$dgrid,$sgrid"
}
stage=${1:-all}
if [ "$stage" = stage1 ] || [ "$stage" = all ]; then
  stage1a & a=$!
  stage1b & b=$!
  wait $a; wait $b
fi
if [ "$stage" = stage2 ] || [ "$stage" = all ]; then
  # Stage 1 (read on the validation split, docs/ABLATION.md) kept DANTE's paper settings (last iterate,
  # T = 1, bottom-up, batch 64) and found cosine decay best for both methods, DANTE's rate on the top
  # edge of its grid; so stage 2 runs both with cosine on wider grids, at equal weights and equal time.
  # Nothing else runs on the machine meanwhile (one stream, one thread).
  run best-small "${small[@]}" --methods dante,sgd --lr-schedule cosine \
      --lr-grid "dante=0.1:0.2:0.3:0.5:1.0,sgd=0.02:0.05:0.1:0.2:0.3"
  # the deep net at the same settings is docs/experiments.sh's two-hidden-500 (full data, 3 seeds)
  wait
fi
