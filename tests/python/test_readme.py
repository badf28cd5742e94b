"""Every command the README shows runs: each line of a ```sh block that calls ./build/zhifa is run from the
repository's root and must not fail on usage or input (exit 2); and the README's table example matches the
program's output."""

import re
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands():
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("./build/zhifa "):
                yield line


@pytest.mark.parametrize("line", list(commands()))
def test_readme_command_runs(line, cli):
    args = shlex.split(line)
    args[0] = str(cli)
    result = subprocess.run(args, cwd=ROOT, capture_output=True)
    assert result.returncode in (0, 1), result.stderr.decode()
    assert result.stdout


def test_readme_score_table_is_the_output(cli):
    shown = re.search(r"\$ \./build/zhifa score \| head -6\n(.*?)```", README, flags=re.S).group(1)
    out = subprocess.run([str(cli), "score"], cwd=ROOT, capture_output=True, check=True).stdout.decode()
    assert out.splitlines()[:6] == shown.rstrip("\n").splitlines()
