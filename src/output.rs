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

/// A span on the wire: `{"start", "end"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SpanRecord {
    /// The start.
    pub start: usize,
    /// The end (exclusive).
    pub end: usize,
}

/// A `section` record.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct SectionRecord<'a> {
    #[serde(rename = "type")]
    type_: &'static str,
    /// The document's name.
    pub doc: &'a str,
    /// The 1-based line of the heading.
    pub line: u32,
    /// The title without numbering (empty for an inferred chapter).
    pub title: &'a str,
    /// The domain of a domain chapter.
    pub domain: Option<&'static str>,
    /// The number of 主要目标 items.
    pub goals: u32,
    /// The number of 策略措施 items.
    pub measures: u32,
    /// The depth in the outline, 1 at the top.
    pub level: u8,
    /// The numbering as written.
    pub numbering: &'a str,
    /// What the chapter is (`domain`, `overall_goals` …).
    pub chapter: Option<&'static str>,
    /// The index of the parent section in the document's section list.
    pub parent: Option<u32>,
    /// Whether the heading is missing from the text.
    pub inferred: bool,
}

/// An `item` record.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct ItemRecord<'a> {
    #[serde(rename = "type")]
    type_: &'static str,
    /// The document's name.
    pub doc: &'a str,
    /// The 1-based line where the item starts.
    pub line: u32,
    /// The item's number.
    pub number: u32,
    /// `goal`, `measure` or `other`.
    pub role: &'static str,
    /// The domain the item stands in.
    pub section: Option<&'static str>,
    /// The title of the section the item stands in.
    pub chapter: Option<&'a str>,
    /// The item's lines joined.
    pub text: String,
}

/// An `indicator` record.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct IndicatorRecord<'a> {
    #[serde(rename = "type")]
    type_: &'static str,
    /// The document's name.
    pub doc: &'a str,
    /// The 1-based line of the value.
    pub line: u32,
    /// From the subject to the comparator words, verbatim from line `line`.
    pub quote: &'a str,
    /// The measured subject.
    pub indicator: &'a str,
    /// `>=` `<=` `>` `<` `~` `=` or `range`.
    pub comparator: &'static str,
    /// The number, or a range's lower end (`None` for a ratio).
    pub value: Option<serde_json::Number>,
    /// A range's upper end.
    pub value_max: Option<serde_json::Number>,
    /// `[a, b]` for a ratio `a:b`.
    pub ratio: Option<[serde_json::Number; 2]>,
    /// The unit.
    pub unit: &'a str,
    /// `target` or `baseline`.
    pub kind: &'static str,
    /// The domain the value stands in.
    pub section: Option<&'static str>,
    /// `goal`, `measure`, `table` or `other`.
    pub source: &'static str,
    /// The target year the sentence states.
    pub year: Option<u16>,
    /// The value's UTF-8 byte offsets in the raw text.
    pub span: SpanRecord,
    /// The value's 0-based char offsets within its line.
    pub col: SpanRecord,
    /// The number of the goal or measure the value stands in.
    pub item: Option<u32>,
    /// The title of the innermost section.
    pub chapter: Option<&'a str>,
    /// The canonical indicator's id.
    pub canonical_id: Option<&'a str>,
    /// The canonical indicator's name.
    pub canonical_name: Option<&'a str>,
    /// `exact`, `normalized` or `none`.
    pub canonical_match: &'static str,
    /// A scope kept apart from the canonical name (农村 …).
    pub scope: Option<&'a str>,
}

/// The metadata fields of a `document` record.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct MetadataRecord<'a> {
    /// The plan's title.
    pub title: Option<&'a str>,
    /// The issuing region.
    pub region: Option<&'a str>,
    /// 国家 省 市 县 or 区.
    pub level: Option<&'static str>,
    /// The region above the issuing region.
    pub parent_region: Option<&'a str>,
    /// The kind of plan.
    pub plan_type: Option<&'a str>,
    /// The five-year plan (14 for 十四五).
    pub five_year_plan: Option<u8>,
    /// The first and last year.
    pub period: Option<[u16; 2]>,
    /// The issue date, `YYYY-MM-DD`.
    pub issued: Option<&'a str>,
    /// The higher-level plans cited.
    pub cited: Vec<CitedRecord<'a>>,
}

/// A cited plan in a `document` record.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct CitedRecord<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its region.
    pub region: Option<&'a str>,
    /// Its level.
    pub level: Option<&'static str>,
    /// Its period.
    pub period: Option<[u16; 2]>,
}

