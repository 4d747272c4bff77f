//! Subject boundaries: what stands between a clause start and a value, and
//! how much of it names the measured subject.
//!
//! All functions take folded text and return byte offsets into it; every
//! look-behind is bounded by the clause it stands in.

use crate::chars::is_cjk;
use crate::lexicon;
use crate::model::Comparator;

/// What the text before a value says: where the subject ends, which verb
/// introduces the value, and the comparator the verb implies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pre {
    /// Where the subject ends (the verb phrase starts).
    pub(crate) subject_end: usize,
    /// A comparator implied by a verb (至少, 不低于, 超过 …).
    pub(crate) comparator: Option<Comparator>,
    /// Whether a value verb (达到, 控制在 …) stands before the value.
    pub(crate) value_verb: bool,
    /// Whether a count verb (建设, 配备, 开展 …) stands before the value.
    pub(crate) count_verb: bool,
    /// A kept count verb (开展, 拥有 …) that belongs in the name: its span.
    pub(crate) kept_verb: Option<(usize, usize)>,
    /// Whether 分别 stands in the verb phrase.
    pub(crate) respectively: bool,
}

/// The last chars of the verbs, count verbs and adverbs [`split_pre`]
/// strips, sorted.
static PRE_WORD_ENDS: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
    let words = lexicon::VALUE_VERBS
        .iter()
        .map(|(w, _)| *w)
        .chain(lexicon::COUNT_VERBS.iter().map(|(w, _)| *w))
        .chain(lexicon::PRE_VERB_ADVERBS.iter().copied())
        .chain(std::iter::once("/"));
    let mut ends: Vec<char> = words.filter_map(|w| w.chars().next_back()).collect();
    ends.sort_unstable();
    ends.dedup();
    ends
});

/// Splits `s[start..end]` (the text from a clause start to a value) into a
/// subject and a verb phrase, stripping verbs and adverbs from the end.
pub(crate) fn split_pre(s: &str, start: usize, end: usize) -> Pre {
    let mut pre = Pre { subject_end: end, ..Pre::default() };
    let mut e = end;
    let mut stripped_verb = false;
    loop {
        let t = &s[start..e];
        // Most subjects end in a char no verb or adverb ends with: stop there
        // without trying the tables.
        match t.chars().next_back() {
            Some(c) if PRE_WORD_ENDS.binary_search(&c).is_ok() => {}
            _ => break,
        }
        if let Some((w, cmp)) = lexicon::longest_suffix(t, lexicon::VALUE_VERBS) {
            // `占` belongs to the subject (妇女村民代表占…的三分之一).
            if w == "占" {
                break;
            }
            e -= w.len();
            pre.value_verb = true;
            stripped_verb = true;
            if pre.comparator.is_none() {
                pre.comparator = cmp;
            }
            continue;
        }
        if let Some((w, drop)) = lexicon::longest_suffix(t, lexicon::COUNT_VERBS) {
            // `有` only as a verb of its own, not the end of a word (拥有 is
            // matched whole above; 具有, 现有 are no count verbs).
            if w == "有" && lexicon::NOT_COUNT_VERBS.iter().any(|v| t.ends_with(v)) {
                break;
            }
            pre.count_verb = true;
            stripped_verb = true;
            if drop {
                e -= w.len();
                continue;
            }
            pre.kept_verb = Some((e - w.len(), e));
            e -= w.len();
            continue;
        }
        if stripped_verb {
            if let Some(a) = lexicon::longest_word_suffix(t, lexicon::PRE_VERB_ADVERBS) {
                if a == "分别" {
                    pre.respectively = true;
                }
                // An adverb that is all there is stays: `每年至少开展…` keeps 每年;
                // `分别` never names anything (`…，分别增长18%和16.5%`).
                if e - a.len() > start || a == "分别" {
                    e -= a.len();
                    continue;
                }
            }
            if t.ends_with('/') {
                e -= 1;
                continue;
            }
        } else if let Some(a) = lexicon::TIME_ADVERBS.iter().find(|a| t.ends_with(**a)) {
            // A time adverb right before a value without a verb:
            // `城镇新增就业人数年均1.2万人以上`.
            if e - a.len() > start {
                e -= a.len();
                continue;
            }
        }
        break;
    }
    // Keep a kept verb attached to what follows: the subject ends before it
    // only when nothing was stripped after it.
    pre.subject_end = e;
    pre
}

