//! Python bindings of guihua: a thin layer over the crate.
//!
//! Everything a record holds comes from the crate's own wire rendering: a
//! document is extracted and rendered as JSON Lines by
//! [`guihua::Extraction::write_jsonl_info`] (in Rust, without the GIL), and
//! its records become Python dicts only when Python asks for them. The one
//! field added on the Python side is an indicator's `char_span`: the
//! value's offsets in code points of the document text, so that
//! `doc.text[s["start"]:s["end"]]` is the value, as `span` (UTF-8 bytes) is
//! for the bytes of the text.
//!
//! Batches run on the CLI's worker pool (`src/bin/guihua/pool.rs`,
//! compiled in here as it is): workers take the next file as soon as they
//! are free and documents come out in input order.

#![forbid(unsafe_code)]

use std::collections::HashMap;
use std::error::Error as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use guihua::dataset::{column_name, headlines, Kinds};
use guihua::docid::doc_id;
use guihua::input::{encoding_for_label, read_path, ReadOptions};
use guihua::output::DocInfo;
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use serde_json::Value;

// The CLI's ordered worker pool, shared rather than written twice.
#[path = "../../src/bin/guihua/pool.rs"]
mod pool;
mod table;

pyo3::create_exception!(
    guihua,
    ReadError,
    PyOSError,
    "A file could not be read as a plan: missing or unreadable, not text, not \
     decodable in the encoding chosen or detected, a broken .docx, too large, or \
     (in a batch) named like an earlier file.\n\n\
     Attributes: ``path`` (the path as given), ``kind`` (``io``, ``not_text``, \
     ``decode``, ``docx``, ``doc``, ``pdf``, ``unsupported``, ``too_large``, \
     ``name_taken`` or ``other``), ``message`` \
     (the CLI's error message) and ``errno`` (for ``io`` errors the OS gives one)."
);

pyo3::create_exception!(
    guihua,
    CatalogueError,
    PyValueError,
    "A catalogue file (TSV, as catalogue/indicators.tsv) is malformed."
);

/// Rendered output that may wait for in-order delivery before no new file
/// is started (as in the CLI).
const WAITING_BYTES: usize = 32 * 1024 * 1024;

/// Finished documents that may wait per worker thread.
const RESULTS_PER_THREAD: usize = 8;

/// Strings up to this many bytes are interned when they become Python
/// objects: dict keys and the short enum-like values (`target`, `%`, `健康`)
/// that repeat in every record.
const INTERN_MAX: usize = 16;

static DEFAULT: LazyLock<guihua::Extractor> = LazyLock::new(guihua::Extractor::new);

/// Why a document has no extraction.
#[derive(Clone, Debug)]
struct Failure {
    kind: &'static str,
    message: String,
    errno: Option<i32>,
}

/// What a document was extracted from, kept so that the nested JSON
/// (`to_json`) can be rendered on demand exactly as the CLI renders it.
#[derive(Clone, Debug)]
enum Body {
    /// Read from a file: the crate's input (text, format, encoding, and
    /// what a lossy read replaced).
    Read(guihua::input::Input),
    /// Text given as a string.
    Given(String),
    /// Unpickled: the text and the nested JSON rendered before pickling.
    Restored { text: String, json: String },
    /// The file could not be read.
    Failed(Failure),
}

/// One document as the workers produce it: its body, its wire records
/// rendered by the crate, and the headline target of each canonical
/// indicator (for `table_frame`).
#[derive(Clone, Debug)]
struct Data {
    doc: String,
    path: Option<String>,
    format: Option<String>,
    encoding: Option<String>,
    body: Body,
    jsonl: String,
    /// The headline record of each canonical indicator for targets,
    /// baselines and either (`KINDS` order): `(canonical id, indicator
    /// index, catalogue position)`, in catalogue order.
    headlines: [Vec<Headline>; 3],
}

/// `(canonical id, indicator index, catalogue position)`.
type Headline = (String, usize, usize);

/// The record kinds a table can hold, as `table_frame` names them.
const KINDS: [(&str, Kinds); 3] =
    [("target", Kinds::Targets), ("baseline", Kinds::Baselines), ("all", Kinds::All)];

impl Data {
    /// Extracts text given as a string.
    fn given(extractor: &guihua::Extractor, text: String, doc: String) -> Data {
        let ex = extractor.extract(&text);
        let (jsonl, headlines) = render(&ex, &DocInfo::new(&doc));
        drop(ex);
        Data {
            doc,
            path: None,
            format: None,
            encoding: None,
            body: Body::Given(text),
            jsonl,
            headlines,
        }
    }

