//! `guihua table` (one row per plan, one column group per canonical
//! indicator) and `guihua compare` (two plans side by side).

use std::collections::BTreeSet;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use guihua::dataset::{column_name, compare, headlines, Kinds, Verdict};
use guihua::{Extraction, Extractor, Indicator, Value};
use serde_json::{json, Map, Value as Json};

use crate::batch::message;
use crate::parquet_file::{self, Cell, Column, Kind};
use crate::walk::{self, Skipped};
use crate::{CompareArgs, CompareFormat, TableArgs, TableFormat, TableKind};

fn number(v: f64) -> Json {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// A value as one cell: `12`, `45-50` for a range, `2:3` for a ratio
/// (for people: `compare` and its JSON).
fn value_cell(v: Value) -> Json {
    match v {
        Value::Number(x) => number(x),
        Value::Range { min, max } => json!(format!("{}-{}", number(min), number(max))),
        Value::Ratio(a, b) => json!(format!("{}:{}", number(a), number(b))),
    }
}

/// The fields of an indicator's column group in `table`, in order, with
/// what each holds (for the codebook).
const FIELDS: &[(&str, &str)] = &[
    ("kind", "target or baseline"),
    ("comparator", ">= <= > < ~ = or range"),
    ("value", "the value (the lower end of a range; a:b for a ratio)"),
    ("value_max", "the upper end of a range"),
    ("unit", "the unit as stated"),
    ("year", "the target year the plan states"),
];

/// The fixed columns of `table`, with what each holds.
const FIXED: &[(&str, &str)] = &[
    ("doc", "the document's name (README: Document names)"),
    ("title", "the plan's title"),
    ("region", "the issuing region"),
    ("level", "国家 省 市 县 or 区"),
    ("parent_region", "the region above the issuing region"),
    ("period_start", "the first year of the plan's period"),
    ("period_end", "the last year of the plan's period"),
];

/// One document's row: its metadata and, per canonical id, its headline
/// record's cells in the order of [`FIELDS`].
struct Row {
    doc: String,
    meta: Map<String, Json>,
    cells: std::collections::BTreeMap<String, Vec<Json>>,
    error: Option<String>,
}

impl Row {
    fn failed(doc: &str, error: String) -> Row {
        Row {
            doc: doc.to_string(),
            meta: Map::new(),
            cells: Default::default(),
            error: Some(error),
        }
    }
}

fn row(doc: &str, ex: &Extraction<'_>, kinds: Kinds) -> Row {
    let m = ex.metadata();
    let mut meta = Map::new();
    meta.insert("doc".into(), json!(doc));
    meta.insert("title".into(), json!(m.title));
    meta.insert("region".into(), json!(m.region));
    meta.insert("level".into(), json!(m.level.map(|l| l.as_str())));
    meta.insert("parent_region".into(), json!(m.parent_region));
    meta.insert("period_start".into(), json!(m.period.map(|p| p.0)));
    meta.insert("period_end".into(), json!(m.period.map(|p| p.1)));
    let mut cells = std::collections::BTreeMap::new();
    for (id, idx) in headlines(ex, kinds) {
        let ind = &ex.indicators()[idx];
        let (value, value_max) = match ind.value {
            Value::Number(x) => (number(x), Json::Null),
            Value::Range { min, max } => (number(min), number(max)),
            Value::Ratio(a, b) => (json!(format!("{}:{}", number(a), number(b))), Json::Null),
        };
        let row = vec![
            json!(ind.kind.as_str()),
            json!(ind.comparator.as_str()),
            value,
            value_max,
            json!(ind.unit.as_str()),
            json!(ind.year),
        ];
        cells.insert(id, row);
    }
    Row { doc: doc.to_string(), meta, cells, error: None }
}

/// An indicator's column group: its catalogue entry and one column name
/// per field.
struct Group<'c> {
    entry: &'c guihua::catalogue::Entry,
    columns: Vec<String>,
}

