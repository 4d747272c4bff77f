//! One plan's review page: what the template `page.html` shows, taken from
//! the extraction `extract` writes (the same records, the same spellings).

use askama::Template;
use guihua::output::{DocInfo, IndicatorRecord, Record as WireRecord};
use guihua::{Extraction, Kind, Source, Value};

use super::text::{self, Block, Line, Mark, MarkKind, Piece};

/// The page of one plan.
#[derive(Template)]
#[template(path = "page.html", config = "src/bin/guihua/review/askama.toml")]
pub(crate) struct Page<'a> {
    pub(crate) heading: String,
    pub(crate) doc: &'a str,
    pub(crate) index_href: String,
    pub(crate) version: &'static str,
    pub(crate) css: &'static str,
    pub(crate) js: &'static str,
    pub(crate) counts: Counts,
    pub(crate) meta: Vec<(&'static str, String)>,
    pub(crate) cited: Vec<String>,
    pub(crate) outline: Vec<OutlineRow<'a>>,
    pub(crate) records: Vec<Record<'a>>,
    pub(crate) diagnostics: Vec<DiagnosticRow<'a>>,
    pub(crate) blocks: Vec<Block<'a>>,
}

/// What the header counts.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts {
    pub(crate) lines: usize,
    pub(crate) sections: usize,
    pub(crate) domains: usize,
    pub(crate) goals: usize,
    pub(crate) measures: usize,
    pub(crate) indicators: usize,
    pub(crate) targets: usize,
    pub(crate) baselines: usize,
    pub(crate) diagnostics: usize,
}

/// A heading in the side panel.
pub(crate) struct OutlineRow<'a> {
    pub(crate) line: u32,
    pub(crate) level: u8,
    pub(crate) numbering: &'a str,
    pub(crate) title: &'a str,
    pub(crate) inferred: bool,
    pub(crate) domain: Option<&'static str>,
    pub(crate) chapter: Option<&'static str>,
    pub(crate) goals: u32,
    pub(crate) measures: u32,
    /// Records in the section and the sections under it.
    pub(crate) indicators: usize,
}

/// A row of the records table: the fields of an `indicator` record.
pub(crate) struct Record<'a> {
    pub(crate) idx: usize,
    pub(crate) line: u32,
    pub(crate) quote: &'a str,
    pub(crate) name: &'a str,
    pub(crate) comparator: &'static str,
    pub(crate) value: String,
    /// The first number, for sorting.
    pub(crate) sort: String,
    pub(crate) unit: &'a str,
    pub(crate) kind: &'static str,
    pub(crate) year: Option<u16>,
    pub(crate) chapter: &'a str,
    pub(crate) domain: &'static str,
    pub(crate) source: &'static str,
    pub(crate) item: Option<u32>,
    pub(crate) canonical_id: &'a str,
    /// The canonical name and scope, for the hover text.
    pub(crate) canonical_note: String,
}

/// A diagnostic in the side panel.
pub(crate) struct DiagnosticRow<'a> {
    pub(crate) line: u32,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) text: &'a str,
}

/// A number as the JSON output writes it: `12`, `0.5`.
pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A value as text: `12`, `45–50`, `2:3`.
pub(crate) fn value_text(v: Value) -> String {
    match v {
        Value::Number(x) => number(x),
        Value::Range { min, max } => format!("{}–{}", number(min), number(max)),
        Value::Ratio(a, b) => format!("{}:{}", number(a), number(b)),
    }
}

/// The CSS class of a record's mark: target or baseline, and table cells.
fn mark_class(kind: Kind, source: Source) -> &'static str {
    match (kind, source) {
        (Kind::Baseline, Source::Table) => "bl tc",
        (Kind::Baseline, _) => "bl",
        (_, Source::Table) => "tg tc",
        _ => "tg",
    }
}

/// Where the overview is, seen from the page of `page_rel` (`a/b.txt.html`).
pub(crate) fn index_href(page_rel: &str) -> String {
    "../".repeat(page_rel.matches('/').count()) + "index.html"
}

