//! Where a block starts inside a line.
//!
//! Text scraped from a web page often holds a whole chapter in one line:
//! `（一）儿童与健康 主要目标： 1.…。2.…。 策略措施： 1.…`. A block starts inside
//! a line only where a reader would see one:
//!
//! - after a space or a sentence end, a heading number that follows the last
//!   heading of its style (or starts one), with a title after it (short, no
//!   comma before its end);
//! - after a space or a sentence end, a 主要目标/策略措施 marker followed by a
//!   colon;
//! - after a space, a sentence end or a colon, the next number of the open
//!   list (`2.` after item 1; `1.` after a marker, a heading or a colon);
//!   right after a marker any number (an excerpt: `主要目标： 3.…`), and
//!   after a sentence end a number a few ahead (`…。 6.…` after item 3);
//!   after a sentence end, the next number glued to a value (`6.95%以上…`);
//!   never a number and its point at the line's end when the next line
//!   starts with a digit (a decimal the page width broke: `11.` | `6年`);
//! - after a space, a bare chapter word (`前    言`, `指导思想`) followed by
//!   a space;
//! - after a space or at the start of a segment inside the line, a table
//!   header (`序号 指 标 规划目标 …`).
//!
//! A heading whose title ends at a space with running text after it (`（一）指导
//! 思想 以习近平…`) ends there.

use super::{is_indent, List, Reader};
use crate::lexicon;
use crate::normalize::fold_str;
use crate::numbering::{self, Style};

/// Where the segment starting at `at` ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Next {
    /// At the end of the line.
    End,
    /// At a block start.
    At(usize),
    /// At a table header.
    Table(usize),
}

impl Next {
    /// The offset where the segment ends (`end` for [`Next::End`]).
    pub(super) fn offset(self, end: usize) -> usize {
        match self {
            Next::End => end,
            Next::At(p) | Next::Table(p) => p,
        }
    }
}

/// Markers recognised inside a line (the short 目标/措施 only as whole lines).
const INLINE_MARKERS: &[&str] = &["主要目标", "策略措施", "主要措施", "策略与措施"];

/// Words a table header starts with.
const TABLE_STARTS: &[&str] = &["序号", "编号", "指标", "指 ", "项目", "名称"];

/// How far an item number inside a line may run ahead of the open list
/// after a sentence end (an excerpt that left items out).
const MAX_SKIPPED_ITEMS: u32 = 9;

/// The longest run of text (in bytes) before a space that reads as a title
/// a list may follow.
const MAX_TITLE_BYTES_BEFORE_LIST: usize = 3 * 24;

/// The longest title looked for after a heading number, in chars.
const MAX_TITLE_CHARS: usize = 60;

/// What stands before a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Before {
    /// A sentence end: `。！？!?`.
    Stop,
    /// `；;`.
    Semicolon,
    /// `：:`.
    Colon,
    /// Whitespace.
    Space,
    /// Whitespace after a sentence end: where a line-joined text had its
    /// paragraph break.
    StopSpace,
    /// Anything else.
    Text,
}

/// Finds where the segment that starts at `at` (on a line ending at `end`)
/// ends.
pub(super) fn next(r: &Reader, at: usize, end: usize, line_start: bool) -> Next {
    // A segment inside a line may itself start a table (`主要指标 序号 指标 …`
    // after the heading); at a line start the reader has looked already.
    if !line_start && table_at(&r.text[at..end]) {
        return Next::Table(at);
    }
    scan(r, at, end, true)
}

/// As [`next`], never stopping at a table header.
pub(super) fn next_ignoring_tables(r: &Reader, at: usize, end: usize) -> Next {
    scan(r, at, end, false)
}

