//! Line classification: what a raw line is, before any context.

use std::sync::LazyLock;

use crate::numbering::{self, Numbering};

use crate::lexicon;
use crate::model::{ChapterKind, Domain};
use crate::normalize::fold_str;

/// What a line is on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Only whitespace and markup.
    Blank,
    /// A heading: Chinese numbering, a markdown `#`, or a bare chapter word.
    Heading,
    /// A 主要目标 or 策略措施 label.
    Marker(Block),
    /// A numbered paragraph (1. / （1） / ①).
    Item,
    /// Running text.
    Body,
}

/// A labelled block of a domain chapter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    /// 主要目标.
    Goals,
    /// 策略措施.
    Measures,
}

/// A classified line. Offsets are byte offsets within the line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LineInfo {
    pub(crate) kind: LineKind,
    /// Where the content starts, after indentation, bookmarks and markup.
    pub(crate) content: usize,
    /// The markdown heading level (`##` is 2).
    pub(crate) md_level: Option<u8>,
    /// The numbering at `content`.
    pub(crate) numbering: Option<Numbering>,
    /// The title: after the numbering, without trailing punctuation and
    /// markup, and cut at the first `。` when a body follows on the line.
    pub(crate) title: (usize, usize),
}

impl LineInfo {
    /// Where the text after the numbering starts.
    pub(crate) fn body_start(&self) -> usize {
        self.content + self.numbering.map_or(0, |n| n.len)
    }
}

/// How far into a line a title's end is looked for, in bytes.
const MAX_TITLE_SCAN: usize = 300;

/// The longest title (in bytes) that is checked for being a marker, a bare
/// chapter word or a domain title of an item-numbered heading.
const MAX_TITLE_BYTES: usize = 48;

/// Classifies one raw line (without its `'\n'`).
pub(crate) fn classify(line: &str) -> LineInfo {
    let (content, md_level) = skip_prefix(line);
    let rest = &line[content..];
    // A page number of a PDF conversion (`- 5 -`, `— 12 —`, `·3·`, `第5页`)
    // breaks no sentence: it reads as a blank line.
    if rest.chars().all(|c| is_blank_char(c) || c == '*') || is_page_marker(line) {
        return LineInfo {
            kind: LineKind::Blank,
            content,
            md_level,
            numbering: None,
            title: (content, content),
        };
    }
    let numbering = numbering::parse(rest);
    // An unnumbered, unmarked long line is running text: its title is never
    // read, so it is not looked for.
    if numbering.is_none() && md_level.is_none() && rest.len() > MAX_TITLE_BYTES + 16 {
        return LineInfo {
            kind: LineKind::Body,
            content,
            md_level,
            numbering,
            title: (content, content),
        };
    }
    let after = content + numbering.map_or(0, |n| n.len);
    let title = title_range(line, after);
    let title_text = &line[title.0..title.1];
    let whole_line_is_title = line[title.1..].chars().all(|c| is_blank_char(c) || is_title_end(c));
    // Only a short whole-line title can be a marker, a domain heading or a
    // bare chapter word; fold nothing else.
    let folded = if whole_line_is_title && title_text.len() <= MAX_TITLE_BYTES {
        fold_str(title_text)
    } else {
        String::new()
    };

    let kind = if let Some(block) = marker(&folded, whole_line_is_title) {
        LineKind::Marker(block)
    } else {
        match numbering.map(|n| n.style) {
            Some(s) if s.is_heading() => LineKind::Heading,
            Some(_) if md_level.is_some() => LineKind::Heading,
            // A domain chapter numbered like an item: `1.儿童与健康`.
            Some(_)
                if whole_line_is_title
                    && folded.chars().count() <= 12
                    && domain_of_title(&folded, None).is_some() =>
            {
                LineKind::Heading
            }
            Some(_) => LineKind::Item,
            None if md_level.is_some() => LineKind::Heading,
            None if whole_line_is_title && is_bare_chapter_word(&folded) => LineKind::Heading,
            None => LineKind::Body,
        }
    };
    LineInfo { kind, content, md_level, numbering, title }
}

