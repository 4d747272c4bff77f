//! Document metadata: the plan's title, issuing region and its level, plan
//! type, period, issue date and the higher-level plans it cites. Facts the
//! text does not state are `None`, never guessed.

use crate::lexicon;
pub use crate::model::Level;
use crate::normalize::fold_str;
use crate::span::LineIndex;

/// A plan the document cites (《通化市妇女发展规划（2021—2030年）》).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct CitedPlan {
    /// The title inside the book-title marks.
    pub title: String,
    /// Its issuing region, when the title names one.
    pub region: Option<String>,
    /// Its level.
    pub level: Option<Level>,
    /// Its period as inclusive years.
    pub period: Option<(u16, u16)>,
}

/// What a document says about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Metadata {
    /// The plan's title (without book-title marks or 征求意见稿 notes).
    pub title: Option<String>,
    /// The issuing region, innermost (淮阴区).
    pub region: Option<String>,
    /// Its level.
    pub level: Option<Level>,
    /// The enclosing region the title names (淮安市 for 淮安市淮阴区).
    pub parent_region: Option<String>,
    /// The plan type: the title without region, period and five-year-plan
    /// number (妇女发展规划, 儿童发展规划, 卫生健康事业发展规划 …).
    pub plan_type: Option<String>,
    /// The five-year plan the title names (十四五 → 14).
    pub five_year_plan: Option<u8>,
    /// The plan period as inclusive years.
    pub period: Option<(u16, u16)>,
    /// The issue date when stated (`2022-11-04`).
    pub issued: Option<String>,
    /// Higher-level plans the document cites (plans of a region above the
    /// document's own, or of any named region when the document's level is
    /// unknown), in order of first mention.
    pub cited: Vec<CitedPlan>,
}

/// How far into a document a title is looked for, in bytes.
const HEAD_BYTES: usize = 6000;

/// Reads the metadata of `text`.
pub(crate) fn read(text: &str, index: &LineIndex) -> Metadata {
    let head = &text[..crate::chars::floor_char_boundary(text, HEAD_BYTES)];
    let head_folded = fold_str(head);
    let titles = book_titles(text);
    let title = title_of(text, &head_folded, &titles);
    let mut m = Metadata { title: title.clone(), ..Metadata::default() };
    if let Some(t) = &title {
        let parsed = parse_plan_title(t);
        m.region = parsed.regions.last().cloned();
        m.parent_region = parsed.regions.len().checked_sub(2).map(|i| parsed.regions[i].clone());
        m.level = parsed.level;
        m.plan_type = parsed.plan_type;
        m.five_year_plan = parsed.five_year_plan;
        m.period = parsed.period;
    }
    if m.title.is_none() {
        // No title: the text may still say which level speaks (我县, 本区)
        // and name its own region (加强规划与乳源经济和社会发展规划的衔接).
        m.level = self_level(text);
        m.region = self_region(text);
    }
    m.issued = issue_date(text, index);
    let own_rank = m.level.map(Level::rank);
    for cited in titles {
        if !is_plan_title(&cited) {
            continue;
        }
        let p = parse_plan_title(&cited);
        let higher = match (p.level, own_rank) {
            (Some(l), Some(own)) => l.rank() < own,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if !higher {
            continue;
        }
        // The same plan cited with and without its period is one plan.
        let key = plan_key(&cited);
        let same = |c: &CitedPlan| {
            plan_key(&c.title) == key
                && (c.period == p.period || c.period.is_none() || p.period.is_none())
        };
        match m.cited.iter_mut().find(|c| same(c)) {
            Some(c) if c.period.is_none() && p.period.is_some() => {
                *c = CitedPlan {
                    region: p.regions.last().cloned(),
                    level: p.level,
                    period: p.period,
                    title: cited,
                };
            }
            Some(_) => {}
            None => m.cited.push(CitedPlan {
                region: p.regions.last().cloned(),
                level: p.level,
                period: p.period,
                title: cited,
            }),
        }
    }
    m
}

/// A title without its period and punctuation, to tell repeated citations.
fn plan_key(t: &str) -> String {
    let f = fold_str(t);
    let f = match f.find('(') {
        Some(p) => &f[..p],
        None => &f,
    };
    f.chars().filter(|c| !matches!(c, '“' | '”' | '"')).collect()
}

fn is_plan_title(t: &str) -> bool {
    lexicon::PLAN_TITLE_WORDS.iter().any(|w| t.contains(w))
        && !t.contains("办法")
        && !t.ends_with('法')
}

/// Every 《…》 in the text, with line breaks and spaces inside removed.
fn book_titles(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for open in memchr::memmem::find_iter(text.as_bytes(), "《".as_bytes()) {
        let after = &text[open + '《'.len_utf8()..];
        // Nested 〈〉 stay inside; a title is at most a few lines long.
        let window = &after[..crate::chars::floor_char_boundary(after, 300)];
        let Some(close) = window.find('》') else { continue };
        let t: String =
            after[..close].chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}').collect();
        if !t.is_empty() {
            out.push(t);
        }
    }
    out
}

