"""Parquet files from the CLI, read back with pyarrow and pandas."""

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import guihua
from conftest import CORPUS, PHENOMENA, corpus_files, jsonl_records, run_cli

CATEGORY = ["comparator", "unit", "kind", "section", "source", "level"]


def test_a_batch_file_reads_back_with_chinese_text_and_types(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(CORPUS)
    names = [p.name for p in corpus_files()]
    out = tmp_path / "all.parquet"
    run_cli(cli, "extract", *names, "--format", "parquet", "-o", out, "-q")
    table = pq.read_table(out)
    schema = table.schema
    assert schema.field("doc").type == pa.string()
    assert schema.field("line").type == pa.int64()
    assert schema.field("value").type == pa.float64()
    assert schema.field("year").type == pa.int64()
    # The same rows as the CSV, Chinese text intact.
    csv = pd.read_csv(io.StringIO(run_cli(cli, "extract", *names, "--format", "csv", "-q")))
    assert table.column("quote").to_pylist() == csv["quote"].tolist()
    assert table.column("indicator").to_pylist() == csv["indicator"].tolist()
    assert any("孕产妇死亡率" in q for q in table.column("quote").to_pylist())
    # Plain pandas: integers Int64 (missing is <NA>), text as strings.
    plain = pd.read_parquet(out)
    assert plain["year"].dtype == "Int64" and plain["line"].dtype == "Int64"
    assert plain["value"].dtype == "float64"
    assert isinstance(plain["doc"].dtype, pd.StringDtype)
    # guihua.read_parquet: the documented dtypes, categories included,
    # equal to the frame built in Python from the same documents.
    frame = guihua.read_parquet(out)
    for col in CATEGORY:
        assert isinstance(frame[col].dtype, pd.CategoricalDtype), col
    mine = guihua.indicators_frame(guihua.read(n) for n in names)
    shared = list(frame.columns)
    assert set(shared) <= set(mine.columns)
    pd.testing.assert_frame_equal(
        frame.astype({c: "string" for c in CATEGORY}),
        mine[shared].astype({c: "string" for c in CATEGORY}),
    )


def test_out_dir_files_and_error_rows(cli, tmp_path):
    broken = tmp_path / "in" / "broken.txt"
    broken.parent.mkdir()
    broken.write_bytes(b"\x00\xff\x00")
    (tmp_path / "in" / "ratios.txt").write_bytes((PHENOMENA / "ratios.txt").read_bytes())
    out = tmp_path / "out"
    run_cli(cli, "extract", tmp_path / "in", "--format", "parquet", "--out", out, "-q", check=False)
    # A file for the plan, none for the input that failed.
    assert sorted(p.name for p in out.iterdir()) == ["ratios.txt.parquet"]
    frame = guihua.read_parquet(out / "ratios.txt.parquet")
    assert frame["ratio"].notna().any() and frame["value"][frame["ratio"].notna()].isna().all()
    # One file for the batch: the failed input is a row with its error.
    one = tmp_path / "one.parquet"
    run_cli(cli, "extract", tmp_path / "in", "--format", "parquet", "-o", one, "-q", check=False)
    frame = guihua.read_parquet(one)
    bad = frame[frame["error"].notna()]
    assert bad["doc"].tolist() == ["broken.txt"]
    assert len(frame) == len(bad) + len(guihua.read(tmp_path / "in" / "ratios.txt").indicators)


def test_table_parquet_loads_with_types(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(CORPUS)
    names = [p.name for p in corpus_files()]
    out = tmp_path / "table.parquet"
    out.write_bytes(
        __import__("subprocess").run(
            [str(cli), "table", *names, "--format", "parquet"], capture_output=True, check=True
        ).stdout
    )
    frame = guihua.read_parquet(out)
    assert len(frame) == len(names)
    assert frame["period_start"].dtype == "Int64"
    assert frame["W_H_03_value"].dtype == "float64"
    assert isinstance(frame["W_H_03_kind"].dtype, pd.CategoricalDtype)
    want = jsonl_records(run_cli(cli, "table", *names, "--format", "jsonl"))
    assert list(frame.columns) == list(want[0]) + ["error"]
    # Chinese titles intact; missing ones are <NA>.
    assert [None if t is pd.NA else t for t in frame["title"]] == [r["title"] for r in want]
    assert "柳河县妇女发展规划（2021—2030年）" in frame["title"].tolist()
    assert frame["W_H_03_value"].tolist() == [r["W_H_03_value"] for r in want]
