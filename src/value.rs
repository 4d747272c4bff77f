//! Number tokens in folded text: `12.5%`, `12/10万`, `2:3`, `45%—50%`,
//! `78.1岁`, `1所`, `百分之九十`, `三分之一`, `一半`, `一所`.
//!
//! The scanner works on folded text (ASCII digits and punctuation), never on
//! word-segmenter tokens, and allocates nothing.

use crate::lexicon;
use crate::model::{Unit, Value};
use crate::numbering::{chinese_digit, chinese_numeral};

/// A number with its unit, as found in folded text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    /// Folded offset of the first char of the number.
    pub(crate) start: usize,
    /// Folded offset after the unit.
    pub(crate) end: usize,
    /// The value.
    pub(crate) value: Value,
    /// The unit.
    pub(crate) unit: Unit,
    /// Whether the number is written in Chinese numerals.
    pub(crate) chinese: bool,
}

impl Token {
    /// Whether the token is a calendar year (`2025年`).
    pub(crate) fn is_year(&self) -> bool {
        let year_like = |v: f64| v.fract() == 0.0 && (1900.0..=2100.0).contains(&v);
        self.unit.as_str() == "年"
            && match self.value {
                Value::Number(v) => year_like(v),
                Value::Range { min, max } => year_like(min) && year_like(max),
                Value::Ratio(..) => false,
            }
    }

    /// The year, when the token is one.
    pub(crate) fn year(&self) -> Option<u16> {
        match (self.is_year(), self.value) {
            (true, Value::Number(v)) => Some(v as u16),
            _ => None,
        }
    }
}

/// Finds the next token in `s` at or after byte `from`.
pub(crate) fn next_token(s: &str, from: usize) -> Option<Token> {
    // A byte-level walk: ASCII bytes are checked directly, and only chars
    // whose UTF-8 lead byte can start a numeral (E4, E5, E7: 一…十, 百, 半)
    // are decoded.
    let b = s.as_bytes();
    let mut i = from;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            if x.is_ascii_digit() {
                if let Some(t) = token_at(s, i) {
                    return Some(t);
                }
                // Skip a whole digit run so `2025` is not retried as `025`.
                i += b[i..].iter().take_while(|c| c.is_ascii_digit() || **c == b'.').count();
                continue;
            }
            i += 1;
            continue;
        }
        let len = match x {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        if matches!(x, 0xE4 | 0xE5 | 0xE7) {
            let c = s[i..].chars().next()?;
            if is_numeral_start(c) {
                if let Some(t) = token_at(s, i) {
                    return Some(t);
                }
            }
        }
        i += len;
    }
    None
}

fn is_numeral_start(c: char) -> bool {
    matches!(
        c,
        '百' | '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '半'
    )
}

/// Parses a token starting exactly at `i`.
pub(crate) fn token_at(s: &str, i: usize) -> Option<Token> {
    let rest = &s[i..];
    let prev = s[..i].chars().next_back();
    let c = rest.chars().next()?;
    if c.is_ascii_digit() {
        // PM2.5, 5G, H7N9, v1.2: digits glued to Latin letters are names;
        // `2021/12/31`, `2022-01-13`: the later parts of a date are no values.
        if prev
            .is_some_and(|p| p.is_ascii_alphanumeric() || matches!(p, '.' | '_' | '-' | '/' | ':'))
        {
            return None;
        }
        return arabic(s, i);
    }
    if let Some(r) = rest.strip_prefix("百分之") {
        let (v, len) = decimal_numeral(r)?;
        return Some(Token {
            start: i,
            end: i + "百分之".len() + len,
            value: Value::Number(v),
            unit: Unit::Percent,
            chinese: true,
        });
    }
    if let Some(half) = lexicon::HALF_WORDS.iter().find(|w| rest.starts_with(**w)) {
        return Some(Token {
            start: i,
            end: i + half.len(),
            value: Value::Number(50.0),
            unit: Unit::Percent,
            chinese: true,
        });
    }
    let (n, len) = chinese_numeral(rest)?;
    let after = &rest[len..];
    if let Some(r) = after.strip_prefix("分之") {
        let (m, mlen) = chinese_numeral(r)?;
        if n == 0 || m > n {
            return None;
        }
        return Some(Token {
            start: i,
            end: i + len + "分之".len() + mlen,
            value: Value::Number((m as f64 * 10000.0 / n as f64).round() / 100.0),
            unit: Unit::Percent,
            chinese: true,
        });
    }
    // A Chinese numeral counts only with a counter: `一所`, `两名`.
    if prev.is_some_and(crate::chars::is_cjk_numeral_char) {
        return None;
    }
    let counter = lexicon::NUMERAL_COUNTERS.iter().find(|w| after.starts_with(**w))?;
    Some(Token {
        start: i,
        end: i + len + counter.len(),
        value: Value::Number(n as f64),
        unit: Unit::Other((*counter).into()),
        chinese: true,
    })
}