/// The document's own title: `关于印发《X》的通知`, a markdown `#` heading or
/// a leading title line, or `特制定《X》` in the preface.
fn title_of(text: &str, head_folded: &str, titles: &[String]) -> Option<String> {
    // 关于印发《X》的通知 (the marks may span lines).
    for key in lexicon::ISSUING_WORDS {
        if let Some(p) = head_folded.find(key) {
            let after = &head_folded[p + key.len()..];
            if let Some(close) = after.find('》') {
                let t = &after[..close];
                if is_plan_title(t) && t.chars().count() <= 80 {
                    return Some(restore_title(titles, t));
                }
            }
        }
    }
    // A leading title line before any numbered heading.
    for line in text.lines().take(12) {
        let t = line.trim_matches(|c: char| {
            c.is_whitespace() || c == '#' || c == '*' || c == '\u{3000}' || c == '\u{feff}'
        });
        if t.is_empty() {
            continue;
        }
        // A paragraph, not a title: stop looking.
        if t.len() > 240 {
            break;
        }
        let folded = fold_str(t);
        if crate::numbering::parse(&folded).is_some() || folded.contains('。') {
            break;
        }
        if is_plan_title(&folded) && folded.chars().count() <= 60 {
            return Some(strip_draft_notes(t));
        }
    }
    // 特制定《X》 / 制定《X》 in the preface.
    for key in lexicon::DRAFTING_WORDS {
        if let Some(p) = head_folded.find(key) {
            let after = &head_folded[p + key.len()..];
            if let Some(close) = after.find('》') {
                let t = &after[..close];
                if is_plan_title(t) {
                    return Some(restore_title(titles, t));
                }
            }
        }
    }
    None
}

/// The title as written (full-width brackets kept) for a folded title found
/// in the head: the first book title of the text that folds to it.
fn restore_title(titles: &[String], folded: &str) -> String {
    let want: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
    titles.iter().find(|t| fold_str(t) == want).cloned().unwrap_or(want)
}

/// Drops `（征求意见稿）`, `（草案）` and the like from the end of a title.
fn strip_draft_notes(t: &str) -> String {
    let mut t = t.trim().to_string();
    for note in lexicon::DRAFT_NOTES {
        for (open, close) in [("（", "）"), ("(", ")")] {
            let s = format!("{open}{note}{close}");
            if let Some(stripped) = t.strip_suffix(&s) {
                t = stripped.trim_end().to_string();
            }
        }
    }
    t
}

struct ParsedTitle {
    regions: Vec<String>,
    level: Option<Level>,
    plan_type: Option<String>,
    five_year_plan: Option<u8>,
    period: Option<(u16, u16)>,
}

/// Splits a plan title into its region chain, type, five-year plan and period.
fn parse_plan_title(title: &str) -> ParsedTitle {
    let folded = fold_str(title);
    let mut regions = Vec::new();
    let mut level = None;
    let mut rest = folded.as_str();
    for national in lexicon::NATIONAL_NAMES {
        if rest.starts_with(national) {
            level = Some(Level::National);
            break;
        }
    }
    while level != Some(Level::National) {
        let Some((name_len, suffix_level)) = region_at(rest) else { break };
        regions.push(rest[..name_len].to_string());
        level = Some(suffix_level);
        rest = &rest[name_len..];
    }
    let period = period_in(&folded);
    let five_year_plan = five_year_number(&folded);
    // The plan type: what follows the regions, without the period, quotes,
    // the five-year-plan number and draft notes.
    let mut kind = rest.to_string();
    if let Some(p) = kind.find(['(', '（']) {
        kind.truncate(p);
    }
    for fyp in lexicon::FIVE_YEAR_PLAN_MARKS {
        kind = kind.replace(fyp, "");
    }
    let kind = kind.trim_matches(|c: char| c == '"' || c == '“' || c == '”').to_string();
    ParsedTitle {
        regions,
        level,
        plan_type: (!kind.is_empty()).then_some(kind),
        five_year_plan,
        period,
    }
}

