//! A number token in its clause, read once: the window judgement may look
//! within, the comparator words after the value, where its clause starts,
//! the verb phrase before it, and whether the clause reports the value as
//! already reached.
//!
//! The verdict ([`super::verdict`]) and the subject search
//! ([`super::subject`]) only read a [`Clause`]; nothing here decides whether
//! the token is a value or what it is named.

use super::name::{self, ClauseVerb, Pre};
use crate::chars::{ceil_char_boundary, floor_char_boundary, is_cjk};
use crate::lexicon;
use crate::model::{Comparator, Unit, UnitClass};
use crate::value::Token;

/// How far (in bytes) the judgement of a value looks before and after it.
pub(super) const LOOK: usize = 384;

/// The folded sentence a token stands in.
#[derive(Clone, Copy, Debug)]
pub(super) struct Sentence<'s> {
    /// The folded paragraph text up to the sentence's end.
    pub(super) text: &'s str,
    /// Where the sentence starts.
    pub(super) start: usize,
    /// Where the sentence ends.
    pub(super) end: usize,
    /// Whether the whole sentence reports what was already reached (a
    /// review chapter, a past marker in the preface).
    pub(super) baseline: bool,
    /// Whether the sentence aims at something: it stands in a goal or
    /// measure list, or names a year to reach.
    pub(super) target: bool,
    /// Folded offsets where a line break stands (between two pieces).
    pub(super) breaks: &'s [usize],
}

/// A number token with everything its clause says about it.
#[derive(Debug)]
pub(super) struct Clause<'s> {
    /// The folded text (the sentence's [`Sentence::text`]).
    pub(super) s: &'s str,
    /// The number token.
    pub(super) tok: Token,
    /// The class of the token's unit.
    pub(super) class: UnitClass,
    /// Where the sentence starts, or [`LOOK`] bytes before the value if
    /// that is later: no look-behind goes further.
    pub(super) sent_start: usize,
    /// Where the sentence ends, or [`LOOK`] bytes after the value if that is
    /// earlier: no look-ahead goes further.
    pub(super) sent_end: usize,
    /// Where the previous value of the sentence ends (its comparator words
    /// included), at least `sent_start`.
    pub(super) prev_end: usize,
    /// Where the value's comparator words (以上, 左右 …) end.
    pub(super) aend: usize,
    /// The comparator those words give.
    pub(super) cmp_after: Option<Comparator>,
    /// Where the clause starts: after the last comma or colon before the
    /// value.
    pub(super) comma_start: usize,
    /// Where the value's own part of the clause starts: `comma_start`, or
    /// after the previous value when that stands in the same clause.
    pub(super) clause_start: usize,
    /// Whether only `、和及与或` stand between the previous value and this one
    /// (`3.0‰、5.0‰`).
    pub(super) chained: bool,
    /// The verb phrase before the value and where the subject ends.
    pub(super) pre: Pre,
    /// For a count written right after its noun (`拥有…医生1.12名、床位3.17张`),
    /// the comparator or count verb earlier in the clause; its comparator
    /// and count flag are in `pre`.
    pub(super) verb_in_clause: Option<ClauseVerb>,
    /// For the starting point of a change (`由2020年的80%提高到95%`), where
    /// the subject ends before 由/从.
    pub(super) from: Option<usize>,
    /// Whether the value reports what was already reached: the sentence
    /// says so, its own clause does (已达到, 截至), or it is a starting point.
    pub(super) baseline: bool,
    /// Whether the subject follows the value (`70%以上的妇女…`).
    pub(super) subject_follows: bool,
    /// The change the value measures, when a change verb stands right
    /// before it (`提高`, `下降了`, not `提高到`).
    pub(super) change: Option<Change>,
    /// Whether the sentence aims at something (see [`Sentence::target`]).
    pub(super) target: bool,
    /// Whether a line break or a gap stands right after the value and its
    /// comparator words (a headline ending in its value: `我省女性预期寿命74.27岁`).
    pub(super) line_ends: bool,
}

/// A value that measures a change rather than a level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Change {
    /// Against a stated base: `比2015年提高`, `是2010年的1.9倍`.
    pub(super) relative: bool,
    /// A growth verb (增长, 增): an aggregate's growth rate is a level of its own.
    pub(super) growth: bool,
}

