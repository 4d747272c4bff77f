//! Char classes and char boundaries used across the crate.
//!
//! A leaf: this module imports nothing from the crate, so any module may use
//! it without creating an import cycle.

/// Whether `c` is a CJK ideograph (the unified ideographs, extension A,
/// the compatibility ideographs and the supplementary planes' extensions).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// Whether `c` is a char of a Chinese number word (〇 … 九, 两, 十, 百, 千,
/// 万, 亿) or of an ordinal or distributive before one (第, 每): a numeral
/// right after it is part of that word, not a count of its own.
pub(crate) fn is_cjk_numeral_char(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
            | '第'
            | '每'
    )
}

/// The largest char boundary of `s` at or before `i` (`s.len()` when `i` is
/// past the end).
pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `s` at or after `i` (`s.len()` when `i` is
/// past the end).
pub(crate) fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk() {
        const CASES: &[(char, bool)] = &[
            ('妇', true),
            ('㐀', true),
            ('婦', true),
            ('𠀀', true),
            ('。', false),
            ('，', false),
            ('a', false),
            ('１', false),
            ('①', false),
        ];
        for &(c, want) in CASES {
            assert_eq!(is_cjk(c), want, "{c}");
        }
    }

    #[test]
    fn numeral_chars() {
        for c in "〇零一二两三四五六七八九十百千万亿第每".chars() {
            assert!(is_cjk_numeral_char(c), "{c}");
        }
        for c in "所名个年半分之a1".chars() {
            assert!(!is_cjk_numeral_char(c), "{c}");
        }
    }

    #[test]
    fn boundaries() {
        let s = "a妇女b";
        // (offset, floor, ceil): 妇 is bytes 1..4, 女 4..7.
        const CASES: &[(usize, usize, usize)] =
            &[(0, 0, 0), (1, 1, 1), (2, 1, 4), (3, 1, 4), (4, 4, 4), (8, 8, 8), (99, 8, 8)];
        for &(i, floor, ceil) in CASES {
            assert_eq!(floor_char_boundary(s, i), floor, "{i}");
            assert_eq!(ceil_char_boundary(s, i), ceil, "{i}");
        }
    }
}