    /// Reads the file at `path` and extracts it as the CLI does; a file
    /// that cannot be read gives a failed document.
    fn read(extractor: &guihua::Extractor, path: &Path, doc: String, opts: ReadOptions) -> Data {
        let shown = Some(path.to_string_lossy().into_owned());
        // A path that is not there fails as it does in the CLI's walk,
        // with the system's message.
        if let Err(e) = std::fs::metadata(path) {
            let f = Failure { kind: "io", message: e.to_string(), errno: e.raw_os_error() };
            return Data::failed(doc, shown, f);
        }
        let input = match read_path(path, None, opts) {
            Ok(input) => input,
            Err(e) => return Data::failed(doc, shown, failure(&e)),
        };
        let (format, encoding) = (input.format.as_str(), input.encoding);
        let ex = input.extract(extractor);
        let info = DocInfo { doc: &doc, format: Some(format), encoding: Some(encoding) };
        let (jsonl, headlines) = render(&ex, &info);
        drop(ex);
        Data {
            doc,
            path: shown,
            format: Some(format.to_string()),
            encoding: Some(encoding.to_string()),
            body: Body::Read(input),
            jsonl,
            headlines,
        }
    }

    /// A document that could not be read: its one record is the CLI's
    /// error record.
    fn failed(doc: String, path: Option<String>, error: Failure) -> Data {
        let mut jsonl =
            serde_json::json!({"type": "error", "doc": doc, "message": error.message}).to_string();
        jsonl.push('\n');
        Data {
            doc,
            path,
            format: None,
            encoding: None,
            body: Body::Failed(error),
            jsonl,
            headlines: Default::default(),
        }
    }

    fn text(&self) -> &str {
        match &self.body {
            Body::Read(input) => &input.text,
            Body::Given(text) | Body::Restored { text, .. } => text,
            Body::Failed(_) => "",
        }
    }

    fn error(&self) -> Option<&Failure> {
        match &self.body {
            Body::Failed(f) => Some(f),
            _ => None,
        }
    }

    /// The nested JSON object the CLI's `--format json` writes for this
    /// document.
    fn json(&self, extractor: &guihua::Extractor) -> Result<String, String> {
        let info = DocInfo {
            doc: &self.doc,
            format: self.format.as_deref(),
            encoding: self.encoding.as_deref(),
        };
        let mut out = Vec::new();
        let written = match &self.body {
            Body::Read(input) => input.extract(extractor).write_json_info(&info, &mut out),
            Body::Given(text) => extractor.extract(text).write_json_info(&info, &mut out),
            Body::Restored { json, .. } => return Ok(json.clone()),
            Body::Failed(f) => {
                return Ok(serde_json::json!({"doc": self.doc, "error": f.message}).to_string())
            }
        };
        written.map_err(|e| message(&e))?;
        String::from_utf8(out).map_err(|e| e.to_string())
    }

    /// The memory a finished document holds while it waits.
    fn weight(&self) -> usize {
        self.text().len() + self.jsonl.len()
    }
}

/// The JSON Lines records of an extraction and its headline records.
fn render(ex: &guihua::Extraction<'_>, info: &DocInfo<'_>) -> (String, [Vec<Headline>; 3]) {
    let mut out = Vec::with_capacity(ex.text().len() * 3 / 2 + 4096);
    // Writing into memory cannot fail.
    let _ = ex.write_jsonl_info(info, &mut out);
    let entries = ex.catalogue().entries();
    let of = |kinds: Kinds| {
        let mut h: Vec<Headline> = headlines(ex, kinds)
            .into_iter()
            .map(|(id, idx)| {
                let rank = entries.iter().position(|e| e.id == id).unwrap_or(usize::MAX);
                (id, idx, rank)
            })
            .collect();
        h.sort_by_key(|h| h.2);
        h
    };
    (String::from_utf8(out).unwrap_or_default(), KINDS.map(|(_, k)| of(k)))
}

fn kind_index(kind: &str) -> PyResult<usize> {
    KINDS.iter().position(|(k, _)| *k == kind).ok_or_else(|| {
        PyValueError::new_err(format!("kind must be target, baseline or all, not {kind:?}"))
    })
}