/// Whether a line's text ends its sentence (its last visible char is a
/// sentence or clause end); an empty text does.
pub(crate) fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '\u{3000}');
    t.chars().next_back().is_none_or(|c| {
        matches!(c, '。' | '!' | '?' | ';' | ':' | '！' | '？' | '；' | '：' | '”' | '…')
    })
}

fn is_page_marker(s: &str) -> bool {
    let t = s.trim_matches(|c: char| is_blank_char(c));
    if t.len() > 24 {
        return false;
    }
    let dash = |c: char| matches!(c, '-' | '—' | '–' | '－' | '·' | '•');
    let inner = t.trim_matches(|c: char| dash(c) || is_blank_char(c));
    let digits = !inner.is_empty()
        && inner.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let wrapped = t.starts_with(dash) && t.ends_with(dash);
    let page = inner.starts_with('第') && inner.ends_with('页');
    (digits && wrapped) || (page && t.chars().count() <= 12)
}

fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{FEFF}'
}

fn is_title_end(c: char) -> bool {
    matches!(c, '。' | '：' | ':' | '.' | '；' | '*' | '#')
}

/// Skips indentation, Word bookmarks, markdown heading marks and bold
/// markers: `(content offset, markdown level)`.
pub(crate) fn skip_prefix(line: &str) -> (usize, Option<u8>) {
    let mut i = 0;
    let mut md_level = None;
    let bytes = line.as_bytes();
    loop {
        let rest = &line[i..];
        if let Some(c) = rest.chars().next().filter(|&c| is_blank_char(c)) {
            i += c.len_utf8();
        } else if rest.starts_with("[bookmark:") {
            match rest.find(']') {
                Some(close) => i += close + 1,
                None => break,
            }
        } else if bytes.get(i) == Some(&b'#') && md_level.is_none() {
            let n = rest.bytes().take_while(|&b| b == b'#').count();
            // `#` must be followed by a space or the content to be a heading mark.
            md_level = Some(n.min(9) as u8);
            i += n;
        } else if rest.starts_with("**") || rest.starts_with("__") {
            i += 2;
        } else if rest.starts_with('>') {
            i += 1;
        } else if let Some(n) = bullet_len(rest) {
            i += n;
        } else {
            break;
        }
    }
    (i, md_level)
}

/// The length of a list bullet (`- `, `* `, `• `) at the start of `s`.
fn bullet_len(s: &str) -> Option<usize> {
    let c = s.chars().next()?;
    let needs_space = matches!(c, '-' | '*' | '+');
    if !(needs_space || lexicon::BULLETS.contains(&c)) {
        return None;
    }
    let after = &s[c.len_utf8()..];
    let space = after.chars().next().filter(|&c| c.is_whitespace());
    match (needs_space, space) {
        (true, None) => None,
        (_, Some(sp)) => Some(c.len_utf8() + sp.len_utf8()),
        (false, None) => Some(c.len_utf8()),
    }
}

/// The title range of a line whose text after the numbering starts at
/// `start`.
fn title_range(line: &str, start: usize) -> (usize, usize) {
    let mut start = start;
    while line[start..].starts_with("**") {
        start += 2;
    }
    // A title is short: look for its end in the first bytes only, so a long
    // paragraph costs no full scan.
    let rest = &line[start..crate::chars::floor_char_boundary(line, start + MAX_TITLE_SCAN)];
    // A body on the same line: `（一）坚持党的全面领导。坚持以…`.
    let mut end = start + first_stop(rest);
    // Bold title followed by body: `**（一）坚持党的全面领导。**坚持…` is
    // caught above; `**指导思想**以…` ends at the closing marker.
    if memchr::memchr(b'*', &line.as_bytes()[start..end]).is_some() {
        if let Some(close) = line[start..end].find("**") {
            end = start + close;
        }
    }
    let title = line[start..end].trim_end_matches(|c: char| is_blank_char(c) || is_title_end(c));
    (start, start + title.len())
}

/// The offset of the first `。` or `；` in `s`, else its length. The two
/// chars are found by their lead bytes (`memchr2`), which are rarer in
/// Chinese text than the last bytes `str::find` would search for.
fn first_stop(s: &str) -> usize {
    let b = s.as_bytes();
    let mut at = 0;
    while let Some(p) = memchr::memchr2(0xE3, 0xEF, &b[at..]) {
        let i = at + p;
        match b.get(i..i + 3) {
            Some([0xE3, 0x80, 0x82] | [0xEF, 0xBC, 0x9B]) => return i,
            _ => at = i + 1,
        }
    }
    b.len()
}