/// A verb or comparator standing earlier in a clause than the noun before
/// a value (`每千名儿童[至少拥有]儿科执业(助理)医生1.12名`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ClauseVerb {
    /// Where the comparator word (or the verb) starts.
    pub(crate) start: usize,
    /// Where the comparator word ends (the verb, if any, follows).
    pub(crate) end: usize,
    /// Where the verb ends (equal to `end` without a verb).
    pub(crate) verb_end: usize,
    /// The comparator the word implies.
    pub(crate) comparator: Option<Comparator>,
    /// Whether a count verb (拥有, 配备 …) follows.
    pub(crate) count: bool,
}

/// The last chars of the words [`clause_verb`] looks for, collected once.
static CLAUSE_WORD_ENDS: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
    let cmp =
        lexicon::VALUE_VERBS.iter().filter(|(w, k)| k.is_some() && w.len() >= 6).map(|(w, _)| *w);
    let verbs = lexicon::COUNT_VERBS.iter().filter(|(w, _)| w.len() >= 6).map(|(w, _)| *w);
    let mut ends: Vec<char> = cmp.chain(verbs).filter_map(|w| w.chars().next_back()).collect();
    ends.sort_unstable();
    ends.dedup();
    ends
});

/// Finds the last comparator word (至少, 不少于, 不低于 …) or count verb
/// (拥有, 配备 …) in `s[start..end]`.
pub(crate) fn clause_verb(s: &str, start: usize, end: usize) -> Option<ClauseVerb> {
    let t = &s[start..end];
    // One backward scan: at each char that can end a word, try the tables.
    let mut cmp: Option<(usize, &str, Option<Comparator>)> = None;
    let mut verb: Option<(usize, &str)> = None;
    for (i, c) in t.char_indices().rev() {
        if cmp.is_some() && verb.is_some() {
            break;
        }
        // Only a char that ends some word is worth trying the tables at.
        if !CLAUSE_WORD_ENDS.contains(&c) {
            continue;
        }
        let e = i + c.len_utf8();
        let head = &t[..e];
        if cmp.is_none() {
            let found = lexicon::VALUE_VERBS
                .iter()
                .filter(|(w, k)| k.is_some() && w.len() >= 6 && head.ends_with(w))
                .max_by_key(|(w, _)| w.len());
            if let Some(&(w, k)) = found {
                cmp = Some((e - w.len(), w, k));
            }
        }
        if verb.is_none() {
            let found = lexicon::COUNT_VERBS
                .iter()
                .filter(|(w, _)| w.len() >= 6 && head.ends_with(w))
                .max_by_key(|(w, _)| w.len());
            if let Some(&(w, _)) = found {
                verb = Some((e - w.len(), w));
            }
        }
    }
    match (cmp, verb) {
        (Some((p, w, c)), Some((vp, vw))) if vp == p + w.len() => Some(ClauseVerb {
            start: start + p,
            end: start + p + w.len(),
            verb_end: start + vp + vw.len(),
            comparator: c,
            count: true,
        }),
        (Some((p, w, c)), _) => Some(ClauseVerb {
            start: start + p,
            end: start + p + w.len(),
            verb_end: start + p + w.len(),
            comparator: c,
            count: false,
        }),
        (None, Some((vp, vw))) => Some(ClauseVerb {
            start: start + vp,
            end: start + vp,
            verb_end: start + vp + vw.len(),
            comparator: None,
            count: true,
        }),
        (None, None) => None,
    }
}

/// Skips clause openers, scope prefixes and time phrases at the start of
/// `s[start..end]`: the new start.
pub(crate) fn strip_openers(s: &str, mut start: usize, end: usize) -> usize {
    loop {
        let t = &s[start..end];
        if t.is_empty() {
            return start;
        }
        if let Some(n) = time_phrase(t) {
            start += n;
            continue;
        }
        if let Some(w) = lexicon::longest_word_prefix(t, lexicon::SUBJECT_OPENERS) {
            // Keep an opener that is the whole subject's first word of a
            // longer word: `提高妇女…` loses 提高, but `在校女大学生` keeps 在.
            if w == "在" && !t["在".len()..].starts_with(lexicon::ADMIN_AREA_CHARS) {
                return start;
            }
            start += w.len();
            continue;
        }
        if let Some(w) = lexicon::longest_word_prefix(t, lexicon::SCOPE_PREFIXES) {
            if t.len() > w.len() {
                start += w.len();
                continue;
            }
        }
        // A list number or bullet the reading layer left in running text
        // (`5.纳入国家免疫规划的疫苗接种率`, `●优良天数`).
        if let Some(n) = crate::numbering::parse(t).filter(|n| n.len < t.len()) {
            start += n.len;
            continue;
        }
        let c = t.chars().next().expect("t is not empty");
        if matches!(c, '、' | '—' | '-' | '“' | '”' | '"' | ' ' | '(' | ')' | '‘' | '’')
            && !paren_opens_name(t)
            || lexicon::BULLETS.contains(&c)
        {
            start += c.len_utf8();
            continue;
        }
        return start;
    }
}

