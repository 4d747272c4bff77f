//! The paragraph gate: which lines can hold a value at all. Only those are
//! folded and scanned, and most lines of a plan (measures, principles) hold
//! none, so the gate must cost little more than reading the bytes.
//!
//! A line can hold a value if it has an ASCII digit, a full-width digit, a
//! fraction or half (分之, 一半, 半数) or a Chinese numeral with a counter
//! (一所, 两名). ASCII digits are found per line by a vectorised byte test;
//! the Chinese value words are found once per document by a multi-pattern
//! search (`aho-corasick`, which uses SIMD prefilters where the CPU has
//! them) for the first char of each word, each hit then checked against the
//! char after it.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// The first chars of the Chinese value words: numerals, 分 (分之) and 半
/// (半数).
const NUMERALS: [&str; 14] =
    ["一", "二", "两", "兩", "三", "四", "五", "六", "七", "八", "九", "十", "分", "半"];

/// The full-width digits, words on their own. They are searched apart from
/// the numerals: two small pattern sets make two fast SIMD passes, one set
/// of 24 a slower pass with many more false candidates.
const FULL_WIDTH_DIGITS: [&str; 10] = ["０", "１", "２", "３", "４", "５", "６", "７", "８", "９"];

fn searcher(patterns: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(patterns)
        .expect("a few short literal patterns always build")
}

static NUMERAL_SEARCH: LazyLock<AhoCorasick> = LazyLock::new(|| searcher(&NUMERALS));
static FULL_WIDTH_SEARCH: LazyLock<AhoCorasick> = LazyLock::new(|| searcher(&FULL_WIDTH_DIGITS));

/// Counters a Chinese numeral counts with in a quantitative target.
fn is_counter(c: char) -> bool {
    matches!(
        c,
        '所' | '个'
            | '個'
            | '名'
            | '家'
            | '场'
            | '場'
            | '位'
            | '张'
            | '張'
            | '座'
            | '处'
            | '處'
            | '间'
            | '間'
            | '支'
    )
}

/// Whether the word starting with `first` continues with `next` into a
/// value word.
fn completes(first: char, next: Option<char>) -> bool {
    match first {
        '０'..='９' => true,
        '分' => next == Some('之'),
        '半' => matches!(next, Some('数' | '數')),
        '一' => next.is_some_and(|c| c == '半' || is_counter(c)),
        _ => next.is_some_and(is_counter),
    }
}

/// The byte offsets of every Chinese value word in `text`, ascending.
pub(crate) fn chinese_value_words(text: &str) -> Vec<usize> {
    let mut at: Vec<usize> = NUMERAL_SEARCH
        .find_iter(text)
        .filter(|m| {
            let first = text[m.start()..].chars().next();
            let next = text[m.end()..].chars().next();
            first.is_some_and(|f| completes(f, next))
        })
        .map(|m| m.start())
        .collect();
    let numerals = at.len();
    at.extend(FULL_WIDTH_SEARCH.find_iter(text).map(|m| m.start()));
    if at.len() > numerals && numerals > 0 {
        at.sort_unstable();
    }
    at
}

/// Whether `bytes` hold an ASCII digit; written as a branch-free fold over
/// chunks so the compiler vectorises it.
pub(crate) fn has_ascii_digit(bytes: &[u8]) -> bool {
    bytes
        .chunks(32)
        .any(|chunk| chunk.iter().fold(false, |acc, b| acc | (b.wrapping_sub(b'0') < 10)))
}

/// The Chinese value words of one document, to ask "does `start..end`
/// hold one" of.
pub(crate) struct Hits {
    at: Vec<usize>,
}

impl Hits {
    pub(crate) fn new(text: &str) -> Self {
        Hits { at: chinese_value_words(text) }
    }

    /// Whether a value word starts in `start..end`.
    pub(crate) fn any_in(&self, start: usize, end: usize) -> bool {
        let i = self.at.partition_point(|&p| p < start);
        self.at.get(i).is_some_and(|&p| p < end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon;

    /// The counter chars are the lexicon's numeral counters and their
    /// traditional forms, written out for speed.
    #[test]
    fn counters_agree_with_the_lexicon() {
        assert!(lexicon::NUMERAL_COUNTERS.iter().all(|w| w.chars().count() == 1));
        for c in (0x3400..0xA000).filter_map(char::from_u32) {
            let s = lexicon::simplified(c).to_string();
            let want = lexicon::NUMERAL_COUNTERS.contains(&s.as_str());
            assert_eq!(is_counter(c), want, "{c}");
        }
    }

    /// The lexicon's halves (一半, 半数) and their traditional forms are
    /// value words.
    #[test]
    fn halves_agree_with_the_lexicon() {
        for w in lexicon::HALF_WORDS.iter().chain(&["半數"]) {
            assert_eq!(chinese_value_words(w), vec![0], "{w}");
        }
    }

    /// The definition the search must agree with, char by char.
    fn reference(s: &str) -> bool {
        let cs: Vec<char> = s.chars().collect();
        (0..cs.len()).any(|i| {
            let first = cs[i].to_string();
            (NUMERALS.contains(&first.as_str()) || FULL_WIDTH_DIGITS.contains(&first.as_str()))
                && completes(cs[i], cs.get(i + 1).copied())
        })
    }

    #[test]
    fn finds_value_words() {
        const CASES: &[(&str, bool)] = &[
            ("达到百分之九十", true),
            ("三分之一以上", true),
            ("一半以上", true),
            ("半数以上", true),
            ("半數以上", true),
            ("办好一所标准化卫生院", true),
            ("至少两名女干部", true),
            ("率达到９５％", true),
            ("設立一個庇護所", true),
            ("妇女发展“十四五”规划", false),
            ("三孩生育政策", false),
            ("一站式服务", false),
            ("部分地区", false),
            ("一", false),
            ("", false),
            ("abc 123", false),
        ];
        for &(s, want) in CASES {
            assert_eq!(!chinese_value_words(s).is_empty(), want, "{s}");
            assert_eq!(reference(s), want, "{s}");
        }
    }

    #[test]
    fn agrees_with_the_reference_on_every_corpus_line() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut lines = 0;
        for entry in std::fs::read_dir(dir).expect("corpus is bundled") {
            let text = std::fs::read_to_string(entry.expect("readable").path()).expect("UTF-8");
            let hits = chinese_value_words(&text);
            let walk = Hits { at: hits };
            let mut start = 0;
            for line in text.split_inclusive('\n') {
                let end = start + line.len();
                assert_eq!(walk.any_in(start, end), reference(line), "{line}");
                start = end;
                lines += 1;
            }
        }
        assert!(lines > 1000);
    }

    #[test]
    fn ranges() {
        let text = "一所学校，然后三名医生";
        let hits = Hits::new(text);
        assert!(hits.any_in(0, 6));
        assert!(!hits.any_in(6, 21));
        assert!(hits.any_in(21, text.len()));
        assert!(!hits.any_in(text.len(), text.len()));
        assert!(hits.any_in(0, text.len()));
    }
}
