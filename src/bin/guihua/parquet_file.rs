//! Parquet output: tables of typed, nullable columns (UTF-8 strings, 64-bit
//! integers, doubles), written with the `parquet` crate's own writer (no
//! Arrow).
//!
//! Each file also carries pandas' schema metadata (the `pandas` key, as
//! pyarrow writes it), so that `pandas.read_parquet` gives the documented
//! dtypes without options: `Int64` for integers (missing is `<NA>`),
//! `float64`, `string`, and `category` for the columns marked so. Other
//! readers (R arrow, DuckDB, Spark, polars) ignore the key.

use std::io::Write;
use std::sync::Arc;

use parquet::basic::{LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// UTF-8 text.
    Text,
    /// Text from a small set of values (`target`, `%` …): stored as text,
    /// read by pandas as `category`.
    Category,
    /// A 64-bit integer.
    Int,
    /// A double.
    Float,
}

/// One value of a row.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    /// Missing.
    Null,
    /// Text.
    Text(String),
    /// An integer.
    Int(i64),
    /// A double.
    Float(f64),
}

impl Cell {
    /// Text, or missing for `None`.
    pub(crate) fn text(s: Option<&str>) -> Cell {
        s.map_or(Cell::Null, |s| Cell::Text(s.to_string()))
    }

    /// An integer, or missing for `None`.
    pub(crate) fn int<T: Into<i64>>(v: Option<T>) -> Cell {
        v.map_or(Cell::Null, |v| Cell::Int(v.into()))
    }

    /// A double, or missing for `None`.
    pub(crate) fn float(v: Option<f64>) -> Cell {
        v.map_or(Cell::Null, Cell::Float)
    }
}

/// A column: its name and kind.
#[derive(Clone, Debug)]
pub(crate) struct Column {
    pub(crate) name: String,
    pub(crate) kind: Kind,
}

impl Column {
    pub(crate) fn new(name: impl Into<String>, kind: Kind) -> Column {
        Column { name: name.into(), kind }
    }
}

/// Rows buffered before they are written as one row group.
pub(crate) const ROW_GROUP_ROWS: usize = 64 * 1024;

/// A Parquet file being written: rows go in as row groups, and `close`
/// writes the footer.
pub(crate) struct Writer<W: Write + Send> {
    inner: SerializedFileWriter<W>,
    columns: Vec<Column>,
    pending: Vec<Vec<Cell>>,
}

impl<W: Write + Send> Writer<W> {
    /// A writer of `columns` into `out`.
    pub(crate) fn new(out: W, columns: Vec<Column>) -> parquet::errors::Result<Writer<W>> {
        let fields = columns
            .iter()
            .map(|c| {
                let (physical, logical) = match c.kind {
                    Kind::Text | Kind::Category => {
                        (Physical::BYTE_ARRAY, Some(LogicalType::String))
                    }
                    Kind::Int => (Physical::INT64, None),
                    Kind::Float => (Physical::DOUBLE, None),
                };
                Type::primitive_type_builder(&c.name, physical)
                    .with_repetition(Repetition::OPTIONAL)
                    .with_logical_type(logical)
                    .build()
                    .map(Arc::new)
            })
            .collect::<parquet::errors::Result<Vec<_>>>()?;
        let schema = Type::group_type_builder("schema").with_fields(fields).build()?;
        let props = WriterProperties::builder()
            .set_created_by(format!("guihua {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(vec![KeyValue::new(
                "pandas".to_string(),
                pandas_metadata(&columns),
            )]))
            .build();
        let inner = SerializedFileWriter::new(out, Arc::new(schema), Arc::new(props))?;
        Ok(Writer { inner, columns, pending: Vec::new() })
    }

    /// Adds rows; a row group is written whenever enough are buffered.
    pub(crate) fn push(
        &mut self,
        rows: impl IntoIterator<Item = Vec<Cell>>,
    ) -> parquet::errors::Result<()> {
        self.pending.extend(rows);
        if self.pending.len() >= ROW_GROUP_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the buffered rows as one row group.
    pub(crate) fn flush(&mut self) -> parquet::errors::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.pending);
        let mut group = self.inner.next_row_group()?;
        let mut j = 0;
        while let Some(mut col) = group.next_column()? {
            let kind = self.columns[j].kind;
            let cells = rows.iter().map(|r| r.get(j).unwrap_or(&Cell::Null));
            let defs: Vec<i16> = cells.clone().map(|c| i16::from(*c != Cell::Null)).collect();
            match kind {
                Kind::Text | Kind::Category => {
                    let values: Vec<ByteArray> = cells
                        .filter_map(|c| match c {
                            Cell::Null => None,
                            Cell::Text(s) => Some(ByteArray::from(s.as_str())),
                            Cell::Int(i) => Some(ByteArray::from(i.to_string().as_str())),
                            Cell::Float(f) => Some(ByteArray::from(number(*f).as_str())),
                        })
                        .collect();
                    col.typed::<ByteArrayType>().write_batch(&values, Some(&defs), None)?;
                }
                Kind::Int => {
                    let values: Vec<i64> = cells
                        .filter_map(|c| match c {
                            Cell::Int(i) => Some(*i),
                            Cell::Float(f) => Some(*f as i64),
                            _ => None,
                        })
                        .collect();
                    col.typed::<Int64Type>().write_batch(&values, Some(&defs), None)?;
                }
                Kind::Float => {
                    let values: Vec<f64> = cells
                        .filter_map(|c| match c {
                            Cell::Int(i) => Some(*i as f64),
                            Cell::Float(f) => Some(*f),
                            _ => None,
                        })
                        .collect();
                    col.typed::<DoubleType>().write_batch(&values, Some(&defs), None)?;
                }
            }
            col.close()?;
            j += 1;
        }
        group.close()?;
        Ok(())
    }

    /// Writes what is buffered and the footer; returns the output.
    pub(crate) fn close(mut self) -> parquet::errors::Result<W> {
        self.flush()?;
        self.inner.into_inner()
    }
}