/// The CLI's message for an error: the error and its causes, joined by `: `.
fn message(e: &guihua::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// The values of `ReadError.kind` besides `other`.
const FAILURE_KINDS: [&str; 9] =
    ["io", "not_text", "decode", "docx", "doc", "pdf", "unsupported", "too_large", "name_taken"];

fn failure(e: &guihua::Error) -> Failure {
    use guihua::ErrorKind as K;
    let (kind, errno) = match e.kind() {
        K::Io(io) => ("io", io.raw_os_error()),
        K::NotText { .. } => ("not_text", None),
        K::Decode { .. } => ("decode", None),
        K::Docx { .. } => ("docx", None),
        K::Doc { .. } => ("doc", None),
        K::Pdf { .. } => ("pdf", None),
        K::Unsupported { .. } => ("unsupported", None),
        K::TooLarge { .. } => ("too_large", None),
        _ => ("other", None),
    };
    Failure { kind, message: message(e), errno }
}

fn read_error(py: Python<'_>, path: Option<&str>, f: &Failure) -> PyErr {
    let shown = path.unwrap_or("-");
    let err = ReadError::new_err(format!("{shown}: {}", f.message));
    let value = err.value(py);
    let set = || -> PyResult<()> {
        value.setattr("path", path)?;
        value.setattr("kind", f.kind)?;
        value.setattr("message", &f.message)?;
        if let Some(n) = f.errno {
            value.setattr("errno", n)?;
        }
        Ok(())
    };
    match set() {
        Ok(()) => err,
        Err(e) => e,
    }
}

/// A path argument as a `PathBuf` (`str` or any `os.PathLike`).
fn path_arg(obj: &Bound<'_, PyAny>) -> PyResult<PathBuf> {
    obj.extract::<PathBuf>()
}

fn read_options(encoding: Option<&str>, lossy: bool) -> PyResult<ReadOptions> {
    let forced = match encoding {
        None => None,
        Some(label) => Some(
            encoding_for_label(label)
                .ok_or_else(|| PyValueError::new_err(format!("unknown encoding {label:?}")))?,
        ),
    };
    Ok(ReadOptions::with_encoding(forced).lossy(lossy))
}

/// The Python form of a JSON value: dicts keep the record's field order.
fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => string(py, s),
        Value::Array(a) => {
            let items = a.iter().map(|x| to_py(py, x)).collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                d.set_item(PyString::intern(py, k), to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

fn string<'py>(py: Python<'py>, s: &str) -> Bound<'py, PyAny> {
    if s.len() <= INTERN_MAX {
        PyString::intern(py, s).into_any()
    } else {
        PyString::new(py, s).into_any()
    }
}

/// Code point offsets of byte offsets into one text, counted
/// incrementally: indicators come in order of their spans, so a document
/// costs one pass over its text.
struct CharOffsets<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharOffsets<'t> {
    fn new(text: &'t str) -> CharOffsets<'t> {
        CharOffsets { text, byte: 0, chars: 0 }
    }

    /// The code point offset of byte offset `at`, or `None` if `at` is not
    /// a char boundary of the text.
    fn of(&mut self, at: usize) -> Option<usize> {
        if at < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let n = self.text.get(self.byte..at)?.chars().count();
        self.byte = at;
        self.chars += n;
        Some(self.chars)
    }
}

/// Adds `char_span` to an indicator record from its `span`.
fn add_char_span(rec: &mut Value, offsets: &mut CharOffsets<'_>) {
    let span = |k: &str| rec.get("span").and_then(|s| s.get(k)).and_then(Value::as_u64);
    let (Some(start), Some(end)) = (span("start"), span("end")) else { return };
    let chars = offsets
        .of(start as usize)
        .zip(offsets.of(end as usize))
        .map(|(s, e)| serde_json::json!({"start": s, "end": e}));
    if let Value::Object(m) = rec {
        m.insert("char_span".into(), chars.unwrap_or(Value::Null));
    }
}

/// The record types of a document's JSON Lines after its `document`
/// record, in their order.
const TYPES: [&str; 4] = ["section", "item", "indicator", "diagnostic"];

/// The lines of `jsonl` holding records of type `t` (the crate writes
/// `"type"` first in every record).
fn lines_of<'a>(jsonl: &'a str, t: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    jsonl.lines().filter(move |l| {
        l.strip_prefix(r#"{"type":""#)
            .and_then(|rest| rest.strip_prefix(t))
            .is_some_and(|rest| rest.starts_with('"'))
    })
}

fn parse(line: &str) -> PyResult<Value> {
    serde_json::from_str(line)
        .map_err(|e| PyRuntimeError::new_err(format!("guihua wrote a bad record: {e}")))
}

/// A document's records as Python objects, each kind built on first use
/// (a data frame of indicators never builds the items' dicts).
struct Records {
    metadata: PyOnceLock<Py<PyDict>>,
    lists: [PyOnceLock<Py<PyList>>; 4],
    all: PyOnceLock<Py<PyList>>,
}

impl Records {
    fn new() -> Records {
        Records {
            metadata: PyOnceLock::new(),
            lists: [(); 4].map(|_| PyOnceLock::new()),
            all: PyOnceLock::new(),
        }
    }

    fn metadata(&self, py: Python<'_>, data: &Data) -> PyResult<Py<PyDict>> {
        let d = self.metadata.get_or_try_init(py, || -> PyResult<Py<PyDict>> {
            let metadata = PyDict::new(py);
            if let Some(line) = lines_of(&data.jsonl, "document").next() {
                if let Value::Object(m) = parse(line)? {
                    for (k, v) in m.iter().filter(|(k, _)| *k != "type") {
                        metadata.set_item(PyString::intern(py, k), to_py(py, v)?)?;
                    }
                }
            }
            Ok(metadata.unbind())
        })?;
        Ok(d.clone_ref(py))
    }

    /// The records of `TYPES[t]`.
    fn list(&self, py: Python<'_>, data: &Data, t: usize) -> PyResult<Py<PyList>> {
        let l = self.lists[t].get_or_try_init(py, || -> PyResult<Py<PyList>> {
            let list = PyList::empty(py);
            let mut offsets = CharOffsets::new(data.text());
            for line in lines_of(&data.jsonl, TYPES[t]) {
                let mut rec = parse(line)?;
                if TYPES[t] == "indicator" {
                    add_char_span(&mut rec, &mut offsets);
                }
                list.append(to_py(py, &rec)?)?;
            }
            Ok(list.unbind())
        })?;
        Ok(l.clone_ref(py))
    }

    /// Every record in JSON Lines order (the typed lists' dicts, shared).
    fn all(&self, py: Python<'_>, data: &Data) -> PyResult<Py<PyList>> {
        let l = self.all.get_or_try_init(py, || -> PyResult<Py<PyList>> {
            let all = PyList::empty(py);
            for t in ["document", "error"] {
                for line in lines_of(&data.jsonl, t) {
                    all.append(to_py(py, &parse(line)?)?)?;
                }
            }
            for t in 0..TYPES.len() {
                for rec in self.list(py, data, t)?.bind(py).iter() {
                    all.append(rec)?;
                }
            }
            Ok(all.unbind())
        })?;
        Ok(l.clone_ref(py))
    }
}

/// One plan document: what was read, and what guihua extracted from it.
///
/// Records are plain dicts with the field names of the CLI's JSON Lines
/// output (see the README's "Wire format"); indicator dicts add
/// ``char_span``, the value's offsets in code points of :attr:`text`.
/// A document that could not be read has :attr:`error` set and no records
/// but its error record.
#[pyclass(frozen, module = "guihua")]
struct Document {
    data: Data,
    extractor: guihua::Extractor,
    records: Records,
}

impl Document {
    fn new(data: Data, extractor: guihua::Extractor) -> Document {
        Document { data, extractor, records: Records::new() }
    }
}

#[pymethods]
impl Document {
    /// The document's name in the output (the ``doc`` field of every
    /// record).
    #[getter]
    fn doc(&self) -> &str {
        &self.data.doc
    }

    /// The path it was read from, or ``None`` for text given directly.
    #[getter]
    fn path(&self) -> Option<&str> {
        self.data.path.as_deref()
    }

    /// The format it was read as (``text``, ``markdown``, ``docx``,
    /// ``html`` …), or ``None`` for text given directly.
    #[getter]
    fn format(&self) -> Option<&str> {
        self.data.format.as_deref()
    }

    /// The encoding its bytes were decoded from (``UTF-8``, ``GBK`` …), or
    /// ``None`` for text given directly.
    #[getter]
    fn encoding(&self) -> Option<&str> {
        self.data.encoding.as_deref()
    }

    /// The plain text extraction read: line numbers, ``span`` and
    /// ``char_span`` refer to it (``""`` for a failed document).
    #[getter]
    fn text(&self) -> &str {
        self.data.text()
    }

    /// Why the file could not be read (the CLI's error message), or
    /// ``None``.
    #[getter]
    fn error(&self) -> Option<&str> {
        self.data.error().map(|f| f.message.as_str())
    }

    /// Whether the document was read and extracted.
    #[getter]
    fn ok(&self) -> bool {
        self.data.error().is_none()
    }

    /// The ``document`` record without its ``type``: ``doc``, ``format``,
    /// ``encoding``, the plan's metadata (``title``, ``region``, ``level``,
    /// ``period`` …), ``bytes``, ``lines`` and the record counts. Empty
    /// for a failed document.
    #[getter]
    fn metadata(&self, py: Python<'_>) -> PyResult<Py<PyDict>> {
        self.records.metadata(py, &self.data)
    }

    /// The ``section`` records, in document order.
    #[getter]
    fn sections(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        self.records.list(py, &self.data, 0)
    }

    /// The ``item`` records (numbered goals and measures), in document
    /// order.
    #[getter]
    fn items(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        self.records.list(py, &self.data, 1)
    }

    /// The ``indicator`` records, in document order, each with
    /// ``char_span``.
    #[getter]
    fn indicators(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        self.records.list(py, &self.data, 2)
    }

    /// The ``diagnostic`` records, in document order.
    #[getter]
    fn diagnostics(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        self.records.list(py, &self.data, 3)
    }

    /// Every record in the CLI's JSON Lines order: document, sections,
    /// items, indicators, diagnostics (a failed document: its ``error``
    /// record).
    fn records(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        self.records.all(py, &self.data)
    }

    /// The document as the CLI's ``--format jsonl`` writes it.
    fn to_jsonl(&self) -> &str {
        &self.data.jsonl
    }

    /// The document as one nested JSON object, as the CLI's
    /// ``--format json`` writes it (sections as a tree holding their items).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        let (data, extractor) = (&self.data, &self.extractor);
        py.detach(|| data.json(extractor)).map_err(PyRuntimeError::new_err)
    }

    /// :meth:`to_json` as Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = self.to_json(py)?;
        let v: Value =
            serde_json::from_str(&json).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        to_py(py, &v)
    }

    /// The headline record of each canonical indicator in the document,
    /// the one ``guihua table --kind KIND`` shows (``target``, ``baseline``
    /// or ``all``: a target when there is one): ``(canonical id, index into
    /// indicators)`` pairs, in catalogue order.
    #[pyo3(signature = (kind="target"))]
    fn headlines(&self, kind: &str) -> PyResult<Vec<(String, usize)>> {
        let k = kind_index(kind)?;
        Ok(self.data.headlines[k].iter().map(|(id, idx, _)| (id.clone(), *idx)).collect())
    }

    /// The catalogue position of each of :meth:`headlines` (for ordering
    /// columns across documents).
    #[pyo3(signature = (kind="target"))]
    fn _headline_ranks(&self, kind: &str) -> PyResult<Vec<usize>> {
        Ok(self.data.headlines[kind_index(kind)?].iter().map(|h| h.2).collect())
    }

    /// The document's indicator table as a ``pyarrow.Table`` (see
    /// :func:`guihua.indicators_arrow`).
    fn to_arrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("guihua._frames")?.getattr("indicators_arrow")?.call1((slf,))
    }

    /// Raises :class:`ReadError` if the document could not be read.
    fn raise_error(&self, py: Python<'_>) -> PyResult<()> {
        match self.data.error() {
            Some(f) => Err(read_error(py, self.data.path.as_deref(), f)),
            None => Ok(()),
        }
    }

    fn __repr__(&self) -> String {
        let doc = &self.data.doc;
        match self.data.error() {
            Some(f) => format!("<Document {doc:?} error: {}>", f.message),
            None => {
                let n = |t| lines_of(&self.data.jsonl, t).count();
                format!(
                    "<Document {doc:?}: {} sections, {} items, {} indicators>",
                    n("section"),
                    n("item"),
                    n("indicator")
                )
            }
        }
    }

    /// Pickling (for Dask, Spark and multiprocessing): the text and the
    /// rendered records travel, with the nested JSON rendered once so that
    /// the copy needs neither the file nor the extractor.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let restore = py.import("guihua._guihua")?.getattr("_restore_document")?;
        let d = &self.data;
        let error = d.error().map(|f| (f.kind, f.message.clone(), f.errno));
        let json = match error {
            Some(_) => None,
            None => Some(self.to_json(py)?),
        };
        let state = (
            (&d.doc, &d.path, &d.format, &d.encoding),
            d.text(),
            json,
            &d.jsonl,
            d.headlines.to_vec(),
            error,
        )
            .into_pyobject(py)?;
        PyTuple::new(py, [restore.into_any(), PyTuple::new(py, [state])?.into_any()])
    }
}

