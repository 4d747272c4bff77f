//! The wire format: JSON Lines records and nested JSON documents.
//!
//! This is the only module that knows serde. Records borrow from the
//! [`Extraction`] and are written straight into the caller's writer.
//!
//! # JSON Lines
//!
//! [`Extraction::write_jsonl`] writes one object per line, in this order:
//! one `document` record, every `section` of the outline, every numbered
//! `item`, every `indicator`, then every `diagnostic`. Each carries
//! `"type"` and `"doc"` (the input's name).
//!
//! The `document` record carries `format` and `encoding` (when the caller
//! knows them, see [`DocInfo`]), the document's metadata (`title`,
//! `region`, `level` 国家/省/市/县/区, `parent_region`, `plan_type`,
//! `five_year_plan`, `period` `[first, last]`, `issued` `YYYY-MM-DD`,
//! `cited`: the plans it cites with their `title`, `region`, `level` and
//! `period`; `null` where the text does not say), `bytes` and `lines` of
//! the text, and the counts `sections`, `items`, `indicators` and
//! `diagnostics`.
//! `diagnostic` records carry `line`, `code` (`missing_heading`,
//! `numbering_gap`, `unreadable_cell`, `no_subject`, `undecodable_bytes`),
//! `message` and `text` (the text the diagnostic is about).
//! `undecodable_bytes` comes from a lossy read
//! (`guihua::input::Input::extract` after a read with
//! `ReadOptions::lossy`, `--lossy` on the command line), at most one per document: `line` is the line of the first
//! U+FFFD, `text` that U+FFFD with up to ten chars of its line on either side
//! (empty, with `line` 1, when the replacement fell into markup that the
//! text does not keep), and `message` says how many bytes were replaced, in
//! which encoding, and the byte offset of the first in the input file:
//! `4 undecodable bytes (UTF-8) replaced with U+FFFD, the first at byte 1 of
//! the input`.
//!
//! `indicator` records have the fields of the gold annotation guidelines,
//! with the same spellings:
//!
//! | field | value |
//! | --- | --- |
//! | `line` | 1-based raw line of the value (lines split on `"\n"`) |
//! | `quote` | subject to comparator words; occurs verbatim in line `line` |
//! | `indicator` | the measured subject |
//! | `comparator` | `>=` `<=` `>` `<` `~` `=` `range` |
//! | `value`, `value_max` | numbers (`value` is `null` for ratios) |
//! | `ratio` | `[a, b]` for `a:b`, else `null` |
//! | `unit` | `%` `‰` `1/10万` `百分点` `比` a measure word, or `""` |
//! | `kind` | `target` or `baseline` |
//! | `section` | the domain (`健康` …) or `null` |
//! | `source` | `goal` `measure` `table` `other` |
//! | `year` | the target year the sentence states, or `null` |
//!
//! plus `span` (`{"start","end"}`: UTF-8 byte offsets of the value in the
//! raw input), `col` (`{"start","end"}`: 0-based char offsets of the value
//! within its line, for Python's `line[start:end]`), `item` (the number of
//! the goal or measure the value stands in), `chapter` (the title of the
//! innermost section), and the canonical indicator: `canonical_id`,
//! `canonical_name`, `canonical_match` (`exact`, `normalized` or `none`) and
//! `scope` (a qualifier kept apart, such as 农村).
//!
//! `section` records carry `line`, `title`, `domain`, `goals` and
//! `measures` as in the gold files, plus `level`, `numbering`, `chapter`
//! (what the chapter is: `domain`, `overall_goals`, `indicator_table` …),
//! `parent` (the index of the parent section in this document's section
//! list) and `inferred` (the heading is missing from the text).
//!
//! `item` records carry `line`, `number`, `role` (`goal`, `measure`,
//! `other`), `section` (the domain or `null`), `chapter` and `text` (the
//! item's lines joined).
//!
//! # JSON
//!
//! [`Extraction::write_json`] writes one object per document:
//! `{"doc", …metadata, "items": [...], "sections": [...], "indicators": [...],
//! "diagnostics": [...]}` where each section holds its `items` and its
//! `children` sections, and the top-level `items` are those before the
//! first heading.

use std::io::Write;

use serde::Serialize;

use crate::error::Result;
use crate::model::{Indicator, Name, Section, Value};
use crate::Extraction;

#[derive(Serialize)]
struct SpanRec {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct SectionRec<'a> {
    #[serde(rename = "type")]
    type_: &'static str,
    doc: &'a str,
    line: u32,
    title: &'a str,
    domain: Option<&'static str>,
    goals: u32,
    measures: u32,
    level: u8,
    numbering: &'a str,
    chapter: Option<&'static str>,
    parent: Option<u32>,
    inferred: bool,
}

