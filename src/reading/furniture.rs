//! Page furniture: page numbers and running headers that a PDF conversion
//! or a printed copy leaves between the lines of the text.
//!
//! A page number is recognised by its shape (`- 3 -`, `— 3 —`, `第3页 共20页`,
//! `3/20`, `Page 3 of 20`); a bare number (`3`) only where it stands between
//! two lines of running text or next to a form feed, since table cells are
//! bare numbers too, and only in a document that has no page number of a
//! shape (whose pages are numbered that way). A running header is a line that stands right after a
//! page break more than once (digits ignored, so `第3页`-style headers count
//! as one), or once when it repeats the first line of the document.

use rustc_hash::FxHashMap;

use super::Line;

/// The longest page number line, in chars.
const MAX_PAGE_NUMBER_CHARS: usize = 24;

/// The shortest line (in chars) that counts as running text around a bare
/// page number.
const MIN_TEXT_CHARS: u32 = 12;

/// A running header stands at the top of at least one page in this many.
const MIN_HEADER_SHARE: u32 = 3;

/// The longest running header, in chars: a page width (a header that repeats
/// the document's first line is that line cut at the width).
const MAX_HEADER_CHARS: u32 = 90;

/// Marks page numbers and running headers as furniture, and the lines after
/// them as the starts of pages.
pub(super) fn mark(text: &str, lines: &mut [Line]) {
    let shape = |l: &Line| {
        if l.content.is_empty() || l.chars as usize > MAX_PAGE_NUMBER_CHARS {
            Shape::None
        } else {
            page_number_shape(&text[l.content.range()])
        }
    };
    // Page numbers by their shape, then running headers after them, then
    // bare numbers between lines of running text.
    let mut numbers = Vec::new();
    for i in 0..lines.len() {
        if shape(&lines[i]) == Shape::PageNumber {
            furniture(lines, i);
            numbers.push(i);
        }
    }
    running_headers(text, lines, &numbers);
    // A document whose pages are numbered in a shape of their own has no
    // bare page numbers: a bare number there is a table cell, even at the
    // top of a page.
    if !numbers.is_empty() {
        return;
    }
    for i in 0..lines.len() {
        let l = lines[i];
        if l.furniture || shape(&l) != Shape::BareNumber {
            continue;
        }
        let long = |k: Option<usize>| k.is_some_and(|k| lines[k].chars >= MIN_TEXT_CHARS);
        let next = next_text(lines, i);
        // Next to a form feed, or between lines of running text.
        if l.form_feed
            || next.is_some_and(|n| lines[n].form_feed)
            || (long(prev_text(lines, i)) && long(next))
        {
            furniture(lines, i);
        }
    }
}

/// Marks line `i` as furniture and the next line of text as a page start.
fn furniture(lines: &mut [Line], i: usize) {
    lines[i].furniture = true;
    if let Some(n) = next_text(lines, i) {
        lines[n].page_break = true;
    }
}

/// Drops the lines that stand at the top of a good share of the pages with
/// the same text (digits aside), or at the top of a page repeating the
/// document's first line. The top of a page is the line after a page break,
/// or the line before a page number standing at the top of its page.
fn running_headers(text: &str, lines: &mut [Line], numbers: &[usize]) {
    let key = |l: &Line| -> String {
        text[l.content.range()]
            .chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect()
    };
    let short = |l: &Line| !l.furniture && !l.content.is_empty() && l.chars <= MAX_HEADER_CHARS;
    let mut tops: Vec<usize> = Vec::new();
    let mut pages = 0u32;
    for (i, l) in lines.iter().enumerate() {
        if l.page_break {
            pages += 1;
            if short(l) {
                tops.push(i);
            }
        }
    }
    // Above a page number: a header when the number tops its page.
    for &i in numbers {
        if let Some(p) = prev_text(lines, i).filter(|&p| short(&lines[p])) {
            tops.push(p);
        }
    }
    tops.sort_unstable();
    tops.dedup();
    if tops.is_empty() {
        return;
    }
    let mut counts: FxHashMap<String, u32> = FxHashMap::default();
    for &i in &tops {
        *counts.entry(key(&lines[i])).or_default() += 1;
    }
    let first = lines.iter().position(|l| !l.content.is_empty() && !l.furniture);
    let first_key = first.map(|f| key(&lines[f]));
    for &i in &tops {
        if Some(i) == first {
            continue;
        }
        let k = key(&lines[i]);
        if k.is_empty() {
            continue;
        }
        // A header repeats on many pages; a line that merely fell at the top
        // of two pages of sixty (`策略措施：`) is text.
        let n = counts[&k];
        if (n >= 2 && n * MIN_HEADER_SHARE >= pages) || first_key.as_deref() == Some(k.as_str()) {
            furniture(lines, i);
        }
    }
}

