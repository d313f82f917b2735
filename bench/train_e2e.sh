#!/usr/bin/env bash
# End to end, what a user runs: `dante train --method sgd` on Fashion-MNIST against the same
# loop in PyTorch (bench/train_e2e_torch.py), alternated A B A B over REPEATS so drift hits both.
# Usage: bench/train_e2e.sh [REPEATS=3] [EPOCHS=4] [DATA_DIR=/usr/share/datasets/fashion-mnist]
# Env: E2E_BATCHES="64 256", E2E_THREADS="1 2", E2E_VARIANTS (extra dante variants: dante-xmx64m,
# dante-full-train-loss, dante-warm-up, dante-no-warm-up; see run_dante),
# E2E_TIERS="native" or "avx512 avx2": avx2 runs the JVM with -XX:UseAVX=2 (256-bit vectors,
# 16 registers) and PyTorch with OPENBLAS_CORETYPE=Haswell and ATEN_CPU_CAPABILITY=avx2, so
# an AVX-512 machine measures the AVX2 tier too; tiers alternate inside every repeat.
# Writes bench/results/train-e2e.jsonl (one line per run) and train-e2e.md (the table).
# Needs: python3-torch and libopenblas0-pthread (without it PyTorch runs the reference BLAS).
. "$(dirname "$0")/lib.sh"
repeats=${1:-3}; epochs=${2:-4}; data=${3:-/usr/share/datasets/fashion-mnist}
batches=${E2E_BATCHES:-64 256}; threads=${E2E_THREADS:-1 2}; tiers=${E2E_TIERS:-native}
py=/usr/bin/python3
for tier in $tiers; do
  case "$tier" in native|avx512|avx2) ;; *) echo "train_e2e: unknown tier $tier (native, avx512, avx2)" >&2; exit 1 ;; esac
done
"$py" -c 'import torch' 2>/dev/null || { echo "train_e2e: PyTorch not found for $py (apt-get install python3-torch)" >&2; exit 1; }
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 || true)
case "$blas" in *openblas*) ;; *) echo "train_e2e: libblas.so.3 is $blas, not OpenBLAS (apt-get install libopenblas0-pthread)" >&2; exit 1;; esac
# Touch nothing under the checkout while this runs: ./dante rebuilds when sources change.
./dante --version > /dev/null
jsonl="$out/train-e2e.jsonl"; : > "$jsonl"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
tier_jvm() { [ "$1" = avx2 ] && echo "-XX:UseAVX=2" || true; }
run_dante() {  # variant threads batch rep tier
  local v=$1 t=$2 b=$3 r=$4 tier=$5 opts t0 t1 extra=()
  opts=$(tier_jvm "$tier")
  case "$v" in
    dante) ;;
    dante-xmx64m) opts="$opts -Xmx64m" ;;          # the heap a constrained library user might give it
    dante-full-train-loss) extra=(--train-loss full) ;;   # every evaluation over all 60 000 training rows (train's default before issue 27)
    dante-warm-up) opts="$opts -Ddante.warmup=true" ;;       # with the kernel warm-up during loading (KernelWarmUp; off by default since issue 27's Zen 5 runs)
    dante-no-warm-up) opts="$opts -Ddante.warmup=false" ;;   # without it (the default now; the default until then was on)
    *) echo "train_e2e: unknown variant $v" >&2; exit 1 ;;
  esac
  rm -rf "$tmp/run"
  t0=$(now)
  env ${opts:+"JAVA_TOOL_OPTIONS=$opts"} ./dante train --method sgd --lr 0.01 --epochs "$epochs" --batch "$b" --threads "$t" \
    --validation 0 --data fashion-mnist --data-dir "$data" --checkpoint-every 1000000 --seed "$r" "${extra[@]}" --out "$tmp/run" > "$tmp/log" 2>&1 \
    || { cat "$tmp/log" >&2; exit 1; }
  t1=$(now)
  "$py" - "$tmp/run/history.csv" "$v" "$t" "$b" "$r" "$t0" "$t1" "$tier" >> "$jsonl" <<'PY'
import csv, json, sys
path, v, t, b, r, t0, t1, tier = sys.argv[1:]
rows = [x for x in csv.DictReader(open(path)) if float(x["epoch"]) > 0 and float(x["epoch"]).is_integer()]
secs = [float(x["seconds"]) for x in rows]
print(json.dumps({"engine": v, "tier": tier, "threads": int(t), "batch": int(b), "rep": int(r), "n": 60000,
                  "epoch_seconds": [secs[0]] + [secs[i] - secs[i - 1] for i in range(1, len(secs))],
                  "process_seconds": float(t1) - float(t0)}))
PY
}
run_torch() {  # threads batch rep tier
  local t=$1 b=$2 r=$3 tier=$4 t0 t1 line core=""
  [ "$tier" = avx2 ] && core="OPENBLAS_CORETYPE=Haswell ATEN_CPU_CAPABILITY=avx2"
  t0=$(now)
  line=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $core OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t MKL_NUM_THREADS=$t \
    "$py" bench/train_e2e_torch.py "$data" "$t" "$b" "$epochs")
  t1=$(now)
  "$py" -c 'import json,sys; d=json.loads(sys.argv[1]); d.update(rep=int(sys.argv[2]), process_seconds=float(sys.argv[4])-float(sys.argv[3]), tier=sys.argv[5]); print(json.dumps(d))' \
    "$line" "$r" "$t0" "$t1" "$tier" >> "$jsonl"
}
for r in $(seq 1 "$repeats"); do
  for t in $threads; do
    for b in $batches; do
      for tier in $tiers; do
        echo "repeat $r/$repeats: threads $t, batch $b, tier $tier" >&2
        run_dante dante "$t" "$b" "$r" "$tier"
        run_torch "$t" "$b" "$r" "$tier"
        for v in ${E2E_VARIANTS:-}; do run_dante "$v" "$t" "$b" "$r" "$tier"; done
      done
    done
  done
done
python3 bench/summarize_train_e2e.py "$jsonl" | tee "$out/train-e2e.md"
