//! `.docx` automatic numbering: the number a reader sees in front of a
//! paragraph whose properties (or paragraph style) carry `w:numPr`,
//! resolved through `word/numbering.xml`.
//!
//! Word's model, as implemented here:
//! - a paragraph names a numbering instance (`w:numId`) and a level
//!   (`w:ilvl`, 0–8), directly or through its paragraph style (and the
//!   style's `w:basedOn` chain); `w:numId` 0 switches numbering off;
//! - an instance (`w:num`) points at an abstract definition
//!   (`w:abstractNum`) and may override a level's start value
//!   (`w:lvlOverride/w:startOverride`, applied when the instance is first
//!   used at that level) or the whole level (`w:lvlOverride/w:lvl`);
//! - instances of one abstract definition share its counters, so a list
//!   continues across instances unless an override restarts it;
//! - counting at a level restarts the deeper levels (or those whose
//!   `w:lvlRestart` names this level or a shallower one);
//! - the label is `w:lvlText` with `%1`…`%9` replaced by each level's
//!   counter in that level's `w:numFmt` (`decimal`, `chineseCounting`,
//!   `ideographTraditional` 甲乙丙, `decimalEnclosedCircle` ①, roman,
//!   letters …; `w:isLgl` forces decimal); a bullet level gives no label.
//!
//! Not modelled: `w:numStyleLink`/`w:styleLink` indirections, and numbering
//! in headers, footers, footnotes and text boxes.

use rustc_hash::FxHashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The deepest level Word numbers (levels are 0-based, 0–8).
const LEVELS: usize = 9;
/// How deep the `w:basedOn` chain of styles is followed.
const MAX_STYLE_DEPTH: usize = 16;

/// One level of a list definition.
#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    format: NumFormat,
    text: String,
    /// `w:lvlRestart`: restart after this 1-based level (0 = never);
    /// `None` restarts after any shallower level.
    restart: Option<u32>,
    legal: bool,
    /// `w:suff` is not `nothing` (a tab or a space follows the label).
    spaced: bool,
}

/// How a level writes its counter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum NumFormat {
    #[default]
    Decimal,
    DecimalZero,
    DecimalFullWidth,
    Circled,
    Parenthesised,
    FullStop,
    ChineseCounting,
    ChineseLegal,
    IdeographDigital,
    Tiangan,
    Dizhi,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    Bullet,
    None,
}

impl NumFormat {
    fn from_val(v: &str) -> NumFormat {
        match v {
            "decimal" | "ordinal" | "cardinalText" | "ordinalText" => NumFormat::Decimal,
            "decimalZero" => NumFormat::DecimalZero,
            "decimalFullWidth" | "decimalFullWidth2" => NumFormat::DecimalFullWidth,
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => NumFormat::Circled,
            "decimalEnclosedParen" => NumFormat::Parenthesised,
            "decimalEnclosedFullstop" => NumFormat::FullStop,
            "chineseCounting"
            | "chineseCountingThousand"
            | "taiwaneseCounting"
            | "taiwaneseCountingThousand"
            | "japaneseCounting"
            | "koreanCounting" => NumFormat::ChineseCounting,
            "chineseLegalSimplified" | "ideographLegalTraditional" | "japaneseLegal" => {
                NumFormat::ChineseLegal
            }
            "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => {
                NumFormat::IdeographDigital
            }
            "ideographTraditional" => NumFormat::Tiangan,
            "ideographZodiac" => NumFormat::Dizhi,
            "lowerLetter" => NumFormat::LowerLetter,
            "upperLetter" => NumFormat::UpperLetter,
            "lowerRoman" => NumFormat::LowerRoman,
            "upperRoman" => NumFormat::UpperRoman,
            "bullet" => NumFormat::Bullet,
            "none" => NumFormat::None,
            _ => NumFormat::Decimal,
        }
    }

    fn write(self, n: u32, out: &mut String) {
        match self {
            NumFormat::Decimal => out.push_str(&n.to_string()),
            NumFormat::DecimalZero => out.push_str(&format!("{n:02}")),
            NumFormat::DecimalFullWidth => {
                out.extend(
                    n.to_string()
                        .chars()
                        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)),
                );
            }
            NumFormat::Circled => enclosed(n, '①', 20, out),
            NumFormat::Parenthesised => enclosed(n, '⑴', 20, out),
            NumFormat::FullStop => enclosed(n, '⒈', 20, out),
            NumFormat::ChineseCounting => chinese(n, &CN_DIGITS, &CN_UNITS, out),
            NumFormat::ChineseLegal => chinese(n, &CN_LEGAL_DIGITS, &CN_LEGAL_UNITS, out),
            NumFormat::IdeographDigital => {
                out.extend(n.to_string().bytes().map(|b| CN_DIGITS[usize::from(b - b'0')]));
            }
            NumFormat::Tiangan => cyclic(n, &TIANGAN, out),
            NumFormat::Dizhi => cyclic(n, &DIZHI, out),
            NumFormat::LowerLetter => letters(n, b'a', out),
            NumFormat::UpperLetter => letters(n, b'A', out),
            NumFormat::LowerRoman => roman(n, false, out),
            NumFormat::UpperRoman => roman(n, true, out),
            NumFormat::Bullet | NumFormat::None => {}
        }
    }
}