/// A Chinese numeral with an optional decimal part (`九十`, `九十五点五`).
fn decimal_numeral(s: &str) -> Option<(f64, usize)> {
    let (int, mut len) = chinese_numeral(s)?;
    let mut value = int as f64;
    if let Some(frac) = s[len..].strip_prefix('点') {
        let mut scale = 0.1;
        let mut flen = 0;
        for c in frac.chars() {
            let Some(d) = chinese_digit(c) else { break };
            value += d as f64 * scale;
            scale /= 10.0;
            flen += c.len_utf8();
        }
        if flen > 0 {
            len += '点'.len_utf8() + flen;
        }
    }
    Some((value, len))
}

/// Parses an ASCII decimal number at the start of `s`: `(value, length)`.
pub(crate) fn ascii_decimal(s: &str) -> Option<(f64, usize)> {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut end = digits(0);
    if end == 0 {
        return None;
    }
    // Thousands grouped by commas: `1,200`, `12,500,000` (one to three
    // digits, then groups of exactly three).
    let mut grouped = false;
    if end <= 3 {
        while b.get(end) == Some(&b',') && digits(end + 1) == 3 {
            end += 4;
            grouped = true;
        }
    }
    if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(|c| c.is_ascii_digit()) {
        end += 1 + digits(end + 1);
    }
    let v = if grouped { s[..end].replace(',', "").parse() } else { s[..end].parse() };
    v.ok().map(|v| (v, end))
}

/// A unit right after a number: `(unit, length)`.
pub(crate) fn unit_at(s: &str) -> Option<(Unit, usize)> {
    if s.starts_with('%') {
        return Some((Unit::Percent, 1));
    }
    if s.starts_with('‰') {
        return Some((Unit::Permille, '‰'.len_utf8()));
    }
    if let Some(r) = s.strip_prefix("/10万").or_else(|| s.strip_prefix("/100000")) {
        let mut len = s.len() - r.len();
        for suffix in lexicon::PER_100K_SUFFIXES {
            if r.starts_with(suffix) {
                len += suffix.len();
                break;
            }
        }
        return Some((Unit::Per100k, len));
    }
    if s.starts_with("个百分点") || s.starts_with("百分点") {
        let len = if s.starts_with('个') { "个百分点".len() } else { "百分点".len() };
        return Some((Unit::PercentagePoint, len));
    }
    // `17.47/万`: a rate per ten thousand (not `/万元`, a unit per unit).
    for (w, wire) in lexicon::PER_UNIT_RATES {
        if let Some(r) = s.strip_prefix(w) {
            if lexicon::longest_prefix(r, lexicon::UNITS).is_none() {
                return Some((Unit::Other((*wire).into()), w.len()));
            }
        }
    }
    // A multiplier before any unit: `5万个`, `5万亿元`, `200万所`.
    if let Some(m) = lexicon::UNIT_MULTIPLIERS.iter().find(|m| s.starts_with(**m)) {
        let plain = lexicon::longest_prefix(s, lexicon::UNITS).map_or(0, |(w, _)| w.len());
        if let Some((w, wire)) = lexicon::longest_prefix(&s[m.len()..], lexicon::UNITS) {
            let is_unit = !w.starts_with(lexicon::LARGE_MULTIPLIERS) && !wire.contains("百分点");
            if is_unit && m.len() + w.len() > plain {
                return Some((Unit::Other(format!("{m}{wire}").into()), m.len() + w.len()));
            }
        }
    }
    let (word, wire) = lexicon::longest_prefix(s, lexicon::UNITS)?;
    // A unit per unit: `吨标准煤/万元`, `公斤/亩`, `元/人`.
    if let Some(per) = s[word.len()..].strip_prefix('/') {
        if let Some((w2, wire2)) = lexicon::longest_prefix(per, lexicon::UNITS) {
            let len = word.len() + 1 + w2.len();
            return Some((Unit::Other(format!("{wire}/{wire2}").into()), len));
        }
    }
    Some((Unit::Other(wire.into()), word.len()))
}

