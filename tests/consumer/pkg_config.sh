#!/usr/bin/env bash
# Installs the built zhifa to a fresh prefix, then builds a C++ program (tests/consumer/main.cc) and a C program
# (examples/c_api.c) with nothing but `pkg-config` against it, as a Makefile project would, and runs both.
#   pkg_config.sh BINARY_DIR SOURCE_DIR WORK_DIR static|shared
set -euo pipefail
binary_dir=$1 source_dir=$2 work=$3 mode=$4
rm -rf "$work"
mkdir -p "$work"
cmake --install "$binary_dir" --prefix "$work/prefix" >/dev/null
# The installed tree moves: the .pc files name paths relative to themselves (${pcfiledir}), none absolute.
mv "$work/prefix" "$work/moved"
pc_dir=$(dirname "$(find "$work/moved" -name zhifa.pc)")
if grep -n "$work/prefix\|$binary_dir" "$pc_dir"/*.pc; then
  echo "pkg-config files name build or install paths" >&2
  exit 1
fi
export PKG_CONFIG_PATH="$pc_dir"
flags=(--cflags --libs zhifa)
[ "$mode" = static ] && flags=(--static "${flags[@]}")
pkg-config --exists --print-errors zhifa
echo "pkg-config ${flags[*]}: $(pkg-config "${flags[@]}")"
g++ -std=c++20 -o "$work/consumer" "$source_dir/tests/consumer/main.cc" $(pkg-config "${flags[@]}")
gcc -std=c11 -Wall -Wextra -pedantic -o "$work/c_api" "$source_dir/examples/c_api.c" $(pkg-config "${flags[@]}")
lib_dir=$(pkg-config --variable=libdir zhifa)
export LD_LIBRARY_PATH="$lib_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# ldd's output in a variable first: with pipefail, `ldd | grep -q` fails at random when grep exits early and
# ldd gets SIGPIPE.
libs=$(ldd "$work/c_api")
if [ "$mode" = shared ]; then
  grep -qF "libzhifa.so.0 => $lib_dir" <<<"$libs" || { echo "c_api does not load $lib_dir/libzhifa.so.0" >&2; exit 1; }
else
  ! grep -q libzhifa <<<"$libs" || { echo "c_api links a shared libzhifa in a static build" >&2; exit 1; }
fi
"$work/consumer"
# The workbook, through its own .pc file (zhifa-workbook: zhifa plus libxlsxwriter).
workbook_flags=(--cflags --libs zhifa-workbook)
[ "$mode" = static ] && workbook_flags=(--static "${workbook_flags[@]}")
g++ -std=c++20 -o "$work/consumer_workbook" "$source_dir/tests/consumer/workbook.cc" $(pkg-config "${workbook_flags[@]}")
"$work/consumer_workbook" "$work/report.xlsx" >/dev/null
out=$("$work/c_api" "$source_dir/data/sample/zhenping-2021.csv")
echo "c_api printed: $out"
[ "$out" = "涅阳街道 2021 92.01" ]