fn scan(r: &Reader, at: usize, end: usize, tables: bool) -> Next {
    let text = r.text;
    // What a line start may carry before its content: bullets, markdown
    // marks, bookmarks.
    let (lead, md_level) = super::line::skip_prefix(&text[at..end]);
    let at = at + lead;
    let s = &text[at..end];
    // The segment's own number sets what may follow it.
    let mut list = r.list;
    let mut headings = r.headings;
    // No block starts inside the segment's own number or right after it.
    let mut own = 0;
    // Where the segment's marker (`主要目标：`) ends.
    let mut marker_end = None;
    if let Some(n) = numbering::parse(s) {
        own = n.len;
        if n.style.is_heading() || md_level.is_some() {
            if n.style.is_heading() {
                headings[super::style_index(n.style)] = n.number;
            }
            list = List { style: None, last: 0, fresh: true };
            if let Some(p) = title_end_at_space(&s[n.len..]) {
                return Next::At(at + n.len + p);
            }
        } else {
            list = List { style: Some(n.style), last: n.number, fresh: false };
        }
    } else if let Some(m) = marker_at(s) {
        list = List { style: None, last: 0, fresh: true };
        marker_end = Some(m);
    } else if let Some(len) = chapter_word_at(s) {
        return Next::At(at + len);
    } else if md_level.is_some() {
        if let Some(p) = title_end_at_space(s) {
            return Next::At(at + p);
        }
    }
    let mut before = Before::Text;
    // Where the text since the last punctuation started: a short run of it
    // before a space reads as a title (`免责声明 1、未经…`), after which a
    // list may start.
    let mut run_start = 0;
    for (k, c) in s.char_indices() {
        if k > own && before != Before::Text && !is_indent(c) {
            let rest = &s[k..];
            let opens_list = marker_end
                .is_some_and(|m| k >= m && s[m..k].trim_start_matches(is_indent).is_empty());
            let titled = before == Before::Space && k - run_start <= MAX_TITLE_BYTES_BEFORE_LIST;
            let list = List { fresh: list.fresh || titled, ..list };
            if let Some(next) = block_at(rest, before, &list, &headings, tables, opens_list)
                .filter(|_| !decimal_broken(rest, &text[end..]))
            {
                return match next {
                    Found::Block => Next::At(at + k),
                    Found::Table => Next::Table(at + k),
                };
            }
            // `…。 妇女是…`: a paragraph break of a text joined into one line.
            if before == Before::StopSpace {
                return Next::At(at + k);
            }
        }
        if !is_indent(c) && !c.is_alphanumeric() && !crate::chars::is_cjk(c) {
            run_start = k + c.len_utf8();
        } else if before != Before::Text && before != Before::Space && !is_indent(c) {
            run_start = k;
        }
        before = match c {
            '。' | '！' | '？' | '!' | '?' => Before::Stop,
            '；' | ';' => Before::Semicolon,
            '：' | ':' => Before::Colon,
            c if is_indent(c) => match before {
                Before::Text => Before::Space,
                Before::Stop => Before::StopSpace,
                // A space after a boundary keeps the stronger boundary.
                b => b,
            },
            _ => Before::Text,
        };
    }
    Next::End
}

enum Found {
    Block,
    Table,
}

/// Whether a block starts at `rest`, given what stands before it;
/// `opens_list`: right after a marker.
fn block_at(
    rest: &str,
    before: Before,
    list: &List,
    headings: &[u32; super::N_STYLES],
    tables: bool,
    opens_list: bool,
) -> Option<Found> {
    let space = matches!(before, Before::Space | Before::StopSpace);
    // Markup before the content: a markdown heading mark or bullet after a
    // space, bold marks, bookmarks.
    let (lead, md_level) = if rest.starts_with(['#', '*', '[', '-', '•', '·', '●', '_', '>']) {
        super::line::skip_prefix(rest)
    } else {
        (0, None)
    };
    if md_level.is_some() && space && lead > 0 && lead < rest.len() {
        return Some(Found::Block);
    }
    let rest = &rest[lead..];
    let c = rest.chars().next()?;
    if space && tables && table_at(rest) {
        return Some(Found::Table);
    }
    if matches!(before, Before::Stop | Before::Semicolon | Before::Space | Before::StopSpace)
        && marker_at(rest).is_some()
    {
        return Some(Found::Block);
    }
    let numeric_start = c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || matches!(c, '(' | '（' | '第' | '①'..='⑳' | '⑴'..='⒇' | '⒈'..='⒛')
        || numbering::is_chinese_digit(c);
    if numeric_start {
        if let Some(n) = numbering::parse(rest) {
            if n.style.is_heading() {
                let follows = super::follows(headings[super::style_index(n.style)], n.number);
                if matches!(before, Before::Stop | Before::Space | Before::StopSpace)
                    && follows
                    && reads_as_title(&rest[n.len..])
                {
                    return Some(Found::Block);
                }
            } else {
                let fresh = List { fresh: list.fresh || before == Before::Colon, ..*list };
                // Excerpts skip items: right after a marker any number opens
                // the list (`主要目标： 3.…`), and after a sentence end a number
                // a few ahead goes on with it (`…缩小。 6.…` after item 3).
                let skipped = before == Before::Stop
                    && list.style == Some(n.style)
                    && n.number > list.last
                    && n.number <= list.last + MAX_SKIPPED_ITEMS;
                if fresh.continues(n.style, n.number) || opens_list || skipped {
                    return Some(Found::Block);
                }
            }
            return None;
        }
        // A number glued to a value starts an item only after a sentence end
        // (`…以上。 6.95%以上的…`): after a space it is the value (`提高 4.5个百分点`).
        if list.style == Some(Style::Arabic)
            && matches!(before, Before::Stop | Before::Semicolon)
            && numbering::glued_item(rest, list.last + 1).is_some()
        {
            return Some(Found::Block);
        }
    }
    if space && chapter_word_at(rest).is_some() {
        return Some(Found::Block);
    }
    None
}

