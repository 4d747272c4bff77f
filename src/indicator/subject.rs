//! The subject a value measures: its name as folded ranges, and where the
//! quote starts and ends.
//!
//! The search reads a [`Clause`] and runs only for tokens the verdict took
//! as values. In order: the subject before the value in its own clause
//! (verb phrase and openers cut off, an over-long one cut at a word
//! boundary), a kept verb and the counted object after a count, a subject
//! written after a percentage, then, when the clause names nothing, the
//! clause before or the previous value's name, and the population or
//! measure a bare head or a place carries over from the previous value.
//! Chains of values share names afterwards ([`super::chain`]).

use super::clause::Clause;
use super::name;
use crate::lexicon;
use crate::model::{Unit, UnitClass};
use crate::segment::Words;

/// The longest subject name, in chars; a longer clause is cut at a word
/// boundary.
const MAX_SUBJECT_CHARS: usize = 32;

/// What names a value.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Subject {
    /// Folded ranges that make up the name, in order.
    pub(super) name: Vec<(usize, usize)>,
    /// Where the quote starts (folded), at most the value's start.
    pub(super) qstart: usize,
    /// Where the quote ends (folded), at least after the comparator words.
    pub(super) qend: usize,
    /// A word the name ends with that the text implies (比例 for `70%的妇女…`).
    pub(super) suffix: Option<&'static str>,
}

/// Finds the subject of the value of `c`; `prev_name` is the name of the
/// sentence's previous value, if any.
pub(super) fn find(c: &Clause<'_>, prev_name: Option<&[(usize, usize)]>, words: &Words) -> Subject {
    let (start, end) = own_bounds(c, words);
    let empty = start >= end;
    let clause_end = c.clause_end();
    let mut sub = Subject { name: Vec::new(), qstart: start, qend: c.aend, suffix: None };
    if !empty {
        own_name(c, start, end, &mut sub.name);
    }
    kept_verb(c, end, clause_end, &mut sub);
    after_value(c, empty, clause_end, &mut sub);
    if sub.name.is_empty() && !c.chained {
        // The subject stands in the clause before: `农村卫生厕所普及率，2025年达到98%左右`.
        if let Some((ps, pe)) = previous_clause(c.s, c.sent_start, c.clause_start, c.prev_end) {
            let ps = name::strip_openers(c.s, ps, pe);
            if ps < pe {
                sub.name.push((ps, pe));
                sub.qstart = ps;
            }
        }
    }
    if sub.name.is_empty() && !c.chained {
        if let Some(p) = prev_name {
            sub.name = p.to_vec();
        }
    }
    if let (Some(p), false) = (prev_name, empty) {
        carry_over(c, p, (start, end), &mut sub.name);
    }
    if sub.suffix.is_none() {
        sub.suffix = implied_suffix(c, &sub.name);
    }
    sub.qstart = sub.qstart.min(c.tok.start);
    sub
}

/// The subject in the value's own clause: from after its openers (a
/// longer one cut to [`MAX_SUBJECT_CHARS`] at a word boundary) to the verb
/// phrase; before a subject written after a percentage, adverbs are cut too
/// (`区党政工作部门力争[一半以上的…]`).
fn own_bounds(c: &Clause<'_>, words: &Words) -> (usize, usize) {
    let s = c.s;
    let mut end = c.pre.subject_end;
    if c.subject_follows {
        end = name::strip_trailing_adverbs(s, c.clause_start, end);
    }
    let mut start = name::strip_openers(s, c.clause_start, end).min(end);
    // `远高于《纲要》“达到70%”的目标`: a plan's target quoted for the value
    // before names nothing of its own.
    if name::only_reference(&s[start..end]) {
        return (end, end);
    }
    // `…的比例较大，占54%`: a share whose subject stands in the clause before.
    let own = s[start..end].trim_start_matches(lexicon::SHARE_ADVERBS);
    if lexicon::SHARE_VERBS.contains(&own) {
        return (end, end);
    }
    // A measure right after its noun: a verb before the noun ends what
    // stands before it (`…全年实现[生产总值]163亿元`).
    if super::verdict::is_noun_value(c) {
        if let Some(v) = name::last_value_verb_end(s, start, end) {
            start = v;
        }
    }
    // A verb of saying inside the subject ends what stands before it (a
    // headline: `国民健康规划公布 提出[中国人均预期寿命]将达80岁以上`).
    if let Some(after) = name::last_word_end(s, start, end, lexicon::REPORTING_VERBS) {
        start = name::strip_openers(s, after, end).min(end);
    }
    // A year to reach inside the subject ends what stands before it (a
    // page's navigation text, a lead-in): `…龙扬镇到2020年四川婴儿死亡率`.
    if let Some(after) = name::last_target_year_end(s, start, end) {
        start = name::strip_openers(s, after, end).min(end);
    }
    if s[start..end].chars().count() > MAX_SUBJECT_CHARS {
        let cut = s[start..end]
            .char_indices()
            .rev()
            .nth(MAX_SUBJECT_CHARS - 1)
            .map_or(start, |(i, _)| start + i);
        start = words.boundary_at_or_after(s, start, end, cut);
    }
    (start, end)
}

