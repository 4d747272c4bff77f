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
    ("chapter", "string"),
    ("canonical_id", "string"),
    ("canonical_name", "string"),
    ("canonical_match", "category"),
    ("scope", "string"),
    ("region", "string"),
    ("level", "category"),
    ("period_start", "Int64"),
    ("period_end", "Int64"),
    ("span_start", "Int64"),
    ("span_end", "Int64"),
    ("col_start", "Int64"),
    ("col_end", "Int64"),
    ("char_start", "Int64"),
    ("char_end", "Int64"),
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
    data = {}
    for name, dtype in dtypes:
        values = columns[name]
        if dtype == "float64":
            data[name] = pd.Series(
                [float("nan") if v is None else float(v) for v in values],
                dtype="float64",
            )
        else:
            data[name] = pd.Series(values, dtype=dtype)
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


def _value_cell(r: dict) -> Any:
    """The table's value cell: the number, ``min-max`` for a range,
    ``a:b`` for a ratio (as ``guihua table`` writes it)."""
    if r["ratio"] is not None:
        a, b = r["ratio"]
        return f"{_number(a)}:{_number(b)}"
    if r["value_max"] is not None:
        return f"{_number(r['value'])}-{_number(r['value_max'])}"
    return r["value"]


def table_frame(docs: Documents):
    """One row per document, as ``guihua table`` writes it: the plan's
    metadata, then for each canonical indicator present in any document
    (in catalogue order) its headline
    target's ``{id}_comparator``, ``{id}_value`` and ``{id}_unit``.

    ``{id}_value`` is a float where every row's target is a single number,
    else text (``45-50`` for a range, ``2:3`` for a ratio). A document that
    could not be read has only ``doc`` and ``error``.
    """
    pd = _pandas()
    rows: list[dict[str, Any]] = []
    ids: dict[str, int] = {}
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
        for (cid, idx), rank in zip(d.headlines, d._headline_ranks):
            r = inds[idx]
            ids[cid] = rank
            row[f"{cid}_comparator"] = r["comparator"]
            row[f"{cid}_value"] = _value_cell(r)
            row[f"{cid}_unit"] = r["unit"]
        rows.append(row)
    columns = {name: [row.get(name) for row in rows] for name, _ in TABLE_COLUMNS}
    frame = _frame(columns, TABLE_COLUMNS)
    extra = {}
    for cid in sorted(ids, key=lambda c: (ids[c], c)):
        for part in ("comparator", "value", "unit"):
            name = f"{cid}_{part}"
            values = [row.get(name) for row in rows]
            if part == "value" and all(
                v is None or isinstance(v, (int, float)) for v in values
            ):
                extra[name] = pd.Series(
                    [float("nan") if v is None else float(v) for v in values],
                    dtype="float64",
                )
            elif part == "value":
                extra[name] = pd.Series(
                    [None if v is None else _number(v) if not isinstance(v, str) else v
                     for v in values],
                    dtype="string",
                )
            else:
                extra[name] = pd.Series(values, dtype="category")
    extra["error"] = pd.Series([row.get("error") for row in rows], dtype="string")
    return pd.concat([frame, pd.DataFrame(extra)], axis=1)


def indicators_arrow(docs: Documents):
    """:func:`indicators_frame` as a ``pyarrow.Table`` (categories become
    dictionary columns, nullable integers int64 with nulls)."""
    pa = _pyarrow()
    return pa.Table.from_pandas(indicators_frame(docs), preserve_index=False)


def table_arrow(docs: Documents):
    """:func:`table_frame` as a ``pyarrow.Table``."""
    pa = _pyarrow()
    return pa.Table.from_pandas(table_frame(docs), preserve_index=False)