#[derive(Serialize)]
struct ItemRec<'a> {
    #[serde(rename = "type")]
    type_: &'static str,
    doc: &'a str,
    line: u32,
    number: u32,
    role: &'static str,
    section: Option<&'static str>,
    chapter: Option<&'a str>,
    text: String,
}

#[derive(Serialize)]
struct IndicatorRec<'a> {
    #[serde(rename = "type")]
    type_: &'static str,
    doc: &'a str,
    line: u32,
    quote: &'a str,
    indicator: &'a str,
    comparator: &'static str,
    value: Option<serde_json::Number>,
    value_max: Option<serde_json::Number>,
    ratio: Option<[serde_json::Number; 2]>,
    unit: &'a str,
    kind: &'static str,
    section: Option<&'static str>,
    source: &'static str,
    year: Option<u16>,
    span: SpanRec,
    col: SpanRec,
    item: Option<u32>,
    chapter: Option<&'a str>,
    canonical_id: Option<&'a str>,
    canonical_name: Option<&'a str>,
    canonical_match: &'static str,
    scope: Option<&'a str>,
}

#[derive(Serialize)]
struct MetaRec<'a> {
    title: Option<&'a str>,
    region: Option<&'a str>,
    level: Option<&'static str>,
    parent_region: Option<&'a str>,
    plan_type: Option<&'a str>,
    five_year_plan: Option<u8>,
    period: Option<[u16; 2]>,
    issued: Option<&'a str>,
    cited: Vec<CitedRec<'a>>,
}

#[derive(Serialize)]
struct CitedRec<'a> {
    title: &'a str,
    region: Option<&'a str>,
    level: Option<&'static str>,
    period: Option<[u16; 2]>,
}

fn meta_rec(m: &crate::Metadata) -> MetaRec<'_> {
    MetaRec {
        title: m.title.as_deref(),
        region: m.region.as_deref(),
        level: m.level.map(|l| l.as_str()),
        parent_region: m.parent_region.as_deref(),
        plan_type: m.plan_type.as_deref(),
        five_year_plan: m.five_year_plan,
        period: m.period.map(|(a, b)| [a, b]),
        issued: m.issued.as_deref(),
        cited: m
            .cited
            .iter()
            .map(|c| CitedRec {
                title: &c.title,
                region: c.region.as_deref(),
                level: c.level.map(|l| l.as_str()),
                period: c.period.map(|(a, b)| [a, b]),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct DocumentRecord<'a> {
    #[serde(rename = "type")]
    type_: &'static str,
    doc: &'a str,
    format: Option<&'a str>,
    encoding: Option<&'a str>,
    #[serde(flatten)]
    meta: MetaRec<'a>,
    bytes: usize,
    lines: usize,
    sections: usize,
    items: usize,
    indicators: usize,
    diagnostics: usize,
}

#[derive(Serialize)]
struct DiagnosticLine<'a> {
    #[serde(rename = "type")]
    type_: &'static str,
    doc: &'a str,
    #[serde(flatten)]
    diagnostic: DiagnosticRec<'a>,
}

/// What the output says about the input document besides its content.
#[derive(Clone, Copy, Debug, Default)]
pub struct DocInfo<'a> {
    /// The input's name (its file name or path relative to the input root).
    pub doc: &'a str,
    /// The format it was read as (`text`, `docx`, `html` …).
    pub format: Option<&'a str>,
    /// The encoding it was decoded from (`UTF-8`, `GBK` …).
    pub encoding: Option<&'a str>,
}

impl<'a> DocInfo<'a> {
    /// Information with only the name.
    pub fn new(doc: &'a str) -> DocInfo<'a> {
        DocInfo { doc, format: None, encoding: None }
    }
}

#[derive(Serialize)]
struct DiagnosticRec<'a> {
    line: u32,
    code: &'static str,
    message: String,
    text: &'a str,
}

#[derive(Serialize)]
struct SectionNode<'a> {
    #[serde(flatten)]
    section: SectionRec<'a>,
    items: Vec<ItemRec<'a>>,
    children: Vec<SectionNode<'a>>,
}

#[derive(Serialize)]
struct DocumentRec<'a> {
    doc: &'a str,
    format: Option<&'a str>,
    encoding: Option<&'a str>,
    #[serde(flatten)]
    meta: MetaRec<'a>,
    /// Numbered items before the first heading.
    items: Vec<ItemRec<'a>>,
    sections: Vec<SectionNode<'a>>,
    indicators: Vec<IndicatorRec<'a>>,
    diagnostics: Vec<DiagnosticRec<'a>>,
}

