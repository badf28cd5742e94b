#!/bin/bash
# Instructions per Score() and per Score() + Explain(), counted by callgrind: the difference between 2,000 and
# 1,000 iterations, divided by 1,000, so that start-up (loading the rule set and the registry) cancels out.
#
#   bash bench/count_instructions.sh [build-bench]
set -euo pipefail
loop="${1:-build-bench}/bench/zhifa_scorecard_loop"
[[ -x "$loop" ]] || { echo "build $loop first (-DZHIFA_BUILD_BENCHMARKS=ON)" >&2; exit 2; }
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$loop" "$@" 2>&1 | awk '/Collected/ {print $4}'; }
for mode in "" explain; do
  a=$(count 1000 $mode)
  b=$(count 2000 $mode)
  echo "Score()${mode:+ + Explain()}: $(( (b - a) / 1000 )) instructions"
done
