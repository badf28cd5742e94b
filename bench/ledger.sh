#!/usr/bin/env bash
# The problem ledger's CLI on synthetic ledgers (bench/make_ledger.py): `zhifa ledger check` of 1 M problems
# against reading the same file (checked as of 2021-04-12, before any problem was found: read, nothing found),
# and `zhifa ledger import` of 100 000 problems into a new store. Whole-process time and peak memory, three runs.
# The in-process figures (the check of 1 M problems through the C++ API, the import alone) are in
# bench/ledger_benchmark.cc.
#
#   bash bench/ledger.sh [ZHIFA]      # default: build/zhifa
set -euo pipefail
cd "$(dirname "$0")/.."
zhifa="${1:-build/zhifa}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
/usr/bin/python3 bench/make_ledger.py --rows 1000000 --out "$dir/ledger-1m.csv" >/dev/null
/usr/bin/python3 bench/make_ledger.py --rows 100000 --out "$dir/ledger-100k.csv" >/dev/null
for run in 1 2 3; do
  /usr/bin/time -f "read only (as of 2021-04-12), run $run: %e s wall, %M KiB peak" \
    "$zhifa" ledger check "$dir/ledger-1m.csv" --as-of 2021-04-12 --format csv -o "$dir/none.csv" 2>&1 | grep " run "
  /usr/bin/time -f "check as of 2021-06-01, run $run: %e s wall, %M KiB peak" \
    "$zhifa" ledger check "$dir/ledger-1m.csv" --as-of 2021-06-01 --format csv -o "$dir/findings.csv" 2>&1 |
    grep " run " || true
done
echo "findings: $(($(wc -l <"$dir/findings.csv") - 1))"
for run in 1 2 3; do
  rm -f "$dir/store.db" "$dir/store.db-wal" "$dir/store.db-shm"
  /usr/bin/time -f "import 100 000 problems, run $run: %e s wall, %M KiB peak" \
    "$zhifa" ledger import --db "$dir/store.db" "$dir/ledger-100k.csv" --by bench 2>&1 | grep " run "
done