/// A wire value as text: `12`, `45–50`, `2:3` (numbers as the JSON has
/// them), and the first number for sorting.
fn wire_value(r: &IndicatorRecord<'_>) -> (String, String) {
    match (&r.value, &r.value_max, &r.ratio) {
        (_, _, Some([a, b])) => (format!("{a}:{b}"), a.to_string()),
        (Some(v), Some(m), _) => (format!("{v}–{m}"), v.to_string()),
        (Some(v), None, _) => (v.to_string(), v.to_string()),
        (None, _, None) => (String::new(), String::new()),
    }
}

/// Builds the page of `ex`, read from the input `info` names.
///
/// Everything the page says about the plan comes from the records
/// `extract` writes ([`Extraction::records`]): the same fields, values and
/// spellings. Only positions come from the model: where each record's
/// quote stands (the wire gives the quote's text and the value's span).
pub(crate) fn build<'a>(ex: &'a Extraction<'a>, info: DocInfo<'a>, page_rel: &str) -> Page<'a> {
    let text = ex.text();
    let mut document = None;
    let mut sections = Vec::new();
    let mut items = Vec::new();
    let mut indicators = Vec::new();
    let mut diagnostics_rec = Vec::new();
    for r in ex.records(info) {
        match r {
            WireRecord::Document(d) => document = Some(d),
            WireRecord::Section(s) => sections.push(s),
            WireRecord::Item(i) => items.push(i),
            WireRecord::Indicator(i) => indicators.push(i),
            WireRecord::Diagnostic(d) => diagnostics_rec.push(d),
            _ => {}
        }
    }
    let document = document.expect("the records start with the document");
    let meta = &document.meta;

    // Records under each section, counted up the tree.
    let model_sections = ex.sections();
    let mut under = vec![0usize; model_sections.len()];
    for ind in ex.indicators() {
        let mut s = ind.section;
        while let Some(idx) = s {
            let i = idx.0 as usize;
            let Some(sec) = model_sections.get(i) else { break };
            under[i] += 1;
            s = sec.parent;
        }
    }
    let outline: Vec<OutlineRow<'a>> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| OutlineRow {
            line: s.line,
            level: s.level,
            numbering: s.numbering,
            title: s.title,
            inferred: s.inferred,
            domain: s.domain,
            chapter: s.chapter,
            goals: s.goals,
            measures: s.measures,
            indicators: under.get(i).copied().unwrap_or(0),
        })
        .collect();

    let records: Vec<Record<'a>> = indicators
        .iter()
        .enumerate()
        .map(|(idx, r)| {
            let canonical_note = match (r.canonical_name, r.scope) {
                (Some(n), Some(s)) => format!("{n} (scope {s})"),
                (Some(n), None) => n.to_string(),
                _ => String::new(),
            };
            let (value, sort) = wire_value(r);
            Record {
                idx,
                line: r.line,
                quote: r.quote,
                name: r.indicator,
                comparator: r.comparator,
                value,
                sort,
                unit: r.unit,
                kind: r.kind,
                year: r.year,
                chapter: r.chapter.unwrap_or(""),
                domain: r.section.unwrap_or(""),
                source: r.source,
                item: r.item,
                canonical_id: r.canonical_id.unwrap_or(""),
                canonical_note,
            }
        })
        .collect();

    let diagnostics: Vec<DiagnosticRow<'a>> = diagnostics_rec
        .into_iter()
        .map(|d| DiagnosticRow {
            line: d.diagnostic.line,
            code: d.diagnostic.code,
            message: d.diagnostic.message,
            text: d.diagnostic.text,
        })
        .collect();

    // Margin notes: headings, goals and measures, diagnostics.
    let n_lines = document.lines;
    let mut notes: Vec<(String, String)> = vec![(String::new(), String::new()); n_lines + 1];
    let mut note = |line: u32, class: &str, text: &str| {
        if let Some((c, m)) = notes.get_mut(line as usize) {
            if !c.contains(class) {
                c.push(' ');
                c.push_str(class);
            }
            if !m.is_empty() {
                m.push(' ');
            }
            m.push_str(text);
        }
    };
    for s in &sections {
        match (s.domain, s.inferred) {
            (Some(d), false) => note(s.line, "h hd", d),
            (Some(d), true) => note(s.line, "hi", &format!("({d})")),
            (None, _) => note(s.line, "h", &format!("H{}", s.level)),
        }
    }
    for it in &items {
        match it.role {
            "goal" => note(it.line, "g", &format!("G{}", it.number)),
            "measure" => note(it.line, "m", &format!("M{}", it.number)),
            _ => {}
        }
    }
    for d in &diagnostics {
        note(d.line, "d", "!");
    }

    // Where each record stands: its quote, and its value inside it.
    let mut marks = Vec::with_capacity(ex.indicators().len() * 2);
    for (rec, ind) in ex.indicators().iter().enumerate() {
        let class = mark_class(ind.kind, ind.source);
        marks.push(Mark {
            start: ind.quote.start,
            end: ind.quote.end,
            kind: MarkKind::Record { rec, class },
        });
        marks.push(Mark {
            start: ind.value_span.start,
            end: ind.value_span.end,
            kind: MarkKind::Value,
        });
    }
    let index = ex.line_index();
    let line_spans: Vec<(usize, usize)> = index.spans().map(|s| (s.start, s.end)).collect();
    let blocks = text::blocks(
        text,
        &line_spans,
        marks,
        |off| index.line(off) as usize - 1,
        |n| std::mem::take(&mut notes[n as usize]),
    );

    let count = |role: &str| items.iter().filter(|i| i.role == role).count();
    let kinds = |kind: &str| records.iter().filter(|r| r.kind == kind).count();
    let counts = Counts {
        lines: n_lines,
        sections: document.sections,
        domains: sections.iter().filter(|s| s.domain.is_some()).count(),
        goals: count("goal"),
        measures: count("measure"),
        indicators: document.indicators,
        targets: kinds("target"),
        baselines: kinds("baseline"),
        diagnostics: document.diagnostics,
    };

    let mut meta_rows: Vec<(&'static str, String)> = Vec::new();
    let mut add = |k: &'static str, v: Option<String>| {
        if let Some(v) = v {
            meta_rows.push((k, v));
        }
    };
    add("title", meta.title.map(String::from));
    add("region", meta.region.map(String::from));
    add("parent region", meta.parent_region.map(String::from));
    add("level", meta.level.map(String::from));
    add("plan type", meta.plan_type.map(String::from));
    add("five-year plan", meta.five_year_plan.map(|n| n.to_string()));
    add("period", meta.period.map(|[a, b]| format!("{a}–{b}")));
    add("issued", meta.issued.map(String::from));
    add("input", Some(info.doc.to_string()));
    add("format", document.format.map(String::from));
    add("encoding", document.encoding.map(String::from));
    add("bytes", Some(document.bytes.to_string()));
    let cited = meta
        .cited
        .iter()
        .map(|c| match c.period {
            Some([a, b]) if !c.title.contains(&a.to_string()) => format!("{} ({a}–{b})", c.title),
            _ => c.title.to_string(),
        })
        .collect();

    Page {
        heading: meta.title.unwrap_or(info.doc).to_string(),
        doc: info.doc,
        index_href: index_href(page_rel),
        version: env!("CARGO_PKG_VERSION"),
        css: super::CSS,
        js: super::JS,
        counts,
        meta: meta_rows,
        cited,
        outline,
        records,
        diagnostics,
        blocks,
    }
}

impl Page<'_> {
    /// The plural ending for a count.
    pub(crate) fn s(&self, n: &usize) -> &'static str {
        if *n == 1 {
            ""
        } else {
            "s"
        }
    }
}

impl Line<'_> {
    /// Whether the line has a margin note.
    pub(crate) fn has_marker(&self) -> bool {
        !self.marker.is_empty()
    }
}
