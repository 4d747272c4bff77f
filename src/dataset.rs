//! Cross-plan datasets: each document's headline value per canonical
//! indicator, column names for wide tables, and the comparison of two
//! plans.
//!
//! # The headline rule
//!
//! A plan often states one indicator several times: in its 主要指标 table,
//! as a 主要目标 goal, again in a 策略措施 measure, for a subgroup (农村…),
//! and in the review of the previous plan. Its *headline* value is the one
//! record chosen by, in order:
//!
//! 1. **kind**: only the kinds asked for ([`Kinds`]); with both, a target
//!    before a baseline;
//! 2. **scope**: a record for the whole population before one whose name
//!    carries a scope (农村适龄妇女宫颈癌人群筛查率 is W.H.04 for 农村 only);
//! 3. **source**: a table row, then a goal, then a measure, then other text
//!    (the table is where a plan states its indicators formally);
//! 4. **position**: the earliest in the document.
//!
//! ```
//! use guihua::dataset::{headlines, Kinds};
//! let text = "（一）妇女与健康\n主要目标：\n1.农村适龄妇女宫颈癌人群筛查率达到60%。\n\
//!             2.适龄妇女宫颈癌人群筛查率达到70%以上。\n策略措施：\n\
//!             1.适龄妇女宫颈癌人群筛查率达到75%。\n";
//! let ex = guihua::extract(text);
//! let h = headlines(&ex, Kinds::Targets);
//! // The unscoped goal, not the 农村 one before it nor the measure after it.
//! assert_eq!(ex.indicators()[h["W.H.04"]].value, guihua::Value::Number(70.0));
//! ```

use std::collections::BTreeMap;

use crate::catalogue::Direction;
use crate::model::{Comparator, Indicator, Kind, Source, Value};
use crate::Extraction;

/// Which kinds of record a headline may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kinds {
    /// Targets only.
    Targets,
    /// Baselines only.
    Baselines,
    /// Either, a target before a baseline.
    All,
}

impl Kinds {
    fn admits(self, k: Kind) -> bool {
        match self {
            Kinds::Targets => k == Kind::Target,
            Kinds::Baselines => k == Kind::Baseline,
            Kinds::All => true,
        }
    }
}

/// The headline record of each canonical indicator in a document among
/// the records of `kinds` (see [the rule](self#the-headline-rule)): the
/// canonical id and the index of the record in
/// [`Extraction::indicators`].
pub fn headlines(ex: &Extraction<'_>, kinds: Kinds) -> BTreeMap<String, usize> {
    let rank = |i: &Indicator| {
        let kind = match i.kind {
            Kind::Target => 0,
            Kind::Baseline => 1,
        };
        let scoped = i.canonical.as_ref().is_some_and(|m| m.scope.is_some());
        let source = match i.source {
            Source::Table => 0,
            Source::Goal => 1,
            Source::Measure => 2,
            Source::Other => 3,
        };
        (kind, scoped, source)
    };
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    for (idx, ind) in ex.indicators().iter().enumerate() {
        if !kinds.admits(ind.kind) {
            continue;
        }
        let Some(entry) = ex.canonical(ind) else { continue };
        match best.get(&entry.id) {
            // Indicators are in document order: on a tie the earlier stays.
            Some(&prev) if rank(&ex.indicators()[prev]) <= rank(ind) => {}
            _ => {
                best.insert(entry.id.clone(), idx);
            }
        }
    }
    best
}

/// The headline record of each canonical indicator, a target when there is
/// one, else a baseline: [`headlines`] with [`Kinds::All`].
pub fn headline_targets(ex: &Extraction<'_>) -> BTreeMap<String, usize> {
    headlines(ex, Kinds::All)
}

/// The longest column name Stata accepts.
pub const MAX_COLUMN_CHARS: usize = 32;

/// A column name for `field` of canonical indicator `id` in a wide table,
/// valid as a variable name in Stata, R and pandas: ASCII letters, digits
/// and `_`, starting with a letter, at most 32 chars. Other chars of the id
/// become `_` (`W.H.03` → `W_H_03_value`); an id that does not start with
/// a letter gets an `x` in front; a long id is cut so that the field fits.
///
/// Two ids can map to one name (`W.H.03` and `W_H_03`); a table writer
/// must check (the CLI adds a numbered suffix).
///
/// ```
/// assert_eq!(guihua::dataset::column_name("W.H.03", "value"), "W_H_03_value");
/// assert_eq!(guihua::dataset::column_name("1.农村", "year"), "x1____year");
/// ```
pub fn column_name(id: &str, field: &str) -> String {
    let mut stem: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if !stem.starts_with(|c: char| c.is_ascii_alphabetic()) {
        stem.insert(0, 'x');
    }
    let room = MAX_COLUMN_CHARS.saturating_sub(field.len() + 1).max(1);
    stem.truncate(room);
    format!("{stem}_{field}")
}

