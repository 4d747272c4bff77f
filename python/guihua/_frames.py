"""Data frames and Arrow tables from documents (pandas and pyarrow are optional)."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Union

from ._guihua import Document

# The indicator table: one row per indicator record, with where it stands
# and the plan it belongs to; a document that could not be read is one row
# with only ``doc`` and ``error``. The dtype of each column: ``string``
# (pandas' nullable string), ``Int64`` (nullable integer), ``float64``
# (missing is NaN) or ``category``.
INDICATOR_COLUMNS: list[tuple[str, str]] = [
    # The columns of the CLI's indicator CSV and Parquet, in their order …
    ("doc", "string"),
    ("line", "Int64"),
    ("quote", "string"),
    ("indicator", "string"),
    ("comparator", "category"),
    ("value", "float64"),
    ("value_max", "float64"),
    ("ratio", "string"),
    ("unit", "category"),
    ("kind", "category"),
    ("section", "category"),
    ("source", "category"),
    ("year", "Int64"),
    ("item", "Int64"),
    ("span_start", "Int64"),
    ("span_end", "Int64"),
    ("canonical_id", "string"),
    ("canonical_name", "string"),
    ("scope", "string"),
    ("chapter", "string"),
    ("region", "string"),
    ("level", "category"),
    ("period_start", "Int64"),
    ("period_end", "Int64"),
    # … then what only the records carry …
    ("canonical_match", "category"),
    ("col_start", "Int64"),
    ("col_end", "Int64"),
    ("char_start", "Int64"),
    ("char_end", "Int64"),
    # … and why a document could not be read.
    ("error", "string"),
]

# Columns of the table whose values come straight from the record's field
# of the same name.
_SAME = (
    "line",
    "quote",
    "indicator",
    "comparator",
    "value",
    "value_max",
    "unit",
    "kind",
    "section",
    "source",
    "year",
    "item",
    "chapter",
    "canonical_id",
    "canonical_name",
    "canonical_match",
    "scope",
)

Documents = Union[Document, Iterable[Document]]


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "guihua's data frames need pandas: pip install 'guihua[pandas]'"
        ) from e
    return pandas


def _pyarrow():
    try:
        import pyarrow
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "guihua's Arrow tables need pyarrow: pip install 'guihua[pandas]'"
        ) from e
    return pyarrow


def _documents(docs: Documents) -> Iterator[Document]:
    if isinstance(docs, Document):
        yield docs
        return
    for d in docs:
        if not isinstance(d, Document):
            raise TypeError(f"expected guihua.Document, got {type(d).__name__}")
        yield d


def _number(v: Any) -> str:
    """A number as the CLI writes it in a text cell (``12``, ``1.5``)."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def _frame(columns: dict[str, list], dtypes: list[tuple[str, str]]):
    pd = _pandas()
    data = {name: _series(columns[name], dtype) for name, dtype in dtypes}
    return pd.DataFrame(data, columns=[name for name, _ in dtypes])


def indicators_frame(docs: Documents):
    """The indicator table of documents as a pandas DataFrame.

    One row per indicator record, in document order and record order;
    columns as :data:`INDICATOR_COLUMNS` (record fields, the plan's
    ``region``, ``level`` and ``period_start``/``period_end``, and the
    value's offsets: ``span_*`` UTF-8 bytes, ``col_*`` code points within
    the line, ``char_*`` code points into ``Document.text``). A ratio is a
    text cell ``a:b`` with ``value`` missing, as in the CLI's CSV. A
    document that could not be read gives one row with ``doc`` and
    ``error``.

    ``docs`` may be one document or any iterable of them, such as the
    iterator :func:`guihua.extract_files` returns: documents are consumed
    one at a time, so the frame is all that stays in memory.
    """
    cols: dict[str, list] = {name: [] for name, _ in INDICATOR_COLUMNS}
    blank = {name: None for name, _ in INDICATOR_COLUMNS}
    for d in _documents(docs):
        if not d.ok:
            row = dict(blank, doc=d.doc, error=d.error)
            for name in cols:
                cols[name].append(row[name])
            continue
        meta = d.metadata
        period = meta.get("period") or (None, None)
        region, level = meta.get("region"), meta.get("level")
        for r in d.indicators:
            for name in _SAME:
                cols[name].append(r[name])
            ratio = r["ratio"]
            cols["ratio"].append(
                None if ratio is None else f"{_number(ratio[0])}:{_number(ratio[1])}"
            )
            cols["doc"].append(r["doc"])
            cols["region"].append(region)
            cols["level"].append(level)
            cols["period_start"].append(period[0])
            cols["period_end"].append(period[1])
            span, col, chars = r["span"], r["col"], r["char_span"] or {}
            cols["span_start"].append(span["start"])
            cols["span_end"].append(span["end"])
            cols["col_start"].append(col["start"])
            cols["col_end"].append(col["end"])
            cols["char_start"].append(chars.get("start"))
            cols["char_end"].append(chars.get("end"))
            cols["error"].append(None)
    return _frame(cols, INDICATOR_COLUMNS)


# The fixed columns of the one-row-per-plan table.
TABLE_COLUMNS: list[tuple[str, str]] = [
    ("doc", "string"),
    ("title", "string"),
    ("region", "string"),
    ("level", "category"),
    ("parent_region", "string"),
    ("period_start", "Int64"),
    ("period_end", "Int64"),
]