/// Whether `rest`, which runs to a line's end, is a number and its point
/// there, the page width having broken a decimal (`达到 11.` | `6 年`): the
/// next line of text starts with a digit.
fn decimal_broken(rest: &str, after_line: &str) -> bool {
    let digit = |c: char| numbering::digit_value(c).is_some();
    let t = rest.trim_end_matches(is_indent);
    let Some(digits) = t.strip_suffix(['.', '．']) else { return false };
    !digits.is_empty()
        && digits.len() <= 12
        && digits.chars().all(digit)
        && after_line.trim_start_matches(is_indent).chars().next().is_some_and(digit)
}

/// Whether a table header starts at `rest`, its cells side by side.
fn table_at(rest: &str) -> bool {
    TABLE_STARTS.iter().any(|w| rest.starts_with(w))
        && has_cell_gap(rest)
        && super::grid::may_be_header(rest)
}

/// Whether the text after a heading number reads as a title: it ends (at a
/// space, a full stop, a semicolon or the end) within a few dozen chars, and
/// not at a comma.
pub(super) fn reads_as_title(after: &str) -> bool {
    let after = after.trim_start_matches(is_indent);
    for (n, c) in after.chars().enumerate() {
        if n > MAX_TITLE_CHARS {
            return false;
        }
        match c {
            '，' | ',' => return false,
            '。' | '；' | ';' => return n > 0,
            c if is_indent(c) => return n > 0,
            _ => {}
        }
    }
    !after.is_empty()
}

/// Where a heading's title ends at a space with running text after it
/// (`指导思想 以习近平…`): the offset of the space within `after`. A title
/// letter-spaced (`前    言`) does not end between its chars.
fn title_end_at_space(after: &str) -> Option<usize> {
    let t = after.trim_start_matches(is_indent);
    let lead = after.len() - t.len();
    let (title_len, rest) = spaced_word(t)?;
    let rest_t = rest.trim_start_matches(is_indent);
    if rest_t.is_empty() || rest_t.len() == rest.len() {
        return None;
    }
    let title = &t[..title_len];
    if title.contains(['。', '，', ',', '；', ';']) || title.chars().count() > MAX_TITLE_CHARS {
        return None;
    }
    // Running text follows: a sentence, not a second title word.
    let body: String = rest_t.chars().take(80).collect();
    if !body.contains(['。', '，', ',', '；', ';']) {
        return None;
    }
    Some(lead + title_len)
}

/// The first word of `t`, a letter-spaced word (`前    言`, `指 标`) taken
/// whole: `(byte length, the text after it)`.
fn spaced_word(t: &str) -> Option<(usize, &str)> {
    let first_end = t.find(is_indent).unwrap_or(t.len());
    if first_end == 0 {
        return None;
    }
    let mut len = first_end;
    // Single chars apart by spaces are one word.
    if t[..first_end].chars().count() == 1 {
        let mut rest = &t[first_end..];
        loop {
            let r = rest.trim_start_matches(is_indent);
            if r.len() == rest.len() {
                break;
            }
            let word_end = r.find(is_indent).unwrap_or(r.len());
            if word_end == 0 || r[..word_end].chars().count() != 1 {
                break;
            }
            len = t.len() - r.len() + word_end;
            rest = &r[word_end..];
        }
    }
    Some((len, &t[len..]))
}