type State = (
    (String, Option<String>, Option<String>, Option<String>),
    String,
    Option<String>,
    String,
    Vec<Vec<Headline>>,
    Option<(String, String, Option<i32>)>,
);

/// Rebuilds a pickled document.
#[pyfunction]
fn _restore_document(state: State) -> Document {
    let ((doc, path, format, encoding), text, json, jsonl, headlines, error) = state;
    let body = match (error, json) {
        (Some((kind, message, errno)), _) => Body::Failed(Failure {
            kind: FAILURE_KINDS.into_iter().find(|k| *k == kind).unwrap_or("other"),
            message,
            errno,
        }),
        (None, json) => Body::Restored { text, json: json.unwrap_or_default() },
    };
    let mut kinds = headlines.into_iter();
    let headlines = [(); 3].map(|_| kinds.next().unwrap_or_default());
    let data = Data { doc, path, format, encoding, body, jsonl, headlines };
    Document::new(data, DEFAULT.clone())
}

/// Documents in input order, extracted by Rust worker threads while Python
/// does other work. Iterating waits without holding the GIL.
#[pyclass(frozen, module = "guihua")]
struct DocumentIterator {
    rx: Arc<Mutex<Receiver<Data>>>,
    extractor: guihua::Extractor,
    raise_errors: bool,
    total: usize,
    taken: Mutex<usize>,
}

