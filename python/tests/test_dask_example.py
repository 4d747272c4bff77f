"""examples/dask_batch.py on the corpus x100 with 2 workers equals the CLI."""

import math
import subprocess
import sys

import pandas as pd
import pytest

import guihua
from conftest import REPO, copy_plans, jsonl_records, run_cli

pytest.importorskip("dask.distributed")

FIELDS = [
    "doc", "line", "quote", "indicator", "comparator", "value", "value_max", "unit", "kind",
    "section", "source", "year", "item", "chapter", "canonical_id", "canonical_name",
    "canonical_match", "scope",
]


def plain(v):
    """A frame cell as a JSON value (missing is None, integral floats int)."""
    if v is pd.NA or v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):
        v = v.item()
    return v


def test_the_dask_example_equals_the_cli(cli, tmp_path):
    folder = tmp_path / "plans"
    copy_plans(folder / "a", 250)
    copy_plans(folder / "b", 250)
    (folder / "b" / "zz_broken.txt").write_bytes(b"\x00\x01" * 50)
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, str(REPO / "examples" / "dask_batch.py"), str(folder),
         "--out", str(out), "--workers", "2", "--chunk", "40"],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert "501 files in 13 tasks on 2 local workers" in run.stderr

    parts = sorted(out.glob("part.*.parquet"))
    assert len(parts) == 13
    frame = pd.read_parquet(out)
    # The dtypes survive the Parquet files.
    assert frame["year"].dtype == "Int64" and frame["value"].dtype == "float64"
    assert isinstance(frame["kind"].dtype, pd.CategoricalDtype)

    want = jsonl_records(run_cli(cli, "extract", folder, "-q", "-j", "2", check=False))
    indicators = [r for r in want if r["type"] == "indicator"]
    errors = [r for r in want if r["type"] == "error"]
    assert len(indicators) == 500 / 5 * sum(
        len(guihua.read(p).indicators) for p in sorted((REPO / "corpus").glob("*.txt"))
    )
    assert [e["doc"] for e in errors] == ["b/zz_broken.txt"]

    ok = frame[frame["error"].isna()]
    assert len(ok) == len(indicators)
    for row, rec in zip(ok.itertuples(index=False), indicators):
        got = {f: plain(getattr(row, f)) for f in FIELDS}
        assert got == {f: rec[f] for f in FIELDS}
        assert (row.span_start, row.span_end) == (rec["span"]["start"], rec["span"]["end"])
        assert (row.col_start, row.col_end) == (rec["col"]["start"], rec["col"]["end"])
    bad = frame[frame["error"].notna()]
    assert bad["doc"].tolist() == ["b/zz_broken.txt"]
    assert bad["error"].tolist() == [errors[0]["message"]]