/// `(社区)` at a name start is part of the name only after a word; a
/// leading `(` with no closing `)` is noise.
fn paren_opens_name(t: &str) -> bool {
    t.starts_with('(') && t.contains(')')
}

/// Cuts the value's own time off the end of `s[start..end]`: `下降到2020年的`
/// → `下降到`, `由2020年底的` → `由`. Returns the new end.
pub(crate) fn strip_value_time(s: &str, start: usize, end: usize) -> usize {
    let t = &s[start..end];
    let Some(y) = t.strip_suffix('的') else { return end };
    let y = y.strip_suffix(lexicon::YEAR_END_CHARS).unwrap_or(y);
    let Some(y) = y.strip_suffix('年') else { return end };
    let digits = y.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 4 && y.len() > 4 {
        start + y.len() - 4
    } else {
        end
    }
}

/// Where a subject ends in a starting point for the value that follows:
/// `农村卫生厕所普及率由` → the offset of `由` (also `从`). The value's own
/// time (`由2020年的`) is cut first with [`strip_value_time`].
pub(crate) fn from_marker(s: &str, start: usize, end: usize) -> Option<usize> {
    // The subject may stand in the clause before: `人均预期寿命…，从76.34岁提高至…`.
    let marker = s[start..end].strip_suffix(lexicon::FROM_MARKERS)?;
    Some(start + marker.len())
}

/// Where a count that ends `s[start..end]` starts (`普通本专科女生1376万人`),
/// when a noun stands before it.
pub(crate) fn count_at_end(s: &str, start: usize, end: usize) -> Option<usize> {
    let t = &s[start..end];
    let digits_end = t.rfind(|c: char| c.is_ascii_digit())? + 1;
    let unit = &t[digits_end..];
    let (u, len) = crate::value::unit_at(unit)?;
    if len != unit.len() || u.class() != crate::model::UnitClass::Count {
        return None;
    }
    let num_start = t[..digits_end]
        .rfind(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map_or(0, |p| p + t[p..].chars().next().map_or(1, char::len_utf8));
    (num_start > 0).then_some(start + num_start)
}

/// A subject without what a clause says of it at its end (`…的比例较大`,
/// `…比例相对偏低`).
pub(crate) fn strip_evaluation(t: &str) -> &str {
    let mut t = t;
    while let Some(w) = lexicon::EVALUATIONS.iter().find(|w| t.ends_with(**w) && t.len() > w.len())
    {
        t = &t[..t.len() - w.len()];
    }
    t
}

/// Whether a subject only refers to a plan and what it says (`远高于《纲要》“`,
/// `《纲要》“`): titles, quote marks and comparison words, nothing measured.
pub(crate) fn only_reference(t: &str) -> bool {
    if !t.contains('《') {
        return false;
    }
    let mut rest = String::with_capacity(t.len());
    let mut depth = 0;
    for c in t.chars() {
        match c {
            '《' => depth += 1,
            '》' => depth = (depth as i32 - 1).max(0) as u32,
            _ if depth > 0 => {}
            '“' | '”' | '"' | '‘' | '’' => {}
            c => rest.push(c),
        }
    }
    let mut r = rest.as_str();
    while let Some(w) =
        lexicon::REFERENCE_WORDS.iter().find(|w| r.starts_with(**w) || r.ends_with(**w))
    {
        r = r.strip_prefix(w).unwrap_or(r);
        r = r.strip_suffix(w).unwrap_or(r);
    }
    r.is_empty()
}

/// Where the last of `words` inside `s[start..end]` ends, when text stands
/// after it.
pub(crate) fn last_word_end(s: &str, start: usize, end: usize, words: &[&str]) -> Option<usize> {
    let t = &s[start..end];
    words
        .iter()
        .filter_map(|w| t.rfind(w).map(|p| p + w.len()))
        .filter(|&e| e < t.len())
        .max()
        .map(|e| start + e)
}

/// Where the last value verb of two chars or more inside `s[start..end]`
/// ends, when text stands after it.
pub(crate) fn last_value_verb_end(s: &str, start: usize, end: usize) -> Option<usize> {
    let t = &s[start..end];
    lexicon::VALUE_VERBS
        .iter()
        .filter(|(w, _)| w.chars().count() >= 2)
        .filter_map(|(w, _)| t.rfind(w).map(|p| p + w.len()))
        .filter(|&e| e < t.len())
        .max()
        .map(|e| start + e)
}

/// Where the last year to reach inside `s[start..end]` ends (`到2020年`,
/// `至2025年底`), when text stands before it.
pub(crate) fn last_target_year_end(s: &str, start: usize, end: usize) -> Option<usize> {
    let t = &s[start..end];
    let mut found = None;
    for opener in ["到", "至"] {
        let mut from = 0;
        while let Some(p) = t[from..].find(opener) {
            let at = from + p;
            let after = &t[at + opener.len()..];
            let b = after.as_bytes();
            if at > 0
                && b.len() > 4
                && b[..4].iter().all(u8::is_ascii_digit)
                && after[4..].starts_with('年')
            {
                let e = at + opener.len() + 4 + '年'.len_utf8();
                if e < t.len() {
                    found = found.max(Some(start + e));
                }
            }
            from = at + opener.len();
        }
    }
    found
}

/// Where a time phrase that ends `s[start..end]` starts (`在2015年至2020年`,
/// `2020年`, `于2025年前`), when text stands before it.
pub(crate) fn time_phrase_start(s: &str, start: usize, end: usize) -> Option<usize> {
    let t = &s[start..end];
    // The first year of the tail: four digits and 年, with nothing but
    // years, range marks and time words after it.
    let b = t.as_bytes();
    let mut i = 0;
    while i + 4 < b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && t[i + 4..].starts_with('年')
        {
            let tail = &t[i..];
            let only_time =
                tail.chars().all(|c| c.is_ascii_digit() || lexicon::TIME_PHRASE_CHARS.contains(&c));
            if only_time {
                let mut p = i;
                if let Some(opener) = lexicon::TIME_OPENERS.iter().find(|o| t[..p].ends_with(**o)) {
                    p -= opener.len();
                }
                return (p > 0).then_some(start + p);
            }
        }
        i += 1;
    }
    None
}