/// A number as JSON, integral values without a fraction (`12`, not `12.0`).
fn number(v: f64) -> Option<serde_json::Number> {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        Some(serde_json::Number::from(v as i64))
    } else {
        serde_json::Number::from_f64(v)
    }
}

/// Char columns of byte offsets, counted incrementally so that a long line
/// with many values costs linear, not quadratic, time.
struct Columns<'t> {
    text: &'t str,
    line_start: usize,
    at: usize,
    chars: usize,
}

impl<'t> Columns<'t> {
    fn new(text: &'t str) -> Columns<'t> {
        Columns { text, line_start: usize::MAX, at: 0, chars: 0 }
    }

    /// The 0-based char column of `offset` in the line starting at
    /// `line_start`.
    fn col(&mut self, line_start: usize, offset: usize) -> usize {
        if line_start != self.line_start || offset < self.at {
            self.line_start = line_start;
            self.at = line_start;
            self.chars = 0;
        }
        self.chars += self.text[self.at..offset].chars().count();
        self.at = offset;
        self.chars
    }
}

impl<'t> Extraction<'t> {
    fn section_rec<'a>(&'a self, doc: &'a str, s: &'a Section) -> SectionRec<'a> {
        SectionRec {
            type_: "section",
            doc,
            line: s.line,
            title: self.section_title(s),
            domain: s.domain.map(|d| d.as_str()),
            goals: s.n_goals,
            measures: s.n_measures,
            level: s.level,
            numbering: self.slice(s.numbering).trim_end(),
            chapter: s.chapter.map(|c| c.as_str()),
            parent: s.parent.map(|p| p.0),
            inferred: s.inferred,
        }
    }

    fn section_title<'a>(&'a self, s: &Section) -> &'a str {
        if s.inferred && s.title.is_empty() {
            return "";
        }
        self.slice(s.title)
    }

    fn item_rec<'a>(&'a self, doc: &'a str, i: usize) -> ItemRec<'a> {
        let it = &self.items()[i];
        let domain_section = it.section.and_then(|s| self.domain_section_of(s));
        ItemRec {
            type_: "item",
            doc,
            line: it.line,
            number: it.number,
            role: it.role.as_str(),
            section: domain_section.and_then(|s| self.sections()[s].domain.map(|d| d.as_str())),
            chapter: it.section.map(|s| self.section_title(&self.sections()[s.0 as usize])),
            text: it.text(self.text()),
        }
    }

    fn domain_section_of(&self, mut s: crate::model::SectionIdx) -> Option<usize> {
        loop {
            let sec = &self.sections()[s.0 as usize];
            if sec.domain.is_some() {
                return Some(s.0 as usize);
            }
            s = sec.parent?;
        }
    }

    fn indicator_rec<'a>(
        &'a self,
        doc: &'a str,
        ind: &'a Indicator,
        cols: &mut Columns<'t>,
    ) -> IndicatorRec<'a> {
        let line_span = self.line_index().line_span(ind.line).unwrap_or(ind.value_span);
        let col_start = cols.col(line_span.start, ind.value_span.start.max(line_span.start));
        let col_end = col_start + self.slice(ind.value_span).chars().count();
        let (value, value_max, ratio) = match ind.value {
            Value::Number(v) => (number(v), None, None),
            Value::Range { min, max } => (number(min), number(max), None),
            Value::Ratio(a, b) => (None, None, number(a).zip(number(b)).map(|(a, b)| [a, b])),
        };
        IndicatorRec {
            type_: "indicator",
            doc,
            line: ind.line,
            quote: self.slice(ind.quote),
            indicator: match &ind.name {
                Name::Span(s) => self.slice(*s),
                Name::Composed(s) => s,
            },
            comparator: ind.comparator.as_str(),
            value,
            value_max,
            ratio,
            unit: ind.unit.as_str(),
            kind: ind.kind.as_str(),
            section: ind.domain.map(|d| d.as_str()),
            source: ind.source.as_str(),
            year: ind.year,
            span: SpanRec { start: ind.value_span.start, end: ind.value_span.end },
            col: SpanRec { start: col_start, end: col_end },
            item: ind.item.map(|i| self.items()[i].number),
            chapter: ind.section.map(|s| self.section_title(&self.sections()[s.0 as usize])),
            canonical_id: self.canonical(ind).map(|e| e.id.as_str()),
            canonical_name: self.canonical(ind).map(|e| e.name.as_str()),
            canonical_match: ind.canonical.as_ref().map_or("none", |m| m.how.as_str()),
            scope: ind.canonical.as_ref().and_then(|m| m.scope.as_deref()),
        }
    }

    /// Writes the extraction as JSON Lines: a document record, sections,
    /// items, indicators and diagnostics, one object per line. `doc` names
    /// the input (its file name); see the [`output`](crate::output) module
    /// for the fields.
    pub fn write_jsonl<W: Write>(&self, doc: &str, wtr: W) -> Result<()> {
        self.write_jsonl_info(&DocInfo::new(doc), wtr)
    }

    /// Like [`write_jsonl`](Extraction::write_jsonl), with the input's
    /// format and encoding in the document record.
    pub fn write_jsonl_info<W: Write>(&self, info: &DocInfo<'_>, mut wtr: W) -> Result<()> {
        let doc = info.doc;
        let rec = DocumentRecord {
            type_: "document",
            doc,
            format: info.format,
            encoding: info.encoding,
            meta: meta_rec(self.metadata()),
            bytes: self.text().len(),
            lines: self.line_index().n_lines(),
            sections: self.sections().len(),
            items: self.items().len(),
            indicators: self.indicators().len(),
            diagnostics: self.diagnostics().len(),
        };
        serde_json::to_writer(&mut wtr, &rec)?;
        wtr.write_all(b"\n")?;
        for s in self.sections() {
            serde_json::to_writer(&mut wtr, &self.section_rec(doc, s))?;
            wtr.write_all(b"\n")?;
        }
        for i in 0..self.items().len() {
            serde_json::to_writer(&mut wtr, &self.item_rec(doc, i))?;
            wtr.write_all(b"\n")?;
        }
        let mut cols = Columns::new(self.text());
        for ind in self.indicators() {
            serde_json::to_writer(&mut wtr, &self.indicator_rec(doc, ind, &mut cols))?;
            wtr.write_all(b"\n")?;
        }
        for d in self.diagnostics() {
            let rec =
                DiagnosticLine { type_: "diagnostic", doc, diagnostic: self.diagnostic_rec(d) };
            serde_json::to_writer(&mut wtr, &rec)?;
            wtr.write_all(b"\n")?;
        }
        Ok(())
    }

    fn diagnostic_rec(&self, d: &crate::model::Diagnostic) -> DiagnosticRec<'t> {
        DiagnosticRec {
            line: self.line_index().line(d.span.start),
            code: d.kind.code(),
            message: d.kind.message(),
            text: self.slice(d.span),
        }
    }

    /// Writes the extraction as one nested JSON object (sections as a tree
    /// holding their items, then indicators and diagnostics).
    pub fn write_json<W: Write>(&self, doc: &str, wtr: W) -> Result<()> {
        self.write_json_info(&DocInfo::new(doc), wtr)
    }

    /// Like [`write_json`](Extraction::write_json), with the input's format
    /// and encoding.
    pub fn write_json_info<W: Write>(&self, info: &DocInfo<'_>, mut wtr: W) -> Result<()> {
        let mut rec = self.document_rec(info.doc);
        rec.format = info.format;
        rec.encoding = info.encoding;
        serde_json::to_writer(&mut wtr, &rec)?;
        Ok(())
    }

    fn document_rec<'a>(&'a self, doc: &'a str) -> DocumentRec<'a> {
        let n = self.sections().len();
        let mut items_of: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut top_items = Vec::new();
        for (i, it) in self.items().iter().enumerate() {
            match it.section {
                Some(s) => items_of[s.0 as usize].push(i),
                None => top_items.push(i),
            }
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, s) in self.sections().iter().enumerate() {
            match s.parent {
                Some(p) => children[p.0 as usize].push(i),
                None => roots.push(i),
            }
        }
        // Build bottom-up so no recursion depth depends on the input.
        let mut nodes: Vec<Option<SectionNode<'a>>> = (0..n).map(|_| None).collect();
        for i in (0..n).rev() {
            let kids = children[i]
                .iter()
                .map(|&c| nodes[c].take().expect("children come after parents"))
                .collect();
            nodes[i] = Some(SectionNode {
                section: self.section_rec(doc, &self.sections()[i]),
                items: items_of[i].iter().map(|&it| self.item_rec(doc, it)).collect(),
                children: kids,
            });
        }
        DocumentRec {
            doc,
            format: None,
            encoding: None,
            meta: meta_rec(self.metadata()),
            items: top_items.iter().map(|&it| self.item_rec(doc, it)).collect(),
            sections: roots.iter().map(|&r| nodes[r].take().expect("roots are built")).collect(),
            indicators: {
                let mut cols = Columns::new(self.text());
                self.indicators()
                    .iter()
                    .map(|ind| self.indicator_rec(doc, ind, &mut cols))
                    .collect()
            },
            diagnostics: self.diagnostics().iter().map(|d| self.diagnostic_rec(d)).collect(),
        }
    }
}
