"""The example notebook runs top to bottom (nbclient), in a kernel of this very interpreter."""

import json
import sys

import nbclient
import nbformat

from conftest import ROOT


def test_scoring_notebook_runs(tmp_path, monkeypatch):
    # A kernelspec for sys.executable, so the kernel imports the zhifa under test (not the system python's).
    spec = tmp_path / "kernels" / "zhifa-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "zhifa test", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(ROOT / "examples" / "notebooks" / "scoring.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="zhifa-test",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError if any cell fails
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    pictures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pictures) == 2, "zhifa.plot's totals and rates were not both drawn"
    sheets = [o["data"]["text/plain"] for o in outputs if "'总表'" in o.get("data", {}).get("text/plain", "")]
    assert sheets == ["['总表', '乡镇街道', '县政府部门', '垂管单位', '说明']"]  # the workbook, read back
    assert (tmp_path / "排名通报.html").exists()
    text = "".join(o.get("text", "") for o in outputs)
    assert "总分 92.01" in text  # the explanation of 涅阳街道 (tests/report_test.cc works it out)


def test_notebook_names_the_kernel_setup_registers():
    """scripts/setup.sh registers .venv as the Jupyter kernel "zhifa"; the notebook opens in it."""
    nb = nbformat.read(ROOT / "examples" / "notebooks" / "scoring.ipynb", as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "zhifa"
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert "ipykernel install --user --name zhifa" in setup
