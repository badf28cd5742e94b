"""Shared fixtures of the Python tests."""

import io
import os
from pathlib import Path

import pandas as pd
import pytest

import zhifa

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sample() -> pd.DataFrame:
    """The bundled synthetic sample, 53 units, 2021."""
    return pd.read_csv(io.BytesIO(zhifa.sample_csv()))


@pytest.fixture
def cli() -> Path:
    """The zhifa binary built by scripts/setup.sh (or $ZHIFA_CLI)."""
    path = Path(os.environ.get("ZHIFA_CLI", ROOT / "build" / "zhifa"))
    if not path.exists():
        pytest.fail(f"{path} does not exist: build the CLI first (bash scripts/setup.sh) or set ZHIFA_CLI")
    return path


# A unit that meets every rule: each rate 1, nothing sued, no judgments (not applicable: full points).
PERFECT = dict(should_file=100, filed=100, closed=100, overdue=0, leader_unfulfilled=0, executed=100,
               court_refused=0, penalized=100, missed_penalty=0, sued=0, judgments=0, judgments_won=0)


@pytest.fixture(scope="session")
def revitalization_registry() -> "zhifa.Registry":
    """The built-in registry with 乡村振兴局 as an alias of 扶贫办 (the office was renamed in 2021) and 涅阳新区 as
    one of 涅阳街道: a county's own registry, as Registry.from_file would load it."""
    text = (ROOT / "data" / "units" / "zhenping-2021.toml").read_text(encoding="utf-8")
    assert 'aliases = ["扶贫开发办"]' in text and 'aliases = ["涅阳办事处", "涅阳"]' in text
    text = text.replace('aliases = ["扶贫开发办"]', 'aliases = ["扶贫开发办", "乡村振兴局"]')
    return zhifa.Registry.from_text(text.replace('aliases = ["涅阳办事处", "涅阳"]',
                                                 'aliases = ["涅阳办事处", "涅阳", "涅阳新区"]'))