/// The byte length of a region name at the start of `s` and its level.
fn region_at(s: &str) -> Option<(usize, Level)> {
    // A name is 1 to 10 chars before a suffix, with no plan word inside.
    for (chars, (i, _)) in s.char_indices().enumerate() {
        if chars > 10 {
            return None;
        }
        if lexicon::REGION_STOP_WORDS.iter().any(|w| s[i..].starts_with(w)) {
            return None;
        }
        if i > 0 {
            if let Some(&(suffix, lvl)) =
                lexicon::REGION_SUFFIXES.iter().find(|(suf, _)| s[i..].starts_with(suf))
            {
                return Some((i + suffix.len(), lvl));
            }
        }
    }
    None
}

/// `（2021—2030年）`, `(2021-2025)`, `2021—2025年` → (2021, 2025); else the
/// period of a named five-year plan.
fn period_in(folded: &str) -> Option<(u16, u16)> {
    let b = folded.as_bytes();
    for i in 0..b.len().saturating_sub(3) {
        let is_year = |j: usize| {
            j + 4 <= b.len()
                && b[j..j + 4].iter().all(u8::is_ascii_digit)
                && (j == 0 || !b[j - 1].is_ascii_digit())
        };
        if !is_year(i) {
            continue;
        }
        let y1: u16 = folded[i..i + 4].parse().ok()?;
        let after = &folded[i + 4..];
        let after = after.strip_prefix('年').unwrap_or(after);
        let dash = after.chars().next()?;
        if !matches!(dash, '—' | '-' | '–' | '~' | '至' | '－') {
            continue;
        }
        let mut rest = &after[dash.len_utf8()..];
        while let Some(r) = rest.strip_prefix('—') {
            rest = r;
        }
        let j = folded.len() - rest.len();
        if is_year(j) {
            let y2: u16 = folded[j..j + 4].parse().ok()?;
            if (1949..=2100).contains(&y1) && y1 <= y2 && y2 - y1 <= 20 {
                return Some((y1, y2));
            }
        }
    }
    five_year_number(folded).map(|n| {
        let start = 1966 + 5 * (n as u16 - 3);
        (start, start + 4)
    })
}

/// The number of a five-year plan named in the title (十四五 → 14).
fn five_year_number(folded: &str) -> Option<u8> {
    lexicon::FIVE_YEAR_PLANS.iter().find(|(w, _)| folded.contains(w)).map(|&(_, n)| n)
}

/// The level a document speaks from when it says 我县/本县, 我区/本区,
/// 我市/本市 or 我省/本省 (at least twice, the most frequent wins).
fn self_level(text: &str) -> Option<Level> {
    // Two words per level, each counted by a SIMD substring search.
    let mut counts = [0usize; lexicon::SELF_REFERENCES.len()];
    for (count, (words, _)) in counts.iter_mut().zip(&lexicon::SELF_REFERENCES) {
        for w in words {
            *count += memchr::memmem::find_iter(text.as_bytes(), w.as_bytes()).count();
        }
    }
    let candidates = counts.iter().zip(lexicon::SELF_REFERENCES.map(|(_, level)| level));
    candidates.filter(|(n, _)| **n >= 2).max_by_key(|(n, _)| **n).map(|(_, l)| l)
}

/// The region a document names as its own in `与X(国民)经济和社会发展规划`.
fn self_region(text: &str) -> Option<String> {
    // Found in the raw text (simplified or traditional); only the few
    // chars before each hit are folded.
    let mut hits: Vec<usize> = lexicon::DEVELOPMENT_PHRASES
        .iter()
        .flat_map(|p| memchr::memmem::find_iter(text.as_bytes(), p.as_bytes()))
        .collect();
    hits.sort_unstable();
    for p in hits {
        let from = crate::chars::floor_char_boundary(text, p.saturating_sub(64));
        let before = fold_str(&text[from..p]);
        let before = before.strip_suffix("国民").unwrap_or(&before);
        let Some(q) = before.rfind('与') else { continue };
        let name = &before[q + '与'.len_utf8()..];
        let n = name.chars().count();
        if (2..=8).contains(&n)
            && name.chars().all(crate::chars::is_cjk)
            && !lexicon::REGION_STOP_WORDS.iter().any(|w| name.contains(w))
        {
            return Some(name.to_string());
        }
    }
    None
}