#[pymethods]
impl DocumentIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Document>> {
        let rx = Arc::clone(&self.rx);
        let next = py.detach(move || rx.lock().unwrap_or_else(PoisonError::into_inner).recv().ok());
        let Some(data) = next else { return Ok(None) };
        *self.taken.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        if self.raise_errors {
            if let Some(f) = data.error() {
                return Err(read_error(py, data.path.as_deref(), f));
            }
        }
        Ok(Some(Document::new(data, self.extractor.clone())))
    }

    fn __length_hint__(&self) -> usize {
        let taken = *self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        self.total.saturating_sub(taken)
    }
}

/// An extractor: the built-in configuration, or with your own catalogue of
/// canonical indicators and segmenter words. Build one and reuse it.
#[pyclass(frozen, module = "guihua")]
struct Extractor {
    inner: guihua::Extractor,
}

#[pymethods]
impl Extractor {
    /// ``catalogue``: a TSV file in the format of catalogue/indicators.tsv,
    /// added to the built-in catalogue (an entry with an existing id
    /// replaces it). ``user_words``: words for the segmenter, one per entry
    /// as in a jieba user dictionary line (``word [freq] [tag]``).
    #[new]
    #[pyo3(signature = (*, catalogue=None, user_words=None))]
    fn new(
        catalogue: Option<&Bound<'_, PyAny>>,
        user_words: Option<Vec<String>>,
    ) -> PyResult<Extractor> {
        let mut b = guihua::Extractor::builder();
        if let Some(path) = catalogue {
            let path = path_arg(path)?;
            let text = std::fs::read_to_string(&path)
                .map_err(|e| PyOSError::new_err(format!("{}: {e}", path.display())))?;
            let c = guihua::catalogue::Catalogue::parse(&text).map_err(|e| {
                CatalogueError::new_err(format!("{}: {}", path.display(), message(&e)))
            })?;
            b.catalogue(c);
        }
        if let Some(words) = user_words {
            b.user_words(words);
        }
        let inner = b.build().map_err(|e| PyValueError::new_err(message(&e)))?;
        Ok(Extractor { inner })
    }