/// The name from the own subject `s[start..end]`, with a comparator or count
/// verb earlier in the clause cut out of it or brought in.
fn own_name(c: &Clause<'_>, start: usize, end: usize, name: &mut Vec<(usize, usize)>) {
    match c.verb_in_clause {
        // Cut the comparator out of the name: `每千名儿童[至少]拥有…医生`.
        Some(v) if v.start >= start => {
            name.push((start, v.start));
            name.push((v.end, end));
        }
        // The verb stood in an earlier value's clause: `、床位3.17张`
        // takes `每千名儿童拥有` from it.
        Some(v) => {
            name.push((name::strip_openers(c.s, c.comma_start, v.start).min(v.start), v.start));
            name.push((v.end, v.verb_end));
            name.push((start, end));
        }
        None => name.push((start, end)),
    }
}

/// Kept verbs (开展, 拥有) stand between the subject and the value: in the
/// name before a counted object, else inside the subject.
fn kept_verb(c: &Clause<'_>, end: usize, clause_end: usize, sub: &mut Subject) {
    let Some(kept) = c.pre.kept_verb else { return };
    if sub.name.is_empty() {
        sub.qstart = kept.0;
    }
    if !c.rest().is_empty() && name::object_after(c.s, c.aend, clause_end).is_some() {
        sub.name.push(kept);
    } else if let Some(last) = sub.name.last_mut() {
        // `拥有…医生1.12名`: the verb is inside the subject.
        last.1 = last.1.max(kept.1).max(end);
    }
}

/// What follows the value and belongs to its name: the counted object
/// (`1所[政府举办…机构]`), or the subject of a percentage
/// (`70%以上的[妇女…]`, named as a 比例).
fn after_value(c: &Clause<'_>, own_empty: bool, clause_end: usize, sub: &mut Subject) {
    if c.class == UnitClass::Count {
        if let Some(obj_end) = name::object_after(c.s, c.aend, clause_end) {
            sub.name.push((c.aend, obj_end));
            sub.qend = obj_end;
        }
    } else if c.subject_follows {
        if let Some(parts) = name::subject_after_value(c.s, c.aend, clause_end) {
            if own_empty {
                sub.qstart = c.tok.start;
            }
            sub.qend = parts.iter().map(|p| p.1).max().unwrap_or(c.aend);
            sub.name.extend(parts);
            sub.suffix = Some(lexicon::SHARE_SUFFIX);
        }
    }
}

/// What the previous value's name carries over to an own subject
/// `s[start..end]` that is only a bare head (`…住院分娩率达到100%、死亡率下降到0`:
/// the population) or, for a ratio, only a place (the whole measure).
fn carry_over(
    c: &Clause<'_>,
    prev: &[(usize, usize)],
    (start, end): (usize, usize),
    name: &mut Vec<(usize, usize)>,
) {
    let s = c.s;
    let t = &s[start..end];
    // A subject that names only a place or population (`农村达到50%`,
    // `县(市)达到30%以上`): the previous value's measure, for that scope.
    if let Some(scope) = scope_only(t) {
        if let Some(measure) = measure_of(s, prev) {
            name.clear();
            name.push((end - scope.len(), end));
            name.extend(measure);
            return;
        }
    }
    if lexicon::HEADS.contains(&t) || (t.chars().count() <= 3 && name::has_head(s, start, end)) {
        if let Some(&(ps, pe)) = prev.first() {
            if let Some(pop) = name::population_prefix(&s[ps..pe]) {
                if !t.starts_with(pop) {
                    name.insert(0, (ps, ps + pop.len()));
                }
            }
        }
    }
    // A ratio whose subject names only a place: carry the measure.
    if c.tok.unit == Unit::Ratio && !name::has_head(s, start, end) && !name::has_ratio_word(t) {
        name.extend(prev.iter().copied());
    }
}