/// Cuts adverbial phrases off the end of a subject: a unit of account
/// (`以乡镇为单位`, `以2020年为基数`) and a comparison base (`比2020年`,
/// `较上年`). Returns the new end.
pub(crate) fn strip_adverbials(s: &str, start: usize, end: usize) -> usize {
    let t = &s[start..end];
    for tail in lexicon::ACCOUNT_TAILS {
        if let Some(head) = t.strip_suffix(tail) {
            if let Some(p) = head.rfind('以') {
                if p > 0 {
                    return start + p;
                }
            }
        }
    }
    for &base in lexicon::COMPARISON_WORDS {
        if let Some(p) = t.rfind(base) {
            let tail = &t[p + base.len_utf8()..];
            let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
            let is_base = (digits == 4
                && tail[4..].trim_end_matches(lexicon::YEAR_END_CHARS) == "年")
                || lexicon::BASE_PERIODS.contains(&tail);
            // `比2020年提高2个百分点` alone names no subject: the previous
            // clause's does.
            if is_base {
                // An adverb before the base goes with it: `两项指标均比2020年`.
                let head = &t[..p];
                let adverb = lexicon::longest_word_suffix(head, lexicon::PRE_VERB_ADVERBS);
                return start + p - adverb.filter(|a| a.len() < head.len()).map_or(0, str::len);
            }
        }
    }
    end
}

/// Strips adverbs and opener verbs from the end of `s[start..end]` (for a
/// subject written after its value: `区党政工作部门力争[一半以上的…]`).
pub(crate) fn strip_trailing_adverbs(s: &str, start: usize, mut end: usize) -> usize {
    loop {
        let t = &s[start..end];
        match lexicon::longest_word_suffix(t, lexicon::PRE_VERB_ADVERBS)
            .or_else(|| lexicon::longest_word_suffix(t, lexicon::SUBJECT_OPENERS))
        {
            Some(w) if !w.is_empty() => end -= w.len(),
            _ => return end,
        }
    }
}