/// A number as text, integral values without a fraction (as in CSV).
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// pandas' description of the columns (the `pandas` metadata key that
/// pyarrow reads back into dtypes).
fn pandas_metadata(columns: &[Column]) -> String {
    let cols: Vec<serde_json::Value> = columns
        .iter()
        .map(|c| {
            let (pandas_type, numpy_type) = match c.kind {
                Kind::Text => ("unicode", "string"),
                Kind::Category => ("categorical", "category"),
                Kind::Int => ("int64", "Int64"),
                Kind::Float => ("float64", "float64"),
            };
            serde_json::json!({
                "name": c.name,
                "field_name": c.name,
                "pandas_type": pandas_type,
                "numpy_type": numpy_type,
                "metadata": null,
            })
        })
        .collect();
    serde_json::json!({
        "index_columns": [],
        "column_indexes": [],
        "columns": cols,
        "creator": {"library": "guihua", "version": env!("CARGO_PKG_VERSION")},
        "pandas_version": "2.0.0",
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    #[test]
    fn a_written_file_reads_back_with_its_types_and_chinese_text() {
        let columns = vec![
            Column::new("doc", Kind::Text),
            Column::new("unit", Kind::Category),
            Column::new("year", Kind::Int),
            Column::new("value", Kind::Float),
        ];
        let rows = vec![
            vec![
                Cell::text(Some("柳河县.txt")),
                Cell::text(Some("1/10万")),
                Cell::Int(2025),
                Cell::Float(12.5),
            ],
            vec![Cell::text(Some("呼图壁县.txt")), Cell::Null, Cell::Null, Cell::Null],
        ];
        let mut w = Writer::new(Vec::new(), columns).unwrap();
        w.push(rows).unwrap();
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(&w.close().unwrap()).unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let got: Vec<Vec<Field>> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| r.unwrap().get_column_iter().map(|(_, f)| f.clone()).collect())
            .collect();
        assert_eq!(
            got,
            vec![
                vec![
                    Field::Str("柳河县.txt".into()),
                    Field::Str("1/10万".into()),
                    Field::Long(2025),
                    Field::Double(12.5)
                ],
                vec![Field::Str("呼图壁县.txt".into()), Field::Null, Field::Null, Field::Null],
            ]
        );
        let meta = reader.metadata().file_metadata();
        assert_eq!(meta.num_rows(), 2);
        let kv = meta.key_value_metadata().unwrap();
        assert!(kv[0].value.as_deref().unwrap().contains(r#""numpy_type":"Int64""#));
    }
}