/// Which of two plans sets the stricter target.
///
/// | A and B | verdict |
/// | --- | --- |
/// | only one plan has the indicator | `only_a` / `only_b` |
/// | units differ, values of different shapes (number, range, ratio), or one a target and the other a baseline | `not_comparable` |
/// | same value, same comparator | `same` |
/// | same value, `>` against `>=` (or `<` against `<=`) | the strict one is stricter |
/// | same value, other comparators (`=95%` against `>=95%`, `~` against `=`, `>=` against `<=`) | `different` |
/// | different values; higher is better and neither is an upper bound (`<=`, `<`) | the higher is stricter |
/// | different values; lower is better and neither is a lower bound (`>=`, `>`) | the lower is stricter |
/// | different values otherwise (a level to hold, or a bound against the direction) | `not_comparable` |
///
/// A plain value (`=`), `~` and a range count as points: `达到95%` against
/// `98%以上` for a rate that should rise is B stricter. Ranges compare by
/// their lower end when higher is better, else by their upper end; ratios
/// are `same`, `different` (same ratio, other comparator) or not
/// comparable. Two baselines compare like two targets (which plan reports
/// the better state).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verdict {
    /// A's target is stricter.
    AStricter,
    /// B's target is stricter.
    BStricter,
    /// Both targets are the same.
    Same,
    /// The same value with comparators that do not order by strictness
    /// (`=95%` against `>=95%`).
    Different,
    /// Only A has the indicator.
    OnlyA,
    /// Only B has the indicator.
    OnlyB,
    /// Units, comparators or the indicator's direction do not allow a
    /// verdict.
    NotComparable,
}

impl Verdict {
    /// The wire spelling: `a_stricter`, `b_stricter`, `same`, `different`,
    /// `only_a`, `only_b`, `not_comparable`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::AStricter => "a_stricter",
            Verdict::BStricter => "b_stricter",
            Verdict::Same => "same",
            Verdict::Different => "different",
            Verdict::OnlyA => "only_a",
            Verdict::OnlyB => "only_b",
            Verdict::NotComparable => "not_comparable",
        }
    }
}

/// One canonical indicator in a comparison of two plans.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Comparison {
    /// The canonical id.
    pub id: String,
    /// The canonical name.
    pub name: String,
    /// A's headline record (an index into A's indicators).
    pub a: Option<usize>,
    /// B's headline record (an index into B's indicators).
    pub b: Option<usize>,
    /// The verdict.
    pub verdict: Verdict,
}

/// Compares the headline values of two plans (targets, else baselines:
/// [`headlines`] with [`Kinds::All`]), indicator by indicator, in catalogue
/// order; see [`Verdict`] for the verdicts.
///
/// ```
/// use guihua::dataset::{compare, Verdict};
/// let a = guihua::extract("（一）妇女与健康\n主要目标：\n1.孕产妇系统管理率达到95%。\n");
/// let b = guihua::extract("（一）妇女与健康\n主要目标：\n1.孕产妇系统管理率达到95%以上。\n");
/// let rows = compare(&a, &b);
/// assert_eq!(rows[0].verdict, Verdict::Different);
/// ```
pub fn compare(a: &Extraction<'_>, b: &Extraction<'_>) -> Vec<Comparison> {
    let ta = headlines(a, Kinds::All);
    let tb = headlines(b, Kinds::All);
    let catalogue = a.catalogue();
    let mut out = Vec::new();
    for entry in catalogue.entries() {
        let (ia, ib) = (ta.get(&entry.id).copied(), tb.get(&entry.id).copied());
        let verdict = match (ia, ib) {
            (None, None) => continue,
            (Some(_), None) => Verdict::OnlyA,
            (None, Some(_)) => Verdict::OnlyB,
            (Some(x), Some(y)) => verdict(&a.indicators()[x], &b.indicators()[y], entry.direction),
        };
        out.push(Comparison {
            id: entry.id.clone(),
            name: entry.name.clone(),
            a: ia,
            b: ib,
            verdict,
        });
    }
    out
}

/// Lower bound, upper bound or a point, for strictness.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bound {
    AtLeast,
    AtMost,
    Point,
}

fn bound(c: Comparator) -> Bound {
    match c {
        Comparator::Ge | Comparator::Gt => Bound::AtLeast,
        Comparator::Le | Comparator::Lt => Bound::AtMost,
        Comparator::Eq | Comparator::Approx | Comparator::Range => Bound::Point,
    }
}