/// The window judgement may look within around `tok`: the sentence, cut
/// to [`LOOK`] bytes either side of the token, so a sentence with thousands
/// of values costs linear time.
pub(super) fn window(sent: &Sentence<'_>, tok: &Token) -> (usize, usize) {
    let s = sent.text;
    let start = sent.start.max(floor_char_boundary(s, tok.start.saturating_sub(LOOK)));
    let end = sent.end.min(ceil_char_boundary(s, tok.end + LOOK));
    (start, end)
}

impl<'s> Clause<'s> {
    /// Reads the clause of `tok` within the window `(sent_start, sent_end)`
    /// of [`window`]; `prev_end` is where the sentence's previous value
    /// ended (the sentence start if there is none).
    pub(super) fn read(
        sent: &Sentence<'s>,
        (sent_start, sent_end): (usize, usize),
        prev_end: usize,
        tok: Token,
    ) -> Clause<'s> {
        let s = sent.text;
        let prev_end = prev_end.max(sent_start);
        let (cmp_after, aend) =
            match lexicon::longest_prefix(&s[tok.end..sent_end], lexicon::AFTER_WORDS) {
                Some((w, c)) => (Some(c), tok.end + w.len()),
                None => (None, tok.end),
            };
        let comma_start = clause_start_before(s, sent_start, tok.start);
        let (clause_start, chained) = own_start(s, comma_start, prev_end, tok.start);
        // `已达到`, `截至2020年` in the value's own clause: already reached.
        let reached = sent.baseline || is_reached(&s[comma_start..tok.start]);
        // `下降到2020年的8.5/10万`: the value's own time stands between verb and value.
        let pre_end = name::strip_value_time(s, clause_start, tok.start);
        let mut pre = name::split_pre(s, clause_start, pre_end);
        // `分别达到9807元和18817元`: a value chained to the one before shares
        // its verb.
        if chained && !pre.value_verb && !pre.count_verb {
            pre.value_verb = true;
        }
        pre.subject_end = name::strip_adverbials(s, clause_start, pre.subject_end);
        let from = starting_point(s, &s[aend..sent_end], clause_start, &pre);
        if let Some(end) = from {
            pre.subject_end = end;
        }
        let class = tok.unit.class();
        // `每千名儿童至少拥有儿科执业(助理)医生1.12名、床位3.17张`: a noun right
        // before the value, with the verb and comparator earlier in the clause.
        let noun_value = class == UnitClass::Count
            && !pre.value_verb
            && !pre.count_verb
            && pre.comparator.is_none();
        let verb_in_clause =
            if noun_value { name::clause_verb(s, comma_start, pre.subject_end) } else { None };
        if let Some(v) = verb_in_clause {
            pre.comparator = v.comparator;
            pre.count_verb = v.count;
        }
        let subject_follows = s[aend..sent_end].starts_with('的') && tok.unit == Unit::Percent;
        let change = change_before(&s[comma_start..tok.start], &tok);
        Clause {
            s,
            tok,
            class,
            sent_start,
            sent_end,
            prev_end,
            aend,
            cmp_after,
            comma_start,
            clause_start,
            chained,
            pre,
            verb_in_clause,
            from,
            baseline: reached || from.is_some(),
            subject_follows,
            change,
            target: sent.target,
            line_ends: sent.breaks.binary_search(&aend).is_ok(),
        }
    }

    /// The text after the value and its comparator words, to the window's
    /// end.
    pub(super) fn rest(&self) -> &'s str {
        &self.s[self.aend..self.sent_end]
    }

    /// Whether a CJK char follows the value and its comparator words (the
    /// number is part of a word or a phrase: `3年级`, `5岁以下儿童`).
    pub(super) fn word_follows(&self) -> bool {
        if self.line_ends {
            return false;
        }
        let mut rest = self.rest().chars();
        match rest.next() {
            // `9807元和18817元`: a link to the next value is no word.
            Some(c) if lexicon::CHAIN_LINKS.contains(&c) => !rest
                .next()
                .is_some_and(|d| d.is_ascii_digit() || crate::chars::is_cjk_numeral_char(d)),
            Some(c) => is_cjk(c),
            None => false,
        }
    }

    /// Where the clause ends: at the first comma or colon after the value
    /// and its comparator words (a token may hold one: `1,200`, `2:3`).
    pub(super) fn clause_end(&self) -> usize {
        self.rest().find([',', '，', ':', '：']).map_or(self.sent_end, |p| self.aend + p)
    }
}