fn meta_rec(m: &crate::Metadata) -> MetadataRecord<'_> {
    MetadataRecord {
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
            .map(|c| CitedRecord {
                title: &c.title,
                region: c.region.as_deref(),
                level: c.level.map(|l| l.as_str()),
                period: c.period.map(|(a, b)| [a, b]),
            })
            .collect(),
    }
}

/// A `document` record.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct DocumentRecord<'a> {
    #[serde(rename = "type")]
    type_: &'static str,
    /// The document's name.
    pub doc: &'a str,
    /// The format it was read as.
    pub format: Option<&'a str>,
    /// The encoding it was decoded from.
    pub encoding: Option<&'a str>,
    /// What the document says about itself.
    #[serde(flatten)]
    pub meta: MetadataRecord<'a>,
    /// The text's length in bytes.
    pub bytes: usize,
    /// The text's number of lines.
    pub lines: usize,
    /// The number of `section` records.
    pub sections: usize,
    /// The number of `item` records.
    pub items: usize,
    /// The number of `indicator` records.
    pub indicators: usize,
    /// The number of `diagnostic` records.
    pub diagnostics: usize,
}

/// A `diagnostic` record.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct DiagnosticRecord<'a> {
    #[serde(rename = "type")]
    type_: &'static str,
    /// The document's name.
    pub doc: &'a str,
    /// What was found and where.
    #[serde(flatten)]
    pub diagnostic: DiagnosticFields<'a>,
}

/// The fields of a diagnostic (in JSON, the objects of `diagnostics`).
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct DiagnosticFields<'a> {
    /// The 1-based line.
    pub line: u32,
    /// The stable code (`missing_heading` …).
    pub code: &'static str,
    /// A short message.
    pub message: String,
    /// The text the diagnostic is about.
    pub text: &'a str,
}

/// One JSON Lines record: serialised with serde it is exactly the line
/// [`Extraction::write_jsonl`] writes (without the line break).
///
/// ```
/// let ex = guihua::extract("（一）妇女与健康\n主要目标：\n1.孕产妇死亡率下降到12/10万以下。\n");
/// let info = guihua::output::DocInfo::new("plan.txt");
/// let mut jsonl = Vec::new();
/// ex.write_jsonl("plan.txt", &mut jsonl).unwrap();
/// let lines: Vec<String> =
///     ex.records(info).map(|r| serde_json::to_string(&r).unwrap()).collect();
/// assert_eq!(lines.join("\n") + "\n", String::from_utf8(jsonl).unwrap());
///
/// // Records are typed: read their fields without parsing JSON.
/// for r in ex.records(info) {
///     if let guihua::output::Record::Indicator(i) = r {
///         assert_eq!((i.indicator, i.comparator, i.unit), ("孕产妇死亡率", "<=", "1/10万"));
///     }
/// }
/// ```
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Record<'a> {
    /// The document record, first.
    Document(DocumentRecord<'a>),
    /// A section of the outline.
    Section(SectionRecord<'a>),
    /// A numbered item.
    Item(ItemRecord<'a>),
    /// An indicator.
    Indicator(IndicatorRecord<'a>),
    /// A diagnostic, last.
    Diagnostic(DiagnosticRecord<'a>),
}

/// What the output says about the input document besides its content.
#[derive(Clone, Copy, Debug, Default)]
pub struct DocInfo<'a> {
    /// The input's name (its `doc`: see [`docid`](crate::docid)).
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
struct SectionNode<'a> {
    #[serde(flatten)]
    section: SectionRecord<'a>,
    items: Vec<ItemRecord<'a>>,
    children: Vec<SectionNode<'a>>,
}

#[derive(Serialize)]
struct DocumentRec<'a> {
    doc: &'a str,
    format: Option<&'a str>,
    encoding: Option<&'a str>,
    #[serde(flatten)]
    meta: MetadataRecord<'a>,
    /// Numbered items before the first heading.
    items: Vec<ItemRecord<'a>>,
    sections: Vec<SectionNode<'a>>,
    indicators: Vec<IndicatorRecord<'a>>,
    diagnostics: Vec<DiagnosticFields<'a>>,
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
#[derive(Debug)]
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

/// The JSON Lines records of an extraction, in order: made by
/// [`Extraction::records`].
#[derive(Debug)]
pub struct Records<'a> {
    ex: &'a Extraction<'a>,
    info: DocInfo<'a>,
    /// 0 document, 1 sections, 2 items, 3 indicators, 4 diagnostics, 5 done.
    stage: u8,
    next: usize,
    cols: Columns<'a>,
}

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;

    fn next(&mut self) -> Option<Record<'a>> {
        let ex = self.ex;
        let doc = self.info.doc;
        loop {
            let i = self.next;
            self.next += 1;
            let rec = match self.stage {
                0 => Some(Record::Document(DocumentRecord {
                    type_: "document",
                    doc,
                    format: self.info.format,
                    encoding: self.info.encoding,
                    meta: meta_rec(ex.metadata()),
                    bytes: ex.text().len(),
                    lines: ex.line_index().n_lines(),
                    sections: ex.sections().len(),
                    items: ex.items().len(),
                    indicators: ex.indicators().len(),
                    diagnostics: ex.diagnostics().len(),
                })),
                1 => ex.sections().get(i).map(|s| Record::Section(ex.section_rec(doc, s))),
                2 => (i < ex.items().len()).then(|| Record::Item(ex.item_rec(doc, i))),
                3 => ex
                    .indicators()
                    .get(i)
                    .map(|ind| Record::Indicator(ex.indicator_rec(doc, ind, &mut self.cols))),
                4 => ex.diagnostics().get(i).map(|d| {
                    Record::Diagnostic(DiagnosticRecord {
                        type_: "diagnostic",
                        doc,
                        diagnostic: ex.diagnostic_rec(d),
                    })
                }),
                _ => return None,
            };
            match rec {
                Some(r) => {
                    if self.stage == 0 {
                        self.stage = 1;
                        self.next = 0;
                    }
                    return Some(r);
                }
                None => {
                    self.stage += 1;
                    self.next = 0;
                }
            }
        }
    }
}