/// The column groups of the indicators present in `rows`, in catalogue
/// order, each name unique (an id that maps to a name already taken gets a
/// numbered stem).
fn groups<'c>(catalogue: &'c guihua::catalogue::Catalogue, rows: &[Row]) -> Vec<Group<'c>> {
    let present: BTreeSet<&str> =
        rows.iter().flat_map(|r| r.cells.keys()).map(String::as_str).collect();
    let mut taken: BTreeSet<String> = FIXED.iter().map(|(c, _)| c.to_string()).collect();
    taken.insert("error".into());
    let mut out = Vec::new();
    for entry in catalogue.entries().iter().filter(|e| present.contains(e.id.as_str())) {
        let mut n = 1;
        let columns = loop {
            let stem = if n == 1 {
                entry.id.clone()
            } else {
                format!("{}_{n}", entry.id.chars().take(12).collect::<String>())
            };
            let cols: Vec<String> = FIELDS.iter().map(|(f, _)| column_name(&stem, f)).collect();
            if cols.iter().all(|c| !taken.contains(c)) {
                break cols;
            }
            n += 1;
        };
        taken.extend(columns.iter().cloned());
        out.push(Group { entry, columns });
    }
    out
}

/// An extractor with the user's catalogue added, or the usage-error exit
/// code after saying why on stderr.
pub(crate) fn extractor(catalogue: Option<&Path>) -> Result<Extractor, ExitCode> {
    let build = || -> Result<Extractor, String> {
        let mut b = Extractor::builder();
        if let Some(path) = catalogue {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let c = guihua::catalogue::Catalogue::parse(&text)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            b.catalogue(c);
        }
        b.build().map_err(|e| e.to_string())
    };
    build().map_err(|e| {
        eprintln!("guihua: {e}");
        ExitCode::from(2)
    })
}