/// The scope word a subject is made of, alone (`农村`, `在城市`,
/// `县(市)`).
fn scope_only(t: &str) -> Option<&'static str> {
    let t = t.strip_prefix('在').unwrap_or(t);
    lexicon::SCOPE_WORDS.iter().copied().find(|w| *w == t)
}

/// A name's measure without the scope it starts or ends with
/// (`婚前医学检查率城市` → `婚前医学检查率`, `市区学前第四年幼儿入园率` →
/// `学前第四年幼儿入园率`); `None` when nothing is left.
fn measure_of(s: &str, name: &[(usize, usize)]) -> Option<Vec<(usize, usize)>> {
    let mut parts: Vec<(usize, usize)> = name.iter().copied().filter(|(a, b)| a < b).collect();
    let first = parts.first_mut()?;
    let t = &s[first.0..first.1];
    let t2 = t.strip_prefix('在').unwrap_or(t);
    if let Some(w) = lexicon::SCOPE_WORDS.iter().find(|w| t2.starts_with(**w)) {
        first.0 += t.len() - t2.len() + w.len();
    }
    let last = parts.last_mut()?;
    let t = &s[last.0..last.1];
    if let Some(w) = lexicon::SCOPE_WORDS.iter().find(|w| t.ends_with(**w)) {
        last.1 -= w.len();
        if s[last.0..last.1].ends_with('在') {
            last.1 -= '在'.len_utf8();
        }
    }
    parts.retain(|(a, b)| a < b);
    let measure: String = parts.iter().map(|&(a, b)| &s[a..b]).collect();
    (!measure.is_empty() && name::has_head(&measure, 0, measure.len())).then_some(parts)
}