/// The byte length of a time phrase at the start of `t`: `到2025年`,
/// `2025年`, `到2030年末`, `到“十四五”末`.
fn time_phrase(t: &str) -> Option<usize> {
    // The plan's own period: `规划周期内从业女性…`.
    for p in lexicon::PLAN_PERIOD_PHRASES {
        if let Some(rest) = t.strip_prefix(p) {
            let comma = rest.chars().next().filter(|c| matches!(c, '，' | ','));
            return Some(p.len() + comma.map_or(0, char::len_utf8));
        }
    }
    let mut i = 0;
    for p in lexicon::TIME_OPENERS {
        if t.starts_with(p) {
            i = p.len();
            break;
        }
    }
    let digits = t[i..].bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits == 4 && t[i + 4..].starts_with('年') {
        i += 4 + "年".len();
        for suffix in lexicon::TIME_SUFFIXES {
            if t[i..].starts_with(suffix) {
                i += suffix.len();
            }
        }
        return Some(i);
    }
    None
}

/// The year a time phrase states, when `t` starts with one.
pub(crate) fn starts_with_time(t: &str) -> bool {
    time_phrase(t).is_some()
}

/// The object after a counted value (`1所[政府举办、标准化妇幼保健机构]`):
/// its end, or `None` when nothing but punctuation follows.
pub(crate) fn object_after(s: &str, start: usize, clause_end: usize) -> Option<usize> {
    let t = &s[start..clause_end];
    let c = t.chars().next()?;
    if !is_cjk(c) {
        return None;
    }
    let end = t.find(['，', ',', '。', ';', '；', ':', '：', '!', '?']).unwrap_or(t.len());
    let obj = &t[..end];
    // Stop before a purpose clause: `…机构，确保…` is already cut; `…人员确保…`
    // is rare enough to leave.
    (!obj.is_empty()).then_some(start + obj.len())
}

/// The subject written after a percentage (`70%以上的[妇女在35—45岁接受宫颈癌筛查]`):
/// the pieces of a name, in order, as folded ranges, plus a trailing word.
pub(crate) fn subject_after_value(
    s: &str,
    start: usize,
    clause_end: usize,
) -> Option<Vec<(usize, usize)>> {
    let t = &s[start..clause_end];
    let rest = t.strip_prefix('的')?;
    let base = start + '的'.len_utf8();
    if rest.is_empty() {
        return None;
    }
    // `妇女在35—45岁接受…` → `35—45岁` + `妇女` + `接受…`.
    if let Some(at) = rest.find('在') {
        let after_at = &rest[at + '在'.len_utf8()..];
        if let Some(sui) = after_at.find('岁') {
            let age_end = sui + '岁'.len_utf8();
            if after_at[..sui].bytes().all(|b| b.is_ascii_digit() || b >= 0x80) && sui > 0 {
                let age = (base + at + '在'.len_utf8(), base + at + '在'.len_utf8() + age_end);
                let who = (base, base + at);
                let what = (age.1, base + rest.len());
                return Some(vec![age, who, what]);
            }
        }
    }
    Some(vec![(base, base + rest.len())])
}

/// Splits a coordinated subject on `、`, `和`, `及`, `与`: the parts.
pub(crate) fn coordinated_parts(s: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut part_start = start;
    for (i, c) in s[start..end].char_indices() {
        if lexicon::COORDINATORS.contains(&c) {
            let at = start + i;
            if at > part_start {
                parts.push((part_start, at));
            }
            part_start = at + c.len_utf8();
        }
    }
    if end > part_start {
        parts.push((part_start, end));
    }
    parts
}

/// The head of a name (`5岁以下儿童死亡率` → `死亡率`): its start.
pub(crate) fn head_start(s: &str, start: usize, end: usize) -> Option<usize> {
    let t = &s[start..end];
    let h = lexicon::longest_word_suffix(t, lexicon::HEADS)?;
    (t.len() > h.len()).then_some(end - h.len())
}

/// Whether the name `s[start..end]` ends in an indicator head (率, 比例 …).
pub(crate) fn has_head(s: &str, start: usize, end: usize) -> bool {
    lexicon::longest_word_suffix(&s[start..end], lexicon::HEADS).is_some()
}

/// The population a name starts with (`孕产妇住院分娩率` → `孕产妇`).
pub(crate) fn population_prefix(t: &str) -> Option<&'static str> {
    lexicon::longest_word_prefix(t, lexicon::POPULATIONS)
}

