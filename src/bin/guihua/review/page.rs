//! One plan's review page: what the template `page.html` shows, taken from
//! the extraction `extract` writes (the same records, the same spellings).

use askama::Template;
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

/// Builds the page of `ex`, read from the input named `doc`.
pub(crate) fn build<'a>(
    ex: &'a Extraction<'a>,
    doc: &'a str,
    page_rel: &str,
    info: &[(&'static str, String)],
) -> Page<'a> {
    let text = ex.text();
    let sections = ex.sections();
    let items = ex.items();
    let meta = ex.metadata();

    // Records under each section, counted up the tree.
    let mut under = vec![0usize; sections.len()];
    for ind in ex.indicators() {
        let mut s = ind.section;
        while let Some(idx) = s {
            let i = idx.0 as usize;
            let Some(sec) = sections.get(i) else { break };
            under[i] += 1;
            s = sec.parent;
        }
    }
    let title_of = |s: &guihua::Section| if s.title.is_empty() { "" } else { ex.slice(s.title) };
    let outline: Vec<OutlineRow<'a>> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| OutlineRow {
            line: s.line,
            level: s.level,
            numbering: ex.slice(s.numbering).trim_end(),
            title: title_of(s),
            inferred: s.inferred,
            domain: s.domain.map(|d| d.as_str()),
            chapter: s.chapter.map(|c| c.as_str()),
            goals: s.n_goals,
            measures: s.n_measures,
            indicators: under[i],
        })
        .collect();

    let records: Vec<Record<'a>> = ex
        .indicators()
        .iter()
        .enumerate()
        .map(|(idx, ind)| {
            let canonical = ex.canonical(ind);
            let scope = ind.canonical.as_ref().and_then(|m| m.scope.as_deref());
            let canonical_note = match (canonical, scope) {
                (Some(e), Some(s)) => format!("{} (scope {s})", e.name),
                (Some(e), None) => e.name.clone(),
                _ => String::new(),
            };
            let first = match ind.value {
                Value::Number(x) | Value::Range { min: x, .. } | Value::Ratio(x, _) => x,
            };
            Record {
                idx,
                line: ind.line,
                quote: ex.slice(ind.quote),
                name: ex.name(ind),
                comparator: ind.comparator.as_str(),
                value: value_text(ind.value),
                sort: number(first),
                unit: ind.unit.as_str(),
                kind: ind.kind.as_str(),
                year: ind.year,
                chapter: ind
                    .section
                    .and_then(|s| sections.get(s.0 as usize))
                    .map_or("", |s| title_of(s)),
                domain: ind.domain.map_or("", |d| d.as_str()),
                source: ind.source.as_str(),
                item: ind.item.and_then(|i| items.get(i)).map(|it| it.number),
                canonical_id: canonical.map_or("", |e| e.id.as_str()),
                canonical_note,
            }
        })
        .collect();

    let diagnostics: Vec<DiagnosticRow<'a>> = ex
        .diagnostics()
        .iter()
        .map(|d| {
            let (s, e) = text::clip(text, d.span.start, d.span.end, (0, text.len()));
            DiagnosticRow {
                line: ex.line_index().line(s),
                code: d.kind.code(),
                message: d.kind.message(),
                text: &text[s..e],
            }
        })
        .collect();

    // Margin notes: headings, goals and measures, diagnostics.
    let n_lines = ex.line_index().n_lines();
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
    for s in sections {
        match (s.domain, s.inferred) {
            (Some(d), false) => note(s.line, "h hd", d.as_str()),
            (Some(d), true) => note(s.line, "hi", &format!("({})", d.as_str())),
            (None, _) => note(s.line, "h", &format!("H{}", s.level)),
        }
    }
    for it in items {
        match it.role {
            guihua::ItemRole::Goal => note(it.line, "g", &format!("G{}", it.number)),
            guihua::ItemRole::Measure => note(it.line, "m", &format!("M{}", it.number)),
            _ => {}
        }
    }
    for d in &diagnostics {
        note(d.line, "d", "!");
    }

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
    // A record belongs to the line of its quote (which the wire format
    // puts on the record's line).
    let blocks = text::blocks(
        text,
        &line_spans,
        marks,
        |off| index.line(off) as usize - 1,
        |n| std::mem::take(&mut notes[n as usize]),
    );

    let counts = Counts {
        lines: n_lines,
        sections: sections.len(),
        domains: sections.iter().filter(|s| s.domain.is_some()).count(),
        goals: items.iter().filter(|i| i.role == guihua::ItemRole::Goal).count(),
        measures: items.iter().filter(|i| i.role == guihua::ItemRole::Measure).count(),
        indicators: records.len(),
        targets: ex.indicators().iter().filter(|i| i.kind == Kind::Target).count(),
        baselines: ex.indicators().iter().filter(|i| i.kind == Kind::Baseline).count(),
        diagnostics: diagnostics.len(),
    };

    let mut meta_rows: Vec<(&'static str, String)> = Vec::new();
    let mut add = |k: &'static str, v: Option<String>| {
        if let Some(v) = v {
            meta_rows.push((k, v));
        }
    };
    add("title", meta.title.clone());
    add("region", meta.region.clone());
    add("parent region", meta.parent_region.clone());
    add("level", meta.level.map(|l| l.as_str().to_string()));
    add("plan type", meta.plan_type.clone());
    add("five-year plan", meta.five_year_plan.map(|n| n.to_string()));
    add("period", meta.period.map(|(a, b)| format!("{a}–{b}")));
    add("issued", meta.issued.clone());
    for (k, v) in info {
        add(k, Some(v.clone()));
    }
    add("bytes", Some(text.len().to_string()));
    let cited = meta
        .cited
        .iter()
        .map(|c| match c.period {
            Some((a, b)) if !c.title.contains(&a.to_string()) => format!("{} ({a}–{b})", c.title),
            _ => c.title.clone(),
        })
        .collect();

    Page {
        heading: meta.title.clone().unwrap_or_else(|| doc.to_string()),
        doc,
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
