#!/usr/bin/env bash
# The paper's Fashion-MNIST experiments (issue 4): DANTE against SGD, each with its best
# learning rate of a small grid. Writes docs/results/<experiment>/ (every run's history,
# model and summary, and comparison.md/.csv). Needs dataset-fashion-mnist. Takes ~20 minutes
# on 2 cores. Usage: docs/experiments.sh [experiment ...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/results
common=(--data fashion-mnist --threads 2 --seed 1 --batch 64)
paper=(--loss mse --activation leaky-relu:0.01 --output-activation leaky-relu:0.01)   # MSE on one-hot targets
grid=(--lr-grid "dante=0.01:0.03:0.1,sgd=0.05:0.2:0.5")
run() { local name=$1; shift; echo "== $name"; ./dante compare "${common[@]}" "$@" --out "$out/$name" | tail -n 4; }
want() { local x=$1; shift; [ $# -eq 0 ] && return 0; for e; do [ "$e" = "$x" ] && return 0; done; return 1; }
exps=("$@")
for h in 100 250 400 600; do
  if want "one-hidden-$h" "${exps[@]}"; then
    run "one-hidden-$h" "${paper[@]}" "${grid[@]}" --arch 784,$h,10 --methods dante,sgd --epochs 5 --rounds 5 -T 1
  fi
done
if want two-hidden-500 "${exps[@]}"; then
  run two-hidden-500 "${paper[@]}" "${grid[@]}" --arch 784,500,500,10 --methods dante,sgd --epochs 4 --rounds 4 -T 1
fi
if want five-hidden "${exps[@]}"; then
  run five-hidden "${paper[@]}" "${grid[@]}" --arch 784,256,256,256,256,256,10 --methods dante,sgd --epochs 4 --rounds 4 -T 1
fi
if want autoencoder "${exps[@]}"; then
  run autoencoder --task autoencoder --loss mse --activation leaky-relu:0.01 \
    --output-activation sigmoid --arch 784,256,64,256,784 --methods dante-ae,sgd --epochs 2 --rounds 2 -T 1 \
    --lr-grid "dante-ae=0.01:0.03:0.1,sgd=0.01:0.05:0.2"      # 2 SGD epochs update as many weights as 2 rounds per pair
fi
if want one-hidden-250-dante-high-lr "${exps[@]}"; then      # DANTE's best rate above sat on the grid's top edge
  run one-hidden-250-dante-high-lr "${paper[@]}" --arch 784,250,10 --methods dante --rounds 5 -T 1 --lr-grid "dante=0.1:0.3:1.0"
fi
