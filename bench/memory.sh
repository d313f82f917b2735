#!/usr/bin/env bash
# Peak resident memory of `dante train` (GNU time's maximum RSS) for 784-256-10 and the five-hidden
# network, SGD for one epoch and DANTE for one round (T = 1), at the JVM's default heap and at -Xmx64m.
# Usage: bench/memory.sh [DATA_DIR]. Writes bench/results/memory.md.
. "$(dirname "$0")/lib.sh"
data=${1:-/usr/share/datasets/fashion-mnist}
[ -x /usr/bin/time ] || { echo "memory: needs GNU time (apt-get install time)" >&2; exit 1; }
./dante --version > /dev/null
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
{
  echo "| network | method | heap | peak RSS | training seconds |"
  echo "|---|---|---|---|---|"
  for arch in 784,256,10 784,256,256,256,256,256,10; do
    for method in sgd dante; do
      for heap in default 64m; do
        rm -rf "$tmp/run"
        opts=(); [ "$heap" = 64m ] && opts=(env JAVA_TOOL_OPTIONS=-Xmx64m)
        "${opts[@]}" /usr/bin/time -f %M -o "$tmp/rss" ./dante train --method "$method" --arch "$arch" --epochs 1 --rounds 1 -T 1 \
          --data fashion-mnist --data-dir "$data" --checkpoint-every 1000000 --out "$tmp/run" > "$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
        secs=$(tail -n 1 "$tmp/run/history.csv" | awk -F, '{print $11}')
        printf '| %s | %s | %s | %.0f MB | %.1f |\n' "${arch//,/-}" "$method" "$heap" "$(($(tail -n 1 "$tmp/rss") / 1024))" "$secs"
      done
    done
  done
} | tee "$out/memory.md"
