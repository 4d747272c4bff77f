//! Rendering one document (or one failure) in an output format.

use guihua::output::DocInfo;
use guihua::{Extraction, Value};

use crate::parquet_file::{self, Cell, Column, Kind};
use crate::Format;

/// The columns of the indicator table (CSV and Parquet), with what each
/// holds: the gold field names, where the value stands, its canonical
/// indicator, the plan it is in (so that a dataset needs no join back to
/// the JSON Lines), and `error` last.
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
    ("error", Kind::Text),
];

/// The indicator table's columns for a Parquet writer.
pub(crate) fn parquet_columns() -> Vec<Column> {
    COLUMNS.iter().map(|&(name, kind)| Column::new(name, kind)).collect()
}

/// A UTF-8 byte order mark: Excel needs it to read UTF-8 CSV; pandas and
/// readr skip it.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The CSV header line, with the BOM when it starts a file.
pub(crate) fn csv_header() -> Vec<u8> {
    let mut out = BOM.to_vec();
    let mut w = csv::Writer::from_writer(&mut out);
    w.write_record(COLUMNS.iter().map(|(name, _)| name)).expect("writing to memory");
    drop(w);
    out
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// One document in `format` (without the CSV header or JSON array
/// punctuation).
pub(crate) fn document(
    ex: &Extraction<'_>,
    info: &DocInfo<'_>,
    format: Format,
) -> guihua::Result<Vec<u8>> {
    // JSON Lines run about 1.5 times the input (items repeat their text):
    // one allocation holds them without regrowing.
    let mut out = Vec::with_capacity(ex.text().len() * 3 / 2 + 4096);
    document_into(ex, info, format, &mut out)?;
    Ok(out)
}

/// One document in `format`, written into `out`.
pub(crate) fn document_into<W: std::io::Write>(
    ex: &Extraction<'_>,
    info: &DocInfo<'_>,
    format: Format,
    mut out: W,
) -> guihua::Result<()> {
    match format {
        Format::Jsonl => ex.write_jsonl_info(info, &mut out)?,
        Format::Json => ex.write_json_info(info, &mut out)?,
        Format::Csv => {
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut out);
            for row in indicator_rows(ex, info.doc) {
                w.write_record(row.iter().map(csv_cell)).map_err(csv_error)?;
            }
            w.flush()?;
        }
        Format::Parquet => {
            let mut w =
                parquet_file::Writer::new(Vec::new(), parquet_columns()).map_err(parquet_error)?;
            w.push(indicator_rows(ex, info.doc)).map_err(parquet_error)?;
            out.write_all(&w.close().map_err(parquet_error)?)?;
        }
    }
    Ok(())
}

/// The indicator table's rows of one document, typed, in [`COLUMNS`]
/// order.
pub(crate) fn indicator_rows(ex: &Extraction<'_>, doc: &str) -> Vec<Vec<Cell>> {
    let meta = (!ex.indicators().is_empty()).then(|| ex.metadata());
    let region = meta.and_then(|m| m.region.as_deref());
    let level = meta.and_then(|m| m.level).map(|l| l.as_str());
    let period = meta.and_then(|m| m.period);
    let text = |s: &str| Cell::Text(s.to_string());
    ex.indicators()
        .iter()
        .map(|ind| {
            let (value, value_max, ratio) = match ind.value {
                Value::Number(v) => (Cell::Float(v), Cell::Null, Cell::Null),
                Value::Range { min, max } => (Cell::Float(min), Cell::Float(max), Cell::Null),
                Value::Ratio(a, b) => {
                    (Cell::Null, Cell::Null, Cell::Text(format!("{}:{}", number(a), number(b))))
                }
            };
            let canonical = ex.canonical(ind);
            vec![
                text(doc),
                Cell::Int(ind.line.into()),
                text(ex.slice(ind.quote)),
                text(ex.name(ind)),
                text(ind.comparator.as_str()),
                value,
                value_max,
                ratio,
                text(ind.unit.as_str()),
                text(ind.kind.as_str()),
                Cell::text(ind.domain.map(|d| d.as_str())),
                text(ind.source.as_str()),
                Cell::int(ind.year),
                Cell::int(ind.item.map(|i| ex.items()[i].number)),
                Cell::Int(ind.value_span.start as i64),
                Cell::Int(ind.value_span.end as i64),
                Cell::text(canonical.map(|e| e.id.as_str())),
                Cell::text(canonical.map(|e| e.name.as_str())),
                Cell::text(ind.canonical.as_ref().and_then(|m| m.scope.as_deref())),
                Cell::text(ind.section.map(|s| ex.title(&ex.sections()[s.0 as usize]))),
                Cell::text(region),
                Cell::text(level),
                Cell::int(period.map(|p| p.0)),
                Cell::int(period.map(|p| p.1)),
                Cell::Null,
            ]
        })
        .collect()
}

/// The indicator table's row of a document that could not be read: its
/// `doc` and `error`.
pub(crate) fn error_row(doc: &str, message: &str) -> Vec<Cell> {
    let mut row = vec![Cell::Null; COLUMNS.len()];
    row[0] = Cell::Text(doc.to_string());
    row[COLUMNS.len() - 1] = Cell::Text(message.to_string());
    row
}

/// A cell as CSV text: missing is empty, integral numbers have no fraction.
fn csv_cell(c: &Cell) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) => number(*f),
    }
}

fn parquet_error(e: parquet::errors::ParquetError) -> guihua::Error {
    guihua::Error::from(std::io::Error::other(e.to_string()))
}

fn csv_error(e: csv::Error) -> guihua::Error {
    guihua::Error::from(std::io::Error::other(e.to_string()))
}

/// The error record of a failed input.
pub(crate) fn error(doc: &str, message: &str, format: Format) -> Vec<u8> {
    match format {
        Format::Jsonl => {
            let mut v = serde_json::to_vec(
                &serde_json::json!({"type": "error", "doc": doc, "message": message}),
            )
            .expect("a JSON value serialises");
            v.push(b'\n');
            v
        }
        Format::Json => serde_json::to_vec(&serde_json::json!({"doc": doc, "error": message}))
            .expect("a JSON value serialises"),
        Format::Csv => {
            let mut out = Vec::new();
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut out);
            w.write_record(error_row(doc, message).iter().map(csv_cell))
                .expect("writing to memory");
            drop(w);
            out
        }
        // A batch's Parquet file takes `error_row`; a file per input is
        // not written for a failed input.
        Format::Parquet => Vec::new(),
    }
}
