//! Parquet output of the binary, read back with the parquet crate's own
//! reader: typed columns, the same cells as the CSV, Chinese text intact.
//! See: issue #12.

use std::fs::File;
use std::path::Path;
use std::process::Command;

use parquet::basic::Type as Physical;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

use crate::common::root;

fn guihua() -> Command {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
}

/// A Parquet file's column names, physical types and rows.
struct Read {
    columns: Vec<(String, Physical)>,
    rows: Vec<Vec<Field>>,
}

fn read(path: &Path) -> Read {
    let reader = SerializedFileReader::new(File::open(path).unwrap()).unwrap();
    let columns = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), c.physical_type()))
        .collect();
    let rows = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| r.unwrap().get_column_iter().map(|(_, f)| f.clone()).collect())
        .collect();
    Read { columns, rows }
}

/// A Parquet cell as the CSV writes it.
fn as_csv(f: &Field) -> String {
    match f {
        Field::Null => String::new(),
        Field::Str(s) => s.clone(),
        Field::Long(i) => i.to_string(),
        Field::Double(v) if v.fract() == 0.0 => format!("{}", *v as i64),
        Field::Double(v) => v.to_string(),
        other => panic!("unexpected Parquet field {other:?}"),
    }
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

/// The inputs: the corpus, the ratio fixture, and a file that is not text.
fn inputs(tmp: &Path) -> Vec<String> {
    let broken = tmp.join("broken.txt");
    std::fs::write(&broken, b"\x00\x01\x02\x00").unwrap();
    vec![
        root().join("corpus").display().to_string(),
        root().join("fixtures/phenomena/ratios.txt").display().to_string(),
        broken.display().to_string(),
    ]
}

#[test]
fn a_batch_file_has_the_csv_cells_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = inputs(tmp.path());
    let file = tmp.path().join("all.parquet");
    let out = guihua()
        .args(["extract", "--format", "parquet", "-q", "-o"])
        .arg(&file)
        .args(&inputs)
        .output()
        .unwrap();
    // The broken file fails; the others are in the file.
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let csv = guihua().args(["extract", "--format", "csv", "-q"]).args(&inputs).output().unwrap();
    let (header, want) = csv_rows(&csv.stdout);

    let got = read(&file);
    let names: Vec<&str> = got.columns.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, header);
    let physical = |name: &str| got.columns.iter().find(|(n, _)| n == name).unwrap().1;
    for name in ["doc", "quote", "indicator", "unit", "kind", "ratio", "region", "error"] {
        assert_eq!(physical(name), Physical::BYTE_ARRAY, "{name}");
    }
    for name in ["line", "year", "item", "span_start", "period_start"] {
        assert_eq!(physical(name), Physical::INT64, "{name}");
    }
    for name in ["value", "value_max"] {
        assert_eq!(physical(name), Physical::DOUBLE, "{name}");
    }
    assert!(want.len() > 150);
    assert_eq!(got.rows.len(), want.len());
    for (g, w) in got.rows.iter().zip(&want) {
        assert_eq!(g.iter().map(as_csv).collect::<Vec<_>>(), *w);
    }
    // Chinese text intact, ratios as text, missing years as nulls.
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert!(got
        .rows
        .iter()
        .any(|r| r[col("quote")] == Field::Str("孕产妇死亡率下降到12/10万以下".into())));
    assert!(got.rows.iter().any(|r| matches!(&r[col("ratio")], Field::Str(s) if s.contains(':'))));
    assert!(got.rows.iter().any(|r| r[col("year")] == Field::Null));
    let errors: Vec<&Vec<Field>> =
        got.rows.iter().filter(|r| r[col("error")] != Field::Null).collect();
    assert_eq!(errors.len(), 1);
    assert!(matches!(&errors[0][0], Field::Str(d) if d.ends_with("broken.txt")));
    assert_eq!(errors[0][col("indicator")], Field::Null);
    // No temporary file is left beside the output.
    let left: Vec<_> =
        std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 2, "{left:?}");

    // The same file on stdout when it is not a terminal.
    let piped =
        guihua().args(["extract", "--format", "parquet", "-q"]).args(&inputs).output().unwrap();
    std::fs::write(tmp.path().join("piped.parquet"), &piped.stdout).unwrap();
    assert_eq!(read(&tmp.path().join("piped.parquet")).rows, got.rows);
}

#[test]
fn out_dir_gets_one_file_per_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let out = guihua()
        .args(["extract", "corpus", "--format", "parquet", "-q", "--out"])
        .arg(&dir)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = guihua()
        .args(["extract", "corpus", "--format", "csv", "-q"])
        .current_dir(root())
        .output()
        .unwrap();
    let (_, want) = csv_rows(&csv.stdout);
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), 5);
    let mut rows = Vec::new();
    for f in &files {
        assert!(f.to_string_lossy().ends_with(".txt.parquet"), "{}", f.display());
        let r = read(f);
        let doc = f.file_name().unwrap().to_string_lossy().trim_end_matches(".parquet").to_string();
        assert!(r.rows.iter().all(|row| row[0] == Field::Str(doc.clone())));
        rows.extend(r.rows.iter().map(|row| row.iter().map(as_csv).collect::<Vec<_>>()));
    }
    assert_eq!(rows, want);
}

#[test]
fn table_as_parquet_has_the_csv_cells_typed() {
    let args = ["table", "corpus", "fixtures/phenomena/ratios.txt", "--kind", "all"];
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("table.parquet");
    let out =
        guihua().args(args).args(["--format", "parquet"]).current_dir(root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::write(&file, &out.stdout).unwrap();
    let csv = guihua().args(args).args(["--format", "csv"]).current_dir(root()).output().unwrap();
    let (header, want) = csv_rows(&csv.stdout);
    let got = read(&file);
    assert_eq!(got.columns.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), header);
    assert_eq!(got.rows.len(), 6);
    for (g, w) in got.rows.iter().zip(&want) {
        assert_eq!(g.iter().map(as_csv).collect::<Vec<_>>(), *w);
    }
    let physical = |name: &str| got.columns.iter().find(|(n, _)| n == name).unwrap().1;
    assert_eq!(physical("title"), Physical::BYTE_ARRAY);
    assert_eq!(physical("period_start"), Physical::INT64);
    assert_eq!(physical("W_H_03_value"), Physical::DOUBLE);
    assert_eq!(physical("W_H_03_year"), Physical::INT64);
    let title = header.iter().position(|h| h == "title").unwrap();
    assert!(got
        .rows
        .iter()
        .any(|r| r[title] == Field::Str("柳河县妇女发展规划（2021—2030年）".into())));
}
