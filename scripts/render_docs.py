#!/usr/bin/env python3
"""Renders the pictures of docs/ that the README shows: the HTML report of the bundled sample (headless Chromium)
and the three zhifa.plot charts. Run with the venv's Python after scripts/setup.sh:

    .venv/bin/python scripts/render_docs.py
"""
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

import zhifa
import zhifa.plot as zp

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def main() -> int:
    sample = pd.read_csv(io.BytesIO(zhifa.sample_csv()))
    scored = zhifa.score_frame(sample, explain="zh")
    zp.totals(scored).savefig(DOCS / "plot-totals.png", dpi=70)
    zp.rates(scored, "涅阳街道").savefig(DOCS / "plot-rates.png", dpi=70)
    # Four quarters of the sample with 涅阳街道 closing fewer cases each quarter, for a trend.
    quarters = []
    for q in range(4):
        f = sample.copy()
        f["period"] = f"2021-Q{q + 1}"
        f.loc[f["unit"] == "涅阳街道", ["closed", "executed"]] = [715 - 10 * q, 700 - 10 * q]
        quarters.append(f)
    trend = zhifa.score_frame(pd.concat(quarters, ignore_index=True))
    zp.trend(trend, units=["涅阳街道", "玉都街道", "卢医镇", "公安局", "市场监管局"]).savefig(
        DOCS / "plot-trend.png", dpi=70)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium is not installed: docs/report-html.png not rendered", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "report.html"
        zhifa.to_html(scored, html)
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--window-size=1100,900", f"--screenshot={DOCS / 'report-html.png'}", html.as_uri()],
                       check=True, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
