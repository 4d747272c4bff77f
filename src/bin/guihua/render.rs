//! Rendering one document (or one failure) in an output format.

use guihua::output::DocInfo;
use guihua::{Extraction, Value};

use crate::Format;

/// The columns of the CSV indicator table: the gold field names, where the
/// value stands, its canonical indicator, the plan it is in (so that a
/// dataset needs no join back to the JSON Lines), and `error` last.
pub(crate) const CSV_HEADER: &[&str] = &[
    "doc",
    "line",
    "quote",
    "indicator",
    "comparator",
    "value",
    "value_max",
    "ratio",
    "unit",
    "kind",
    "section",
    "source",
    "year",
    "item",
    "span_start",
    "span_end",
    "canonical_id",
    "canonical_name",
    "scope",
    "chapter",
    "region",
    "level",
    "period_start",
    "period_end",
    "error",
];

/// A UTF-8 byte order mark: Excel needs it to read UTF-8 CSV; pandas and
/// readr skip it.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The CSV header line, with the BOM when it starts a file.
pub(crate) fn csv_header() -> Vec<u8> {
    let mut out = BOM.to_vec();
    let mut w = csv::Writer::from_writer(&mut out);
    w.write_record(CSV_HEADER).expect("writing to memory");
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
            let meta = (!ex.indicators().is_empty()).then(|| ex.metadata());
            let region = meta.and_then(|m| m.region.clone()).unwrap_or_default();
            let level = meta.and_then(|m| m.level).map(|l| l.as_str()).unwrap_or_default();
            let period = meta.and_then(|m| m.period);
            let (period_start, period_end) =
                period.map(|(a, b)| (a.to_string(), b.to_string())).unwrap_or_default();
            for ind in ex.indicators() {
                let (value, value_max, ratio) = match ind.value {
                    Value::Number(v) => (number(v), String::new(), String::new()),
                    Value::Range { min, max } => (number(min), number(max), String::new()),
                    Value::Ratio(a, b) => {
                        (String::new(), String::new(), format!("{}:{}", number(a), number(b)))
                    }
                };
                let item = ind.item.map(|i| ex.items()[i].number.to_string()).unwrap_or_default();
                let canonical = ex.canonical(ind);
                let record = [
                    info.doc.to_string(),
                    ind.line.to_string(),
                    ex.slice(ind.quote).to_string(),
                    ex.name(ind).to_string(),
                    ind.comparator.as_str().to_string(),
                    value,
                    value_max,
                    ratio,
                    ind.unit.as_str().to_string(),
                    ind.kind.as_str().to_string(),
                    ind.domain.map(|d| d.as_str()).unwrap_or_default().to_string(),
                    ind.source.as_str().to_string(),
                    ind.year.map(|y| y.to_string()).unwrap_or_default(),
                    item,
                    ind.value_span.start.to_string(),
                    ind.value_span.end.to_string(),
                    canonical.map(|e| e.id.clone()).unwrap_or_default(),
                    canonical.map(|e| e.name.clone()).unwrap_or_default(),
                    ind.canonical.as_ref().and_then(|m| m.scope.clone()).unwrap_or_default(),
                    ind.section
                        .map(|s| ex.slice(ex.sections()[s.0 as usize].title).to_string())
                        .unwrap_or_default(),
                    region.clone(),
                    level.to_string(),
                    period_start.clone(),
                    period_end.clone(),
                    String::new(),
                ];
                w.write_record(&record).map_err(csv_error)?;
            }
            w.flush()?;
        }
    }
    Ok(())
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
            let mut row = vec![String::new(); CSV_HEADER.len()];
            row[0] = doc.to_string();
            row[CSV_HEADER.len() - 1] = message.to_string();
            w.write_record(&row).expect("writing to memory");
            drop(w);
            out
        }
    }
}