/// Where the clause holding `s[..at]` starts: after the last comma or colon
/// in `s[start..at]`, else `start`.
fn clause_start_before(s: &str, start: usize, at: usize) -> usize {
    s[start..at]
        .rfind([',', '，', ':', '：'])
        .map(|p| start + p + s[start + p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(start)
}

/// Where a value's own part of its clause starts, and whether it is chained
/// to the previous value: after the previous value when that stands in the
/// same clause (`3.0‰、5.0‰和6.0‰以下`), past a joining `、和及与并,`.
fn own_start(s: &str, comma_start: usize, prev_end: usize, at: usize) -> (usize, bool) {
    if prev_end <= comma_start {
        return (comma_start, false);
    }
    let gap = &s[prev_end..at];
    let chained = !gap.is_empty() && gap.chars().all(|c| lexicon::CHAIN_LINKS.contains(&c));
    let mut start = prev_end;
    for &c in lexicon::CLAUSE_JOINERS {
        if s[start..at].starts_with(c) {
            start += c.len_utf8();
        }
    }
    (start, chained)
}

/// The change a value measures: a change verb right before it (`提高`,
/// `下降了`, `增长`), or a multiple of a base (`是2010年的1.9倍`); relative
/// when the clause states the base (`比2015年`, `比上年`, `是…的`).
fn change_before(clause: &str, tok: &Token) -> Option<Change> {
    let t = clause.trim_end_matches(['了', '个']);
    if tok.unit.as_str() == "倍" && t.ends_with('的') && t.contains('是') {
        return Some(Change { relative: true, growth: false });
    }
    let verb = lexicon::longest_suffix(t, lexicon::CHANGE_VERBS)?.0;
    let before = &t[..t.len() - verb.len()];
    let relative = before.rfind('比').is_some_and(|p| before.len() - p <= 3 * 12);
    Some(Change { relative, growth: lexicon::GROWTH_VERBS.contains(&verb) })
}

/// Whether a clause reports its value as already reached (已达到, 截至 …).
fn is_reached(clause: &str) -> bool {
    clause.contains(lexicon::BASELINE_MARKER_CHARS)
        && lexicon::BASELINE_MARKERS.iter().any(|m| clause.contains(m))
}

/// For the starting point of a change (`由2020年的80%提高到95%`: no verb
/// before the value, a change-to verb after it), where the subject ends
/// before 由/从.
fn starting_point(s: &str, rest: &str, clause_start: usize, pre: &Pre) -> Option<usize> {
    let change_to = lexicon::longest_prefix(rest, lexicon::VALUE_VERBS)
        .is_some_and(|(w, cmp)| cmp.is_none() && w.ends_with(lexicon::CHANGE_TO_ENDS));
    if change_to && pre.comparator.is_none() && !pre.value_verb {
        name::from_marker(s, clause_start, pre.subject_end)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value;

    /// The clause of the `n`th non-year token of `s`, read as `judge` reads
    /// it (every earlier token taken as a value).
    fn clause(s: &str, n: usize) -> Clause<'_> {
        let sent = Sentence {
            text: s,
            start: 0,
            end: s.len(),
            baseline: false,
            target: false,
            breaks: &[],
        };
        let mut at = 0;
        let mut prev_end = 0;
        let mut k = 0;
        while let Some(t) = value::next_token(s, at) {
            at = t.end;
            if t.is_year() {
                continue;
            }
            let c = Clause::read(&sent, window(&sent, &t), prev_end, t);
            if k == n {
                return c;
            }
            prev_end = c.aend;
            k += 1;
        }
        panic!("no token {n} in {s}");
    }

    #[test]
    fn bounds() {
        // (sentence, token, value with its comparator words, own clause,
        // the clause after the value, chained)
        const CASES: &[(&str, usize, &str, &str, &str, bool)] = &[
            ("孕产妇死亡率下降到12/10万以下", 0, "12/10万以下", "孕产妇死亡率下降到", "", false),
            (
                "到2025年，农村卫生厕所普及率达到98%左右，城乡差距缩小",
                0,
                "98%左右",
                "农村卫生厕所普及率达到",
                "",
                false,
            ),
            ("婴儿死亡率控制在3.0‰、5.0‰和6.0‰以下", 1, "5.0‰", "", "和6.0‰以下", true),
            ("婴儿死亡率控制在3.0‰、5.0‰和6.0‰以下", 2, "6.0‰以下", "", "", true),
            ("建设1所妇幼保健机构，确保…", 0, "1所", "建设", "妇幼保健机构", false),
            ("男女厕位比例2:3，其他", 0, "2:3", "男女厕位比例", "", false),
            ("床位3.17张、医生1.12名", 1, "1.12名", "医生", "", false),
        ];
        for &(s, n, value, own, after, chained) in CASES {
            let c = clause(s, n);
            assert_eq!(&s[c.tok.start..c.aend], value, "{s}");
            assert_eq!(&s[c.clause_start..c.tok.start], own, "{s}");
            assert_eq!(&s[c.aend..c.clause_end()], after, "{s}");
            assert_eq!(c.chained, chained, "{s}");
        }
    }

    #[test]
    fn verb_phrases() {
        use Comparator::*;
        // (sentence, token, subject end, comparator before, comparator
        // after, value verb, count verb)
        type Case =
            (&'static str, usize, &'static str, Option<Comparator>, Option<Comparator>, bool, bool);
        const CASES: &[Case] = &[
            ("孕产妇死亡率下降到12/10万以下", 0, "孕产妇死亡率", None, Some(Le), true, false),
            (
                "女厕位与男厕位的比例不小于2:3",
                0,
                "女厕位与男厕位的比例",
                Some(Ge),
                None,
                true,
                false,
            ),
            (
                "村“两委”班子成员中至少有1名女性成员",
                0,
                "村“两委”班子成员中",
                Some(Ge),
                None,
                true,
                true,
            ),
            // The comparator and verb stand earlier in the clause.
            (
                "每千名儿童至少拥有儿科执业(助理)医生1.12名",
                0,
                "每千名儿童至少拥有儿科执业(助理)医生",
                Some(Ge),
                None,
                false,
                true,
            ),
            ("人均受教育年限比2020年提高1年", 0, "人均受教育年限", None, None, true, false),
            ("全区4名女性医护人员", 0, "全区", None, None, false, false),
        ];
        for &(s, n, subject, before, after, value_verb, count_verb) in CASES {
            let c = clause(s, n);
            assert_eq!(&s[c.clause_start..c.pre.subject_end], subject, "{s}");
            assert_eq!(c.pre.comparator, before, "{s}");
            assert_eq!(c.cmp_after, after, "{s}");
            assert_eq!((c.pre.value_verb, c.pre.count_verb), (value_verb, count_verb), "{s}");
        }
    }

    #[test]
    fn reached_and_starting_points() {
        // (sentence, token, baseline, subject before 由/从)
        const CASES: &[(&str, usize, bool, Option<&str>)] = &[
            ("农村卫生厕所普及率由2020年的80%提高到95%", 0, true, Some("农村卫生厕所普及率")),
            ("农村卫生厕所普及率由2020年的80%提高到95%", 1, false, None),
            ("人均预期寿命从78.5岁提高到79岁", 0, true, Some("人均预期寿命")),
            ("孕产妇死亡率已下降到15/10万", 0, true, None),
            ("截至2020年，孕产妇死亡率下降到15/10万", 0, false, None),
            ("截至2020年孕产妇死亡率下降到15/10万", 0, true, None),
            ("孕产妇死亡率下降到12/10万", 0, false, None),
        ];
        for &(s, n, baseline, from) in CASES {
            let c = clause(s, n);
            assert_eq!(c.baseline, baseline, "{s} {n}");
            assert_eq!(c.from.map(|e| &s[c.clause_start..e]), from, "{s} {n}");
        }
    }

    #[test]
    fn subject_after_a_percentage() {
        const CASES: &[(&str, bool)] = &[
            ("70%以上的妇女在35—45岁接受宫颈癌筛查", true),
            ("70%以上的", true),
            ("筛查率达到70%以上", false),
            ("3年的时间", false),
        ];
        for &(s, follows) in CASES {
            assert_eq!(clause(s, 0).subject_follows, follows, "{s}");
        }
    }

    #[test]
    fn the_window_is_bounded() {
        let s = format!("{}达到90%{}", "妇".repeat(500), "女".repeat(500));
        let sent = Sentence {
            text: &s,
            start: 0,
            end: s.len(),
            baseline: false,
            target: false,
            breaks: &[],
        };
        let t = value::next_token(&s, 0).unwrap();
        let (a, b) = window(&sent, &t);
        assert!(t.start - a <= LOOK && b - t.end <= LOOK);
        assert!(t.start - a > LOOK - 4 && b - t.end > LOOK - 4);
    }
}
