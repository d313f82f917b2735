#!/usr/bin/env bash
# Makes the factorial of docs/FINDINGS.md: schedule {joint backprop, round-robin alternation T = 1}
# × step rule {SGD, SNGD, Adam} on Fashion-MNIST 784-256-10 (first 20 000 training images, a
# tenth of them held out to choose on), rates and schedules chosen on validation, 5 seeds, equal
# weights updated (5 epochs, 5 rounds). One compare per loss (about 35 minutes each on one core),
# each with the factorial's contrasts (compare --contrast: paired by seed, 95 % intervals, at equal
# weights and at equal time), which it prints at the end. Usage: docs/findings.sh [mse|ce ...]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
out=runs/findings
grids="dante=0.01:0.03:0.1:0.3,sngd-backprop=0.01:0.03:0.1:0.3,sgd=0.003:0.01:0.03:0.1,sgd-altmin=0.003:0.01:0.03:0.1,adam=0.0003:0.001:0.003:0.01,adam-altmin=0.0003:0.001:0.003:0.01"
one() {
  local loss=$1; shift
  ./dante compare --data fashion-mnist --seed 1 --seeds 5 --batch 64 --eval-points 10 --validation 0.1 --extend-grid 2 --threads 1 \
    --train-limit 20000 --arch 784,256,10 --methods dante,sgd-altmin,adam-altmin,sngd-backprop,sgd,adam --baseline dante \
    --lr-grid "$grids" --lr-schedule constant,cosine "$@" --epochs 5 --rounds 5 -T 1 --reuse \
    --contrast "normalized steps, inside the alternation=dante:sgd-altmin" --contrast "normalized steps, in backprop=sngd-backprop:sgd" \
    --contrast "alternation, with SNGD=dante:sngd-backprop" --contrast "alternation, with SGD=sgd-altmin:sgd" \
    --contrast "alternation, with Adam=adam-altmin:adam" --contrast "DANTE against SGD=dante:sgd" --contrast "DANTE against Adam=dante:adam" \
    --out "$out/factorial-$loss"
}
losses=("$@"); [ ${#losses[@]} -eq 0 ] && losses=(mse ce)
for loss in "${losses[@]}"; do
  case $loss in
    mse) one mse --loss mse --activation leaky-relu:0.01 --output-activation leaky-relu:0.01 ;;
    ce)  one ce --loss ce --activation leaky-relu:0.01 ;;
    *) echo "findings.sh: expected mse or ce, found '$loss'" >&2; exit 2 ;;
  esac
  mkdir -p "docs/findings/factorial-$loss"
  cp "$out/factorial-$loss"/{comparison.md,comparison.png,summary.json} "docs/findings/factorial-$loss/"
  (cd "$out" && find "factorial-$loss" \( -name history.csv -o -name summary.json -o -name comparison.csv \) -print0 | sort -z \
    | tar --null -T - -cf - --owner=0 --group=0 --mtime=2026-01-01 | xz -9 > "$OLDPWD/docs/findings/factorial-$loss/histories.tar.xz")
done
for loss in mse ce; do
  f=docs/findings/factorial-$loss/comparison.md
  if [ -f "$f" ]; then echo "## $loss"; sed -n '/^### Contrasts/,$p' "$f"; fi
done