fn is_range_dash(c: char) -> bool {
    matches!(c, '-' | '—' | '–' | '~' | '～' | '至' | '─' | '－')
}

fn arabic(s: &str, i: usize) -> Option<Token> {
    let (v, len) = ascii_decimal(&s[i..])?;
    let mut end = i + len;
    // Ratio: `2:3`, `1.5:1`.
    if let Some(r) = s[end..].strip_prefix(':') {
        if let Some((w, wlen)) = ascii_decimal(r) {
            // A clock time (8:30, 16:06) has two-digit minutes; the ratios of
            // plans are small (2:3, 1:10).
            let is_time = wlen == 2 && w < 60.0 && (r.as_bytes()[0] == b'0' || v >= 5.0);
            if !is_time {
                return Some(Token {
                    start: i,
                    end: end + 1 + wlen,
                    value: Value::Ratio(v, w),
                    unit: Unit::Ratio,
                    chinese: false,
                });
            }
        }
    }
    // A fraction: `下降1/4` (not `12/10万`, a rate per 100,000, nor a date
    // `2021/12/31`).
    if let Some(r) = s[end..].strip_prefix('/') {
        if unit_at(&s[end..]).is_none() {
            if let Some((w, wlen)) = ascii_decimal(r) {
                let small = |x: f64| x.fract() == 0.0 && (1.0..=100.0).contains(&x);
                let after = &r[wlen..];
                let unit_follows = after.starts_with(|c: char| c.is_ascii_digit() || c == '/')
                    || unit_at(after).is_some();
                if small(v) && small(w) && v < w && !unit_follows {
                    return Some(Token {
                        start: i,
                        end: end + 1 + wlen,
                        value: Value::Ratio(v, w),
                        unit: Unit::Ratio,
                        chinese: false,
                    });
                }
            }
        }
    }
    let mut unit = unit_at(&s[end..]);
    if let Some((_, ulen)) = &unit {
        end += ulen;
    }
    // Range: `45%—50%`, `45—50%`, `35至45岁`, `3.0‰～5.0‰`.
    let mut dash_end = end;
    while let Some(c) = s[dash_end..].chars().next().filter(|&c| is_range_dash(c)) {
        dash_end += c.len_utf8();
        if c != '—' && c != '─' {
            break;
        }
    }
    if dash_end > end {
        if let Some((w, wlen)) = ascii_decimal(&s[dash_end..]) {
            let mut rend = dash_end + wlen;
            let second = unit_at(&s[rend..]);
            if let Some((_, ulen)) = &second {
                rend += ulen;
            }
            let compatible = match (&unit, &second) {
                (Some((a, _)), Some((b, _))) => a == b,
                _ => true,
            };
            if compatible && w >= v {
                let unit = unit.or(second).map_or(Unit::None, |(u, _)| u);
                return Some(Token {
                    start: i,
                    end: rend,
                    value: Value::Range { min: v, max: w },
                    unit,
                    chinese: false,
                });
            }
        }
    }
    let unit = unit.take().map_or(Unit::None, |(u, _)| u);
    Some(Token { start: i, end, value: Value::Number(v), unit, chinese: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(s: &str) -> Option<(String, Value, String)> {
        next_token(s, 0)
            .map(|t| (s[t.start..t.end].to_string(), t.value, t.unit.as_str().to_string()))
    }

    #[test]
    fn the_later_parts_of_dates_and_times_are_no_tokens() {
        let s = "2021/12/31 2022-01-13 16:06";
        let mut at = 0;
        let mut found = Vec::new();
        while let Some(t) = next_token(s, at) {
            found.push(s[t.start..t.end].to_string());
            at = t.end;
        }
        assert_eq!(found, ["2021", "2022", "16"]);
    }

    #[test]
    #[allow(clippy::type_complexity)] // case tables read best written inline
    fn tokens() {
        use Value::*;
        let cases: &[(&str, Option<(&str, Value, &str)>)] = &[
            ("下降到12/10万以下", Some(("12/10万", Number(12.0), "1/10万"))),
            ("下降到12.5/10万以内", Some(("12.5/10万", Number(12.5), "1/10万"))),
            ("下降到15/10万活产数以下", Some(("15/10万活产数", Number(15.0), "1/10万"))),
            ("达到70%以上", Some(("70%", Number(70.0), "%"))),
            ("低于2‰", Some(("2‰", Number(2.0), "‰"))),
            ("达到78.1岁", Some(("78.1岁", Number(78.1), "岁"))),
            ("比例至少达到2:3", Some(("2:3", Ratio(2.0, 3.0), "比"))),
            ("不小于1.5:1", Some(("1.5:1", Ratio(1.5, 1.0), "比"))),
            ("保持在45%—50%", Some(("45%—50%", Range { min: 45.0, max: 50.0 }, "%"))),
            ("在35—45岁接受", Some(("35—45岁", Range { min: 35.0, max: 45.0 }, "岁"))),
            ("控制在109左右", Some(("109", Number(109.0), ""))),
            ("百分之九十以上", Some(("百分之九十", Number(90.0), "%"))),
            ("三分之一以上", Some(("三分之一", Number(33.33), "%"))),
            ("一半以上的", Some(("一半", Number(50.0), "%"))),
            ("办好一所标准化", Some(("一所", Number(1.0), "所"))),
            ("至少有1名女性", Some(("1名", Number(1.0), "名"))),
            ("提高5个百分点", Some(("5个百分点", Number(5.0), "百分点"))),
            ("达到100万元", Some(("100万元", Number(100.0), "万元"))),
            ("培训1,200人次以上", Some(("1,200人次", Number(1200.0), "人次"))),
            (
                "控制在0.45吨标准煤/万元以内",
                Some(("0.45吨标准煤/万元", Number(0.45), "吨标准煤/万元")),
            ),
            ("投资12,500.5万元", Some(("12,500.5万元", Number(12500.5), "万元"))),
            ("分别为5,6%", Some(("5", Number(5.0), ""))),
            ("为基数下降1/4", Some(("1/4", Ratio(1.0, 4.0), "比"))),
            ("下降1/2以上", Some(("1/2", Ratio(1.0, 2.0), "比"))),
            ("2021/12/31发布", Some(("2021", Number(2021.0), ""))),
            ("16:06发布", Some(("16", Number(16.0), ""))),
            ("男女比例1:10", Some(("1:10", Ratio(1.0, 10.0), "比"))),
            ("新增学位5万个", Some(("5万个", Number(5.0), "万个"))),
            ("总规模达到5万亿元", Some(("5万亿元", Number(5.0), "万亿元"))),
            ("发生率17.47/万", Some(("17.47/万", Number(17.47), "1/万"))),
            ("能耗0.5吨/万元", Some(("0.5吨/万元", Number(0.5), "吨/万元"))),
            ("达到100万人", Some(("100万人", Number(100.0), "万人"))),
            ("市区PM2.5浓度", None),
            ("十四五规划", None),
            ("两癌筛查", None),
        ];
        for &(s, ref want) in cases {
            let got = first(s);
            let want = want.as_ref().map(|(a, v, u)| (a.to_string(), *v, u.to_string()));
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn years() {
        let t = next_token("到2025年达到", 0).unwrap();
        assert!(t.is_year());
        assert_eq!(t.year(), Some(2025));
        let t = next_token("（2021—2030年）", 0).unwrap();
        assert!(t.is_year());
        let t = next_token("达到11.6年", 0).unwrap();
        assert!(!t.is_year());
    }
}
