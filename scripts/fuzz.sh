#!/usr/bin/env bash
# Builds zhifa's libFuzzer targets (clang, with ASan and UBSan) in build-fuzz/ and runs each for SECONDS
# (default 60) on a working copy of its seed corpus, tests/fuzz/corpus/<target>/. Stops at the first crash,
# leak or timeout, which libFuzzer writes as build-fuzz/crash-* (re-run: build-fuzz/tests/fuzz/<target> FILE).
# Prints each target's runs and coverage. Run scripts/setup.sh first (it installs clang).
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(counts_csv cases rules registry calendar ledger people report)

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZHIFA_BUILD_FUZZERS=ON \
  -DZHIFA_BUILD_TESTING=OFF -DZHIFA_BUILD_CLI=OFF -DZHIFA_INSTALL=OFF \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" >/dev/null
cmake --build build-fuzz -j"${ZHIFA_JOBS:-2}" --target $(printf '%s_fuzzer ' "${targets[@]}")

summary=()
for t in "${targets[@]}"; do
  work="build-fuzz/corpus/$t"
  mkdir -p "$work"
  cp -n tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
  log="build-fuzz/$t.log"
  echo "=== $t: ${seconds}s"
  # -rss_limit_mb: the row and TOML limits (docs/limits.md) keep every input far below it.
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "build-fuzz/tests/fuzz/${t}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix=build-fuzz/ "$work" >"$log" 2>&1; then
    tail -60 "$log"
    echo "fuzz: $t FAILED (log: $log)" >&2
    exit 1
  fi
  runs=$(grep -o "stat::number_of_executed_units: *[0-9]*" "$log" | grep -o "[0-9]*$" || echo "?")
  cov=$(grep -o "cov: [0-9]*" "$log" | tail -1 | grep -o "[0-9]*" || echo "?")
  summary+=("$t: $runs runs, coverage $cov edges, corpus $(ls "$work" | wc -l) inputs, no crash")
done
echo "=== fuzz summary (${seconds}s a target)"
printf '%s\n' "${summary[@]}"
