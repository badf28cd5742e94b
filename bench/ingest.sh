#!/usr/bin/env bash
# The CLI on a 1 M-row counts CSV, clean and as a county office exports it (bench/make_counts.py): whole-process
# time and peak memory, three runs each. The messy file scores to the same output as the clean one.
#
#   bash bench/ingest.sh [ROWS] [ZHIFA]      # defaults: 1000000, build/zhifa
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-1000000}"
zhifa="${2:-build/zhifa}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
/usr/bin/python3 bench/make_counts.py --rows "$rows" --out "$dir" >/dev/null
for file in counts-clean.csv counts-messy.csv; do
  for run in 1 2 3; do
    /usr/bin/time -f "$file run $run: %e s wall, %U s user, %M KiB peak" \
      "$zhifa" score "$dir/$file" --format csv -o "$dir/out-$file" 2>&1 | grep " run "
  done
done
cmp -s "$dir/out-counts-clean.csv" "$dir/out-counts-messy.csv" && echo "outputs: identical"
