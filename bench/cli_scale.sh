#!/usr/bin/env bash
# zhifa score at scale: peak memory and throughput of `zhifa score --format csv` on counts files of ROWS and
# 2 × ROWS rows (bench/make_counts.py, clean: 53 units × monthly periods, so at most about 5 M rows before the
# periods pass 9998). Memory per row is the slope between the two sizes, so that what does not grow with the
# rows (buffers, the registry, a block of 65,536 rows) cancels out. Best of three runs each. BASELINE, when
# given, is another zhifa binary (an earlier version) measured the same way in the same run.
#
#   bash bench/cli_scale.sh [ROWS] [ZHIFA] [BASELINE]      # defaults: 2000000, build/zhifa, none
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-2000000}"
zhifa="${2:-build/zhifa}"
baseline="${3:-}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
for n in "$rows" $((2 * rows)); do
  mkdir -p "$dir/$n"
  /usr/bin/python3 bench/make_counts.py --rows "$n" --out "$dir/$n" >/dev/null
done
# best of three: wall seconds and peak KiB
measure() {
  local best="" peak=""
  for run in 1 2 3; do
    /usr/bin/time -o "$dir/time" -f "%e %M" "$binary" score "$@" --format csv -o "$dir/out.csv" 2>/dev/null
    read -r wall kib <"$dir/time"
    if [[ -z "$best" ]] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$wall"; fi
    peak="$kib"
  done
  echo "$best $peak"
}
for binary in "$zhifa" ${baseline:+"$baseline"}; do
  read -r t1 m1 < <(measure "$dir/$rows/counts-clean.csv")
  read -r t2 m2 < <(measure "$dir/$((2 * rows))/counts-clean.csv")
  awk -v b="$binary" -v n="$rows" -v t1="$t1" -v m1="$m1" -v t2="$t2" -v m2="$m2" 'BEGIN {
    printf "%s\n  %d rows: %.2f s, %.1f MiB; %d rows: %.2f s, %.1f MiB; %.1f bytes a row, %.2f M rows/s\n",
      b, n, t1, m1 / 1024, 2 * n, t2, m2 / 1024, (m2 - m1) * 1024 / n, 2 * n / t2 / 1e6 }'
done
