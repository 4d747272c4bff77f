//! `guihua table` (one row per plan, one column group per canonical
//! indicator) and `guihua compare` (two plans side by side).

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use guihua::dataset::{compare, headline_targets, Verdict};
use guihua::{Extraction, Extractor, Indicator, Value};
use serde_json::{json, Map, Value as Json};

use crate::batch::message;
use crate::walk::{self, Skipped};
use crate::{CompareArgs, CompareFormat, TableArgs, TableFormat};

fn number(v: f64) -> Json {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// A value as one cell: `12`, `45-50` for a range, `2:3` for a ratio.
fn value_cell(v: Value) -> Json {
    match v {
        Value::Number(x) => number(x),
        Value::Range { min, max } => json!(format!("{}-{}", number(min), number(max))),
        Value::Ratio(a, b) => json!(format!("{}:{}", number(a), number(b))),
    }
}

/// One document's row: its metadata and headline targets.
struct Row {
    doc: String,
    fields: Map<String, Json>,
    error: Option<String>,
}

fn row(doc: &str, ex: &Extraction<'_>) -> Row {
    let m = ex.metadata();
    let mut fields = Map::new();
    fields.insert("doc".into(), json!(doc));
    fields.insert("title".into(), json!(m.title));
    fields.insert("region".into(), json!(m.region));
    fields.insert("level".into(), json!(m.level.map(|l| l.as_str())));
    fields.insert("parent_region".into(), json!(m.parent_region));
    fields.insert("period_start".into(), json!(m.period.map(|p| p.0)));
    fields.insert("period_end".into(), json!(m.period.map(|p| p.1)));
    for (id, idx) in headline_targets(ex) {
        let ind = &ex.indicators()[idx];
        fields.insert(format!("{id}_comparator"), json!(ind.comparator.as_str()));
        fields.insert(format!("{id}_value"), value_cell(ind.value));
        fields.insert(format!("{id}_unit"), json!(ind.unit.as_str()));
    }
    Row { doc: doc.to_string(), fields, error: None }
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
    let opts = args.input.read.options();
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rows: Vec<Row> = Vec::with_capacity(inputs.len());
    let work = |input: &walk::Input| {
        if let Some(e) = &input.error {
            return Row { doc: input.doc.clone(), fields: Map::new(), error: Some(e.clone()) };
        }
        match input.read(opts) {
            Ok(read) => row(&input.doc, &read.extract(&extractor)),
            Err(e) => Row { doc: input.doc.clone(), fields: Map::new(), error: Some(message(&e)) },
        }
    };
    let on_panic = |input: &walk::Input| Row {
        doc: input.doc.clone(),
        fields: Map::new(),
        error: Some("internal error while extracting (a bug: please report it)".into()),
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
    // Columns: the fixed ones, then each indicator present anywhere, in
    // catalogue order.
    let present: BTreeSet<&str> =
        rows.iter().flat_map(|r| r.fields.keys()).map(String::as_str).collect();
    let mut columns: Vec<String> =
        ["doc", "title", "region", "level", "parent_region", "period_start", "period_end"]
            .map(String::from)
            .to_vec();
    for e in extractor.extract("").catalogue().entries() {
        for part in ["comparator", "value", "unit"] {
            let c = format!("{}_{part}", e.id);
            if present.contains(c.as_str()) {
                columns.push(c);
            }
        }
    }
    let mut failed = false;
    for r in &rows {
        if let Some(e) = &r.error {
            eprintln!("guihua: {}: {e}", r.doc);
            failed = true;
        }
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let res = match args.format {
        TableFormat::Csv => write_csv(&mut out, &columns, &rows),
        TableFormat::Jsonl => rows.iter().try_for_each(|r| {
            let mut obj = Map::new();
            for c in &columns {
                obj.insert(c.clone(), r.fields.get(c).cloned().unwrap_or(Json::Null));
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

fn write_csv(out: &mut impl Write, columns: &[String], rows: &[Row]) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::Writer::from_writer(out);
    let mut header = columns.to_vec();
    header.push("error".into());
    w.write_record(&header)?;
    for r in rows {
        let mut rec: Vec<String> = columns
            .iter()
            .map(|c| match r.fields.get(c) {
                None | Some(Json::Null) => String::new(),
                Some(Json::String(s)) => s.clone(),
                Some(v) => v.to_string(),
            })
            .collect();
        if r.error.is_some() {
            rec[0] = r.doc.clone();
        }
        rec.push(r.error.clone().unwrap_or_default());
        w.write_record(&rec)?;
    }
    w.flush()
}

fn target_text(ind: Option<&Indicator>) -> String {
    match ind {
        None => "—".into(),
        Some(i) => {
            let v = match value_cell(i.value) {
                Json::String(s) => s,
                other => other.to_string(),
            };
            let cmp = match i.comparator.as_str() {
                "=" => "",
                "range" => "",
                c => c,
            };
            match i.unit.as_str() {
                "1/10万" => format!("{cmp}{v}/10万"),
                "比" => format!("{cmp}{v}"),
                u => format!("{cmp}{v}{u}"),
            }
        }
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
                Verdict::OnlyA => "only in A",
                Verdict::OnlyB => "only in B",
                Verdict::NotComparable => "not comparable",
            };
            let mut s = format!("A: {}\nB: {}\n\n", label(doc_a, &a), label(doc_b, &b));
            let width = rows.iter().map(|c| c.name.chars().count()).max().unwrap_or(4).max(4);
            s.push_str(&format!(
                "{:<7}  {}  {:>12}  {:>12}  {}\n",
                "id",
                pad("indicator", width),
                "A",
                "B",
                "verdict"
            ));
            for c in &rows {
                s.push_str(&format!(
                    "{:<7}  {}  {:>12}  {:>12}  {}\n",
                    c.id,
                    pad(&c.name, width),
                    target_text(c.a.map(|i| &a.indicators()[i])),
                    target_text(c.b.map(|i| &b.indicators()[i])),
                    verdict(c.verdict)
                ));
            }
            let count = |v: Verdict| rows.iter().filter(|c| c.verdict == v).count();
            s.push_str(&format!(
                "\n{} indicators: A stricter {}, B stricter {}, same {}, only in A {}, only in B {}, not comparable {}\n",
                rows.len(),
                count(Verdict::AStricter),
                count(Verdict::BStricter),
                count(Verdict::Same),
                count(Verdict::OnlyA),
                count(Verdict::OnlyB),
                count(Verdict::NotComparable)
            ));
            out.write_all(s.as_bytes())
        }
    };
    if res.and_then(|_| out.flush()).is_err() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// Pads to a display width, counting CJK characters as two columns.
fn pad(s: &str, width: usize) -> String {
    let w: usize = s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    let target = width * 2;
    format!("{s}{}", " ".repeat(target.saturating_sub(w)))
}
