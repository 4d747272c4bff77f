"""guihua (规划): outlines and typed indicator records from Chinese government plan text.

A thin layer over the guihua Rust crate: every record is the one the
``guihua`` command writes as JSON Lines, as a Python dict with the same
field names.

>>> import guihua
>>> doc = guihua.extract("（一）妇女与健康\\n主要目标：\\n1.孕产妇死亡率下降到12/10万以下。\\n")
>>> ind = doc.indicators[0]
>>> ind["indicator"], ind["comparator"], ind["value"], ind["unit"]
('孕产妇死亡率', '<=', 12, '1/10万')
>>> s = ind["char_span"]
>>> doc.text[s["start"]:s["end"]]
'12/10万以下'

Reading files and batches:

- :func:`read` reads one file in any format the CLI reads;
- :func:`extract_files` reads many on Rust threads, in input order;
- :func:`indicators_frame` and :func:`table_frame` turn documents into
  pandas data frames (``pip install guihua[pandas]``).

Offsets: ``span`` is UTF-8 byte offsets into the document text (as in the
CLI), ``col`` code point offsets within the line ``line`` (1-based), and
``char_span`` (Python only) code point offsets into :attr:`Document.text`,
so that ``doc.text[s["start"]:s["end"]]`` is the value and
``doc.text.encode()[span["start"]:span["end"]].decode()`` is the same
string.
"""

from ._guihua import (
    CatalogueError,
    Document,
    DocumentIterator,
    Extractor,
    ReadError,
    __version__,
    catalogue,
    column_name,
    doc_name,
    extract,
    extract_files,
    input_format,
    read,
)
from ._frames import (
    INDICATOR_COLUMNS,
    indicators_arrow,
    indicators_frame,
    read_parquet,
    table_arrow,
    table_frame,
)

__all__ = [
    "CatalogueError",
    "Document",
    "DocumentIterator",
    "Extractor",
    "INDICATOR_COLUMNS",
    "ReadError",
    "__version__",
    "catalogue",
    "column_name",
    "doc_name",
    "extract",
    "extract_files",
    "indicators_arrow",
    "indicators_frame",
    "input_format",
    "read",
    "read_parquet",
    "table_arrow",
    "table_frame",
]
