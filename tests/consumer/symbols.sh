#!/usr/bin/env bash
# The shared library exports zhifa's API and nothing of its insides: no zhifa::internal, toml++ or Abseil symbol
# (ZHIFA_EXPORT and -fvisibility=hidden, include/zhifa/export.h).
#   symbols.sh LIBRARY
set -euo pipefail
lib=$1
symbols=$(nm -D --defined-only -C "$lib" | cut -d' ' -f3-)
count=$(wc -l <<<"$symbols")
echo "$lib exports $count symbols"
bad=$(grep -E "zhifa::internal|^((typeinfo|typeinfo name|vtable|guard variable) for )?(absl|toml)::" <<<"$symbols" || true)
if [ -n "$bad" ]; then
  echo "exported but private:" >&2
  echo "$bad" | head -50 >&2
  exit 1
fi
# And the API is there: the C++ entry points and the C API.
for want in "zhifa::RuleSet::FromText(" "zhifa::Score(" "zhifa::BatchScorer::Score(" "zhifa_score" "zhifa_last_error"; do
  grep -qF -- "$want" <<<"$symbols" || { echo "missing: $want" >&2; exit 1; }
done