fn marker(folded: &str, whole_line: bool) -> Option<Block> {
    if !whole_line || folded.chars().count() > 8 {
        return None;
    }
    if lexicon::GOAL_MARKERS.contains(&folded) {
        Some(Block::Goals)
    } else if lexicon::MEASURE_MARKERS.contains(&folded) {
        Some(Block::Measures)
    } else {
        None
    }
}

fn is_bare_chapter_word(folded: &str) -> bool {
    folded.chars().count() <= 8
        && lexicon::CHAPTER_KINDS.iter().any(|(w, _)| folded == *w || folded.starts_with(w))
}

/// What a chapter is, from its (folded) title.
pub(crate) fn chapter_kind(folded: &str) -> Option<ChapterKind> {
    static WORDS: LazyLock<lexicon::WordSet> = LazyLock::new(|| {
        let words: Vec<&str> = lexicon::CHAPTER_KINDS.iter().map(|&(w, _)| w).collect();
        lexicon::WordSet::new(&words)
    });
    // The first kind of the table whose word occurs.
    let found = WORDS.found(folded);
    (found != 0).then(|| lexicon::CHAPTER_KINDS[found.trailing_zeros() as usize].1)
}

/// Which plan vocabulary a population word selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Vocabulary {
    /// 妇女发展规划.
    Women,
    /// 儿童发展规划.
    Children,
}

/// The domain of a domain-chapter title (folded): `妇女与健康`,
/// `妇女参与决策和管理`, `儿童与安全`, `妇女与健康：保障…`, or a bare
/// domain word. `default` is the document's vocabulary for titles that name
/// no population.
pub(crate) fn domain_of_title(folded: &str, default: Option<Vocabulary>) -> Option<Domain> {
    let strip = |words: &[&str]| words.iter().find_map(|w| folded.strip_prefix(w));
    let (vocab, rest) = if let Some(r) = strip(lexicon::WOMEN_TITLE_WORDS) {
        (Vocabulary::Women, r)
    } else if let Some(r) = strip(lexicon::CHILDREN_TITLE_WORDS) {
        (Vocabulary::Children, r)
    } else {
        // A bare domain word: `（一）健康`. Must be the whole title.
        let vocab = default.unwrap_or(Vocabulary::Women);
        let table = vocab_table(vocab);
        let (word, domain) = lexicon::longest_prefix(folded, table)?;
        let tail = &folded[word.len()..];
        let whole = tail.is_empty() || lexicon::DOMAIN_TAILS.contains(&tail);
        return whole.then_some(domain);
    };
    let stripped = lexicon::DOMAIN_CONNECTORS.iter().find_map(|p| rest.strip_prefix(p));
    let connector = stripped.is_some();
    let rest = stripped.unwrap_or(rest);
    let rest = rest.strip_prefix("参与").unwrap_or(rest);
    let (word, domain) = lexicon::longest_prefix(rest, vocab_table(vocab))?;
    let tail = &rest[word.len()..];
    // `妇女健康意识普遍增强` is a sentence, not a chapter: without 与/参与 the
    // domain word must end the title.
    let ends = tail.is_empty()
        || tail.starts_with([':', '：', '(', '（'])
        || lexicon::DOMAIN_TAILS.contains(&tail);
    (connector || ends).then_some(domain)
}

fn vocab_table(v: Vocabulary) -> &'static [(&'static str, Domain)] {
    match v {
        Vocabulary::Women => lexicon::WOMEN_DOMAINS,
        Vocabulary::Children => lexicon::CHILDREN_DOMAINS,
    }
}

/// The canonical order of domains in a vocabulary.
pub(crate) fn domain_order(v: Vocabulary) -> impl Iterator<Item = Domain> {
    vocab_table(v).iter().map(|&(_, d)| d)
}