# The column group of each canonical indicator in the table: its fields
# and their dtypes (``value`` is text when a ratio ``a:b`` is among them).
TABLE_FIELDS: list[tuple[str, str]] = [
    ("kind", "category"),
    ("comparator", "category"),
    ("value", "float64"),
    ("value_max", "float64"),
    ("unit", "category"),
    ("year", "Int64"),
]


def _table_cells(r: dict) -> dict[str, Any]:
    """A headline record's cells in its column group, as ``guihua table``
    writes them: a range's ends in ``value`` and ``value_max``, a ratio
    as ``a:b`` text in ``value``."""
    value = r["value"]
    if r["ratio"] is not None:
        a, b = r["ratio"]
        value = f"{_number(a)}:{_number(b)}"
    return {
        "kind": r["kind"],
        "comparator": r["comparator"],
        "value": value,
        "value_max": r["value_max"],
        "unit": r["unit"],
        "year": r["year"],
    }


def table_frame(docs: Documents, *, kind: str = "target"):
    """One row per document, as ``guihua table --kind KIND`` writes it: the
    plan's metadata, then for each canonical indicator present in any
    document (in catalogue order) its headline record's ``kind``,
    ``comparator``, ``value``, ``value_max``, ``unit`` and ``year``, in
    columns named ``W_H_03_value`` … (:func:`guihua.column_name`), then
    ``error``.

    ``kind`` is ``target`` (the default), ``baseline``, or ``all`` (a
    target when the plan states one). The record chosen for an indicator
    is the crate's (``Document.headlines``). ``*_value`` is a float unless
    a ratio (``a:b``) makes the column text. A document that could not be
    read has only ``doc`` and ``error``.
    """
    from ._guihua import column_name

    pd = _pandas()
    rows: list[dict[str, Any]] = []
    ranks: dict[str, int] = {}
    for d in _documents(docs):
        if not d.ok:
            rows.append({"doc": d.doc, "error": d.error})
            continue
        meta = d.metadata
        period = meta.get("period") or (None, None)
        row: dict[str, Any] = {
            "doc": d.doc,
            "title": meta.get("title"),
            "region": meta.get("region"),
            "level": meta.get("level"),
            "parent_region": meta.get("parent_region"),
            "period_start": period[0],
            "period_end": period[1],
            "error": None,
        }
        inds = d.indicators
        for (cid, idx), rank in zip(d.headlines(kind), d._headline_ranks(kind)):
            ranks[cid] = rank
            for field, value in _table_cells(inds[idx]).items():
                row[(cid, field)] = value
        rows.append(row)
    data = {}
    for name, dtype in TABLE_COLUMNS:
        data[name] = _series([row.get(name) for row in rows], dtype)
    for cid in sorted(ranks, key=lambda c: (ranks[c], c)):
        for field, dtype in TABLE_FIELDS:
            values = [row.get((cid, field)) for row in rows]
            if field == "value" and any(isinstance(v, str) for v in values):
                values = [v if v is None or isinstance(v, str) else _number(v) for v in values]
                dtype = "string"
            data[column_name(cid, field)] = _series(values, dtype)
    data["error"] = _series([row.get("error") for row in rows], "string")
    return pd.DataFrame(data)


def _series(values: list, dtype: str):
    pd = _pandas()
    if dtype == "float64":
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype=dtype)
    return pd.Series(values, dtype=dtype)


def indicators_arrow(docs: Documents):
    """:func:`indicators_frame` as a ``pyarrow.Table`` (categories become
    dictionary columns, nullable integers int64 with nulls)."""
    pa = _pyarrow()
    return pa.Table.from_pandas(indicators_frame(docs), preserve_index=False)


def table_arrow(docs: Documents, *, kind: str = "target"):
    """:func:`table_frame` as a ``pyarrow.Table``."""
    pa = _pyarrow()
    return pa.Table.from_pandas(table_frame(docs, kind=kind), preserve_index=False)


def read_parquet(path, **kwargs):
    """A Parquet file or folder written by guihua as a pandas DataFrame
    with the documented dtypes.

    Reads what ``guihua extract --format parquet`` and ``guihua table
    --format parquet`` write (and the Dask example's folders): integers as
    ``Int64``, doubles as ``float64``, text as ``string``, and the columns
    the file's pandas metadata marks as categories (comparator, unit, kind,
    section, source, level …) as ``category``; plain
    ``pandas.read_parquet`` gives the same but those columns as text.
    Keyword arguments go to ``pyarrow.parquet.read_table``.
    """
    import json

    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    _pandas()
    table = pq.read_table(path, **kwargs)
    meta = table.schema.metadata or {}
    pandas_meta = json.loads(meta.get(b"pandas", b"{}"))
    categories = {
        c.get("field_name", c.get("name"))
        for c in pandas_meta.get("columns", [])
        if c.get("pandas_type") == "categorical"
    }
    for i, field in enumerate(table.schema):
        if field.name in categories and not _is_dictionary(field.type):
            table = table.set_column(i, field.name, pc.dictionary_encode(table.column(i)))
    frame = table.to_pandas()
    for field in table.schema:
        if _is_string(field.type) and not isinstance(frame[field.name].dtype, _pandas().StringDtype):
            frame[field.name] = frame[field.name].astype("string")
    return frame


def _is_dictionary(t) -> bool:
    import pyarrow as pa

    return pa.types.is_dictionary(t)


def _is_string(t) -> bool:
    import pyarrow as pa

    return pa.types.is_string(t) or pa.types.is_large_string(t)
