"""Data frames and Arrow tables: dtypes, values, errors."""

import math

import pandas as pd
import pyarrow as pa
import pytest

import guihua
from conftest import CORPUS, corpus_files, jsonl_records, phenomena_files, run_cli

INT = {"line", "year", "item", "period_start", "period_end", "span_start", "span_end",
       "col_start", "col_end", "char_start", "char_end"}
CATEGORY = {"comparator", "unit", "kind", "source", "section", "canonical_match", "level"}
FLOAT = {"value", "value_max"}


def check_dtypes(frame):
    assert list(frame.columns) == [c for c, _ in guihua.INDICATOR_COLUMNS]
    for col in frame.columns:
        dtype = frame[col].dtype
        if col in INT:
            assert dtype == "Int64", col
        elif col in CATEGORY:
            assert isinstance(dtype, pd.CategoricalDtype), col
        elif col in FLOAT:
            assert dtype == "float64", col
        else:
            assert isinstance(dtype, pd.StringDtype), (col, dtype)


def test_indicators_frame_dtypes_and_values():
    docs = [guihua.read(p) for p in corpus_files() + phenomena_files()]
    frame = guihua.indicators_frame(docs)
    check_dtypes(frame)
    records = [r for d in docs for r in d.indicators]
    assert len(frame) == len(records) > 100
    for row, rec in zip(frame.itertuples(index=False), records):
        assert row.doc == rec["doc"] and row.line == rec["line"] and row.quote == rec["quote"]
        assert row.indicator == rec["indicator"] and row.comparator == rec["comparator"]
        if rec["value"] is None:
            assert math.isnan(row.value)
        else:
            assert row.value == rec["value"]
        assert (row.year is pd.NA) == (rec["year"] is None)
        assert (row.item is pd.NA) == (rec["item"] is None)
        assert row.span_start == rec["span"]["start"] and row.char_end == rec["char_span"]["end"]
        if rec["ratio"] is not None:
            a, b = row.ratio.split(":")
            assert [float(a), float(b)] == rec["ratio"]
    # Nullable columns really hold missing values somewhere in this set.
    assert frame["year"].isna().any() and frame["year"].notna().any()
    assert frame["value"].isna().any()  # the ratios
    assert frame["ratio"].notna().any()
    assert set(frame["kind"].cat.categories) == {"target", "baseline"}
    assert frame["error"].isna().all()
    # Metadata columns come from the document record.
    first = frame[frame["doc"] == docs[0].doc].iloc[0]
    assert first["region"] == docs[0].metadata["region"]
    assert first["period_start"] == docs[0].metadata["period"][0]


def test_indicators_frame_matches_the_cli_csv(cli, monkeypatch):
    monkeypatch.chdir(CORPUS)
    names = [p.name for p in corpus_files()]
    import io

    csv = pd.read_csv(io.StringIO(run_cli(cli, "extract", *names, "--format", "csv", "-q")))
    frame = guihua.indicators_frame(guihua.read(n) for n in names)
    shared = [c for c in csv.columns if c in frame.columns and c != "error"]
    assert {"doc", "quote", "indicator", "value", "unit", "year"} <= set(shared)
    for col in shared:
        want = csv[col].tolist()
        got = frame[col].astype(object).where(frame[col].notna(), None).tolist()
        for w, g in zip(want, got):
            if isinstance(w, float) and math.isnan(w):
                assert g is None or g == "", col
            else:
                assert g == w or str(g) == str(w) or float(g) == float(w), (col, w, g)


def test_an_empty_frame_has_the_dtypes():
    frame = guihua.indicators_frame([])
    assert len(frame) == 0
    check_dtypes(frame)


def test_a_failed_document_is_one_row_with_its_error(tmp_path):
    missing = tmp_path / "missing.txt"
    docs = list(guihua.extract_files([corpus_files()[0], missing]))
    frame = guihua.indicators_frame(docs)
    check_dtypes(frame)
    bad = frame[frame["error"].notna()]
    assert len(bad) == 1
    assert bad.iloc[0]["doc"] == docs[1].doc and "No such file" in bad.iloc[0]["error"]
    assert bad.iloc[0]["indicator"] is pd.NA
    assert len(frame) == len(docs[0].indicators) + 1


def test_frames_stream_from_extract_files(plans):
    frame = guihua.indicators_frame(guihua.extract_files(plans[:15], jobs=2))
    assert len(frame) == 3 * sum(len(guihua.read(p).indicators) for p in corpus_files())
    assert frame["doc"].nunique() == 15
    with pytest.raises(TypeError, match="guihua.Document"):
        guihua.indicators_frame([{"not": "a document"}])


@pytest.mark.parametrize("kind", ["target", "baseline", "all"])
def test_table_frame_matches_guihua_table(cli, monkeypatch, kind):
    monkeypatch.chdir(CORPUS)
    names = [p.name for p in corpus_files()]
    want = jsonl_records(run_cli(cli, "table", *names, "--kind", kind, "--format", "jsonl"))
    frame = guihua.table_frame((guihua.read(n) for n in names), kind=kind)
    assert len(frame) == len(want) == len(names)
    assert [c for c in frame.columns if c != "error"] == list(want[0])
    assert frame["period_start"].dtype == "Int64"
    assert isinstance(frame["level"].dtype, pd.CategoricalDtype)
    value_cols = [c for c in frame.columns if c.endswith("_value")]
    assert value_cols and all(frame[c].dtype in ("float64", "string") for c in value_cols)
    for c in frame.columns:
        if c.endswith("_year"):
            assert frame[c].dtype == "Int64", c
        if c.endswith("_kind"):
            assert set(frame[c].dropna()) <= ({"target"} if kind == "target" else {"target", "baseline"})
    for (_, row), rec in zip(frame.iterrows(), want):
        for col, w in rec.items():
            g = row[col]
            if w is None:
                assert g is pd.NA or (isinstance(g, float) and math.isnan(g)), (col, g)
            elif isinstance(w, (int, float)) and not isinstance(g, str):
                assert float(g) == float(w), (col, w, g)
            else:
                assert g == w, (col, w, g)


def test_table_column_names_are_the_crates():
    assert guihua.column_name("W.H.03", "value") == "W_H_03_value"
    assert guihua.column_name("3x", "unit").startswith("x3x")


def test_arrow_tables_have_typed_columns():
    doc = guihua.read(corpus_files()[0])
    table = doc.to_arrow()
    assert isinstance(table, pa.Table)
    assert table.num_rows == len(doc.indicators)
    schema = table.schema
    assert schema.field("line").type == pa.int64()
    assert schema.field("value").type == pa.float64()
    assert pa.types.is_dictionary(schema.field("kind").type)
    assert pa.types.is_string(schema.field("indicator").type) or pa.types.is_large_string(
        schema.field("indicator").type
    )
    assert table.column("indicator").to_pylist() == [i["indicator"] for i in doc.indicators]
    assert guihua.table_arrow([doc]).num_rows == 1