impl<'t> Extraction<'t> {
    fn section_rec<'a>(&'a self, doc: &'a str, s: &'a Section) -> SectionRecord<'a> {
        SectionRecord {
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
        self.title(s)
    }

    fn item_rec<'a>(&'a self, doc: &'a str, i: usize) -> ItemRecord<'a> {
        let it = &self.items()[i];
        let domain_section = it.section.and_then(|s| self.domain_section_of(s));
        ItemRecord {
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
        cols: &mut Columns<'_>,
    ) -> IndicatorRecord<'a> {
        let line_span = self.line_index().line_span(ind.line).unwrap_or(ind.value_span);
        let col_start = cols.col(line_span.start, ind.value_span.start.max(line_span.start));
        let col_end = col_start + self.slice(ind.value_span).chars().count();
        let (value, value_max, ratio) = match ind.value {
            Value::Number(v) => (number(v), None, None),
            Value::Range { min, max } => (number(min), number(max), None),
            Value::Ratio(a, b) => (None, None, number(a).zip(number(b)).map(|(a, b)| [a, b])),
        };
        IndicatorRecord {
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
            span: SpanRecord { start: ind.value_span.start, end: ind.value_span.end },
            col: SpanRecord { start: col_start, end: col_end },
            item: ind.item.map(|i| self.items()[i].number),
            chapter: ind.section.map(|s| self.section_title(&self.sections()[s.0 as usize])),
            canonical_id: self.canonical(ind).map(|e| e.id.as_str()),
            canonical_name: self.canonical(ind).map(|e| e.name.as_str()),
            canonical_match: ind.canonical.as_ref().map_or("none", |m| m.how.as_str()),
            scope: ind.canonical.as_ref().and_then(|m| m.scope.as_deref()),
        }
    }

    fn diagnostic_rec<'a>(&'a self, d: &crate::model::Diagnostic) -> DiagnosticFields<'a> {
        DiagnosticFields {
            line: self.line_index().line(d.span.start),
            code: d.kind.code(),
            message: d.kind.message(),
            text: self.slice(d.span),
        }
    }

    /// The JSON Lines records of the extraction, in the order
    /// [`write_jsonl`](Extraction::write_jsonl) writes them, as typed
    /// values borrowed from the extraction; see [`Record`].
    pub fn records<'a>(&'a self, info: DocInfo<'a>) -> Records<'a> {
        Records { ex: self, info, stage: 0, next: 0, cols: Columns::new(self.text()) }
    }

    /// Writes the extraction as JSON Lines: a document record, sections,
    /// items, indicators and diagnostics, one object per line. `doc` names
    /// the input; see the [`output`](crate::output) module for the fields.
    ///
    /// ```
    /// let ex = guihua::extract("1.孕产妇死亡率下降到12/10万以下。\n");
    /// let mut out = Vec::new();
    /// ex.write_jsonl("plan.txt", &mut out)?;
    /// let first = String::from_utf8(out).unwrap();
    /// assert!(first.starts_with(r#"{"type":"document","doc":"plan.txt""#));
    /// # Ok::<(), guihua::Error>(())
    /// ```
    pub fn write_jsonl<W: Write>(&self, doc: &str, wtr: W) -> Result<()> {
        self.write_jsonl_info(&DocInfo::new(doc), wtr)
    }

    /// Like [`write_jsonl`](Extraction::write_jsonl), with the input's
    /// format and encoding in the document record.
    pub fn write_jsonl_info<W: Write>(&self, info: &DocInfo<'_>, mut wtr: W) -> Result<()> {
        for rec in self.records(*info) {
            serde_json::to_writer(&mut wtr, &rec)?;
            wtr.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Writes the extraction as one nested JSON object (sections as a tree
    /// holding their items, then indicators and diagnostics).
    ///
    /// ```
    /// let ex = guihua::extract("（一）妇女与健康\n主要目标：\n1.孕产妇死亡率下降到12/10万以下。\n");
    /// let mut out = Vec::new();
    /// ex.write_json("plan.txt", &mut out)?;
    /// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    /// assert_eq!(v["sections"][0]["items"][0]["number"], 1);
    /// # Ok::<(), guihua::Error>(())
    /// ```
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

/// With the `serde` feature: the model's enums serialise as their wire
/// spellings (`>=`, `1/10万`, `target`, `健康` …), through `as_str`, so
/// that the model form and the wire records agree wherever they share a
/// field.
#[cfg(feature = "serde")]
mod model_serde {
    macro_rules! as_wire_str {
        ($($t:ty),* $(,)?) => {$(
            impl serde::Serialize for $t {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_str(self.as_str())
                }
            }
        )*};
    }
    as_wire_str!(
        crate::Comparator,
        crate::Unit,
        crate::Kind,
        crate::Source,
        crate::Domain,
        crate::ChapterKind,
        crate::ItemRole,
        crate::Level,
        crate::catalogue::MatchKind,
        crate::catalogue::Direction,
        crate::dataset::Verdict,
    );

    #[cfg(test)]
    mod tests {
        use serde_json::Value as Json;

        /// The model form of every indicator of a corpus plan agrees with
        /// its wire record on every shared field, and differs only as
        /// documented (spans for text, indices for references).
        #[test]
        fn the_model_form_agrees_with_the_wire_records() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/000_4bd780983ec9969a.txt");
            let text = std::fs::read_to_string(path).unwrap();
            let ex = crate::extract(&text);
            let wire: Vec<Json> = ex
                .records(super::super::DocInfo::new("000.txt"))
                .filter(|r| matches!(r, super::super::Record::Indicator(_)))
                .map(|r| serde_json::to_value(r).unwrap())
                .collect();
            assert_eq!(wire.len(), ex.indicators().len());
            for (ind, w) in ex.indicators().iter().zip(&wire) {
                let m = serde_json::to_value(ind).unwrap();
                for (model, on_wire) in [
                    ("line", "line"),
                    ("comparator", "comparator"),
                    ("unit", "unit"),
                    ("kind", "kind"),
                    ("source", "source"),
                    ("year", "year"),
                    ("domain", "section"),
                ] {
                    assert_eq!(m[model], w[on_wire], "{model} of {w}");
                }
                assert_eq!(m["value_span"]["start"], w["span"]["start"]);
                assert_eq!(m["value_span"]["end"], w["span"]["end"]);
                let quote = &text[m["quote"]["start"].as_u64().unwrap() as usize
                    ..m["quote"]["end"].as_u64().unwrap() as usize];
                assert_eq!(quote, w["quote"]);
                match &m["value"] {
                    Json::Object(o) if o.contains_key("number") => {
                        assert_eq!(o["number"].as_f64(), w["value"].as_f64())
                    }
                    Json::Object(o) if o.contains_key("range") => {
                        assert_eq!(o["range"]["max"].as_f64(), w["value_max"].as_f64())
                    }
                    Json::Object(o) if o.contains_key("ratio") => assert!(w["ratio"].is_array()),
                    v => panic!("{v}"),
                }
            }
            // Sections point into the text by spans and to their parent by index.
            for (i, s) in ex.sections().iter().enumerate() {
                let m = serde_json::to_value(s).unwrap();
                let (a, b) = (m["title"]["start"].as_u64(), m["title"]["end"].as_u64());
                assert_eq!(&text[a.unwrap() as usize..b.unwrap() as usize], ex.slice(s.title));
                assert!(m["parent"].is_null() || m["parent"].as_u64() < Some(i as u64));
            }
        }
    }
}
