#!/usr/bin/env bash
# Runs zhifa's whole test suite: the C++ tests (ctest, in build/) and the Python tests (pytest, in .venv), both
# made by scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ctest --test-dir build -j"${ZHIFA_JOBS:-2}" --output-on-failure
ZHIFA_CLI="$PWD/build/zhifa" PYDEVD_DISABLE_FILE_VALIDATION=1 .venv/bin/python -m pytest tests/python -q
