"""Type stubs of the compiled module (guihua._guihua)."""

import os
from typing import Any, Iterable, Iterator, Optional, Sequence, Union

__version__: str

INDICATOR_COLUMNS: list[tuple[str, str]]
"""The indicator table's columns with their pandas dtypes."""

StrPath = Union[str, "os.PathLike[str]"]

# A record is a dict with the field names of the CLI's JSON Lines output
# (README, "Wire format"); indicator records add "char_span".
Record = dict[str, Any]

class ReadError(OSError):
    """A file could not be read as a plan."""

    path: Optional[str]
    """The path as given."""
    kind: str
    """``io``, ``not_text``, ``decode``, ``docx``, ``doc``, ``pdf``, ``unsupported``,
    ``too_large``, ``name_taken`` or ``other``."""
    message: str
    """The CLI's error message."""

class CatalogueError(ValueError):
    """A catalogue file (TSV, as catalogue/indicators.tsv) is malformed."""

class Document:
    """One plan document: what was read, and what guihua extracted from it."""

    @property
    def doc(self) -> str:
        """The document's name (the ``doc`` field of every record)."""
    @property
    def path(self) -> Optional[str]:
        """The path it was read from, or ``None`` for text given directly."""
    @property
    def format(self) -> Optional[str]:
        """``text``, ``markdown``, ``docx``, ``html`` …, or ``None`` for text given directly."""
    @property
    def encoding(self) -> Optional[str]:
        """The encoding the bytes were decoded from (``UTF-8``, ``GBK`` …)."""
    @property
    def text(self) -> str:
        """The plain text extraction read; offsets refer to it."""
    @property
    def error(self) -> Optional[str]:
        """Why the file could not be read, or ``None``."""
    @property
    def ok(self) -> bool:
        """Whether the document was read and extracted."""
    @property
    def metadata(self) -> Record:
        """The ``document`` record without ``type``."""
    @property
    def sections(self) -> list[Record]:
        """The ``section`` records, in document order."""
    @property
    def items(self) -> list[Record]:
        """The ``item`` records, in document order."""
    @property
    def indicators(self) -> list[Record]:
        """The ``indicator`` records, each with ``char_span``."""
    @property
    def diagnostics(self) -> list[Record]:
        """The ``diagnostic`` records."""
    def headlines(self, kind: str = "target") -> list[tuple[str, int]]:
        """``(canonical id, index into indicators)`` of the record ``guihua table --kind KIND``
        shows for each canonical indicator, in catalogue order."""
    def records(self) -> list[Record]:
        """Every record in the CLI's JSON Lines order."""
    def to_jsonl(self) -> str:
        """The document as ``guihua extract --format jsonl`` writes it."""
    def to_json(self) -> str:
        """The document as one nested object, as ``--format json`` writes it."""
    def to_dict(self) -> dict[str, Any]:
        """:meth:`to_json` as Python objects."""
    def to_arrow(self) -> Any:
        """The document's indicator table as a ``pyarrow.Table``."""
    def raise_error(self) -> None:
        """Raises :class:`ReadError` if the document could not be read."""

class DocumentIterator(Iterator[Document]):
    """Documents in input order, extracted on Rust threads."""

    def __iter__(self) -> "DocumentIterator": ...
    def __next__(self) -> Document: ...
    def __length_hint__(self) -> int: ...

class Extractor:
    """An extractor with its own catalogue or segmenter words."""

    def __init__(
        self,
        *,
        catalogue: Optional[StrPath] = None,
        user_words: Optional[list[str]] = None,
    ) -> None: ...
    def extract(self, text: str, *, name: Optional[str] = None) -> Document: ...
    def read(
        self,
        path: StrPath,
        *,
        encoding: Optional[str] = None,
        lossy: bool = False,
        name: Optional[str] = None,
    ) -> Document: ...
    def extract_files(
        self,
        paths: Iterable[StrPath],
        *,
        jobs: Optional[int] = None,
        encoding: Optional[str] = None,
        lossy: bool = False,
        names: Optional[Sequence[str]] = None,
        raise_errors: bool = False,
    ) -> DocumentIterator: ...
    def catalogue(self) -> list[dict[str, Any]]: ...

def extract(text: str, *, name: Optional[str] = None) -> Document:
    """Extracts plan text given as a string (``doc`` defaults to ``"-"``)."""

def read(
    path: StrPath,
    *,
    encoding: Optional[str] = None,
    lossy: bool = False,
    name: Optional[str] = None,
) -> Document:
    """Reads a file in any format the CLI reads and extracts it; raises :class:`ReadError`."""

def extract_files(
    paths: Iterable[StrPath],
    *,
    jobs: Optional[int] = None,
    encoding: Optional[str] = None,
    lossy: bool = False,
    names: Optional[Sequence[str]] = None,
    raise_errors: bool = False,
) -> DocumentIterator:
    """Reads and extracts many files on Rust threads; documents come in input order."""

def catalogue() -> list[dict[str, Any]]:
    """The built-in catalogue of canonical indicators."""

def input_format(path: StrPath) -> Optional[str]:
    """The format guihua reads a file as, from its extension, or ``None`` (skipped in a walk)."""

def doc_name(root: StrPath, file: StrPath, several: bool = False) -> str:
    """The ``doc`` the CLI gives ``file`` found under ``root`` (one root, or ``several``)."""

def column_name(id: str, field: str) -> str:
    """The name ``guihua table`` gives the column of ``field`` of indicator ``id`` (``W_H_03_value``)."""
