//! The document model: sections, items and indicator records.
//!
//! Records hold spans, not strings, and no lifetime: text is reached through
//! [`Extraction::slice`](crate::Extraction::slice). Names that are not a
//! verbatim slice of the input (a subject carried over from an earlier
//! clause, a subject written after its value) are owned strings.

use crate::span::Span;

/// How a value compares to its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// At least: 以上, 不低于, 不少于, 不小于, 至少, ≥.
    Ge,
    /// At most: 以下, 以内, 不超过, 不高于, 不大于, ≤.
    Le,
    /// More than: 超过, 高于, 大于, >.
    Gt,
    /// Less than: 低于, 小于, <.
    Lt,
    /// About: 左右, 约.
    Approx,
    /// A plain value: 达到90%, 为100%.
    Eq,
    /// A range of values: 45%—50%.
    Range,
}

impl Comparator {
    /// The wire spelling: `>=`, `<=`, `>`, `<`, `~`, `=` or `range`.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Ge => ">=",
            Comparator::Le => "<=",
            Comparator::Gt => ">",
            Comparator::Lt => "<",
            Comparator::Approx => "~",
            Comparator::Eq => "=",
            Comparator::Range => "range",
        }
    }
}

/// A quantity: a number, a range or a ratio.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum Value {
    /// One number.
    Number(f64),
    /// A range `min`–`max` (45%—50%).
    Range {
        /// The lower end.
        min: f64,
        /// The upper end.
        max: f64,
    },
    /// A ratio `a:b` (男女厕位比例2:3).
    Ratio(f64, f64),
}

/// A normalised unit.
///
/// Its class (rate, measure, count or bare), which decides what makes a
/// number in it a value, is `Unit::class`, defined in `lexicon.rs` next to
/// the measure words it reads, so that this module imports nothing from the
/// lexicon.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Per cent: `%`, `％`, 百分之…, fractions (三分之一) and halves (一半).
    Percent,
    /// Per mille: `‰`.
    Permille,
    /// Per 100,000: `12/10万`, `15/10万活产数`.
    Per100k,
    /// Percentage points: 百分点.
    PercentagePoint,
    /// A ratio `a:b`.
    Ratio,
    /// Any other unit or measure word, as written (岁, 年, 所, 名, 万元 …).
    Other(Box<str>),
    /// A bare number (出生人口性别比109).
    None,
}

impl Unit {
    /// The wire spelling: `%`, `‰`, `1/10万`, `百分点`, `比`, the measure
    /// word, or `""` for a bare number.
    pub fn as_str(&self) -> &str {
        match self {
            Unit::Percent => "%",
            Unit::Permille => "‰",
            Unit::Per100k => "1/10万",
            Unit::PercentagePoint => "百分点",
            Unit::Ratio => "比",
            Unit::Other(s) => s,
            Unit::None => "",
        }
    }
}

/// What kind of quantity a [`Unit`] writes, for judging whether a number in
/// it is a value (see `Unit::class`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnitClass {
    /// A rate or share: `%`, `‰`, `1/10万`, 百分点, a ratio `a:b`. A number
    /// in it is always a value.
    Rate,
    /// A measured quantity: an age, a duration, a size, an amount (岁, 年,
    /// 平方米, 万元, a unit per unit). A value only after a value verb.
    Measure,
    /// A count of things (所, 名, 个, 万人 …). A value only when a verb or
    /// a comparator introduces it in a target context.
    Count,
    /// No unit (出生人口性别比109). A value only after a value verb.
    Bare,
}

/// Whether a value is aimed at or already reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// What the plan aims at.
    Target,
    /// What is reported as already reached (review chapters, 已达到).
    Baseline,
}

impl Kind {
    /// The wire spelling: `target` or `baseline`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Target => "target",
            Kind::Baseline => "baseline",
        }
    }
}

/// Which list or block a value stands in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// A numbered 主要目标 item.
    Goal,
    /// A numbered 策略措施 item.
    Measure,
    /// A row of a 主要指标 table.
    Table,
    /// Anywhere else.
    Other,
}

impl Source {
    /// The wire spelling: `goal`, `measure`, `table` or `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Goal => "goal",
            Source::Measure => "measure",
            Source::Table => "table",
            Source::Other => "other",
        }
    }
}

/// The development domain of a domain chapter.
///
/// Women's plans use 健康 教育 经济 决策和管理 社会保障 家庭建设 环境 法律;
/// children's plans use 健康 安全 教育 福利 家庭 环境 法律保护.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Domain {
    /// 健康.
    Health,
    /// 教育.
    Education,
    /// 经济.
    Economy,
    /// 决策和管理.
    Decision,
    /// 社会保障.
    SocialSecurity,
    /// 家庭建设 (women's plans).
    Family,
    /// 环境.
    Environment,
    /// 法律 (women's plans).
    Law,
    /// 安全 (children's plans).
    Safety,
    /// 福利 (children's plans).
    Welfare,
    /// 家庭 (children's plans).
    ChildFamily,
    /// 法律保护 (children's plans).
    LegalProtection,
}