/// A marker (`主要目标：`) at the start of `s`: its length.
fn marker_at(s: &str) -> Option<usize> {
    let w = INLINE_MARKERS.iter().find(|w| s.starts_with(*w))?;
    let after = &s[w.len()..];
    let a = after.trim_start_matches(is_indent);
    if a.is_empty() {
        return Some(w.len());
    }
    let c = a.chars().next()?;
    if matches!(c, '：' | ':') {
        return Some(s.len() - a.len() + c.len_utf8());
    }
    // `主要目标 1.…`: a list follows.
    (a.len() < after.len() && numbering::parse(a).is_some()).then_some(w.len())
}

/// A bare chapter word (`前言`, `前    言`, `指导思想`) followed by a space
/// and running text: its length.
fn chapter_word_at(s: &str) -> Option<usize> {
    let (len, rest) = spaced_word(s)?;
    if len > 40 || rest.trim_start_matches(is_indent).len() == rest.len() {
        return None;
    }
    let folded = fold_str(&s[..len]);
    let word: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
    lexicon::CHAPTER_KINDS.iter().any(|(w, _)| *w == word).then_some(len)
}

/// Whether `s` starts with at least two cells apart by whitespace (a
/// letter-spaced word counts as one cell).
pub(crate) fn has_cell_gap(s: &str) -> bool {
    match next_cell(s, 0, s.len()) {
        Some((_, after)) => next_cell(s, after, s.len()).is_some(),
        None => false,
    }
}

/// The next cell of a row written side by side, from `start` to at most
/// `end` in `text`: its span and where the next one may start. Cells are apart
/// by whitespace; a letter-spaced word (`指 标`), a year and its 年
/// (`2025 年`) and a bracketed unit (`孕产妇死亡率 (%)`) stay one cell.
pub(crate) fn next_cell(
    text: &str,
    start: usize,
    end: usize,
) -> Option<(crate::span::Span, usize)> {
    let s = &text[start..end];
    let t = s.trim_start_matches(is_indent);
    if t.is_empty() {
        return None;
    }
    let cell_start = start + (s.len() - t.len());
    let word = |from: usize| -> Option<(usize, usize)> {
        // A word of `text` at `from` (after whitespace): (start, end).
        let r = &text[from..end];
        let rt = r.trim_start_matches(is_indent);
        if rt.is_empty() || rt.len() == r.len() {
            return None;
        }
        let ws = from + (r.len() - rt.len());
        let we = ws + rt.find(is_indent).unwrap_or(rt.len());
        Some((ws, we))
    };
    let first_end = cell_start + t.find(is_indent).unwrap_or(t.len());
    let mut cell_end = first_end;
    let single = |a: usize, b: usize| text[a..b].chars().count() == 1;
    let mut letter_spaced =
        single(cell_start, first_end) && is_cjk_word(&text[cell_start..first_end]);
    while let Some((ws, we)) = word(cell_end) {
        let w = &text[ws..we];
        let prev = &text[cell_start..cell_end];
        let joins = (letter_spaced && single(ws, we) && is_cjk_word(w))
            || (w == "年" && prev.chars().all(|c| c.is_ascii_digit()))
            || (is_bracketed_unit(w) && !is_bracketed_unit(prev));
        if !joins {
            break;
        }
        letter_spaced &= single(ws, we);
        cell_end = we;
    }
    Some((crate::span::Span::new(cell_start, cell_end), cell_end))
}

fn is_cjk_word(w: &str) -> bool {
    w.chars().all(|c| ('\u{3400}'..='\u{9FFF}').contains(&c))
}

fn is_bracketed_unit(w: &str) -> bool {
    (w.starts_with(['(', '（']) && w.ends_with([')', '）'])) && w.chars().count() <= 8
}
