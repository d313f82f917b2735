#!/usr/bin/env bash
# Shows that a change of structure changed no number: builds BASE (a git revision, default
# HEAD~1) in a temporary worktree and the working tree as it is, runs in each
# `dante reproduce all --quick` and `dante demo`, and compares every file they write, with the
# columns and fields that measure time (seconds, wall clock, timestamps, paths) removed, and
# without the equal-time reruns (their budgets are measured speeds, so they differ between any two runs).
# Prints "same numbers" and exits 0, or prints the first differences and exits 1.
# Two runs of the same code must agree to the bit: results do not depend on the thread count
# nor on when the JIT compiled the kernels (vector-kernels' TranscendentalTest runs them
# interpreted against compiled).
# Usage: scripts/same-numbers.sh [BASE] [DATA_DIR]   (DATA_DIR: the paper's data for reproduce,
# optional: experiments whose data is missing are skipped by both sides alike)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base=${1:-HEAD~1}; data=${2:-}
work=${SAME_NUMBERS_WORK:-$(mktemp -d)}; trap 'git -C "$root" worktree remove --force "$work/base" 2>/dev/null || true; [ -n "${SAME_NUMBERS_WORK:-}" ] || rm -rf "$work"' EXIT
git -C "$root" worktree add -q --detach "$work/base" "$base"
run() {  # checkout output-dir
  local co=$1 o=$2
  mkdir -p "$o"
  (cd "$co" && ./dante reproduce all --quick --threads 1 ${data:+--data-dir "$data"} --out "$o/reproduce" > "$o/reproduce.log" 2>&1) || { tail -5 "$o/reproduce.log" >&2; exit 1; }
  (cd "$co" && ./dante demo --out "$o/demo" > "$o/demo.log" 2>&1) || { tail -5 "$o/demo.log" >&2; exit 1; }
}
echo "same-numbers: $base" >&2; run "$work/base" "$work/a"
echo "same-numbers: working tree" >&2; run "$root" "$work/b"
python3 - "$work/a" "$work/b" "$work/base" "$root" <<'PY'
import csv, io, json, os, re, sys
a, b, root_a, root_b = sys.argv[1:]
ROOTS = [root_a.encode(), root_b.encode()]
TIME = re.compile(r"(?i)(^|_)(seconds|second|time|wall|elapsed|started|finished|date|minutes|ms|duration|engine|kernels|threads|tuning|path|out|dir|version|jdk|java|cpu|machine)($|_)")
def clean_json(x):
    if isinstance(x, dict): return {k: clean_json(v) for k, v in x.items() if not TIME.search(k)}
    if isinstance(x, list): return [clean_json(v) for v in x]
    return x
def clean(path):
    if os.sep + "equal-time" + os.sep in path:
        return None    # an equal-time rerun's budget is a measured speed × a measured time: it differs from run to run
    raw = open(path, "rb").read()
    for r in ROOTS:                       # model metadata may name the files it was trained on
        raw = raw.replace(r, b"<checkout>")
    if path.endswith(".safetensors"):     # the header as parsed JSON (its key order is free), the tensors as bytes
        n = int.from_bytes(raw[:8], "little")
        return json.dumps(json.loads(raw[8:8 + n]), sort_keys=True).encode() + raw[8 + n:]
    if path.endswith(".json"):
        try: return json.dumps(clean_json(json.loads(raw)), sort_keys=True)
        except ValueError: pass
    if path.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8", "replace"))))
        if rows:
            keep = [i for i, h in enumerate(rows[0]) if not TIME.search(h)]
            return "\n".join(",".join(r[i] for i in keep if i < len(r)) for r in rows)
    if path.endswith((".log", ".png", ".svg", ".md", ".txt", "LOCK", ".lock")) or "CHECKPOINT" in path:
        return None    # prose, pictures and logs carry timings; the numbers are in the CSV, JSON and tensors
    return raw
diffs, files = [], 0
for d, _, fs in os.walk(a):
    for f in fs:
        pa = os.path.join(d, f); rel = os.path.relpath(pa, a); pb = os.path.join(b, rel)
        ca = clean(pa)
        if ca is None: continue
        files += 1
        if not os.path.exists(pb): diffs.append(rel + ": only in the base"); continue
        if ca != clean(pb): diffs.append(rel + ": differs")
for d, _, fs in os.walk(b):
    for f in fs:
        rel = os.path.relpath(os.path.join(d, f), b)
        if clean(os.path.join(d, f)) is not None and not os.path.exists(os.path.join(a, rel)): diffs.append(rel + ": only in the working tree")
if diffs:
    print("numbers differ in %d of %d files:" % (len(diffs), files)); print("\n".join(sorted(diffs)[:40])); sys.exit(1)
print("same numbers: %d files compared (CSV and JSON without their timing fields, tensors byte for byte, model headers as JSON)" % files)
PY