    /// Extracts plan text given as a string. ``name`` is the document's
    /// ``doc`` (default ``"-"``, as for standard input in the CLI).
    #[pyo3(signature = (text, *, name=None))]
    fn extract(&self, py: Python<'_>, text: String, name: Option<String>) -> Document {
        extract_with(py, &self.inner, text, name)
    }

    /// Reads a file (every format the CLI reads) and extracts it; see
    /// :func:`guihua.read`.
    #[pyo3(signature = (path, *, encoding=None, lossy=false, name=None))]
    fn read(
        &self,
        py: Python<'_>,
        path: &Bound<'_, PyAny>,
        encoding: Option<&str>,
        lossy: bool,
        name: Option<String>,
    ) -> PyResult<Document> {
        read_with(py, &self.inner, path, encoding, lossy, name)
    }

    /// Reads and extracts many files on Rust threads; see
    /// :func:`guihua.extract_files`.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (paths, *, jobs=None, encoding=None, lossy=false, names=None, raise_errors=false))]
    fn extract_files(
        &self,
        paths: &Bound<'_, PyAny>,
        jobs: Option<usize>,
        encoding: Option<&str>,
        lossy: bool,
        names: Option<&Bound<'_, PyAny>>,
        raise_errors: bool,
    ) -> PyResult<DocumentIterator> {
        files_with(&self.inner, paths, jobs, encoding, lossy, names, raise_errors)
    }

    /// The catalogue of canonical indicators: one dict per entry (``id``,
    /// ``name``, ``domain``, ``unit``, ``direction``, ``aliases``,
    /// ``source``), in catalogue order.
    fn catalogue<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        catalogue_of(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Extractor: {} catalogue entries>",
            self.inner.extract("").catalogue().entries().len()
        )
    }
}

fn catalogue_of<'py>(
    py: Python<'py>,
    extractor: &guihua::Extractor,
) -> PyResult<Bound<'py, PyList>> {
    let ex = extractor.extract("");
    let entries = ex
        .catalogue()
        .entries()
        .iter()
        .map(|e| {
            let d = PyDict::new(py);
            d.set_item("id", &e.id)?;
            d.set_item("name", &e.name)?;
            d.set_item("domain", &e.domain)?;
            d.set_item("unit", &e.unit)?;
            d.set_item("direction", e.direction.as_str())?;
            d.set_item("aliases", &e.aliases)?;
            d.set_item("source", &e.source)?;
            Ok(d)
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, entries)
}

/// The built-in catalogue of canonical indicators: one dict per entry
/// (``id``, ``name``, ``domain``, ``unit``, ``direction``, ``aliases``,
/// ``source``), in catalogue order.
#[pyfunction]
fn catalogue(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    catalogue_of(py, &DEFAULT)
}

fn extract_with(
    py: Python<'_>,
    extractor: &guihua::Extractor,
    text: String,
    name: Option<String>,
) -> Document {
    let doc = name.unwrap_or_else(|| "-".to_string());
    let data = py.detach(|| Data::given(extractor, text, doc));
    Document::new(data, extractor.clone())
}

fn read_with(
    py: Python<'_>,
    extractor: &guihua::Extractor,
    path: &Bound<'_, PyAny>,
    encoding: Option<&str>,
    lossy: bool,
    name: Option<String>,
) -> PyResult<Document> {
    let opts = read_options(encoding, lossy)?;
    let path = path_arg(path)?;
    // A file given alone is named by its file name, as in the CLI.
    let doc = name.unwrap_or_else(|| doc_id(&path, &path, false));
    let data = py.detach(|| Data::read(extractor, &path, doc, opts));
    if let Some(f) = data.error() {
        return Err(read_error(py, data.path.as_deref(), f));
    }
    Ok(Document::new(data, extractor.clone()))
}

/// One file of a batch.
struct Job {
    path: PathBuf,
    doc: String,
    /// Its name is taken by an earlier file.
    taken: Option<String>,
}

