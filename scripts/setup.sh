#!/usr/bin/env bash
# Installs what zhifa needs on Debian 12 (apt-get, only the packages that are missing), builds the library and
# CLI in build/ (Release), then makes .venv from Debian's python3 (with its numpy, pandas, pytest, ...) and
# installs the zhifa Python package into it. Run from anywhere; uses sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config clang libclang-rt-14-dev
  libabsl-dev libboost-date-time-dev libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libcsv-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libsqlite3-dev libxlsxwriter-dev chromium
  python3 python3-dev python3-venv python3-pip python3-setuptools python3-wheel pybind11-dev python3-pybind11
  python3-numpy python3-pandas python3-pytest python3-nbclient python3-nbformat python3-ipykernel
  python3-matplotlib fonts-noto-cjk python3-openpyxl python3-dask python3-distributed
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

jobs="${ZHIFA_JOBS:-2}"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$jobs"

# The Python package, built through the same CMakeLists.txt (setup.py drives CMake). Debian's interpreter, not
# whatever python3 is first on PATH: the venv sees Debian's numpy and pandas through --system-site-packages.
[ -x .venv/bin/python ] || /usr/bin/python3 -m venv --system-site-packages .venv
ZHIFA_JOBS="$jobs" .venv/bin/pip install --no-build-isolation --quiet .

# A Jupyter kernel named "zhifa" for this venv (ipykernel from Debian), which examples/notebooks name: open them
# with `jupyter notebook examples/notebooks` (or any Jupyter) and the kernel imports this zhifa.
.venv/bin/python -m ipykernel install --user --name zhifa --display-name "Python (zhifa)" >/dev/null