fn prev_text(lines: &[Line], i: usize) -> Option<usize> {
    (0..i).rev().find(|&k| !lines[k].content.is_empty() && !lines[k].furniture)
}

fn next_text(lines: &[Line], i: usize) -> Option<usize> {
    (i + 1..lines.len()).find(|&k| !lines[k].content.is_empty() && !lines[k].furniture)
}

#[derive(Debug, PartialEq, Eq)]
enum Shape {
    /// Unmistakably a page number.
    PageNumber,
    /// A bare number: a page number or a table cell.
    BareNumber,
    None,
}

/// The shape of a trimmed short line.
fn page_number_shape(s: &str) -> Shape {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let space = |c: char| c.is_whitespace();
    let dash = |c: char| matches!(c, '-' | '—' | '–' | '－' | '·' | '•' | '~' | '～' | '―');
    let t = s.trim_matches(space);
    if t.is_empty() || t.chars().count() > MAX_PAGE_NUMBER_CHARS {
        return Shape::None;
    }
    // `- 3 -`, `— 12 —`, `·3·`.
    let inner = t.trim_matches(|c: char| dash(c) || space(c));
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(digit);
    if t.starts_with(dash) && t.ends_with(dash) && all_digits(inner) {
        return Shape::PageNumber;
    }
    // `第3页`, `第 3 页 共 20 页`, `共20页第3页`, `第3页/共20页`.
    let squeezed: String = t.chars().filter(|&c| !space(c) && c != '/' && c != '／').collect();
    if is_chinese_page(&squeezed) {
        return Shape::PageNumber;
    }
    // `3/20`, `3 / 20`.
    if let Some((a, b)) = t.split_once(['/', '／']) {
        if all_digits(a.trim())
            && all_digits(b.trim())
            && a.trim().len() <= 4
            && b.trim().len() <= 4
        {
            let (x, y): (u32, u32) = (num(a.trim()), num(b.trim()));
            if x >= 1 && x <= y {
                return Shape::PageNumber;
            }
        }
    }
    // `Page 3`, `Page 3 of 20`, `P. 6`, `p3`.
    let lower = t.to_ascii_lowercase();
    for p in ["page", "p.", "p"] {
        if let Some(rest) = lower.strip_prefix(p) {
            let rest = rest.trim_start();
            let (n, tail) =
                rest.split_at(rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len()));
            let tail = tail.trim();
            if !n.is_empty()
                && (tail.is_empty()
                    || tail.strip_prefix("of").is_some_and(|r| all_digits(r.trim())))
            {
                return Shape::PageNumber;
            }
        }
    }
    if all_digits(t) && t.chars().count() <= 4 {
        return Shape::BareNumber;
    }
    Shape::None
}

fn num(s: &str) -> u32 {
    s.chars()
        .filter_map(crate::numbering::digit_value)
        .fold(0u32, |a, d| a.saturating_mul(10).saturating_add(d))
}

/// `第3页`, `第3页共20页`, `共20页第3页` (spaces and slashes removed).
fn is_chinese_page(s: &str) -> bool {
    fn page(s: &str, lead: char) -> Option<&str> {
        let rest = s.strip_prefix(lead)?;
        let end = rest.find(|c: char| !(c.is_ascii_digit() || ('０'..='９').contains(&c)))?;
        if end == 0 {
            return None;
        }
        rest[end..].strip_prefix('页')
    }
    match page(s, '第') {
        Some("") => true,
        Some(rest) => page(rest, '共') == Some(""),
        None => page(s, '共').and_then(|rest| page(rest, '第')) == Some(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_number_shapes() {
        use Shape::*;
        const CASES: &[(&str, Shape)] = &[
            ("- 3 -", PageNumber),
            ("— 12 —", PageNumber),
            ("－3－", PageNumber),
            ("·3·", PageNumber),
            ("第3页", PageNumber),
            ("第 3 页 共 20 页", PageNumber),
            ("第3页/共20页", PageNumber),
            ("共20页 第3页", PageNumber),
            ("3/20", PageNumber),
            ("3 / 20", PageNumber),
            ("Page 3", PageNumber),
            ("Page 3 of 20", PageNumber),
            ("P. 6", PageNumber),
            ("3", BareNumber),
            ("１２", BareNumber),
            ("12/10", None),
            ("2/3", PageNumber),
            ("≥98", None),
            ("100", BareNumber),
            ("第三章", None),
            ("第3章", None),
            ("孕产妇死亡率", None),
            ("-1.5%", None),
            ("2025", BareNumber),
            ("20250", None),
        ];
        for &(s, ref want) in CASES {
            assert_eq!(&page_number_shape(s), want, "{s}");
        }
    }
}