/// Marks every job whose name an earlier job already has, with the CLI's
/// message: two documents with one name would be one in any dataset.
fn mark_collisions(jobs: &mut [Job]) {
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(jobs.len());
    for i in 0..jobs.len() {
        match seen.get(&jobs[i].doc) {
            Some(&first) => {
                jobs[i].taken = Some(format!(
                    "its name {:?} is already taken by {} (an earlier input); its output \
                     would overwrite that one's, so it is not read (see \"Document names\" in \
                     the README)",
                    jobs[i].doc,
                    jobs[first].path.display()
                ));
            }
            None => {
                seen.insert(jobs[i].doc.clone(), i);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn files_with(
    extractor: &guihua::Extractor,
    paths: &Bound<'_, PyAny>,
    jobs: Option<usize>,
    encoding: Option<&str>,
    lossy: bool,
    names: Option<&Bound<'_, PyAny>>,
    raise_errors: bool,
) -> PyResult<DocumentIterator> {
    if paths.is_instance_of::<PyString>() || paths.hasattr("__fspath__")? {
        return Err(PyTypeError::new_err(
            "paths must be an iterable of paths, not one path (wrap it in a list)",
        ));
    }
    let opts = read_options(encoding, lossy)?;
    let threads = match jobs {
        Some(0) => return Err(PyValueError::new_err("jobs must be at least 1")),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let paths: Vec<PathBuf> = paths.try_iter()?.map(|p| path_arg(&p?)).collect::<PyResult<_>>()?;
    // Every path is a root, as on the CLI's command line: one alone is
    // named by its file name, several by their paths as written.
    let several = paths.len() > 1;
    let mut batch: Vec<Job> = paths
        .into_iter()
        .map(|path| Job { doc: doc_id(&path, &path, several), path, taken: None })
        .collect();
    if let Some(names) = names {
        let names: Vec<String> = names.extract()?;
        if names.len() != batch.len() {
            return Err(PyValueError::new_err(format!(
                "{} names for {} paths",
                names.len(),
                batch.len()
            )));
        }
        for (job, name) in batch.iter_mut().zip(names) {
            job.doc = name;
        }
    }
    mark_collisions(&mut batch);
    let total = batch.len();
    let (tx, rx) = sync_channel::<Data>(threads * 2);
    let worker = extractor.clone();
    std::thread::Builder::new()
        .name("guihua-batch".into())
        .spawn(move || {
            let limits = pool::Limits {
                jobs: threads,
                results: threads * RESULTS_PER_THREAD,
                bytes: WAITING_BYTES,
            };
            let shown = |job: &Job| Some(job.path.to_string_lossy().into_owned());
            pool::ordered_map(
                &batch,
                limits,
                |job| match &job.taken {
                    Some(message) => Data::failed(
                        job.doc.clone(),
                        shown(job),
                        Failure { kind: "name_taken", message: message.clone(), errno: None },
                    ),
                    None => Data::read(&worker, &job.path, job.doc.clone(), opts),
                },
                |job| {
                    let message = format!(
                        "internal error while extracting {} (a bug: please report it with this file)",
                        job.doc
                    );
                    Data::failed(
                        job.doc.clone(),
                        shown(job),
                        Failure { kind: "other", message, errno: None },
                    )
                },
                Data::weight,
                // A dropped iterator closes the channel: the batch stops.
                |_, data| tx.send(data).is_ok(),
            );
        })
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start worker threads: {e}")))?;
    Ok(DocumentIterator {
        rx: Arc::new(Mutex::new(rx)),
        extractor: extractor.clone(),
        raise_errors,
        total,
        taken: Mutex::new(0),
    })
}

/// Extracts plan text given as a string. ``name`` is the document's
/// ``doc`` (default ``"-"``, as for standard input in the CLI). Never
/// fails: problems in the text become diagnostics. The GIL is released
/// while extracting.
#[pyfunction]
#[pyo3(signature = (text, *, name=None))]
fn extract(py: Python<'_>, text: String, name: Option<String>) -> Document {
    extract_with(py, &DEFAULT, text, name)
}

/// Reads a file in any format the CLI reads (``.txt``/``.md`` in any
/// encoding, ``.docx``, ``.doc``/``.wps``, ``.html``, ``.pdf``) and
/// extracts it, as
/// ``guihua extract PATH`` does. ``encoding`` forces a text encoding
/// (``gbk``, ``utf-16le`` …) instead of detecting it; ``lossy`` replaces
/// bytes that do not decode with U+FFFD (and adds an
/// ``undecodable_bytes`` diagnostic) instead of failing; ``name`` is the
/// document's ``doc`` (default: the file name, as in the CLI). Raises
/// :class:`ReadError` if the file cannot be read.
#[pyfunction]
#[pyo3(signature = (path, *, encoding=None, lossy=false, name=None))]
fn read(
    py: Python<'_>,
    path: &Bound<'_, PyAny>,
    encoding: Option<&str>,
    lossy: bool,
    name: Option<String>,
) -> PyResult<Document> {
    read_with(py, &DEFAULT, path, encoding, lossy, name)
}

/// Reads and extracts many files on ``jobs`` Rust threads (default: one
/// per core), without the GIL, as ``guihua extract PATH…`` does. Returns
/// an iterator of documents in input order. A file that cannot be read
/// gives a document with ``error`` set (or raises :class:`ReadError` when
/// ``raise_errors`` is true); the batch goes on. Documents are named as
/// in the CLI (one path: its file name; several: each path as written,
/// without ``.``, ``..`` or a leading ``/``), or by ``names``; a name an
/// earlier file already has is an error for the later one. Dropping the
/// iterator stops the batch.
#[pyfunction]
#[pyo3(signature = (paths, *, jobs=None, encoding=None, lossy=false, names=None, raise_errors=false))]
fn extract_files(
    paths: &Bound<'_, PyAny>,
    jobs: Option<usize>,
    encoding: Option<&str>,
    lossy: bool,
    names: Option<&Bound<'_, PyAny>>,
    raise_errors: bool,
) -> PyResult<DocumentIterator> {
    files_with(&DEFAULT, paths, jobs, encoding, lossy, names, raise_errors)
}

/// Adds one document's rows to the indicator table.
fn push_document(b: &mut table::Builder, data: &Data) -> PyResult<()> {
    if let Some(f) = data.error() {
        b.push_error(&data.doc, &f.message);
        return Ok(());
    }
    let meta = lines_of(&data.jsonl, "document").next().map(parse).transpose()?;
    let field = |k: &str| meta.as_ref().and_then(|m| m.get(k));
    let period = field("period").and_then(Value::as_array).and_then(|p| match p.as_slice() {
        [a, b] => a.as_i64().zip(b.as_i64()),
        _ => None,
    });
    let cells = table::DocCells {
        doc: &data.doc,
        region: field("region").and_then(Value::as_str),
        level: field("level").and_then(Value::as_str),
        period,
    };
    let mut offsets = CharOffsets::new(data.text());
    for line in lines_of(&data.jsonl, "indicator") {
        let mut rec = parse(line)?;
        add_char_span(&mut rec, &mut offsets);
        b.push_indicator(&cells, &rec);
    }
    Ok(())
}

/// The indicator table of ``docs`` (an iterable of documents, consumed
/// one at a time) as Arrow buffers: ``(rows, [(name, dtype, nulls,
/// validity, offsets or values, data or None), …])``. For
/// ``guihua.indicators_arrow``; not part of the API.
#[pyfunction]
#[allow(clippy::type_complexity)]
fn _indicator_table<'py>(
    py: Python<'py>,
    docs: &Bound<'py, PyAny>,
) -> PyResult<(
    usize,
    Vec<(
        &'static str,
        &'static str,
        usize,
        Bound<'py, PyBytes>,
        Bound<'py, PyBytes>,
        Option<Bound<'py, PyBytes>>,
    )>,
)> {
    let mut b = table::Builder::new();
    for d in docs.try_iter()? {
        let d = d?;
        let doc: PyRef<'_, Document> = d.extract().map_err(|_| {
            let got = d.get_type().name().map(|n| n.to_string()).unwrap_or_default();
            PyTypeError::new_err(format!("expected guihua.Document, got {got}"))
        })?;
        let data = &doc.data;
        py.detach(|| push_document(&mut b, data))?;
    }
    Ok(b.finish(py))
}

/// The name ``guihua table`` gives the column of ``field`` (``kind``,
/// ``comparator``, ``value``, ``value_max``, ``unit``, ``year``) of the
/// canonical indicator ``id``: valid in Stata, R and pandas
/// (``W.H.03`` → ``W_H_03_value``).
#[pyfunction]
#[pyo3(name = "column_name")]
fn table_column_name(id: &str, field: &str) -> String {
    column_name(id, field)
}

/// The format guihua reads a file as, from its name's extension (``text``,
/// ``markdown``, ``docx``, ``html`` …), or ``None`` for a file the CLI
/// skips when it walks a folder.
#[pyfunction]
fn input_format(path: &Bound<'_, PyAny>) -> PyResult<Option<&'static str>> {
    Ok(guihua::input::Format::from_path(&path_arg(path)?).map(|f| f.as_str()))
}

/// The ``doc`` the CLI gives ``file`` found under ``root`` (``root`` itself
/// for a file given directly) when it was given one root (``several``
/// false: the path relative to the root, or a lone file's name) or several
/// (the path as written, without ``.``, ``..`` or a leading ``/``).
#[pyfunction]
#[pyo3(signature = (root, file, several=false))]
fn doc_name(root: &Bound<'_, PyAny>, file: &Bound<'_, PyAny>, several: bool) -> PyResult<String> {
    Ok(doc_id(&path_arg(root)?, &path_arg(file)?, several))
}

#[pymodule]
fn _guihua(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("ReadError", py.get_type::<ReadError>())?;
    m.add("CatalogueError", py.get_type::<CatalogueError>())?;
    m.add_class::<Document>()?;
    m.add_class::<DocumentIterator>()?;
    m.add_class::<Extractor>()?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(extract_files, m)?)?;
    m.add_function(wrap_pyfunction!(catalogue, m)?)?;
    m.add_function(wrap_pyfunction!(input_format, m)?)?;
    m.add_function(wrap_pyfunction!(doc_name, m)?)?;
    m.add_function(wrap_pyfunction!(table_column_name, m)?)?;
    m.add_function(wrap_pyfunction!(_indicator_table, m)?)?;
    let columns: Vec<(&str, &str)> = table::COLUMNS.iter().map(|&(n, k)| (n, k.dtype())).collect();
    m.add("INDICATOR_COLUMNS", columns)?;
    m.add_function(wrap_pyfunction!(_restore_document, m)?)?;
    Ok(())
}
