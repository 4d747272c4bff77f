//! Cross-plan datasets: each document's headline target per canonical
//! indicator, and the comparison of two plans.

use std::collections::BTreeMap;

use crate::catalogue::Direction;
use crate::model::{Comparator, Indicator, Kind, Source, Value};
use crate::Extraction;

/// The headline target of each canonical indicator in a document: its id
/// and the index of the chosen record in [`Extraction::indicators`].
///
/// Of several records of one indicator, targets beat baselines, then a
/// table row beats a goal, a goal a measure, a measure anything else, then
/// the earliest wins.
pub fn headline_targets(ex: &Extraction<'_>) -> BTreeMap<String, usize> {
    let rank = |i: &Indicator| {
        let kind = match i.kind {
            Kind::Target => 0,
            Kind::Baseline => 1,
        };
        let source = match i.source {
            Source::Table => 0,
            Source::Goal => 1,
            Source::Measure => 2,
            Source::Other => 3,
        };
        (kind, source)
    };
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    for (idx, ind) in ex.indicators().iter().enumerate() {
        let Some(entry) = ex.canonical(ind) else { continue };
        match best.get(&entry.id) {
            Some(&prev) if rank(&ex.indicators()[prev]) <= rank(ind) => {}
            _ => {
                best.insert(entry.id.clone(), idx);
            }
        }
    }
    best
}

/// Which of two plans sets the stricter target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// A's target is stricter.
    AStricter,
    /// B's target is stricter.
    BStricter,
    /// Both targets are the same.
    Same,
    /// Only A has the indicator.
    OnlyA,
    /// Only B has the indicator.
    OnlyB,
    /// Units, comparators or the indicator's direction do not allow a
    /// verdict.
    NotComparable,
}

impl Verdict {
    /// The wire spelling: `a_stricter`, `b_stricter`, `same`, `only_a`,
    /// `only_b`, `not_comparable`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::AStricter => "a_stricter",
            Verdict::BStricter => "b_stricter",
            Verdict::Same => "same",
            Verdict::OnlyA => "only_a",
            Verdict::OnlyB => "only_b",
            Verdict::NotComparable => "not_comparable",
        }
    }
}

/// One canonical indicator in a comparison of two plans.
#[derive(Clone, Debug)]
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

/// Compares the headline targets of two plans, indicator by indicator, in
/// catalogue order.
pub fn compare(a: &Extraction<'_>, b: &Extraction<'_>) -> Vec<Comparison> {
    let ta = headline_targets(a);
    let tb = headline_targets(b);
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
    if x.unit != y.unit {
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
            return if p1 == q1 && p2 == q2 && x.comparator == y.comparator {
                Verdict::Same
            } else {
                Verdict::NotComparable
            };
        }
        _ => return Verdict::NotComparable,
    };
    if vx == vy && x.comparator == y.comparator {
        return Verdict::Same;
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
        // Equal values: a strict comparator is stricter (>90 vs ≥90).
        Some(std::cmp::Ordering::Equal) => {
            let strict = |c: Comparator| matches!(c, Comparator::Gt | Comparator::Lt);
            match (strict(x.comparator), strict(y.comparator)) {
                (true, false) => Verdict::AStricter,
                (false, true) => Verdict::BStricter,
                _ => Verdict::Same,
            }
        }
        None => Verdict::NotComparable,
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

    #[test]
    fn targets_beat_baselines() {
        let text = "一、“十三五”发展回顾\n孕产妇死亡率下降到15/10万。\n二、主要目标\n孕产妇死亡率下降到12/10万以下。\n";
        let ex = crate::extract(text);
        let t = headline_targets(&ex);
        assert_eq!(ex.indicators()[t["W.H.03"]].kind, Kind::Target);
    }
}
