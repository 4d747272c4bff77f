//! List and heading numbering: `一、`, `（一）`, `第一章`, `1.`, `1.．`,
//! `11.11．`, `1、`, `（1）`, `①`, and Chinese numerals.

/// A numbering style. Styles are what decide outline levels: the first
/// style seen is level 1, the next new one level 2, and so on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    /// 第一部分, 第一篇.
    Part,
    /// 第一章.
    Chapter,
    /// 第一节.
    Section,
    /// 一、 二、.
    Chinese,
    /// （一） (二).
    ParenChinese,
    /// 1. 1．1、1.．11.11．.
    Arabic,
    /// （1） (1) 1） ⑴.
    ParenArabic,
    /// ① ②.
    Circled,
}

impl Style {
    /// Whether lines numbered this way open a chapter rather than an item.
    pub(crate) fn is_heading(self) -> bool {
        matches!(
            self,
            Style::Part | Style::Chapter | Style::Section | Style::Chinese | Style::ParenChinese
        )
    }
}

/// A numbering found at the start of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Numbering {
    /// The style.
    pub(crate) style: Style,
    /// The number (the first one, when a number is typed twice: `8.7．` is 8).
    pub(crate) number: u32,
    /// The byte length of the numbering, trailing spaces included.
    pub(crate) len: usize,
}

/// Parses the numbering at the start of `s`.
pub(crate) fn parse(s: &str) -> Option<Numbering> {
    let first = s.chars().next()?;
    let n = match first {
        '第' => parse_chapter(s),
        '(' | '（' => parse_paren(s),
        '①'..='⑳' => Some(Numbering {
            style: Style::Circled,
            number: first as u32 - '①' as u32 + 1,
            len: first.len_utf8(),
        }),
        '⑴'..='⒇' => Some(Numbering {
            style: Style::ParenArabic,
            number: first as u32 - '⑴' as u32 + 1,
            len: first.len_utf8(),
        }),
        '⒈'..='⒛' => Some(Numbering {
            style: Style::Arabic,
            number: first as u32 - '⒈' as u32 + 1,
            len: first.len_utf8(),
        }),
        c if digit_value(c).is_some() => parse_arabic(s),
        c if is_chinese_digit(c) => parse_chinese(s),
        _ => None,
    }?;
    Some(Numbering { len: n.len + leading_spaces(&s[n.len..]), ..n })
}

fn parse_chapter(s: &str) -> Option<Numbering> {
    let rest = &s['第'.len_utf8()..];
    let (number, len) = chinese_numeral(rest).or_else(|| ascii_number(rest))?;
    let after = &rest[len..];
    let unit = after.chars().next()?;
    if !matches!(unit, '章' | '节' | '部' | '篇') {
        return None;
    }
    let mut end = '第'.len_utf8() + len + unit.len_utf8();
    if unit == '部' {
        end += after['部'.len_utf8()..].starts_with('分').then_some('分'.len_utf8())?;
    }
    let style = match unit {
        '章' => Style::Chapter,
        '节' => Style::Section,
        _ => Style::Part,
    };
    Some(Numbering { style, number, len: end })
}

fn parse_paren(s: &str) -> Option<Numbering> {
    let open = s.chars().next()?;
    let rest = &s[open.len_utf8()..];
    let (style, (number, len)) = match chinese_numeral(rest) {
        Some(n) => (Style::ParenChinese, n),
        None => (Style::ParenArabic, ascii_number(rest)?),
    };
    let close = rest[len..].chars().next()?;
    if !matches!(close, ')' | '）') {
        return None;
    }
    Some(Numbering { style, number, len: open.len_utf8() + len + close.len_utf8() })
}

fn parse_chinese(s: &str) -> Option<Numbering> {
    let (number, len) = chinese_numeral(s)?;
    let sep = s[len..].chars().next()?;
    if !matches!(sep, '、' | '.' | '．') {
        return None;
    }
    Some(Numbering { style: Style::Chinese, number, len: len + sep.len_utf8() })
}

/// `1.` `1．` `1、` `1.．` `11.11．` `8.7．` `1）`.
fn parse_arabic(s: &str) -> Option<Numbering> {
    let (number, mut len) = ascii_number(s)?;
    let mut seps = 0;
    let mut close_paren = false;
    let mut glued_age = false;
    while let Some(c) = s[len..].chars().next() {
        match c {
            '.' | '．' | '、' => {
                len += c.len_utf8();
                seps += 1;
            }
            ')' | '）' if seps == 0 => {
                len += c.len_utf8();
                close_paren = true;
                break;
            }
            // A second number typed after the first one: `11.11．`, `8.7．`.
            c if seps == 1 && digit_value(c).is_some() => {
                let (_, l) = ascii_number(&s[len..])?;
                match s[len + l..].chars().next() {
                    Some('.' | '．' | '、') => len += l,
                    // `3.0—6岁儿童…`, `5.5岁以下儿童…`: item 3 (5) about ages.
                    Some('—' | '-' | '–' | '~' | '～' | '至' | '岁') => {
                        glued_age = true;
                        break;
                    }
                    // `2.5%`: a decimal number, not a list number.
                    _ => return None,
                }
            }
            _ => break,
        }
    }
    if seps == 0 && !close_paren {
        return None;
    }
    // `1.5` where the separator is a decimal point.
    if !glued_age && s[len..].chars().next().is_some_and(|c| digit_value(c).is_some()) {
        return None;
    }
    let style = if close_paren { Style::ParenArabic } else { Style::Arabic };
    Some(Numbering { style, number, len })
}

