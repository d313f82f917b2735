#!/usr/bin/env bash
# The paper's Fashion-MNIST experiments (Figure 2's analogue and an autoencoder) under the
# protocol of docs/../README.md ("How a comparison is made"): DANTE against SGD at equal
# weights updated, each method's learning rate chosen on a 10 % validation split from a grid,
# 3 seeds; the test set is recorded for every run and only validation values choose. Writes docs/results/<experiment>/
# (comparison.md/.csv, summary.json, plots, and every run's history and summary; models are
# not committed). Needs dataset-fashion-mnist. Two streams run side by side, one thread each
# (about 45 minutes on 2 cores). Usage: docs/experiments.sh [experiment ...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/results
./dante info >/dev/null                       # build once before the streams start
# cosine decay for both methods: the schedule the ablation chose on its validation split (docs/ABLATION.md)
common=(--data fashion-mnist --threads 1 --seed 1 --seeds 3 --batch 64 --eval-points 10 --lr-schedule cosine)
paper=(--loss mse --activation leaky-relu:0.01 --output-activation leaky-relu:0.01)   # MSE on one-hot targets
grid=(--lr-grid "dante=0.1:0.3:0.5:1.0,sgd=0.02:0.05:0.1:0.2")
run() { local name=$1; shift; echo "== $name $(date +%T)"; mkdir -p "$out"; ./dante compare "${common[@]}" "$@" --out "$out/$name" > "$out/$name.log" 2>&1 || { echo "FAILED: $name (see $out/$name.log)"; return 1; }; }
want() { local x=$1; shift; [ $# -eq 0 ] && return 0; for e; do [ "$e" = "$x" ] && return 0; done; return 1; }
exps=("$@")
streamA() {
  for h in 100 250 400 600; do
    if want "one-hidden-$h" "${exps[@]}"; then
      run "one-hidden-$h" "${paper[@]}" "${grid[@]}" --arch 784,$h,10 --methods dante,sgd --epochs 5 --rounds 5 -T 1
    fi
  done
  if want autoencoder "${exps[@]}"; then
    # 2 SGD epochs update as many weights as 2 rounds per pair; the reconstruction error is chosen on validation
    run autoencoder --task autoencoder --loss mse --activation leaky-relu:0.01 \
      --output-activation sigmoid --arch 784,256,64,256,784 --methods dante-ae,sgd --epochs 2 --rounds 2 -T 1 \
      --lr-grid "dante-ae=0.03:0.1:0.3,sgd=0.01:0.05:0.2" --baseline sgd
  fi
}
streamB() {
  if want two-hidden-500 "${exps[@]}"; then
    run two-hidden-500 "${paper[@]}" "${grid[@]}" --arch 784,500,500,10 --methods dante,sgd --epochs 4 --rounds 4 -T 1
  fi
  if want five-hidden "${exps[@]}"; then
    run five-hidden "${paper[@]}" "${grid[@]}" --arch 784,256,256,256,256,256,10 --methods dante,sgd --epochs 4 --rounds 4 -T 1
  fi
}
streamA & a=$!
streamB & b=$!
wait $a; wait $b
