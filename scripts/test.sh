#!/usr/bin/env bash
# Runs zhifa's whole test suite against the build in build/ (made by scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ctest --test-dir build -j"${ZHIFA_JOBS:-2}" --output-on-failure