pub(crate) fn table(args: &TableArgs) -> ExitCode {
    if args.format == TableFormat::Parquet && io::stdout().is_terminal() {
        eprintln!("guihua: Parquet is binary: redirect stdout to a file (> table.parquet)");
        return ExitCode::from(2);
    }
    let extractor = match extractor(args.catalogue.as_deref()) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let mut skipped = Skipped::default();
    let inputs = match walk::collect(&args.input.sources(), &mut skipped) {
        Ok(inputs) => inputs,
        Err(msg) => {
            eprintln!("guihua: {msg}");
            return ExitCode::from(2);
        }
    };
    let kinds = match args.kind {
        TableKind::Target => Kinds::Targets,
        TableKind::Baseline => Kinds::Baselines,
        TableKind::All => Kinds::All,
    };
    let opts = args.input.read.options();
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rows: Vec<Row> = Vec::with_capacity(inputs.len());
    let work = |input: &walk::Input| {
        if let Some(e) = &input.error {
            return Row::failed(&input.doc, e.clone());
        }
        match input.read(opts) {
            Ok(read) => row(&input.doc, &read.extract(&extractor), kinds),
            Err(e) => Row::failed(&input.doc, message(&e)),
        }
    };
    let on_panic = |input: &walk::Input| {
        Row::failed(&input.doc, "internal error while extracting (a bug: please report it)".into())
    };
    let limits = crate::pool::Limits { jobs, results: jobs * 8, bytes: usize::MAX };
    crate::pool::ordered_map(
        &inputs,
        limits,
        work,
        on_panic,
        |_| 0,
        |_, r| {
            rows.push(r);
            true
        },
    );
    let catalogue = extractor.extract("").catalogue().clone();
    let groups = groups(&catalogue, &rows);
    let mut failed = false;
    for r in &rows {
        if let Some(e) = &r.error {
            eprintln!("guihua: {}: {e}", r.doc);
            failed = true;
        }
    }
    if let Some(path) = &args.labels {
        if let Err(e) = write_codebook(path, &groups) {
            eprintln!("guihua: writing the codebook {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let res = match args.format {
        TableFormat::Csv => write_csv(&mut out, &groups, &rows),
        TableFormat::Parquet => write_parquet(&mut out, &groups, &rows),
        TableFormat::Jsonl => rows.iter().try_for_each(|r| {
            let mut obj = Map::new();
            for (c, _) in FIXED {
                obj.insert(c.to_string(), r.meta.get(*c).cloned().unwrap_or(Json::Null));
            }
            for g in &groups {
                let cells = r.cells.get(&g.entry.id);
                for (i, c) in g.columns.iter().enumerate() {
                    obj.insert(c.clone(), cells.map_or(Json::Null, |v| v[i].clone()));
                }
            }
            if let Some(e) = &r.error {
                obj.insert("doc".into(), json!(r.doc));
                obj.insert("error".into(), json!(e));
            }
            writeln!(out, "{}", Json::Object(obj))
        }),
    };
    if res.and_then(|_| out.flush()).is_err() {
        return ExitCode::from(1);
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn cell(v: Option<&Json>) -> String {
    match v {
        None | Some(Json::Null) => String::new(),
        Some(Json::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

fn write_csv(out: &mut impl Write, groups: &[Group<'_>], rows: &[Row]) -> io::Result<()> {
    out.write_all(crate::render::BOM)?;
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = FIXED.iter().map(|(c, _)| *c).collect();
    header.extend(groups.iter().flat_map(|g| g.columns.iter().map(String::as_str)));
    header.push("error");
    w.write_record(&header)?;
    for r in rows {
        let mut rec: Vec<String> = FIXED.iter().map(|(c, _)| cell(r.meta.get(*c))).collect();
        for g in groups {
            let cells = r.cells.get(&g.entry.id);
            rec.extend((0..g.columns.len()).map(|i| cell(cells.map(|v| &v[i]))));
        }
        if r.error.is_some() {
            rec[0] = r.doc.clone();
        }
        rec.push(r.error.clone().unwrap_or_default());
        w.write_record(&rec)?;
    }
    w.flush()
}

/// A JSON cell as a Parquet cell.
fn typed_cell(v: Option<&Json>) -> Cell {
    match v {
        None | Some(Json::Null) => Cell::Null,
        Some(Json::String(s)) => Cell::Text(s.clone()),
        Some(Json::Number(n)) => match n.as_i64() {
            Some(i) => Cell::Int(i),
            None => Cell::float(n.as_f64()),
        },
        Some(v) => Cell::Text(v.to_string()),
    }
}

/// The type of a table column holding `field` (a fixed column or a field
/// of an indicator's group); `value` is a number unless a ratio (`a:b`)
/// makes the column text.
fn column_kind(field: &str, cells: &[Vec<Cell>], j: usize) -> Kind {
    match field {
        "level" | "kind" | "comparator" | "unit" => Kind::Category,
        "period_start" | "period_end" | "year" => Kind::Int,
        "value_max" => Kind::Float,
        "value" if cells.iter().all(|r| !matches!(r[j], Cell::Text(_))) => Kind::Float,
        _ => Kind::Text,
    }
}

/// The table as Parquet: the CSV's columns, typed (strings, nullable
/// integers, doubles; pandas reads the category columns as `category`).
fn write_parquet(out: &mut impl Write, groups: &[Group<'_>], rows: &[Row]) -> io::Result<()> {
    let mut names: Vec<(String, &str)> = FIXED.iter().map(|(c, _)| (c.to_string(), *c)).collect();
    for g in groups {
        names.extend(g.columns.iter().cloned().zip(FIELDS.iter().map(|(f, _)| *f)));
    }
    names.push(("error".into(), "error"));
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let mut row: Vec<Cell> =
                FIXED.iter().map(|(c, _)| typed_cell(r.meta.get(*c))).collect();
            for g in groups {
                let cells = r.cells.get(&g.entry.id);
                row.extend((0..g.columns.len()).map(|i| typed_cell(cells.map(|v| &v[i]))));
            }
            if r.error.is_some() {
                row[0] = Cell::Text(r.doc.clone());
            }
            row.push(Cell::text(r.error.as_deref()));
            row
        })
        .collect();
    let columns = names
        .into_iter()
        .enumerate()
        .map(|(j, (name, field))| Column::new(name, column_kind(field, &cells, j)))
        .collect();
    let mut w = parquet_file::Writer::new(Vec::new(), columns).map_err(io::Error::other)?;
    w.push(cells).map_err(io::Error::other)?;
    out.write_all(&w.close().map_err(io::Error::other)?)
}

/// The codebook of a table: one row per column with the canonical id,
/// name, catalogue unit and direction of its indicator.
fn write_codebook(path: &Path, groups: &[Group<'_>]) -> io::Result<()> {
    let mut bytes = crate::render::BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut bytes);
        w.write_record([
            "id",
            "column",
            "canonical_name",
            "unit",
            "direction",
            "field",
            "description",
        ])?;
        for (c, what) in FIXED {
            w.write_record(["", c, "", "", "", c, what])?;
        }
        for g in groups {
            let e = g.entry;
            for (c, (field, what)) in g.columns.iter().zip(FIELDS) {
                let description = format!("{}: {what}", e.name);
                w.write_record([
                    e.id.as_str(),
                    c,
                    &e.name,
                    &e.unit,
                    e.direction.as_str(),
                    field,
                    &description,
                ])?;
            }
        }
        w.write_record(["", "error", "", "", "", "error", "why the document could not be read"])?;
        w.flush()?;
    }
    std::fs::write(path, bytes)
}

/// What `compare` adds after a baseline's value.
const BASELINE_MARK: &str = " (baseline)";

/// A headline value for people: `>=95%`, `<=12/10万`, `45-50%`, with
/// [`BASELINE_MARK`] after a baseline.
fn target_text(ind: Option<&Indicator>) -> String {
    let Some(i) = ind else { return "—".into() };
    let mut text = value_text(i);
    if i.kind == guihua::Kind::Baseline {
        text.push_str(BASELINE_MARK);
    }
    text
}

fn value_text(i: &Indicator) -> String {
    let v = match value_cell(i.value) {
        Json::String(s) => s,
        other => other.to_string(),
    };
    let cmp = match i.comparator.as_str() {
        "=" | "range" => "",
        c => c,
    };
    match i.unit.as_str() {
        "1/10万" => format!("{cmp}{v}/10万"),
        "比" => format!("{cmp}{v}"),
        u => format!("{cmp}{v}{u}"),
    }
}

pub(crate) fn compare_cmd(args: &CompareArgs) -> ExitCode {
    let extractor = match extractor(args.catalogue.as_deref()) {
        Ok(e) => e,
        Err(code) => return code,
    };
    // The two plans are named as any two roots are (see guihua::docid).
    let paths = [args.a.clone(), args.b.clone()];
    let sources =
        walk::Sources { paths: &paths, files_from: None, stdin_name: args.stdin_name.as_deref() };
    let inputs = match walk::collect(&sources, &mut Skipped::default()) {
        Ok(inputs) if inputs.len() == 2 => inputs,
        Ok(_) => {
            eprintln!("guihua: compare takes two plan files, not directories");
            return ExitCode::from(2);
        }
        Err(msg) => {
            eprintln!("guihua: {msg}");
            return ExitCode::from(2);
        }
    };
    let read = |input: &walk::Input| match &input.error {
        Some(e) => Err(format!("{}: {e}", input.path.display())),
        None => input
            .read(args.read.options())
            .map_err(|e| format!("{}: {}", input.path.display(), message(&e))),
    };
    let (ra, rb) = match (read(&inputs[0]), read(&inputs[1])) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("guihua: {e}");
            return ExitCode::from(1);
        }
    };
    let (a, b) = (ra.extract(&extractor), rb.extract(&extractor));
    let (doc_a, doc_b) = (inputs[0].doc.as_str(), inputs[1].doc.as_str());
    let rows = compare(&a, &b);
    // The title (the document's name when it states none); the text
    // output adds the name after a title.
    let name = |doc: &str, ex: &Extraction<'_>| {
        ex.metadata().title.clone().unwrap_or_else(|| doc.to_string())
    };
    let label = |doc: &str, ex: &Extraction<'_>| match &ex.metadata().title {
        Some(t) => format!("{t} ({doc})"),
        None => doc.to_string(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let res = match args.format {
        CompareFormat::Json => {
            let items: Vec<Json> = rows
                .iter()
                .map(|c| {
                    let side = |ex: &Extraction<'_>, i: Option<usize>| {
                        i.map(|i| {
                            let ind = &ex.indicators()[i];
                            json!({"comparator": ind.comparator.as_str(), "value": value_cell(ind.value), "unit": ind.unit.as_str(),
                                   "kind": ind.kind.as_str(), "line": ind.line, "quote": ex.slice(ind.quote)})
                        })
                    };
                    json!({"id": c.id, "name": c.name, "a": side(&a, c.a), "b": side(&b, c.b), "verdict": c.verdict.as_str()})
                })
                .collect();
            let doc = json!({"a": name(doc_a, &a), "b": name(doc_b, &b), "doc_a": doc_a, "doc_b": doc_b, "indicators": items});
            writeln!(out, "{doc}")
        }
        CompareFormat::Text => {
            let verdict = |v: Verdict| match v {
                Verdict::AStricter => "A stricter",
                Verdict::BStricter => "B stricter",
                Verdict::Same => "same",
                Verdict::Different => "different",
                Verdict::OnlyA => "only in A",
                Verdict::OnlyB => "only in B",
                _ => "not comparable",
            };
            let cells: Vec<[String; 2]> = rows
                .iter()
                .map(|c| {
                    [
                        target_text(c.a.map(|i| &a.indicators()[i])),
                        target_text(c.b.map(|i| &b.indicators()[i])),
                    ]
                })
                .collect();
            let col = |k: usize| cells.iter().map(|c| width(&c[k])).max().unwrap_or(1).max(1);
            let (wa, wb) = (col(0), col(1));
            let mut s = format!("A: {}\nB: {}\n\n", label(doc_a, &a), label(doc_b, &b));
            let wn = rows.iter().map(|c| width(&c.name)).max().unwrap_or(9).max(9);
            s.push_str(&format!(
                "{:<7}  {}  {}  {}  verdict\n",
                "id",
                pad("indicator", wn),
                lpad("A", wa),
                lpad("B", wb),
            ));
            for (c, [ta, tb]) in rows.iter().zip(&cells) {
                s.push_str(&format!(
                    "{:<7}  {}  {}  {}  {}\n",
                    c.id,
                    pad(&c.name, wn),
                    lpad(ta, wa),
                    lpad(tb, wb),
                    verdict(c.verdict)
                ));
            }
            let count = |v: Verdict| rows.iter().filter(|c| c.verdict == v).count();
            s.push_str(&format!(
                "\n{} indicators: A stricter {}, B stricter {}, same {}, different {}, only in A {}, only in B {}, not comparable {}\n",
                rows.len(),
                count(Verdict::AStricter),
                count(Verdict::BStricter),
                count(Verdict::Same),
                count(Verdict::Different),
                count(Verdict::OnlyA),
                count(Verdict::OnlyB),
                count(Verdict::NotComparable)
            ));
            if cells.iter().flatten().any(|c| c.ends_with(BASELINE_MARK)) {
                s.push_str(
                    "(baseline): the plan states no target for it; the value is the previous \
                     plan's achievement\n",
                );
            }
            out.write_all(s.as_bytes())
        }
    };
    if res.and_then(|_| out.flush()).is_err() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// The display width of `s`, counting non-ASCII characters (CJK, `—`) as
/// two columns.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Pads on the right to a display width.
fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// Pads on the left to a display width.
fn lpad(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}