impl Domain {
    /// The wire spelling, e.g. `健康` or `决策和管理`.
    pub fn as_str(self) -> &'static str {
        match self {
            Domain::Health => "健康",
            Domain::Education => "教育",
            Domain::Economy => "经济",
            Domain::Decision => "决策和管理",
            Domain::SocialSecurity => "社会保障",
            Domain::Family => "家庭建设",
            Domain::Environment => "环境",
            Domain::Law => "法律",
            Domain::Safety => "安全",
            Domain::Welfare => "福利",
            Domain::ChildFamily => "家庭",
            Domain::LegalProtection => "法律保护",
        }
    }
}

/// What a chapter is, when its title says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChapterKind {
    /// 前言.
    Preface,
    /// A review of the previous plan (执行情况, 回顾, 发展基础).
    Review,
    /// 机遇挑战, 形势.
    Outlook,
    /// 总体要求.
    OverallRequirements,
    /// 指导思想.
    GuidingIdeology,
    /// 基本原则.
    Principles,
    /// 总体目标, 发展目标.
    OverallGoals,
    /// 主要指标 table.
    IndicatorTable,
    /// The parent of the domain chapters (发展领域、主要目标和策略措施).
    Fields,
    /// A domain chapter (妇女与健康 …).
    Domain,
    /// 重点工程.
    KeyProjects,
    /// 组织实施, 保障措施.
    Implementation,
    /// 监测评估.
    Monitoring,
}

impl ChapterKind {
    /// The wire spelling, in snake case.
    pub fn as_str(self) -> &'static str {
        match self {
            ChapterKind::Preface => "preface",
            ChapterKind::Review => "review",
            ChapterKind::Outlook => "outlook",
            ChapterKind::OverallRequirements => "overall_requirements",
            ChapterKind::GuidingIdeology => "guiding_ideology",
            ChapterKind::Principles => "principles",
            ChapterKind::OverallGoals => "overall_goals",
            ChapterKind::IndicatorTable => "indicator_table",
            ChapterKind::Fields => "fields",
            ChapterKind::Domain => "domain",
            ChapterKind::KeyProjects => "key_projects",
            ChapterKind::Implementation => "implementation",
            ChapterKind::Monitoring => "monitoring",
        }
    }
}

/// The administrative level of an issuing region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// 国家 (中国, 全国).
    National,
    /// 省 (省, 自治区, 直辖市 as written with 市 counts as 市).
    Province,
    /// 市 (地级市, 自治州, 地区, 盟).
    City,
    /// 县 (县, 自治县, 旗, 县级市 written as 市 counts as 市).
    County,
    /// 区 (市辖区).
    District,
}

impl Level {
    /// 0 for national, 1 province, 2 city, 3 county or district.
    pub fn rank(self) -> u8 {
        match self {
            Level::National => 0,
            Level::Province => 1,
            Level::City => 2,
            Level::County | Level::District => 3,
        }
    }

    /// The wire spelling: 国家, 省, 市, 县, 区.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "国家",
            Level::Province => "省",
            Level::City => "市",
            Level::County => "县",
            Level::District => "区",
        }
    }
}

/// The index of a section in [`Extraction::sections`](crate::Extraction::sections).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SectionIdx(pub u32);

/// A heading of the outline and the chapter it opens.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Section {
    /// The 1-based line of the heading (for an inferred chapter whose
    /// heading is missing, its first line).
    pub line: u32,
    /// The whole heading line, markup included.
    pub heading: Span,
    /// The title without numbering, markup and trailing punctuation; for an
    /// inferred chapter, empty.
    pub title: Span,
    /// The numbering as written (`一、`, `（一）`, `第一章`), possibly empty.
    pub numbering: Span,
    /// Depth in the outline, 1 for the top level.
    pub level: u8,
    /// The enclosing section.
    pub parent: Option<SectionIdx>,
    /// What the chapter is, when its title says so.
    pub chapter: Option<ChapterKind>,
    /// The domain of a domain chapter.
    pub domain: Option<Domain>,
    /// Whether the heading is missing from the text and the chapter was
    /// inferred from its 主要目标/策略措施 blocks.
    pub inferred: bool,
    /// The number of numbered 主要目标 items.
    pub n_goals: u32,
    /// The number of numbered 策略措施 items.
    pub n_measures: u32,
    /// The span from the heading to the end of the chapter.
    pub extent: Span,
}

/// The list a numbered item belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemRole {
    /// A 主要目标 item.
    Goal,
    /// A 策略措施 item.
    Measure,
    /// Any other numbered paragraph (基本原则, 组织实施 …).
    Other,
}

impl ItemRole {
    /// The wire spelling: `goal`, `measure` or `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemRole::Goal => "goal",
            ItemRole::Measure => "measure",
            ItemRole::Other => "other",
        }
    }
}