/// A word the name ends with that the text implies.
/// `每千名儿童拥有床位3.17张` measures a number of beds per population: the
/// indicator is 每千名儿童拥有床位数, as the national outlines name it.
/// `妇女村民代表占村民代表会议组成人员的三分之一`: a share of a whole is named
/// as a 比例.
fn implied_suffix(c: &Clause<'_>, name: &[(usize, usize)]) -> Option<&'static str> {
    let count = c.class == UnitClass::Count;
    if !count && c.tok.unit != Unit::Percent {
        return None;
    }
    let named: String = name.iter().filter(|(a, b)| a < b).map(|&(a, b)| &c.s[a..b]).collect();
    if count
        && named.starts_with('每')
        && named.contains('有')
        && !named.ends_with(lexicon::MEASURED_NAME_ENDS)
    {
        Some(lexicon::COUNT_SUFFIX)
    } else if !count && named.ends_with('的') {
        Some(lexicon::SHARE_SUFFIX)
    } else {
        None
    }
}

/// The clause before `clause_start` in the sentence, when it holds no value.
fn previous_clause(
    s: &str,
    sent_start: usize,
    clause_start: usize,
    prev_end: usize,
) -> Option<(usize, usize)> {
    if clause_start <= sent_start || clause_start <= prev_end && prev_end > sent_start {
        return None;
    }
    let before = &s[sent_start..clause_start];
    let end = sent_start + before.trim_end_matches([',', '，', ':', '：']).len();
    let start = s[sent_start..end]
        .rfind([',', '，', ':', '：'])
        .map(|p| sent_start + p + s[sent_start + p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(sent_start);
    // A time phrase after the subject (`人均预期寿命在2015年至2020年`) is cut,
    // and so is what the clause says of it (`…的比例较大`, `相对偏低`).
    let end = name::time_phrase_start(s, start, end).unwrap_or(end);
    let end = start + name::strip_evaluation(&s[start..end]).len();
    // `普通本专科女生1376万人，占52.4%`: the share of what the count counted.
    let end = name::count_at_end(s, start, end).unwrap_or(end);
    if start >= end
        || s[start..end].bytes().any(|b| b.is_ascii_digit())
            && !name::starts_with_time(&s[start..end])
    {
        return None;
    }
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::super::clause::{window, Sentence};
    use super::super::{value, verdict};
    use super::*;

    /// The names of the values of `s` (one sentence), in order, each
    /// searched as `judge` does, and the quotes.
    fn subjects(s: &str) -> Vec<(String, String)> {
        let words = Words::new(true, &[]).expect("the built-in vocabulary loads");
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
        let mut prev: Option<(usize, Vec<(usize, usize)>)> = None;
        while let Some(t) = value::next_token(s, at) {
            at = t.end;
            if t.is_year() {
                continue;
            }
            let (start, end) = window(&sent, &t);
            if !verdict::stands_as_value(&s[start..t.start]) {
                continue;
            }
            let prev_end = prev.as_ref().map_or(0, |p| p.0);
            let c = Clause::read(&sent, (start, end), prev_end, t);
            if !verdict::is_value(&c) {
                continue;
            }
            let sub = find(&c, prev.as_ref().map(|p| p.1.as_slice()), &words);
            let named: String =
                sub.name.iter().filter(|(a, b)| a < b).map(|&(a, b)| &s[a..b]).collect();
            out.push((
                named + sub.suffix.unwrap_or(""),
                s[sub.qstart..sub.qend.max(c.aend)].to_string(),
            ));
            prev = Some((c.aend, sub.name));
        }
        out
    }

    #[test]
    fn names() {
        const CASES: &[(&str, &[&str])] = &[
            ("孕产妇死亡率下降到12/10万以下", &["孕产妇死亡率"]),
            ("到2025年，提高农村卫生厕所普及率达到98%", &["农村卫生厕所普及率"]),
            // The clause before names the value.
            ("农村卫生厕所普及率，2025年达到98%左右", &["农村卫生厕所普及率"]),
            // The counted object after a count.
            ("建设1所标准化妇幼保健机构", &["标准化妇幼保健机构"]),
            // A comparator cut out, a verb brought in from an earlier clause.
            (
                "每千名儿童至少拥有儿科执业(助理)医生1.12名、床位3.17张",
                &["每千名儿童拥有儿科执业(助理)医生数", "每千名儿童拥有床位数"],
            ),
            // A kept verb before its object.
            ("每年至少开展1次妇女健康检查", &["每年开展妇女健康检查"]),
            // A subject written after a percentage.
            ("70%以上的妇女在35—45岁接受宫颈癌筛查", &["35—45岁妇女接受宫颈癌筛查比例"]),
            // A share of a whole.
            (
                "妇女村民代表占村民代表会议组成人员的三分之一以上",
                &["妇女村民代表占村民代表会议组成人员的比例"],
            ),
            // A bare head carries the population of the value before.
            (
                "孕产妇住院分娩率达到100%、死亡率下降到10/10万",
                &["孕产妇住院分娩率", "孕产妇死亡率"],
            ),
            // The previous value's name when the clause names nothing.
            ("婴儿死亡率下降到5‰，到2030年下降到3‰", &["婴儿死亡率", "婴儿死亡率"]),
            // Nothing names a value the sentence opens with.
            ("达到90%", &[""]),
        ];
        for &(s, want) in CASES {
            let got: Vec<String> = subjects(s).into_iter().map(|(n, _)| n).collect();
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn quotes() {
        const CASES: &[(&str, &[&str])] = &[
            ("到2025年，孕产妇死亡率下降到12/10万以下", &["孕产妇死亡率下降到12/10万以下"]),
            ("建设1所标准化妇幼保健机构，确保", &["建设1所标准化妇幼保健机构"]),
            ("70%以上的妇女在35—45岁接受宫颈癌筛查", &["70%以上的妇女在35—45岁接受宫颈癌筛查"]),
        ];
        for &(s, want) in CASES {
            let got: Vec<String> = subjects(s).into_iter().map(|(_, q)| q).collect();
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn long_subjects_are_cut_at_a_word_boundary() {
        let s = format!("{}城镇就业人员中的女性比例达到45%", "妇".repeat(40));
        let got = subjects(&s);
        assert_eq!(got[0].0.chars().count(), MAX_SUBJECT_CHARS);
        assert!(got[0].0.ends_with("城镇就业人员中的女性比例"));
    }

    #[test]
    fn previous_clauses() {
        // (text, clause start, previous value's end, the clause before)
        const CASES: &[(&str, &str, usize, Option<&str>)] = &[
            ("农村卫生厕所普及率，2025年达到", "2025年", 0, Some("农村卫生厕所普及率")),
            ("普及率达到90%，2025年达到", "2025年", 0, None),
            ("到2025年，达到", "达到", 0, Some("到2025年")),
            ("达到", "达到", 0, None),
        ];
        for &(s, from, prev_end, want) in CASES {
            let at = s.find(from).unwrap();
            let got = previous_clause(s, 0, at, prev_end);
            assert_eq!(got.map(|(a, b)| &s[a..b]), want, "{s}");
        }
    }
}