const CN_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CN_UNITS: [char; 4] = ['\0', '十', '百', '千'];
const CN_LEGAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const CN_LEGAL_UNITS: [char; 4] = ['\0', '拾', '佰', '仟'];
/// The characters a label may end in that would run into the text after it.
const NUMERALS: &str = "〇零一二三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥";
const TIANGAN: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
const DIZHI: [char; 12] = ['子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥'];

/// Chinese counting below 10,000 (一, 十, 十一, 二十, 一百零一); larger
/// numbers fall back to decimal digits.
fn chinese(n: u32, digits: &[char; 10], units: &[char; 4], out: &mut String) {
    if n == 0 || n >= 10_000 {
        if n == 0 {
            out.push(digits[0]);
        } else {
            out.push_str(&n.to_string());
        }
        return;
    }
    let ds = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let first = ds.iter().position(|&d| d != 0).unwrap_or(3);
    let mut zero = false;
    for (i, &d) in ds.iter().enumerate().skip(first) {
        let unit = units[3 - i];
        if d == 0 {
            zero = true;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        // 十一, not 一十一, when the number starts with the tens (counting style).
        if !(d == 1 && i == 2 && i == first && digits[1] == '一') {
            out.push(digits[d as usize]);
        }
        if unit != '\0' {
            out.push(unit);
        }
    }
}

fn enclosed(n: u32, first: char, count: u32, out: &mut String) {
    match (1..=count).contains(&n).then(|| char::from_u32(first as u32 + n - 1)).flatten() {
        Some(c) => out.push(c),
        None => out.push_str(&n.to_string()),
    }
}

fn cyclic(n: u32, chars: &[char], out: &mut String) {
    let len = chars.len() as u32;
    out.push(chars[((n.max(1) - 1) % len) as usize]);
}

fn letters(n: u32, base: u8, out: &mut String) {
    // Word repeats the letter: a…z, aa…zz, aaa…
    let n = n.max(1);
    let c = char::from(base + ((n - 1) % 26) as u8);
    for _ in 0..((n - 1) / 26 + 1).min(16) {
        out.push(c);
    }
}

fn roman(n: u32, upper: bool, out: &mut String) {
    if n == 0 || n >= 4000 {
        out.push_str(&n.to_string());
        return;
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut n = n;
    for (v, s) in TABLE {
        while n >= v {
            if upper {
                out.push_str(&s.to_ascii_uppercase());
            } else {
                out.push_str(s);
            }
            n -= v;
        }
    }
}

/// A numbering instance (`w:num`).
#[derive(Clone, Debug, Default)]
struct Num {
    abstract_id: u32,
    start_override: [Option<u32>; LEVELS],
    level_override: [Option<Level>; LEVELS],
}

/// A paragraph style's numbering.
#[derive(Clone, Debug, Default)]
struct StyleNum {
    num_id: Option<u32>,
    ilvl: Option<u8>,
    based_on: Option<String>,
}

/// The numbering definitions of one document and the counters while its
/// body is read in order.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: FxHashMap<u32, [Option<Level>; LEVELS]>,
    nums: FxHashMap<u32, Num>,
    styles: FxHashMap<String, StyleNum>,
    /// Counters per abstract definition: the last number given at each
    /// level (`None` before the first).
    counters: FxHashMap<u32, [Option<u32>; LEVELS]>,
    /// Instances whose start override has been applied, per level.
    overridden: FxHashMap<u32, [bool; LEVELS]>,
}

/// A paragraph's numbering properties as written in its `w:pPr`.
#[derive(Clone, Debug, Default)]
pub(crate) struct ParaNum {
    pub(crate) style: Option<String>,
    pub(crate) num_id: Option<u32>,
    pub(crate) ilvl: Option<u8>,
}

fn attr_val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn attr_u32(e: &BytesStart<'_>, name: &[u8]) -> Option<u32> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse().ok())
}

fn val_u32(e: &BytesStart<'_>) -> Option<u32> {
    attr_val(e)?.trim().parse().ok()
}

impl Numbering {
    /// Reads `word/numbering.xml` and `word/styles.xml` (either may be
    /// empty). Malformed XML ends the definitions read so far; it never
    /// fails the document.
    pub(crate) fn new(numbering_xml: &[u8], styles_xml: &[u8]) -> Numbering {
        let mut n = Numbering::default();
        n.read_numbering(numbering_xml);
        n.read_styles(styles_xml);
        n
    }

    /// Whether the document defines any numbering at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.nums.is_empty()
    }

    fn read_numbering(&mut self, xml: &[u8]) {
        let mut reader = Reader::from_reader(xml);
        let mut buf = Vec::new();
        // Where we are: an abstract definition or an instance, and a level.
        let mut abs: Option<(u32, [Option<Level>; LEVELS])> = None;
        let mut num: Option<(u32, Num)> = None;
        let mut override_ilvl: Option<usize> = None;
        let mut lvl: Option<(usize, Level)> = None;
        while let Ok(ev) = reader.read_event_into(&mut buf) {
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    match e.local_name().as_ref() {
                        b"abstractNum" => {
                            abs = attr_u32(e, b"abstractNumId").map(|id| (id, Default::default()))
                        }
                        b"num" if !empty => {
                            num = attr_u32(e, b"numId").map(|id| (id, Num::default()))
                        }
                        b"abstractNumId" => {
                            if let (Some((_, n)), Some(v)) = (num.as_mut(), val_u32(e)) {
                                n.abstract_id = v;
                            }
                        }
                        b"lvlOverride" if !empty => {
                            override_ilvl =
                                attr_u32(e, b"ilvl").map(|i| i as usize).filter(|&i| i < LEVELS)
                        }
                        b"startOverride" => {
                            if let (Some((_, n)), Some(i), Some(v)) =
                                (num.as_mut(), override_ilvl, val_u32(e))
                            {
                                n.start_override[i] = Some(v);
                            }
                        }
                        b"lvl" if !empty => {
                            let i = attr_u32(e, b"ilvl").unwrap_or(0) as usize;
                            lvl = (i < LEVELS)
                                .then(|| (i, Level { start: 1, spaced: true, ..Level::default() }));
                        }
                        b"start" => {
                            if let (Some((_, l)), Some(v)) = (lvl.as_mut(), val_u32(e)) {
                                l.start = v;
                            }
                        }
                        b"numFmt" => {
                            if let (Some((_, l)), Some(v)) = (lvl.as_mut(), attr_val(e)) {
                                l.format = NumFormat::from_val(&v);
                            }
                        }
                        b"lvlText" => {
                            if let (Some((_, l)), Some(v)) = (lvl.as_mut(), attr_val(e)) {
                                l.text = v;
                            }
                        }
                        b"lvlRestart" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                l.restart = val_u32(e);
                            }
                        }
                        b"isLgl" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                l.legal = attr_val(e).is_none_or(|v| v != "0" && v != "false");
                            }
                        }
                        b"suff" => {
                            if let Some((_, l)) = lvl.as_mut() {
                                l.spaced = attr_val(e).is_none_or(|v| v != "nothing");
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(ref e) => match e.local_name().as_ref() {
                    b"lvl" => {
                        if let Some((i, l)) = lvl.take() {
                            if let Some((_, levels)) = abs.as_mut() {
                                levels[i] = Some(l);
                            } else if let (Some((_, n)), Some(o)) = (num.as_mut(), override_ilvl) {
                                n.level_override[o] = Some(l);
                            }
                        }
                    }
                    b"lvlOverride" => override_ilvl = None,
                    b"abstractNum" => {
                        if let Some((id, levels)) = abs.take() {
                            self.abstracts.insert(id, levels);
                        }
                    }
                    b"num" => {
                        if let Some((id, n)) = num.take() {
                            self.nums.insert(id, n);
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
    }

    fn read_styles(&mut self, xml: &[u8]) {
        let mut reader = Reader::from_reader(xml);
        let mut buf = Vec::new();
        let mut style: Option<(String, StyleNum)> = None;
        while let Ok(ev) = reader.read_event_into(&mut buf) {
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => match e.local_name().as_ref() {
                    b"style" if matches!(ev, Event::Start(_)) => {
                        let id = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == b"styleId")
                            .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()));
                        style = id.map(|id| (id, StyleNum::default()));
                    }
                    b"basedOn" => {
                        if let Some((_, s)) = style.as_mut() {
                            s.based_on = attr_val(e);
                        }
                    }
                    b"numId" => {
                        if let Some((_, s)) = style.as_mut() {
                            s.num_id = val_u32(e);
                        }
                    }
                    b"ilvl" => {
                        if let Some((_, s)) = style.as_mut() {
                            s.ilvl = val_u32(e).and_then(|v| u8::try_from(v).ok());
                        }
                    }
                    _ => {}
                },
                Event::End(ref e) if e.local_name().as_ref() == b"style" => {
                    if let Some((id, s)) = style.take() {
                        if s.num_id.is_some() || s.ilvl.is_some() || s.based_on.is_some() {
                            self.styles.insert(id, s);
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
    }

    /// The instance and level a paragraph is numbered with, looking through
    /// its style chain for what the paragraph does not say itself.
    fn resolve(&self, p: &ParaNum) -> Option<(u32, usize)> {
        let mut num_id = p.num_id;
        let mut ilvl = p.ilvl;
        let mut style = p.style.as_deref();
        let mut depth = 0;
        while (num_id.is_none() || ilvl.is_none()) && depth < MAX_STYLE_DEPTH {
            let Some(s) = style.and_then(|s| self.styles.get(s)) else { break };
            num_id = num_id.or(s.num_id);
            ilvl = ilvl.or(s.ilvl);
            style = s.based_on.as_deref();
            depth += 1;
        }
        let num_id = num_id.filter(|&id| id != 0)?;
        let ilvl = usize::from(ilvl.unwrap_or(0));
        (ilvl < LEVELS).then_some((num_id, ilvl))
    }

    fn level<'s>(&'s self, num: &'s Num, ilvl: usize) -> Option<&'s Level> {
        num.level_override[ilvl]
            .as_ref()
            .or_else(|| self.abstracts.get(&num.abstract_id)?[ilvl].as_ref())
    }

    /// Counts the paragraph and appends the label a reader sees to `out`
    /// (nothing for an unnumbered paragraph or a bullet).
    pub(crate) fn label(&mut self, p: &ParaNum, out: &mut String) {
        let Some((num_id, ilvl)) = self.resolve(p) else { return };
        let Some(num) = self.nums.get(&num_id) else { return };
        let abstract_id = num.abstract_id;
        let Some(level) = self.level(num, ilvl) else { return };
        let start = level.start;
        let override_start = num.start_override[ilvl];
        let counters = self.counters.entry(abstract_id).or_default();
        let done = self.overridden.entry(num_id).or_default();
        let value = match (override_start, done[ilvl]) {
            (Some(s), false) => {
                done[ilvl] = true;
                s
            }
            _ => counters[ilvl].map_or(start, |c| c.saturating_add(1)),
        };
        counters[ilvl] = Some(value);
        // Deeper levels restart unless their lvlRestart says otherwise.
        let num = &self.nums[&num_id];
        let restarts: Vec<bool> = (ilvl + 1..LEVELS)
            .map(|d| {
                self.level(num, d)
                    .and_then(|l| l.restart)
                    .is_none_or(|r| r != 0 && r as usize > ilvl)
            })
            .collect();
        let counters = self.counters.get_mut(&abstract_id).expect("inserted above");
        for (d, restart) in (ilvl + 1..LEVELS).zip(restarts) {
            if restart {
                counters[d] = None;
            }
        }
        let counters = counters.to_owned();
        let num = &self.nums[&num_id];
        let Some(level) = self.level(num, ilvl) else { return };
        if level.format == NumFormat::Bullet {
            return;
        }
        let before = out.len();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let l = (d as usize).wrapping_sub(1);
                    if l < LEVELS {
                        let n = counters[l]
                            .unwrap_or_else(|| self.level(num, l).map_or(1, |lv| lv.start));
                        let fmt = match self.level(num, l) {
                            Some(lv) if !level.legal => lv.format,
                            Some(_) => NumFormat::Decimal,
                            None => NumFormat::Decimal,
                        };
                        fmt.write(n, out);
                    }
                    continue;
                }
            }
            out.push(c);
        }
        // A label that ends in a letter or digit would run into the text.
        let runs_on = |c: char| c.is_ascii_alphanumeric() || NUMERALS.contains(c);
        if level.spaced && out.len() > before && out.ends_with(runs_on) {
            out.push(' ');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let cases: &[(NumFormat, u32, &str)] = &[
            (NumFormat::Decimal, 12, "12"),
            (NumFormat::DecimalZero, 3, "03"),
            (NumFormat::DecimalFullWidth, 12, "１２"),
            (NumFormat::ChineseCounting, 1, "一"),
            (NumFormat::ChineseCounting, 10, "十"),
            (NumFormat::ChineseCounting, 11, "十一"),
            (NumFormat::ChineseCounting, 20, "二十"),
            (NumFormat::ChineseCounting, 23, "二十三"),
            (NumFormat::ChineseCounting, 101, "一百零一"),
            (NumFormat::ChineseCounting, 110, "一百一十"),
            (NumFormat::ChineseCounting, 1005, "一千零五"),
            (NumFormat::ChineseLegal, 12, "壹拾贰"),
            (NumFormat::IdeographDigital, 105, "一〇五"),
            (NumFormat::Tiangan, 3, "丙"),
            (NumFormat::Tiangan, 11, "甲"),
            (NumFormat::Dizhi, 2, "丑"),
            (NumFormat::Circled, 3, "③"),
            (NumFormat::Circled, 21, "21"),
            (NumFormat::Parenthesised, 2, "⑵"),
            (NumFormat::FullStop, 2, "⒉"),
            (NumFormat::LowerLetter, 28, "bb"),
            (NumFormat::UpperRoman, 14, "XIV"),
            (NumFormat::Bullet, 1, ""),
        ];
        for &(f, n, want) in cases {
            let mut s = String::new();
            f.write(n, &mut s);
            assert_eq!(s, want, "{f:?} {n}");
        }
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
        <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3.%4"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="ideographTraditional"/><w:suff w:val="nothing"/><w:lvlText w:val="%1"/></w:lvl>
        <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="0"/>
        <w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="第%1章"/></w:lvl></w:lvlOverride></w:num>
    </w:numbering>"#;

    const STYLES: &str = r#"<w:styles xmlns:w="w">
      <w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
    </w:styles>"#;

    fn p(num_id: Option<u32>, ilvl: Option<u8>, style: Option<&str>) -> ParaNum {
        ParaNum { num_id, ilvl, style: style.map(str::to_owned) }
    }

    #[test]
    fn labels_levels_restarts_and_overrides() {
        let mut n = Numbering::new(NUMBERING.as_bytes(), STYLES.as_bytes());
        let seq = [
            (p(None, None, Some("Heading1")), "一、"),
            (p(None, None, Some("Heading2")), "（一）"),
            (p(Some(1), Some(2), None), "1."),
            (p(Some(1), Some(2), None), "2."),
            (p(Some(1), Some(3), None), "2.1 "),
            (p(None, None, Some("Heading2")), "（二）"),
            // Deeper levels restarted by （二）.
            (p(Some(1), Some(2), None), "1."),
            // Another instance of the same list with a start override.
            (p(Some(2), Some(2), None), "5."),
            (p(Some(2), Some(2), None), "6."),
            // Shares the counters: continues.
            (p(Some(1), Some(2), None), "7."),
            (p(None, None, Some("Heading1")), "二、"),
            (p(Some(3), Some(0), None), "丙"),
            (p(Some(3), Some(0), None), "丁"),
            (p(Some(3), Some(1), None), ""),
            (p(Some(0), Some(0), Some("Heading1")), ""),
            (p(Some(99), Some(0), None), ""),
            (p(Some(1), Some(200), None), ""),
            // A whole-level override.
            (p(Some(4), Some(0), None), "第3章"),
        ];
        for (i, (para, want)) in seq.iter().enumerate() {
            let mut s = String::new();
            n.label(para, &mut s);
            assert_eq!(s, *want, "paragraph {i}");
        }
    }

    #[test]
    fn malformed_definitions_do_not_fail() {
        let mut n = Numbering::new(b"<w:numbering><w:num w:numId=\"1\"><w:abs", b"<<<");
        let mut s = String::new();
        n.label(&p(Some(1), Some(0), None), &mut s);
        assert_eq!(s, "");
        assert!(n.is_empty());
    }
}