/// The vocabulary a domain belongs to (健康, 教育 and 环境 are in both).
pub(crate) fn vocabulary_of(d: Domain) -> Option<Vocabulary> {
    match d {
        Domain::Economy
        | Domain::Decision
        | Domain::SocialSecurity
        | Domain::Family
        | Domain::Law => Some(Vocabulary::Women),
        Domain::Safety | Domain::Welfare | Domain::ChildFamily | Domain::LegalProtection => {
            Some(Vocabulary::Children)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_stop_finds_the_first_full_stop_or_semicolon() {
        for s in
            ["坚持党的全面领导。坚持以", "一是；二是。", "（一）妇女与健康", "", "a。", "，。；"]
        {
            let want = s.find(['。', '；']).unwrap_or(s.len());
            assert_eq!(first_stop(s), want, "{s}");
        }
    }

    fn kind(line: &str) -> LineKind {
        classify(line).kind
    }

    fn title(line: &str) -> &str {
        let info = classify(line);
        &line[info.title.0..info.title.1]
    }

    #[test]
    fn kinds() {
        use LineKind::*;
        const CASES: &[(&str, LineKind)] = &[
            ("", Blank),
            ("   \u{3000}", Blank),
            ("[bookmark: _Toc10227]一、指导思想、基本原则和总体目标", Heading),
            ("（一）妇女与健康。", Heading),
            ("## **一、指导思想、基本原则和总体目标**", Heading),
            ("#### **主要目标：**", Marker(Block::Goals)),
            (" 主要目标:", Marker(Block::Goals)),
            ("    策略措施：", Marker(Block::Measures)),
            ("1.．加大面向妇女的健康知识宣传力度。", Item),
            ("11.11．支持并引导妇女", Item),
            ("前    言", Heading),
            ("# 吉县妇女发展“十四五”规划", Heading),
            ("上升趋势减缓。", Body),
            ("1.儿童与健康", Heading),
            ("**（一）坚持党的全面领导。**坚持以习近平", Heading),
            ("7.．妇女健康意识普遍增强，逐步提高疾病预防能力。", Item),
            ("- 1.完善保障妇女权益", Item),
            ("-1.5%的", Body),
            ("- 12 -", Blank),
            ("— 5 —", Blank),
            ("第3页", Blank),
            ("\t1", Body),
        ];
        for &(line, want) in CASES {
            assert_eq!(kind(line), want, "{line:?}");
        }
    }

    #[test]
    fn titles() {
        const CASES: &[(&str, &str)] = &[
            ("（一）妇女与健康。", "妇女与健康"),
            ("[bookmark: _Toc1]（二）妇女与教育", "妇女与教育"),
            ("### **（一）妇女与健康**", "妇女与健康"),
            ("（一）坚持党的全面领导。坚持以习近平新时代", "坚持党的全面领导"),
            ("**（一）坚持党的全面领导。**坚持以习近平", "坚持党的全面领导"),
            (
                "（一）妇女与健康：保障妇女全生命周期享有良好的卫生健康服务",
                "妇女与健康：保障妇女全生命周期享有良好的卫生健康服务",
            ),
        ];
        for &(line, want) in CASES {
            assert_eq!(title(line), want, "{line:?}");
        }
    }

    #[test]
    fn domains() {
        use Domain::*;
        const CASES: &[(&str, Option<Domain>)] = &[
            ("妇女与健康", Some(Health)),
            ("妇女参与决策和管理", Some(Decision)),
            ("妇女与决策和管理:保障妇女多元途径参与决策管理", Some(Decision)),
            ("妇女与家庭", Some(Family)),
            ("妇女与家庭建设", Some(Family)),
            ("妇女与社会保障", Some(SocialSecurity)),
            ("儿童与家庭", Some(ChildFamily)),
            ("儿童与安全", Some(Safety)),
            ("儿童与福利", Some(Welfare)),
            ("儿童与法律保护", Some(LegalProtection)),
            ("妇幼健康保护工程", None),
            ("妇女健康意识普遍增强,逐步提高疾病预防能力", None),
            ("妇女健康", Some(Health)),
            ("健康", Some(Health)),
            ("健康乳源建设", None),
            ("指导思想", None),
        ];
        for &(title, want) in CASES {
            assert_eq!(domain_of_title(title, None), want, "{title}");
        }
    }
}