/// A numbered paragraph: a goal, a measure, or another numbered entry.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Item {
    /// The 1-based line where the item starts.
    pub line: u32,
    /// The item's number as the document numbers it (`11.11．` is 11).
    pub number: u32,
    /// The numbering as written.
    pub numbering: Span,
    /// The raw lines of the item, from after its numbering to the end of its
    /// last continuation line; use [`Item::text`] for the joined text.
    pub body: Vec<Span>,
    /// Which list the item is in.
    pub role: ItemRole,
    /// The section the item stands in.
    pub section: Option<SectionIdx>,
}

impl Item {
    /// The item's text, its lines joined without the line breaks.
    pub fn text(&self, text: &str) -> String {
        self.body.iter().map(|&s| text[s].trim()).collect()
    }
}

/// The measured subject of an indicator.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum Name {
    /// A verbatim slice of the input (markup and spaces included).
    Span(Span),
    /// A name assembled from several places: a subject carried over from an
    /// earlier clause, or a subject written after its value.
    Composed(String),
}

/// One quantitative target or baseline.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Indicator {
    /// The 1-based line of the value.
    pub line: u32,
    /// The value (number, unit and comparator words) in the raw text.
    pub value_span: Span,
    /// From the subject to the end of the comparator words, on `line` only.
    pub quote: Span,
    /// The measured subject.
    pub name: Name,
    /// How the value compares.
    pub comparator: Comparator,
    /// The value.
    pub value: Value,
    /// The unit.
    pub unit: Unit,
    /// Target or baseline.
    pub kind: Kind,
    /// Goal, measure, table row or other.
    pub source: Source,
    /// The innermost section the value stands in.
    pub section: Option<SectionIdx>,
    /// The domain chapter the value stands in.
    pub domain: Option<Domain>,
    /// The item the value stands in.
    pub item: Option<usize>,
    /// The target year the sentence states (到2025年).
    pub year: Option<u16>,
    /// The canonical indicator of the name, from the extractor's catalogue.
    pub canonical: Option<CanonicalMatch>,
}

/// How a name matched the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// The folded name is an alias.
    Exact,
    /// An alias after a scope prefix.
    Normalized,
}

impl MatchKind {
    /// The wire spelling: `exact` or `normalized`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Normalized => "normalized",
        }
    }
}

/// A name's canonical indicator.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct CanonicalMatch {
    /// The index of the entry in
    /// [`Catalogue::entries`](crate::catalogue::Catalogue::entries).
    pub entry: usize,
    /// How it matched.
    pub how: MatchKind,
    /// A scope qualifier kept apart (农村, 城乡, 女童 …).
    pub scope: Option<String>,
}

/// A non-fatal finding about the input.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Diagnostic {
    /// Where in the raw text.
    pub span: Span,
    /// What was found.
    pub kind: DiagnosticKind,
}

/// What a [`Diagnostic`] reports.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// A domain chapter had no heading; it was inferred from its blocks.
    MissingHeading,
    /// Item numbers in a list skip or repeat.
    NumberingGap {
        /// The number expected.
        expected: u32,
        /// The number found.
        found: u32,
    },
    /// A table row had no value that could be read.
    UnreadableCell,
    /// A value was found but no subject could be named for it.
    NoSubject,
    /// Bytes of the input that did not decode were replaced with U+FFFD
    /// (a lossy read); the span is around the first replacement.
    UndecodableBytes {
        /// How many bytes were replaced.
        bytes: usize,
        /// The encoding they did not decode in.
        encoding: &'static str,
        /// The byte offset of the first in the input file.
        first: usize,
    },
}

impl DiagnosticKind {
    /// A short lower-case message.
    pub fn message(&self) -> String {
        match self {
            DiagnosticKind::MissingHeading => "domain chapter heading missing; inferred".into(),
            DiagnosticKind::NumberingGap { expected, found } => {
                format!("item numbering jumps: expected {expected}, found {found}")
            }
            DiagnosticKind::UnreadableCell => "table cell without a readable value".into(),
            DiagnosticKind::NoSubject => "value without a nameable subject".into(),
            DiagnosticKind::UndecodableBytes { bytes, encoding, first } => format!(
                "{bytes} undecodable byte{} ({encoding}) replaced with U+FFFD, the first at byte {first} of the input",
                if *bytes == 1 { "" } else { "s" }
            ),
        }
    }

    /// A stable snake-case code.
    pub fn code(&self) -> &'static str {
        match self {
            DiagnosticKind::MissingHeading => "missing_heading",
            DiagnosticKind::NumberingGap { .. } => "numbering_gap",
            DiagnosticKind::UnreadableCell => "unreadable_cell",
            DiagnosticKind::NoSubject => "no_subject",
            DiagnosticKind::UndecodableBytes { .. } => "undecodable_bytes",
        }
    }
}
