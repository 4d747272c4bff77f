//! Whether a number token is a value: where it stands, then one rule per
//! class of its unit (see `Unit::class`), and whether a year token is the
//! sentence's target year.
//!
//! Every rule reads a [`Clause`] and nothing else, so a new rule for one
//! class of unit goes into that class's function here.

use super::clause::{Clause, LOOK};
use crate::lexicon;
use crate::model::{UnitClass, Value};
use crate::value::Token;

/// Whether a number can be a value where it stands, from the text before it
/// in its window: not an ordinal (`第3`), a rate's base (`每千人`), a span of
/// time (`前3年`, `近5年`), nor inside a title (`《…2021—2030年…》`).
pub(super) fn stands_as_value(before: &str) -> bool {
    if before
        .chars()
        .next_back()
        .is_some_and(|c| c == '《' || lexicon::NOT_VALUE_AFTER.contains(&c))
    {
        return false;
    }
    before.rfind('《') <= before.rfind('》')
}

/// Whether the token of `c` is a value: by the class of its unit, or as the
/// starting point of a change whatever its unit (`从78.5岁提高到…`).
pub(super) fn is_value(c: &Clause<'_>) -> bool {
    if is_change_only(c) || is_change_extent(c) {
        return false;
    }
    let by_class = match c.class {
        UnitClass::Rate => true,
        UnitClass::Measure => is_measure_value(c),
        UnitClass::Count => is_count_value(c),
        UnitClass::Bare => is_bare_value(c),
    };
    by_class || c.from.is_some()
}

/// A change that was reached is no level (`比2015年提高2.3个百分点`,
/// `是2010年的1.9倍`, `下降了38.6%` in a report): measured against a stated
/// base, or in percentage points or multiples, where the sentence aims at
/// nothing. A target stated as a change is a record (`每年降低1个百分点以上`,
/// `比2020年提高0.5年` in a goal list), and so is an aggregate's growth rate
/// (`地区生产总值比上年增长13%`).
fn is_change_only(c: &Clause<'_>) -> bool {
    let Some(ch) = c.change else { return false };
    if ch.growth && c.tok.unit == crate::model::Unit::Percent {
        return false;
    }
    let points = matches!(c.tok.unit.as_str(), "百分点" | "倍");
    (ch.relative || points) && !c.target
}

/// The extent of a change reached (`下降幅度超过40%`) is no level either.
fn is_change_extent(c: &Clause<'_>) -> bool {
    let subject = &c.s[c.clause_start..c.pre.subject_end];
    !c.target && lexicon::CHANGE_EXTENTS.iter().any(|w| subject.ends_with(w))
}

/// A bare number is a value after a value verb, written in digits, not the
/// start of a phrase (`出生人口性别比控制在107左右`).
fn is_bare_value(c: &Clause<'_>) -> bool {
    c.pre.value_verb && !c.tok.chinese && !c.word_follows()
}

/// An age, a duration or an amount is a value after a value verb that is no
/// count verb, not the start of a phrase (`人均预期寿命达到79岁`, not
/// `3年级`).
fn is_measure_value(c: &Clause<'_>) -> bool {
    (c.pre.value_verb && !c.pre.count_verb || is_noun_value(c)) && !c.word_follows()
}

/// A measure written right after what it measures, with no verb between
/// (`女性预期寿命74.27岁`, `实现生产总值163亿元`, `固定资产投资15亿元以上`):
/// the subject must end in a measured head.
pub(super) fn is_noun_value(c: &Clause<'_>) -> bool {
    let pre = &c.pre;
    !pre.value_verb
        && !pre.count_verb
        && pre.comparator.is_none()
        && lexicon::MEASURE_HEADS.iter().any(|h| c.s[c.clause_start..pre.subject_end].ends_with(h))
}

/// A count of things is a target only: introduced by a verb or a comparator,
/// not a deadline (`1个月内报送`), not a condition (`超过1万人的场所`, `或者…`);
/// in Chinese numerals only after a count verb or a comparator (`办好一所`);
/// tens of thousands (`万人`) not after a comparator alone.
fn is_count_value(c: &Clause<'_>) -> bool {
    let pre = &c.pre;
    let rest = c.rest();
    let word = c.tok.unit.as_str();
    let introduced =
        pre.count_verb || pre.value_verb || pre.comparator.is_some() || c.cmp_after.is_some();
    let condition = lexicon::CONDITION_WORDS.iter().any(|w| rest.starts_with(w));
    let deadline = lexicon::DEADLINE_WORDS.iter().any(|w| rest.starts_with(w));
    let big = word.starts_with(lexicon::LARGE_MULTIPLIERS);
    !c.baseline
        && introduced
        && !condition
        && !deadline
        && !(c.tok.chinese && !(pre.count_verb || pre.comparator.is_some()))
        && !(big && !pre.count_verb && pre.comparator.is_some())
}