/// Whether a subject already names a ratio (`男女厕位比例`).
pub(crate) fn has_ratio_word(t: &str) -> bool {
    t.contains('比')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_times() {
        fn cut(t: &str) -> &str {
            &t[..strip_value_time(t, 0, t.len())]
        }
        assert_eq!(cut("下降到2020年的"), "下降到");
        assert_eq!(cut("由2020年底的"), "由");
        assert_eq!(cut("提高到2025年"), "提高到2025年");
        assert_eq!(cut("2020年的"), "2020年的");
        assert_eq!(cut("普及率的"), "普及率的");
    }

    #[test]
    fn from_markers() {
        let cases = [
            ("农村卫生厕所普及率由2020年的", Some("农村卫生厕所普及率")),
            ("人均预期寿命从", Some("人均预期寿命")),
            ("普及率由2020年底的", Some("普及率")),
            // The subject may stand in the clause before: `…，从76.34岁提高至…`.
            ("由", Some("")),
            ("普及率达到", None),
            ("从业人员比例", None),
        ];
        for (t, want) in cases {
            let end = strip_value_time(t, 0, t.len());
            assert_eq!(from_marker(t, 0, end).map(|e| &t[..e]), want, "{t}");
        }
    }

    fn subject(pre: &str) -> (&str, Option<Comparator>) {
        let p = split_pre(pre, 0, pre.len());
        let end = strip_adverbials(pre, 0, p.subject_end);
        let start = strip_openers(pre, 0, end);
        (&pre[start..end], p.comparator)
    }

    #[test]
    fn subjects() {
        use Comparator::*;
        const CASES: &[(&str, &str, Option<Comparator>)] = &[
            ("孕产妇死亡率下降到", "孕产妇死亡率", None),
            ("村委会成员中女性比例力争达到", "村委会成员中女性比例", None),
            ("女生高中阶段教育毛入学率达到并保持在", "女生高中阶段教育毛入学率", None),
            ("小学、初中阶段净入学率均保持在", "小学、初中阶段净入学率", None),
            ("全县婚前医学检查率提高到", "婚前医学检查率", None),
            ("女厕位与男厕位的比例不小于", "女厕位与男厕位的比例", Some(Ge)),
            ("村（社区）“两委”班子成员中至少有", "村（社区）“两委”班子成员中", Some(Ge)),
            ("确保县建设", "县", None),
            ("每年至少刊出/播出", "每年", Some(Ge)),
            ("千兆宽带网络家庭普及率超过", "千兆宽带网络家庭普及率", Some(Gt)),
            ("艾滋病母婴传播率低于", "艾滋病母婴传播率", Some(Lt)),
            ("妇女村民代表占村民代表会议组成人员的", "妇女村民代表占村民代表会议组成人员的", None),
            ("到2025年，提高农村卫生厕所普及率", "农村卫生厕所普及率", None),
            ("免费婚检率", "免费婚检率", None),
            ("在校女大学生心理健康核心知识知晓率", "在校女大学生心理健康核心知识知晓率", None),
            (
                "适龄儿童免疫规划疫苗接种率以乡镇(街道)为单位保持在",
                "适龄儿童免疫规划疫苗接种率",
                None,
            ),
            ("人均受教育年限比2020年提高", "人均受教育年限", None),
        ];
        for &(pre, want, cmp) in CASES {
            assert_eq!(subject(pre), (want, cmp), "{pre}");
        }
    }

    #[test]
    fn kept_count_verb() {
        let pre = "每年至少开展";
        let p = split_pre(pre, 0, pre.len());
        assert!(p.count_verb);
        assert_eq!(p.kept_verb.map(|(a, b)| &pre[a..b]), Some("开展"));
        assert_eq!(p.comparator, Some(Comparator::Ge));
    }

    #[test]
    fn subject_after_a_percentage() {
        let s = "70%以上的妇女在35—45岁接受宫颈癌筛查";
        let start = s.find('的').unwrap();
        let parts = subject_after_value(s, start, s.len()).unwrap();
        let name: String = parts.iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(name, "35—45岁妇女接受宫颈癌筛查");
    }

    #[test]
    fn coordinated() {
        let s = "孕产妇、婴儿和5岁以下儿童死亡率";
        let parts: Vec<&str> =
            coordinated_parts(s, 0, s.len()).iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(parts, vec!["孕产妇", "婴儿", "5岁以下儿童死亡率"]);
        let last = "5岁以下儿童死亡率";
        assert_eq!(head_start(last, 0, last.len()).map(|h| &last[h..]), Some("死亡率"));
    }
}