/// The item number `expected` glued to a number that follows it:
/// `6.95%以上的行政村…` read as item 6 about 95%, not as 6.95%. Only the
/// outline knows which number is expected; `parse` alone reads a decimal.
pub(crate) fn glued_item(s: &str, expected: u32) -> Option<Numbering> {
    let (number, len) = ascii_number(s)?;
    if number != expected {
        return None;
    }
    let sep = s[len..].chars().next().filter(|c| matches!(c, '.' | '．'))?;
    let len = len + sep.len_utf8();
    s[len..].chars().next().and_then(digit_value)?;
    Some(Numbering { style: Style::Arabic, number, len })
}

fn leading_spaces(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t', '\u{3000}', '\u{00A0}']).len()
}

/// The value of an ASCII or full-width digit.
pub(crate) fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Parses a run of ASCII or full-width digits: `(value, byte length)`.
pub(crate) fn ascii_number(s: &str) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    let mut len = 0;
    for c in s.chars() {
        let Some(d) = digit_value(c) else { break };
        value = value.saturating_mul(10).saturating_add(d);
        len += c.len_utf8();
    }
    (len > 0).then_some((value, len))
}

/// Whether `c` is a Chinese digit or the multipliers 十, 百, 千.
pub(crate) fn is_chinese_digit(c: char) -> bool {
    chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千')
}

/// The value of a Chinese digit (〇 零 一 二 两 … 九).
pub(crate) fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | 'Ο' | 'O' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Parses a Chinese integer numeral up to 9999 at the start of `s`
/// (`十二`, `二十`, `一百零五`): `(value, byte length)`.
pub(crate) fn chinese_numeral(s: &str) -> Option<(u32, usize)> {
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    let mut len = 0;
    for c in s.chars() {
        let mult = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                match chinese_digit(c) {
                    // `O` (Latin) stands for 〇 only between Chinese digits.
                    Some(_) if c == 'O' && digit.is_none() => break,
                    Some(d) => digit = Some(digit.unwrap_or(0) * 10 + d),
                    None => break,
                }
                len += c.len_utf8();
                continue;
            }
        };
        total += digit.take().unwrap_or(1) * mult;
        len += c.len_utf8();
    }
    total += digit.unwrap_or(0);
    (len > 0).then_some((total, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_items() {
        fn n(s: &str, e: u32) -> Option<(u32, &str)> {
            glued_item(s, e).map(|n| (n.number, &s[n.len..]))
        }
        assert_eq!(n("6.95%以上的行政村", 6), Some((6, "95%以上的行政村")));
        assert_eq!(n("6．95%以上", 6), Some((6, "95%以上")));
        assert_eq!(n("6.95%以上", 7), None);
        assert_eq!(n("6.孕产妇", 6), None);
        assert_eq!(n("6、95%", 6), None);
    }

    #[test]
    fn chinese_numerals() {
        const CASES: &[(&str, Option<(u32, usize)>)] = &[
            ("一", Some((1, 3))),
            ("十", Some((10, 3))),
            ("十二、", Some((12, 6))),
            ("二十", Some((20, 6))),
            ("二十三", Some((23, 9))),
            ("一百零五", Some((105, 12))),
            ("两", Some((2, 3))),
            ("妇女", None),
        ];
        for &(s, want) in CASES {
            assert_eq!(chinese_numeral(s), want, "{s}");
        }
    }

    #[test]
    #[allow(clippy::type_complexity)] // case tables read best written inline
    fn numberings() {
        use Style::*;
        const CASES: &[(&str, Option<(Style, u32, &str)>)] = &[
            ("一、指导思想", Some((Chinese, 1, "一、"))),
            ("十一、附则", Some((Chinese, 11, "十一、"))),
            ("（一）妇女与健康", Some((ParenChinese, 1, "（一）"))),
            ("(三)妇女与经济", Some((ParenChinese, 3, "(三)"))),
            ("第二章 主要目标", Some((Chapter, 2, "第二章 "))),
            ("第三部分 保障", Some((Part, 3, "第三部分 "))),
            ("第一节 健康", Some((Section, 1, "第一节 "))),
            ("1.妇女全生命周期", Some((Arabic, 1, "1."))),
            ("1. 妇女", Some((Arabic, 1, "1. "))),
            ("2.．坚持", Some((Arabic, 2, "2.．"))),
            ("11.11．支持", Some((Arabic, 11, "11.11．"))),
            ("8.7．促进", Some((Arabic, 8, "8.7．"))),
            ("1、加强", Some((Arabic, 1, "1、"))),
            ("１．加强", Some((Arabic, 1, "１．"))),
            ("（1）孕产妇", Some((ParenArabic, 1, "（1）"))),
            ("1）孕产妇", Some((ParenArabic, 1, "1）"))),
            ("①健全", Some((Circled, 1, "①"))),
            ("2.5%的", None),
            ("3.0—6岁儿童", Some((Arabic, 3, "3."))),
            ("5.5岁以下儿童", Some((Arabic, 5, "5."))),
            ("2025年", None),
            ("12.5/10万", None),
            ("第十四个五年", None),
            ("一体化", None),
            ("妇女", None),
        ];
        for &(s, want) in CASES {
            let got = parse(s).map(|n| (n.style, n.number, &s[..n.len]));
            assert_eq!(got, want, "{s}");
        }
    }
}