/// Whether a year token is a target year (到2025年, 2025年达到) rather than
/// a period (2021—2030年), a base year (比2020年) or part of a title.
pub(super) fn is_target_year_mention(s: &str, sent_start: usize, t: &Token) -> bool {
    if !matches!(t.value, Value::Number(_)) {
        return false;
    }
    let sent_start =
        sent_start.max(crate::chars::floor_char_boundary(s, t.start.saturating_sub(LOOK)));
    let before = &s[sent_start..t.start];
    if before.rfind('《') > before.rfind('》') {
        return false;
    }
    !before.ends_with(lexicon::NOT_TARGET_YEAR_AFTER)
}

#[cfg(test)]
mod tests {
    use super::super::clause::{window, Sentence};
    use super::super::value;
    use super::*;

    /// The verdict on every non-year token of `s`, in order, each judged as
    /// `judge` does (the previous value ends where the last one judged a
    /// value did).
    fn verdicts(s: &str) -> Vec<bool> {
        let sent = Sentence {
            text: s,
            start: 0,
            end: s.len(),
            baseline: false,
            target: false,
            breaks: &[],
        };
        let mut out = Vec::new();
        let mut at = 0;
        let mut prev_end = 0;
        while let Some(t) = value::next_token(s, at) {
            at = t.end;
            if t.is_year() {
                continue;
            }
            let (start, end) = window(&sent, &t);
            if !stands_as_value(&s[start..t.start]) {
                out.push(false);
                continue;
            }
            let c = Clause::read(&sent, (start, end), prev_end, t);
            let v = is_value(&c);
            if v {
                prev_end = c.aend;
            }
            out.push(v);
        }
        out
    }

    #[test]
    fn positions() {
        const CASES: &[(&str, bool)] = &[
            ("达到", true),
            ("第", false),
            ("每", false),
            ("前", false),
            ("近", false),
            ("《规划(", false),
            ("《规划》达到", true),
            ("", true),
        ];
        for &(before, ok) in CASES {
            assert_eq!(stands_as_value(before), ok, "{before}");
        }
    }

    #[test]
    fn values_by_class() {
        const CASES: &[(&str, &[bool])] = &[
            // Rates are values wherever they stand.
            ("孕产妇死亡率下降到12/10万以下", &[true]),
            ("妇女就业率90%", &[true]),
            ("出生人口性别比2:3", &[true]),
            // A bare number needs a value verb, digits, and no word after it.
            ("出生人口性别比控制在107左右", &[true]),
            ("出生人口性别比107", &[false]),
            ("性别比达到107个", &[true]),
            // A measure needs a value verb that is no count verb, or to
            // follow a measured head directly.
            ("人均预期寿命达到79岁", &[true]),
            ("人均预期寿命79岁", &[true]),
            ("全年实现生产总值163亿元", &[true]),
            ("培训时间3年", &[false]),
            ("建设3年级", &[false]),
            // A count needs an introduction, and is no deadline or condition.
            ("建设1所妇幼保健机构", &[true]),
            ("至少有1名女性成员", &[true]),
            ("全区4名女性医护人员", &[false]),
            ("颁布后达到1个月内报送", &[false]),
            ("超过1万人的场所", &[false]),
            ("办好一所幼儿园", &[true]),
            ("达到一所幼儿园", &[false]),
            ("达到3所以上", &[true]),
            ("至少3万人", &[false]),
            ("新增3万人", &[true]),
            // The starting point of a change is a value whatever its unit.
            ("人均预期寿命从78.5岁提高到79岁", &[true, true]),
            // Not where the number is an ordinal, a base or in a title.
            ("第3所学校", &[false]),
            ("每100名儿童拥有3张床位", &[false, true]),
            ("《规划(2021—2030年)》提出达到90%", &[true]),
        ];
        for &(s, want) in CASES {
            assert_eq!(verdicts(s), want, "{s}");
        }
    }

    #[test]
    fn a_count_already_reached_is_no_target() {
        let s = "现已建成3所妇幼保健机构";
        let sent = Sentence {
            text: s,
            start: 0,
            end: s.len(),
            baseline: false,
            target: false,
            breaks: &[],
        };
        let t = value::next_token(s, 0).unwrap();
        let c = Clause::read(&sent, window(&sent, &t), 0, t.clone());
        assert!(c.baseline && !is_value(&c));
        let sent = Sentence { baseline: true, ..sent };
        let s2 = "建成3所妇幼保健机构";
        let sent2 = Sentence { text: s2, end: s2.len(), ..sent };
        let t = value::next_token(s2, 0).unwrap();
        assert!(!is_value(&Clause::read(&sent2, window(&sent2, &t), 0, t)));
    }

    #[test]
    fn target_years() {
        const CASES: &[(&str, bool)] = &[
            ("到2025年", true),
            ("2025年达到", true),
            ("比2020年", false),
            ("较2020年", false),
            ("以2020年为基数", false),
            ("从2020年", false),
            ("《规划(2021年", false),
            ("《规划》2025年", true),
            ("2021—2030年", false),
        ];
        for &(s, want) in CASES {
            let t = value::next_token(s, 0).unwrap();
            assert!(t.is_year(), "{s}");
            assert_eq!(is_target_year_mention(s, 0, &t), want, "{s}");
        }
    }
}
