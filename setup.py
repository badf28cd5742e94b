"""Builds the zhifa Python package: the extension zhifa._zhifa is built by CMake (the same CMakeLists.txt as the
C++ library), so that `pip install .` and `pip install --no-build-isolation .` (offline, with Debian's
python3-setuptools and pybind11-dev) work alike. The version comes from CMakeLists.txt's project(VERSION)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
VERSION = re.search(r"project\(zhifa VERSION ([0-9.]+)", (ROOT / "CMakeLists.txt").read_text()).group(1)


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        build_dir = Path(os.environ.get("ZHIFA_PYTHON_BUILD_DIR", ROOT / "build" / "python-ext"))
        build_dir.mkdir(parents=True, exist_ok=True)
        args = [
            "-DZHIFA_BUILD_PYTHON=ON", "-DZHIFA_BUILD_TESTING=OFF", "-DZHIFA_BUILD_CLI=OFF", "-DZHIFA_INSTALL=OFF",
            "-DCMAKE_BUILD_TYPE=Release", f"-DPython_EXECUTABLE={sys.executable}",
            f"-DPYTHON_EXECUTABLE={sys.executable}",
        ]
        try:  # pybind11 from PyPI (isolated builds) ships its CMake files; Debian's pybind11-dev has them in /usr
            import pybind11

            args.append(f"-Dpybind11_DIR={pybind11.get_cmake_dir()}")
        except ImportError:
            pass
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build_dir), *args], check=True)
        jobs = os.environ.get("ZHIFA_JOBS", "2")
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_zhifa", "-j", jobs], check=True)
        built = next((build_dir / "bindings" / "python").glob("_zhifa*.so"))
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    version=VERSION,
    package_dir={"": "bindings/python"},
    packages=["zhifa"],
    package_data={"zhifa": ["py.typed", "*.pyi"]},
    ext_modules=[Extension("zhifa._zhifa", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    zip_safe=False,
)
