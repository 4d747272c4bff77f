//! The indicator table of many documents, built column by column in Rust
//! as Arrow buffers (validity bitmap, offsets, values), which pyarrow wraps
//! without copying: no dict per record, no Python object per cell.
//!
//! The cells come from the same wire records as `Document.indicators`
//! (the crate's JSON Lines, plus `char_span`).

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde_json::Value;

/// What a column holds, as the Python side names the dtype.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Text (pandas `string`).
    Text,
    /// Text from a small set of values (pandas `category`).
    Category,
    /// A 64-bit integer (pandas `Int64`).
    Int,
    /// A double (pandas `float64`).
    Float,
}

impl Kind {
    pub(crate) fn dtype(self) -> &'static str {
        match self {
            Kind::Text => "string",
            Kind::Category => "category",
            Kind::Int => "Int64",
            Kind::Float => "float64",
        }
    }
}

/// The indicator table's columns: the CLI's indicator CSV and Parquet
/// columns in their order, then what only the records carry, then
/// `error`.
pub(crate) const COLUMNS: &[(&str, Kind)] = &[
    ("doc", Kind::Text),
    ("line", Kind::Int),
    ("quote", Kind::Text),
    ("indicator", Kind::Text),
    ("comparator", Kind::Category),
    ("value", Kind::Float),
    ("value_max", Kind::Float),
    ("ratio", Kind::Text),
    ("unit", Kind::Category),
    ("kind", Kind::Category),
    ("section", Kind::Category),
    ("source", Kind::Category),
    ("year", Kind::Int),
    ("item", Kind::Int),
    ("span_start", Kind::Int),
    ("span_end", Kind::Int),
    ("canonical_id", Kind::Text),
    ("canonical_name", Kind::Text),
    ("scope", Kind::Text),
    ("chapter", Kind::Text),
    ("region", Kind::Text),
    ("level", Kind::Category),
    ("period_start", Kind::Int),
    ("period_end", Kind::Int),
    ("canonical_match", Kind::Category),
    ("col_start", Kind::Int),
    ("col_end", Kind::Int),
    ("char_start", Kind::Int),
    ("char_end", Kind::Int),
    ("error", Kind::Text),
];

/// One cell.
pub(crate) enum Cell<'a> {
    Null,
    Text(&'a str),
    Owned(String),
    Int(i64),
    Float(f64),
}

/// One column's Arrow buffers.
struct Column {
    kind: Kind,
    validity: Vec<u8>,
    nulls: usize,
    /// Text: `large_string` offsets; numbers: unused.
    offsets: Vec<i64>,
    /// Text: UTF-8 bytes; integers and doubles: little-endian values.
    data: Vec<u8>,
}

impl Column {
    fn new(kind: Kind) -> Column {
        Column { kind, validity: Vec::new(), nulls: 0, offsets: vec![0], data: Vec::new() }
    }

    fn push(&mut self, row: usize, cell: Cell<'_>) {
        if row % 8 == 0 {
            self.validity.push(0);
        }
        let valid = !matches!(cell, Cell::Null);
        if valid {
            self.validity[row / 8] |= 1 << (row % 8);
        } else {
            self.nulls += 1;
        }
        match self.kind {
            Kind::Text | Kind::Category => {
                match cell {
                    Cell::Text(s) => self.data.extend_from_slice(s.as_bytes()),
                    Cell::Owned(s) => self.data.extend_from_slice(s.as_bytes()),
                    Cell::Int(i) => self.data.extend_from_slice(i.to_string().as_bytes()),
                    Cell::Float(f) => self.data.extend_from_slice(number(f).as_bytes()),
                    Cell::Null => {}
                }
                self.offsets.push(self.data.len() as i64);
            }
            Kind::Int => {
                let v = match cell {
                    Cell::Int(i) => i,
                    Cell::Float(f) => f as i64,
                    _ => 0,
                };
                self.data.extend_from_slice(&v.to_le_bytes());
            }
            Kind::Float => {
                let v = match cell {
                    Cell::Int(i) => i as f64,
                    Cell::Float(f) => f,
                    _ => 0.0,
                };
                self.data.extend_from_slice(&v.to_le_bytes());
            }
        }
    }
}

/// A number as the CLI writes it in a text cell (`12`, `1.5`).
pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The indicator table being built.
pub(crate) struct Builder {
    columns: Vec<Column>,
    rows: usize,
}