/// The verdict for two records of one indicator.
fn verdict(x: &Indicator, y: &Indicator, direction: Direction) -> Verdict {
    if x.unit != y.unit || x.kind != y.kind {
        return Verdict::NotComparable;
    }
    let (vx, vy) = match (x.value, y.value) {
        (Value::Number(p), Value::Number(q)) => (p, q),
        (Value::Range { min: p, .. }, Value::Range { min: q, .. })
            if direction == Direction::Higher =>
        {
            (p, q)
        }
        (Value::Range { max: p, .. }, Value::Range { max: q, .. }) => (p, q),
        (Value::Ratio(p1, p2), Value::Ratio(q1, q2)) => {
            return match (p1 == q1 && p2 == q2, x.comparator == y.comparator) {
                (true, true) => Verdict::Same,
                (true, false) => Verdict::Different,
                (false, _) => Verdict::NotComparable,
            };
        }
        _ => return Verdict::NotComparable,
    };
    if vx == vy {
        return same_value(x.comparator, y.comparator);
    }
    let (bx, by) = (bound(x.comparator), bound(y.comparator));
    let better = match direction {
        // A plain value of a higher-is-better indicator reads as a floor.
        Direction::Higher if bx != Bound::AtMost && by != Bound::AtMost => vx.partial_cmp(&vy),
        Direction::Lower if bx != Bound::AtLeast && by != Bound::AtLeast => vy.partial_cmp(&vx),
        _ => return Verdict::NotComparable,
    };
    match better {
        Some(std::cmp::Ordering::Greater) => Verdict::AStricter,
        Some(std::cmp::Ordering::Less) => Verdict::BStricter,
        Some(std::cmp::Ordering::Equal) => same_value(x.comparator, y.comparator),
        None => Verdict::NotComparable,
    }
}

