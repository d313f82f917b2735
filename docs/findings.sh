#!/usr/bin/env bash
# Makes the factorial of docs/FINDINGS.md: schedule {joint backprop, round-robin alternation T = 1}
# × step rule {SGD, SNGD, Adam} on Fashion-MNIST 784-256-10 (first 20 000 training images, a
# tenth of them held out to choose on), rates and schedules chosen on validation, 5 seeds, equal
# weights updated (5 epochs, 5 rounds). One compare per loss (about 35 minutes each on one core),
# each with the factorial's contrasts (compare --contrast: paired by seed, 95 % intervals, at equal
# weights and at equal time), which it prints at the end. momentum-mse and momentum-ce set the
# momentum variants that exist (momentum: SGD with momentum in backprop; dante-momentum: SNGD
# with momentum inside the alternation) beside DANTE and SGD under the same protocol. mse-500 and
# ce-500 run the factorial on the deeper 784-500-500-10 (about 45 minutes each on one core).
# sigmoid-three and sigmoid-five: DANTE and SGD on Figure 5's deep sigmoid nets (MSE) with a
# schedule choice and 10 epochs / rounds; sigmoid-three-sgd40 and sigmoid-five-sgd40: SGD alone for 40 epochs.
# Usage: docs/findings.sh [mse|ce|mse-500|ce-500|momentum-mse|momentum-ce|sigmoid-three|sigmoid-five|sigmoid-three-sgd40|sigmoid-five-sgd40 ...]
#        (default: mse ce)
set -euo pipefail
cd "$(dirname "$0")/.."
out=runs/findings
grids="dante=0.01:0.03:0.1:0.3,sngd-backprop=0.01:0.03:0.1:0.3,sgd=0.003:0.01:0.03:0.1,sgd-altmin=0.003:0.01:0.03:0.1,adam=0.0003:0.001:0.003:0.01,adam-altmin=0.0003:0.001:0.003:0.01"
momentum() {
  local loss=$1; shift
  ./dante compare --data fashion-mnist --seed 1 --seeds 5 --batch 64 --eval-points 10 --validation 0.1 --extend-grid 2 --threads 1 \
    --train-limit 20000 --arch 784,256,10 --methods dante,dante-momentum,sgd,momentum --baseline dante \
    --lr-grid "dante=0.01:0.03:0.1:0.3,dante-momentum=0.003:0.01:0.03:0.1,sgd=0.003:0.01:0.03:0.1,momentum=0.001:0.003:0.01:0.03" \
    --lr-schedule constant,cosine "$@" --epochs 5 --rounds 5 -T 1 --reuse \
    --contrast "momentum, in backprop=momentum:sgd" --contrast "momentum, inside the alternation=dante-momentum:dante" \
    --contrast "DANTE+momentum against SGD+momentum=dante-momentum:momentum" --contrast "DANTE+momentum against SGD=dante-momentum:sgd" \
    --out "$out/momentum-$loss"
}
one() {
  local name=$1 arch=$2; shift 2
  ./dante compare --data fashion-mnist --seed 1 --seeds 5 --batch 64 --eval-points 10 --validation 0.1 --extend-grid 2 --threads 1 \
    --train-limit 20000 --arch "$arch" --methods dante,sgd-altmin,adam-altmin,sngd-backprop,sgd,adam --baseline dante \
    --lr-grid "$grids" --lr-schedule constant,cosine "$@" --epochs 5 --rounds 5 -T 1 --reuse \
    --contrast "normalized steps, inside the alternation=dante:sgd-altmin" --contrast "normalized steps, in backprop=sngd-backprop:sgd" \
    --contrast "alternation, with SNGD=dante:sngd-backprop" --contrast "alternation, with SGD=sgd-altmin:sgd" \
    --contrast "alternation, with Adam=adam-altmin:adam" --contrast "DANTE against SGD=dante:sgd" --contrast "DANTE against Adam=dante:adam" \
    --out "$out/$name"
}
# Figure 5's deep sigmoid nets, where SGD at the paper's constant rate barely trained in 5 epochs:
# DANTE and SGD with a schedule choice (constant or cosine) and twice the budget.
sigmoid() {
  local name=$1 arch=$2
  ./dante compare --data fashion-mnist --seed 1 --seeds 5 --batch 64 --eval-points 10 --validation 0.1 --extend-grid 2 --threads 1 \
    --train-limit 20000 --arch "$arch" --methods dante,sgd --baseline dante \
    --lr-grid "dante=0.01:0.03:0.1:0.3,sgd=0.1:0.3:1:3" --lr-schedule constant,cosine \
    --loss mse --activation sigmoid --output-activation sigmoid --epochs 10 --rounds 10 -T 1 --reuse \
    --out "$out/$name"
}
# SGD alone on the same nets for 40 epochs (about 11 000 steps, 2.7 times the paper-scale run's), the same grid and schedules.
sigmoid_long() {
  local name=$1 arch=$2
  ./dante compare --data fashion-mnist --seed 1 --seeds 5 --batch 64 --eval-points 10 --validation 0.1 --extend-grid 2 --threads 1 \
    --train-limit 20000 --arch "$arch" --methods sgd --lr-grid "sgd=0.1:0.3:1:3" --lr-schedule constant,cosine \
    --loss mse --activation sigmoid --output-activation sigmoid --epochs 40 --reuse --out "$out/$name"
}
losses=("$@"); [ ${#losses[@]} -eq 0 ] && losses=(mse ce)
for loss in "${losses[@]}"; do
  case $loss in
    mse) name=factorial-mse; one $name 784,256,10 --loss mse --activation leaky-relu:0.01 --output-activation leaky-relu:0.01 ;;
    ce) name=factorial-ce; one $name 784,256,10 --loss ce --activation leaky-relu:0.01 ;;
    mse-500) name=factorial500-mse; one $name 784,500,500,10 --loss mse --activation leaky-relu:0.01 --output-activation leaky-relu:0.01 ;;
    ce-500) name=factorial500-ce; one $name 784,500,500,10 --loss ce --activation leaky-relu:0.01 ;;
    momentum-mse) name=momentum-mse; momentum mse --loss mse --activation leaky-relu:0.01 --output-activation leaky-relu:0.01 ;;
    momentum-ce) name=momentum-ce; momentum ce --loss ce --activation leaky-relu:0.01 ;;
    sigmoid-three) name=sigmoid-three-hidden; sigmoid $name 784,256,256,256,10 ;;
    sigmoid-five) name=sigmoid-five-hidden; sigmoid $name 784,256,256,256,256,256,10 ;;
    sigmoid-three-sgd40) name=sigmoid-three-hidden-sgd40; sigmoid_long $name 784,256,256,256,10 ;;
    sigmoid-five-sgd40) name=sigmoid-five-hidden-sgd40; sigmoid_long $name 784,256,256,256,256,256,10 ;;
    *) echo "findings.sh: expected mse, ce, mse-500, ce-500, momentum-mse, momentum-ce, sigmoid-three, sigmoid-five, sigmoid-three-sgd40 or sigmoid-five-sgd40, found '$loss'" >&2; exit 2 ;;
  esac
  mkdir -p "docs/findings/$name"
  cp "$out/$name"/{comparison.md,comparison.png,summary.json} "docs/findings/$name/"
  (cd "$out" && find "$name" \( -name history.csv -o -name summary.json -o -name comparison.csv \) -print0 | sort -z \
    | tar --null -T - -cf - --owner=0 --group=0 --mtime=2026-01-01 | xz -9 > "$OLDPWD/docs/findings/$name/histories.tar.xz")
done
for name in factorial-mse factorial-ce factorial500-mse factorial500-ce momentum-mse momentum-ce sigmoid-three-hidden sigmoid-five-hidden sigmoid-three-hidden-sgd40 sigmoid-five-hidden-sgd40; do
  f=docs/findings/$name/comparison.md
  if [ -f "$f" ]; then echo "## $name"; sed -n '/^### Contrasts/,$p' "$f"; fi
done