/// What a document contributes besides its records: its name, and the
/// plan's region, level and period from its `document` record.
pub(crate) struct DocCells<'a> {
    pub(crate) doc: &'a str,
    pub(crate) region: Option<&'a str>,
    pub(crate) level: Option<&'a str>,
    pub(crate) period: Option<(i64, i64)>,
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder { columns: COLUMNS.iter().map(|&(_, k)| Column::new(k)).collect(), rows: 0 }
    }

    fn push_row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        for (col, cell) in self.columns.iter_mut().zip(cells) {
            col.push(self.rows, cell);
        }
        self.rows += 1;
    }

    /// The row of a document that could not be read.
    pub(crate) fn push_error(&mut self, doc: &str, message: &str) {
        let n = COLUMNS.len();
        let cells = (0..n).map(|j| match j {
            0 => Cell::Text(doc),
            j if j == n - 1 => Cell::Text(message),
            _ => Cell::Null,
        });
        let cells: Vec<Cell<'_>> = cells.collect();
        self.push_row(cells);
    }

    /// The row of one indicator record (with `char_span`).
    pub(crate) fn push_indicator(&mut self, d: &DocCells<'_>, r: &Value) {
        let text = |k: &str| r.get(k).and_then(Value::as_str).map_or(Cell::Null, Cell::Text);
        let int = |v: Option<&Value>| v.and_then(Value::as_i64).map_or(Cell::Null, Cell::Int);
        let float = |k: &str| r.get(k).and_then(Value::as_f64).map_or(Cell::Null, Cell::Float);
        let pair = |k: &str, e: &str| int(r.get(k).and_then(|s| s.get(e)));
        let ratio = match r.get("ratio").and_then(Value::as_array).map(Vec::as_slice) {
            Some([a, b]) => match (a.as_f64(), b.as_f64()) {
                (Some(a), Some(b)) => Cell::Owned(format!("{}:{}", number(a), number(b))),
                _ => Cell::Null,
            },
            _ => Cell::Null,
        };
        let period =
            |i: usize| d.period.map_or(Cell::Null, |p| Cell::Int(if i == 0 { p.0 } else { p.1 }));
        let cells = [
            Cell::Text(d.doc),
            int(r.get("line")),
            text("quote"),
            text("indicator"),
            text("comparator"),
            float("value"),
            float("value_max"),
            ratio,
            text("unit"),
            text("kind"),
            text("section"),
            text("source"),
            int(r.get("year")),
            int(r.get("item")),
            pair("span", "start"),
            pair("span", "end"),
            text("canonical_id"),
            text("canonical_name"),
            text("scope"),
            text("chapter"),
            d.region.map_or(Cell::Null, Cell::Text),
            d.level.map_or(Cell::Null, Cell::Text),
            period(0),
            period(1),
            text("canonical_match"),
            pair("col", "start"),
            pair("col", "end"),
            pair("char_span", "start"),
            pair("char_span", "end"),
            Cell::Null,
        ];
        debug_assert_eq!(cells.len(), COLUMNS.len());
        self.push_row(cells);
    }

    /// The table for Python: the row count and, per column, its name,
    /// dtype, null count and buffers (validity, offsets or values, data).
    #[allow(clippy::type_complexity)]
    pub(crate) fn finish<'py>(
        self,
        py: Python<'py>,
    ) -> (
        usize,
        Vec<(
            &'static str,
            &'static str,
            usize,
            Bound<'py, PyBytes>,
            Bound<'py, PyBytes>,
            Option<Bound<'py, PyBytes>>,
        )>,
    ) {
        let rows = self.rows;
        let cols = COLUMNS
            .iter()
            .zip(self.columns)
            .map(|(&(name, kind), c)| {
                let validity = PyBytes::new(py, &c.validity);
                match kind {
                    Kind::Text | Kind::Category => {
                        let offsets: Vec<u8> =
                            c.offsets.iter().flat_map(|o| o.to_le_bytes()).collect();
                        (
                            name,
                            kind.dtype(),
                            c.nulls,
                            validity,
                            PyBytes::new(py, &offsets),
                            Some(PyBytes::new(py, &c.data)),
                        )
                    }
                    Kind::Int | Kind::Float => {
                        (name, kind.dtype(), c.nulls, validity, PyBytes::new(py, &c.data), None)
                    }
                }
            })
            .collect();
        (rows, cols)
    }
}