/// A date on a line of its own near the start or the end (the signature
/// date of a notice): `2022-11-04`.
fn issue_date(text: &str, index: &LineIndex) -> Option<String> {
    let n = index.n_lines() as u32;
    let lines = (1..=n.min(30)).chain(n.saturating_sub(10).max(31)..=n);
    for l in lines {
        let span = index.line_span(l)?;
        // A date line is short; fold nothing longer.
        if span.len() > 64 {
            continue;
        }
        let t = fold_str(&text[span]);
        if let Some(d) = parse_date(&t) {
            return Some(d);
        }
    }
    None
}

fn parse_date(t: &str) -> Option<String> {
    let y = t.get(..4)?.parse::<u16>().ok()?;
    let rest = t[4..].strip_prefix('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, rest) = rest.split_once('日')?;
    let (m, d): (u8, u8) = (m.parse().ok()?, d.parse().ok()?);
    let ok = rest.is_empty()
        && (1949..=2100).contains(&y)
        && (1..=12).contains(&m)
        && (1..=31).contains(&d);
    ok.then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::type_complexity)] // case tables read best written inline
    fn plan_titles() {
        let cases: &[(&str, &[&str], Option<Level>, Option<&str>, Option<(u16, u16)>)] = &[
            (
                "柳河县妇女发展规划（2021—2030年）",
                &["柳河县"],
                Some(Level::County),
                Some("妇女发展规划"),
                Some((2021, 2030)),
            ),
            (
                "淮安市淮阴区妇女发展规划（2021-2025年）",
                &["淮安市", "淮阴区"],
                Some(Level::District),
                Some("妇女发展规划"),
                Some((2021, 2025)),
            ),
            (
                "吉县妇女发展“十四五”规划",
                &["吉县"],
                Some(Level::County),
                Some("妇女发展规划"),
                Some((2021, 2025)),
            ),
            (
                "中国妇女发展纲要（2021—2030年）",
                &[],
                Some(Level::National),
                Some("中国妇女发展纲要"),
                Some((2021, 2030)),
            ),
            (
                "新疆维吾尔自治区妇女发展规划（2021—2025年）",
                &["新疆维吾尔自治区"],
                Some(Level::Province),
                Some("妇女发展规划"),
                Some((2021, 2025)),
            ),
            (
                "昌吉回族自治州妇女发展规划（2021—2025年）",
                &["昌吉回族自治州"],
                Some(Level::City),
                Some("妇女发展规划"),
                Some((2021, 2025)),
            ),
            (
                "某县卫生健康事业发展“十三五”规划",
                &["某县"],
                Some(Level::County),
                Some("卫生健康事业发展规划"),
                Some((2016, 2020)),
            ),
        ];
        for &(t, regions, level, kind, period) in cases {
            let p = parse_plan_title(t);
            assert_eq!(p.regions, regions, "{t}");
            assert_eq!(p.level, level, "{t}");
            assert_eq!(p.plan_type.as_deref(), kind, "{t}");
            assert_eq!(p.period, period, "{t}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2022年11月4日").as_deref(), Some("2022-11-04"));
        assert_eq!(parse_date("2022年11月4日起施行"), None);
        assert_eq!(parse_date("到2025年"), None);
    }

    #[test]
    fn notice_title_across_lines() {
        let text = " 关于印发《呼图壁县妇女发展规划\n\n（2021—2025年）》的通知\n各乡镇：\n  呼图壁县人民政府\n2022年11月4日\n按照《昌吉回族自治州妇女发展规划（2021—2025年）》要求。";
        let m = read(text, &LineIndex::new(text));
        assert_eq!(m.title.as_deref(), Some("呼图壁县妇女发展规划（2021—2025年）"));
        assert_eq!(m.region.as_deref(), Some("呼图壁县"));
        assert_eq!(m.issued.as_deref(), Some("2022-11-04"));
        assert_eq!(m.cited.len(), 1);
        assert_eq!(m.cited[0].region.as_deref(), Some("昌吉回族自治州"));
    }
}
