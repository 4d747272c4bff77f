"""Data frames and Arrow tables from documents (pandas and pyarrow are optional)."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Union

from ._guihua import INDICATOR_COLUMNS as _INDICATOR_COLUMNS
from ._guihua import Document, _indicator_table

# The indicator table: one row per indicator record, with where it stands
# and the plan it belongs to; a document that could not be read is one row
# with only ``doc`` and ``error``. Each column with its dtype: ``string``
# (pandas' nullable string), ``Int64`` (nullable integer), ``float64``
# (missing is NaN) or ``category``. The CLI's indicator CSV and Parquet
# columns come first, in their order; then ``canonical_match`` and the
# value's ``col_*`` and ``char_*`` offsets; then ``error``. (Defined in
# the compiled module, which builds the table.)
INDICATOR_COLUMNS: list[tuple[str, str]] = list(_INDICATOR_COLUMNS)

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
    one at a time and their rows built in Rust as Arrow columns, so the
    frame is about all that stays in memory. Needs pandas and pyarrow
    (``pip install 'guihua[pandas]'``).
    """
    pd = _pandas()
    pa = _pyarrow()
    table = indicators_arrow(docs)
    mapper = {
        pa.int64(): pd.Int64Dtype(),
        pa.string(): pd.StringDtype(),
        pa.large_string(): pd.StringDtype(),
    }
    return table.to_pandas(types_mapper=mapper.get)


def indicators_arrow(docs: Documents):
    """The indicator table (:func:`indicators_frame`) as a ``pyarrow.Table``:
    strings, int64 and float64 columns with nulls, and the category
    columns dictionary-encoded."""
    pa = _pyarrow()
    if isinstance(docs, Document):
        docs = [docs]
    rows, columns = _indicator_table(docs)
    arrays = []
    for name, dtype, nulls, validity, values, data in columns:
        valid = pa.py_buffer(validity) if nulls else None
        if data is not None:
            arr = pa.Array.from_buffers(
                pa.large_string(), rows, [valid, pa.py_buffer(values), pa.py_buffer(data)], null_count=nulls
            )
            if len(data) < 2**31:
                arr = arr.cast(pa.string())
            if dtype == "category":
                arr = arr.dictionary_encode()
        else:
            typ = pa.int64() if dtype == "Int64" else pa.float64()
            arr = pa.Array.from_buffers(typ, rows, [valid, pa.py_buffer(values)], null_count=nulls)
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, names=[c for c, _ in INDICATOR_COLUMNS])


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