/// The verdict for one value under two comparators: `same` for one
/// comparator, the strict bound for `>` against `>=` (`<` against `<=`),
/// `different` otherwise.
fn same_value(x: Comparator, y: Comparator) -> Verdict {
    use Comparator::{Ge, Gt, Le, Lt};
    match (x, y) {
        _ if x == y => Verdict::Same,
        (Gt, Ge) | (Lt, Le) => Verdict::AStricter,
        (Ge, Gt) | (Le, Lt) => Verdict::BStricter,
        _ => Verdict::Different,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "（一）妇女与健康\n主要目标：\n1.孕产妇死亡率下降到12/10万以下。\n2.适龄妇女宫颈癌人群筛查率达到70%以上。\n3.出生人口性别比控制在107左右。\n";
    const B: &str = "（一）妇女与健康\n主要目标：\n1.孕产妇死亡率下降到10/10万以下。\n2.适龄妇女宫颈癌人群筛查率达到70%以上。\n3.出生人口性别比控制在109左右。\n4.农村自来水普及率达到95%。\n";

    #[test]
    fn verdicts_follow_direction_and_comparator() {
        let (a, b) = (crate::extract(A), crate::extract(B));
        let got: Vec<(String, Verdict)> =
            compare(&a, &b).into_iter().map(|c| (c.id, c.verdict)).collect();
        assert_eq!(
            got,
            vec![
                ("W.H.03".to_string(), Verdict::BStricter),
                ("W.H.04".to_string(), Verdict::Same),
                ("W.H.19".to_string(), Verdict::NotComparable),
                ("W.V.01".to_string(), Verdict::OnlyB),
            ]
        );
    }

    /// The verdict table, row by row, on one rate that should rise
    /// (W.H.07 孕产妇系统管理率) and one that should fall (W.H.03).
    #[test]
    fn verdict_table() {
        let plan = |goal: &str| format!("（一）妇女与健康\n主要目标：\n1.{goal}。\n");
        let cases = [
            ("孕产妇系统管理率达到95%", "孕产妇系统管理率达到95%以上", Verdict::Different),
            ("孕产妇系统管理率达到95%以上", "孕产妇系统管理率达到95%以上", Verdict::Same),
            ("孕产妇系统管理率高于95%", "孕产妇系统管理率达到95%以上", Verdict::AStricter),
            ("孕产妇系统管理率达到95%以上", "孕产妇系统管理率高于95%", Verdict::BStricter),
            ("孕产妇系统管理率达到95%", "孕产妇系统管理率达到98%以上", Verdict::BStricter),
            ("孕产妇系统管理率保持在95%左右", "孕产妇系统管理率达到95%", Verdict::Different),
            ("孕产妇系统管理率达到95%", "孕产妇系统管理率达到9万人", Verdict::NotComparable),
            ("孕产妇死亡率下降到12/10万以下", "孕产妇死亡率下降到10/10万以下", Verdict::BStricter),
            ("孕产妇死亡率下降到12/10万以下", "孕产妇死亡率控制在12/10万", Verdict::Different),
        ];
        for (a, b, want) in cases {
            let (ta, tb) = (plan(a), plan(b));
            let (xa, xb) = (crate::extract(&ta), crate::extract(&tb));
            let rows = compare(&xa, &xb);
            assert_eq!(rows.len(), 1, "{a} / {b}");
            assert_eq!(rows[0].verdict, want, "{a} / {b}");
        }
    }

    /// A target is not compared with a baseline (the previous plan's
    /// achievement); two baselines are compared.
    #[test]
    fn a_target_against_a_baseline_is_not_comparable() {
        let review = "一、“十三五”发展回顾\n孕产妇系统管理率达到96%。\n";
        let goal = "（一）妇女与健康\n主要目标：\n1.孕产妇系统管理率达到95%以上。\n";
        let (a, b) = (crate::extract(review), crate::extract(goal));
        assert_eq!(a.indicators()[0].kind, Kind::Baseline);
        assert_eq!(compare(&a, &b)[0].verdict, Verdict::NotComparable);
        let a2 = crate::extract("一、“十三五”发展回顾\n孕产妇系统管理率达到94%。\n");
        assert_eq!(compare(&a, &a2)[0].verdict, Verdict::AStricter);
    }

    /// One indicator stated in a table, a goal and a measure, for the whole
    /// population and for a scope, as target and baseline: the rule picks
    /// in order kind, scope, source, position.
    #[test]
    fn the_headline_rule() {
        let text = "一、“十三五”发展回顾\n\
                    孕产妇系统管理率达到92%。\n\
                    二、主要指标\n\
                    | 指标 | 单位 | 2020年 | 2025年 |\n\
                    | --- | --- | --- | --- |\n\
                    | 孕产妇系统管理率 | % | 90 | 96 |\n\
                    三、发展领域\n\
                    （一）妇女与健康\n\
                    主要目标：\n\
                    1.农村孕产妇系统管理率达到93%以上。\n\
                    2.孕产妇系统管理率达到95%以上。\n\
                    策略措施：\n\
                    1.孕产妇系统管理率达到97%。\n";
        let ex = crate::extract(text);
        let value = |kinds| {
            let h = headlines(&ex, kinds);
            let i = &ex.indicators()[h["W.H.07"]];
            (i.kind, i.source, i.value)
        };
        // The table's 2025 target, before the goal, the measure, the scoped goal.
        assert_eq!(value(Kinds::Targets), (Kind::Target, Source::Table, Value::Number(96.0)));
        assert_eq!(value(Kinds::All), value(Kinds::Targets));
        // The table's 2020 column before the review's sentence.
        assert_eq!(value(Kinds::Baselines), (Kind::Baseline, Source::Table, Value::Number(90.0)));
        // Without the table, the unscoped goal beats the scoped one before it.
        let no_table = text.replace("| 孕产妇系统管理率 | % | 90 | 96 |\n", "");
        let ex = crate::extract(&no_table);
        let h = headlines(&ex, Kinds::Targets);
        let i = &ex.indicators()[h["W.H.07"]];
        assert_eq!((i.source, i.value), (Source::Goal, Value::Number(95.0)));
        assert!(i.canonical.as_ref().unwrap().scope.is_none());
    }

    #[test]
    fn column_names_are_valid_everywhere() {
        let ids = ["W.H.03", "C.S.12", "X-1", "1.农村", "_x", &"Z.".repeat(40)];
        for id in ids {
            for field in ["kind", "comparator", "value", "value_max", "unit", "year"] {
                let c = column_name(id, field);
                assert!(c.len() <= MAX_COLUMN_CHARS, "{c}");
                assert!(c.starts_with(|ch: char| ch.is_ascii_alphabetic()), "{c}");
                assert!(c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'), "{c}");
                assert!(c.ends_with(field), "{c}");
            }
        }
    }

    #[test]
    fn targets_beat_baselines() {
        let text = "一、“十三五”发展回顾\n孕产妇死亡率下降到15/10万。\n二、主要目标\n孕产妇死亡率下降到12/10万以下。\n";
        let ex = crate::extract(text);
        let t = headline_targets(&ex);
        assert_eq!(ex.indicators()[t["W.H.03"]].kind, Kind::Target);
    }
}
