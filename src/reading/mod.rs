//! The reading layer: the raw text as a sequence of logical blocks.
//!
//! A plan reaches us in many layouts: one paragraph a line (Word), every
//! paragraph joined into one line (text scraped from a web page), lines
//! hard-wrapped at a page width with page numbers and running headers
//! between them (PDF conversions), paragraphs indented and apart by blank
//! lines. A person reads all of them the same way; this module does too. It
//! turns the physical lines into blocks — heading, 主要目标/策略措施 marker,
//! numbered item, paragraph, table cell — whatever the line breaks:
//!
//! - page furniture (page numbers, running headers) is dropped
//!   ([`furniture`]);
//! - a line that does not end its sentence is joined with the next one when
//!   that one starts no block; a hard-wrapped document (most lines as long as
//!   the page width) also joins a heading that the width broke, and reads a
//!   line that merely looks like a block start (`（二）…` in the middle of a
//!   sentence) as the continuation it is unless its number follows on; there
//!   a line that fills the width goes on in the next unindented line even
//!   after a full stop (a paragraph ends in a short line), and a number the
//!   width broke after Word markup (`[bookmark: _Toc3]（` | `三）…`) is read
//!   across the break; the colon of a ratio (`1:` | `1.5`) ends no line;
//! - a line is split where a block starts inside it ([`split`]): a heading
//!   after a space or a sentence end, a marker, the next item number of the
//!   open list;
//! - tables are read from their cells whether the cells stand one a line,
//!   apart by blank lines, or side by side in one line ([`crate::table`]).
//!
//! **Invariant:** blocks are in text order, and so are the pieces of a block;
//! every piece is a span of the raw text on one physical line, so spans,
//! lines and columns in the output refer to the raw input.
//!
//! **Invariant:** one pass over the lines; every look-ahead is bounded (a
//! table's header, the next text line), so reading is linear in the input.

mod furniture;
pub(crate) mod grid;
pub(crate) mod line;
mod split;

use crate::numbering::{self, Style};
use crate::span::{LineIndex, Span};
use grid::Grid;
use line::{self as heading, LineInfo, LineKind};

/// At most this many blank lines may stand inside a broken sentence.
const MAX_BLANKS_IN_SENTENCE: usize = 2;

/// The longest table cell, in chars.
const MAX_CELL_CHARS: u32 = 60;

/// The document as blocks.
#[derive(Debug, Default)]
pub(crate) struct Reading {
    /// The blocks, in text order.
    pub(crate) blocks: Vec<Block>,
    /// The pieces of all blocks, in text order.
    pieces: Vec<Span>,
    /// The tables; their cells are blocks too.
    pub(crate) grids: Vec<Grid>,
}

/// A logical block: one heading, marker, item, paragraph or table cell.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Block {
    /// The first piece. `info`'s offsets are relative to its start.
    pub(crate) span: Span,
    /// The classification of the first piece.
    pub(crate) info: LineInfo,
    /// The title of a heading or marker, across pieces when the page width
    /// broke it (the raw span may then hold a line break).
    pub(crate) title: Span,
    /// The block's pieces in [`Reading::pieces`]: `start..end`.
    pieces: (u32, u32),
    /// Whether the block is a table cell.
    pub(crate) table: bool,
}

impl Block {
    /// What the block is.
    pub(crate) fn kind(&self) -> LineKind {
        self.info.kind
    }

    /// Where the text after the numbering starts (raw offset).
    pub(crate) fn body_start(&self) -> usize {
        self.span.start + self.info.body_start().min(self.span.len())
    }

    /// The raw end of the block's last piece.
    pub(crate) fn end(&self, reading: &Reading) -> usize {
        reading.pieces(self).last().map_or(self.span.end, |p| p.end)
    }
}

impl Reading {
    /// The pieces of `block`, the first one included.
    pub(crate) fn pieces(&self, block: &Block) -> &[Span] {
        &self.pieces[block.pieces.0 as usize..block.pieces.1 as usize]
    }

    /// The pieces of the table cell that starts at `cell.start`: one, or two
    /// when the page width broke the cell (page furniture between them left
    /// out); empty if no cell starts there.
    pub(crate) fn cell_pieces(&self, cell: Span) -> &[Span] {
        match self.blocks.get(self.block_at(cell.start)) {
            Some(b) if b.table && b.span.start == cell.start => self.pieces(b),
            _ => &[],
        }
    }

    /// The index of the block that holds raw offset `offset` (the last block
    /// starting at or before it).
    pub(crate) fn block_at(&self, offset: usize) -> usize {
        self.blocks.partition_point(|b| b.span.start <= offset).saturating_sub(1)
    }
}

/// A physical line.
#[derive(Clone, Copy, Debug)]
pub(super) struct Line {
    /// The line's text without indentation and trailing whitespace (and
    /// `'\r'`); empty for a blank line.
    pub(super) content: Span,
    /// The chars of `content`.
    pub(super) chars: u32,
    /// The chars of the whole line, indentation and trailing space included:
    /// what a page width limits.
    pub(super) width: u32,
    /// A page number or running header.
    pub(super) furniture: bool,
    /// Whether the line starts a page (after a form feed or page furniture).
    pub(super) page_break: bool,
    /// Whether a form feed stands before the line's text.
    pub(super) form_feed: bool,
    /// The raw end of the line (before `'\r'`): past `content` when the
    /// line ends in whitespace.
    pub(super) end: usize,
}

/// Reads `text` as blocks.
pub(crate) fn read(text: &str, index: &LineIndex) -> Reading {
    let mut lines: Vec<Line> = index.spans().map(|span| scan_line(text, span)).collect();
    let broke_bookmark = cut_broken_bookmarks(text, &mut lines);
    furniture::mark(text, &mut lines);
    // A bookmark broken across lines proves a page width, even in a text
    // too short to tell it from its line lengths.
    let width = wrap_width(text, &lines).or(broke_bookmark);
    let mut reader = Reader {
        text,
        lines: &lines,
        width,
        out: Reading::default(),
        headings: [0; N_STYLES],
        list: List::default(),
        last_line: 0,
        resume: None,
        resumed: None,
    };
    reader.run();
    reader.finish()
}

fn scan_line(text: &str, span: Span) -> Line {
    let raw = &text[span];
    let lead = raw.len() - raw.trim_start_matches(is_indent).len();
    let page_break = raw[..lead].contains('\u{c}');
    let body = raw[lead..].trim_end_matches(is_indent);
    let content = Span::new(span.start + lead, span.start + lead + body.len());
    let chars = body.bytes().filter(|&b| (b & 0xC0) != 0x80).count() as u32;
    let end = span.start + raw.trim_end_matches('\r').len();
    let width = text[span.start..end].chars().count() as u32;
    Line { content, chars, width, furniture: false, page_break, form_feed: page_break, end }
}

/// Word bookmarks (`[bookmark: _Toc123]`) are markup, not text. A page
/// width may break one across lines: the part at a line's end is cut from
/// its content, the rest at the next line's start skipped. Returns the width
/// of the widest line that broke one.
fn cut_broken_bookmarks(text: &str, lines: &mut [Line]) -> Option<u32> {
    const OPEN: &str = "[bookmark:";
    memchr::memmem::find(text.as_bytes(), OPEN.as_bytes())?;
    let mut broke = None;
    let mut open = false;
    for l in lines.iter_mut() {
        let mut c = l.content;
        if open {
            match text[c].find(']') {
                Some(p) => {
                    c.start += p + 1;
                    c.start = skip_space(text, c.start, c.end);
                    open = false;
                }
                None => {
                    c.start = c.end;
                }
            }
        }
        if !open {
            let t = &text[c];
            // A bookmark opened and not closed on the line, or an opening cut short.
            let last_open = t.rfind('[').filter(|&p| {
                let tail = &t[p..];
                (tail.starts_with(OPEN) && !tail.contains(']'))
                    || (tail.len() < OPEN.len() && OPEN.starts_with(tail))
            });
            if let Some(p) = last_open {
                c.end = trim_end(text, c.start, c.start + p);
                open = true;
                broke = broke.max(Some(l.width));
            }
        }
        if c != l.content {
            l.chars = text[c].chars().count() as u32;
            // A line of markup alone is no line of text.
            l.furniture |= c.is_empty() && !l.content.is_empty();
            l.content = c;
        }
    }
    broke
}

/// Indentation and trailing space: whitespace (tabs, NBSP, the ideographic
/// space, form feeds, `'\r'`) and a byte-order mark.
fn is_indent(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// The page width of a hard-wrapped text, in chars: the line width
/// (indentation and trailing space included) that most lines share, when
/// enough of them share it and few lines are wider.
fn wrap_width(text: &str, lines: &[Line]) -> Option<u32> {
    // Wider lines are no page's: a table row with wide gaps, a paragraph.
    const MAX: usize = 90;
    let mut hist = [0u32; MAX + 2];
    let mut n = 0u32;
    // Lines with wide gaps are table rows, whose width says nothing.
    for l in
        lines.iter().filter(|l| !l.furniture && l.chars >= 10 && !has_wide_gap(&text[l.content]))
    {
        n += 1;
        hist[(l.width as usize).min(MAX + 1)] += 1;
    }
    // The window of three lengths that holds most lines.
    let (center, count) =
        (11..MAX).map(|w| (w, hist[w - 1] + hist[w] + hist[w + 1])).max_by_key(|&(w, c)| (c, w))?;
    let width = if hist[center + 1] > 0 { center + 1 } else { center } as u32;
    let longer: u32 = hist[(width as usize + 2).min(MAX + 1)..].iter().sum();
    (count >= 4 && count * 10 >= n * 3 && longer * 5 <= n).then_some(width)
}

/// Whether a line has a wide gap (two spaces, an ideographic space, a tab)
/// inside: a table row laid out with spaces, not running text.
fn has_wide_gap(s: &str) -> bool {
    let b = s.as_bytes();
    // Most lines have no ASCII space, tab or NBSP at all.
    if memchr::memchr3(b' ', b'\t', 0xC2, b).is_none() {
        return s.contains('\u{3000}');
    }
    let mut prev_space = false;
    for c in s.chars() {
        let space = c.is_whitespace();
        if c == '\t' || c == '\u{3000}' || (space && prev_space) {
            return true;
        }
        prev_space = space;
    }
    false
}

/// Whether a line of `chars` chars fills a page `width` wide.
fn fills(width: u32, chars: u32) -> bool {
    chars + 1 + width / 30 >= width
}

/// Whether heading number `n` follows `last` of its style: the next one,
/// the one after (a heading the copy lost), or a first one.
fn follows(last: u32, n: u32) -> bool {
    n == 1 || (n > last && n <= last + 2)
}

/// Numbering styles, for the per-style heading counters.
const N_STYLES: usize = 8;

fn style_index(s: Style) -> usize {
    match s {
        Style::Part => 0,
        Style::Chapter => 1,
        Style::Section => 2,
        Style::Chinese => 3,
        Style::ParenChinese => 4,
        Style::Arabic => 5,
        Style::ParenArabic => 6,
        Style::Circled => 7,
    }
}

/// The open numbered list: which number comes next.
#[derive(Clone, Copy, Debug, Default)]
struct List {
    style: Option<Style>,
    last: u32,
    /// Whether a list may start here (after a marker, a heading or a colon).
    fresh: bool,
}

impl List {
    /// Whether `n` continues the list (or starts a fresh one).
    fn continues(&self, style: Style, number: u32) -> bool {
        match self.style {
            // The next number, or the one after (an item the copy lost).
            Some(s) if s == style && (number == self.last + 1 || number == self.last + 2) => true,
            _ => self.fresh && number == 1,
        }
    }
}

struct Reader<'t, 'l> {
    text: &'t str,
    lines: &'l [Line],
    width: Option<u32>,
    out: Reading,
    /// The last number seen per heading style.
    headings: [u32; N_STYLES],
    list: List,
    /// The physical line of the last piece of the last block.
    last_line: usize,
    /// A number the page width broke ([`Reader::number_across_break`]): the
    /// line of text that holds its rest, and where the text resumes after it.
    resume: Option<(usize, usize)>,
    /// Where the current line resumed after the rest of such a number: the
    /// segment there goes on with the block the number started.
    resumed: Option<usize>,
}

impl Reader<'_, '_> {
    fn run(&mut self) {
        let mut i = 0;
        let mut at = 0;
        let mut blanks = 0;
        while i < self.lines.len() {
            let l = self.lines[i];
            if l.furniture {
                i += 1;
                continue;
            }
            if l.content.is_empty() {
                blanks += 1;
                i += 1;
                continue;
            }
            let mut start = at.max(l.content.start);
            at = 0;
            self.resumed = None;
            if let Some((n, r)) = self.resume.take() {
                if n == i && r >= start && r <= l.content.end {
                    start = r;
                    self.resumed = Some(r);
                }
            }
            if let Some((next, resume)) = self.table(i, start) {
                (i, at) = (next, resume);
                blanks = 0;
                continue;
            }
            match self.line(i, start, blanks) {
                // A table starts inside the line.
                Some(p) => {
                    if let Some((next, resume)) = self.table(i, p) {
                        (i, at) = (next, resume);
                    } else {
                        // Read on as text: `line` does not stop at `p` again.
                        self.line_from(i, p);
                        i += 1;
                    }
                }
                None => i += 1,
            }
            blanks = 0;
        }
    }

    /// Reads the segments of line `i` from `start`. Returns where a table
    /// header starts inside the line, if one does.
    fn line(&mut self, i: usize, start: usize, blanks: usize) -> Option<usize> {
        let end = self.lines[i].content.end;
        let mut at = start;
        let mut first = start == self.lines[i].content.start;
        loop {
            let seg = split::next(self, at, end, first);
            if let split::Next::Table(p) = seg {
                if p > at {
                    self.segment(i, Span::new(at, trim_end(self.text, at, p)), first, blanks);
                }
                return Some(p);
            }
            let cut = seg.offset(end);
            self.segment(i, Span::new(at, trim_end(self.text, at, cut)), first, blanks);
            first = false;
            if cut >= end {
                return None;
            }
            at = skip_space(self.text, cut, end);
            if at >= end {
                return None;
            }
        }
    }

    /// Reads the rest of line `i` from `start` as text, never as a table.
    fn line_from(&mut self, i: usize, start: usize) {
        let end = self.lines[i].content.end;
        let mut at = start;
        loop {
            let seg = split::next(self, at, end, false);
            let cut = match seg {
                split::Next::Table(_) => split::next_ignoring_tables(self, at, end).offset(end),
                n => n.offset(end),
            };
            self.segment(i, Span::new(at, trim_end(self.text, at, cut)), false, 0);
            if cut >= end {
                return;
            }
            at = skip_space(self.text, cut, end);
            if at >= end {
                return;
            }
        }
    }

    /// Adds one segment: a new block, or a piece of the last block when it
    /// continues that block's sentence.
    fn segment(&mut self, i: usize, seg: Span, line_start: bool, blanks: usize) {
        if self.resumed.is_some_and(|r| r == seg.start) {
            // The text after a number the page width broke: the rest of its block.
            self.resumed = None;
            if !seg.is_empty() {
                self.extend_last(i, seg);
            }
            return;
        }
        if seg.is_empty() {
            return;
        }
        if line_start {
            if let Some((info, title, resume)) = self.number_across_break(i, seg) {
                self.push(i, seg, info, false);
                self.out.blocks.last_mut().expect("just pushed").title = title;
                self.resume = Some(resume);
                return;
            }
        }
        let mut info = heading::classify(&self.text[seg]);
        if info.kind == LineKind::Blank {
            return;
        }
        // `6.95%以上的…` after item 5 and a full stop is item 6 about 95%.
        if info.kind == LineKind::Body && self.after_full_stop() {
            if let Some(n) = self.glued(&self.text[seg.start + info.content..seg.end]) {
                info.numbering = Some(n);
                info.kind = LineKind::Item;
            }
        }
        if line_start && self.continues(i, seg, &info, blanks) {
            self.extend_last(i, seg);
            return;
        }
        self.push(i, seg, info, false);
    }

    /// Adds `seg`, which starts line `i`, to the last block as a piece.
    fn extend_last(&mut self, i: usize, seg: Span) {
        let b = self.out.blocks.last_mut().expect("a block to extend");
        self.out.pieces.push(seg);
        b.pieces.1 += 1;
        if matches!(b.info.kind, LineKind::Heading | LineKind::Marker(_)) {
            // A title still empty starts on this line.
            let start = if b.title.is_empty() { seg.start } else { b.title.start };
            b.title = Span::new(start, title_end(self.text, seg));
        }
        self.last_line = i;
    }

    /// A number the page width broke after markup: a line of Word bookmarks
    /// (or other markup) that ends in the first chars of a number, which the
    /// next line of text completes (`[bookmark: _Toc336]（` | `三）妇女与经济`,
    /// `[bookmark: _GoBack]1` | `0.保障…`). Markup takes no room on a page,
    /// so only a text that carries it into a hard-wrapped layout breaks
    /// there, and nothing else leaves a line of markup and a bracket. The
    /// block is classified on both parts; its first piece holds the number's
    /// first chars (its numbering is clamped to them), and the next line
    /// resumes after the number (returned with the block's info and title).
    fn number_across_break(&self, i: usize, seg: Span) -> Option<(LineInfo, Span, (usize, usize))> {
        let number_char = |c: char| {
            numbering::digit_value(c).is_some()
                || matches!(c, '（' | '(' | '第')
                || numbering::is_chinese_digit(c)
        };
        let t = &self.text[seg];
        if seg.end != self.lines[i].content.end || !t.chars().next_back().is_some_and(number_char) {
            return None;
        }
        let (lead, _) = heading::skip_prefix(t);
        let head = &t[lead..];
        if head.is_empty() || head.chars().count() > 3 || !head.chars().all(number_char) {
            return None;
        }
        // Markup before the number: skipped at the segment's start, or the
        // rest of a bookmark the line before broke, cut from the content.
        let line_start = self.text[..seg.start].rfind('\n').map_or(0, |p| p + 1);
        let cut = self.text[line_start..seg.start].contains(']');
        if lead == 0 && !cut {
            return None;
        }
        // The next line of text, past page furniture only.
        let n = (i + 1..self.lines.len()).find(|&k| !self.lines[k].furniture)?;
        let next = self.lines[n].content;
        if next.is_empty() {
            return None;
        }
        let joined = format!("{t}{}", &self.text[next]);
        let mut info = heading::classify(&joined);
        let number = info.numbering?;
        let number_end = info.content + number.len;
        if info.content != lead || number_end <= t.len() || info.kind == LineKind::Body {
            return None;
        }
        let raw = |k: usize| if k <= t.len() { seg.start + k } else { next.start + (k - t.len()) };
        let title = Span::new(raw(info.title.0.max(number_end)), raw(info.title.1.max(number_end)));
        info.numbering = Some(numbering::Numbering { len: t.len() - lead, ..number });
        info.title = (t.len(), t.len());
        Some((info, title, (n, raw(number_end))))
    }

    fn push(&mut self, i: usize, seg: Span, info: LineInfo, table: bool) {
        let title = Span::new(seg.start + info.title.0, seg.start + info.title.1);
        let n = self.out.pieces.len() as u32;
        self.out.pieces.push(seg);
        self.out.blocks.push(Block { span: seg, info, title, pieces: (n, n + 1), table });
        self.last_line = i;
        if !table {
            self.note(&info, seg);
        }
    }

    /// Updates the numbering state after a new block.
    fn note(&mut self, info: &LineInfo, seg: Span) {
        match info.kind {
            LineKind::Heading => {
                if let Some(n) = info.numbering.filter(|n| n.style.is_heading()) {
                    self.headings[style_index(n.style)] = n.number;
                }
                self.list = List { style: None, last: 0, fresh: true };
            }
            LineKind::Marker(_) => self.list = List { style: None, last: 0, fresh: true },
            LineKind::Item => {
                if let Some(n) = info.numbering {
                    if self.list.style.is_none_or(|s| s == n.style) || self.list.fresh {
                        self.list = List { style: Some(n.style), last: n.number, fresh: false };
                    }
                }
            }
            LineKind::Body => {
                if self.text[seg].ends_with(['：', ':']) {
                    self.list.fresh = true;
                }
            }
            LineKind::Blank => {}
        }
    }

    /// The item number glued to a value (`6.95%以上的…` after item 5): only
    /// the list knows that 6 is expected.
    fn glued(&self, t: &str) -> Option<numbering::Numbering> {
        if !(self.list.fresh || self.list.style == Some(Style::Arabic)) {
            return None;
        }
        numbering::glued_item(t, self.list.last + 1)
    }

    /// Whether the last block ended its sentence (or there is none).
    fn after_full_stop(&self) -> bool {
        match self.out.blocks.last() {
            None => true,
            Some(b) if b.table || !matches!(b.kind(), LineKind::Body | LineKind::Item) => true,
            Some(_) => heading::ends_sentence(
                &self.text[*self.out.pieces.last().expect("a block has pieces")],
            ),
        }
    }

    /// Whether segment `seg`, which starts physical line `i`, continues the
    /// last block.
    fn continues(&self, i: usize, seg: Span, info: &LineInfo, blanks: usize) -> bool {
        let Some(last) = self.out.blocks.last() else { return false };
        if last.table || blanks > MAX_BLANKS_IN_SENTENCE {
            return false;
        }
        let prev_piece = *self.out.pieces.last().expect("a block has pieces");
        let prev = &self.text[prev_piece];
        let prev_line = self.lines[self.last_line];
        let wrapped_prev = self.width.is_some_and(|w| fills(w, prev_line.width));
        // A closing quote or an ellipsis ends a paragraph, but a line the
        // page width broke may stop at one mid-sentence; the colon of a
        // ratio (`1:` | `1.5`) ends nothing.
        let ends = heading::ends_sentence(prev)
            && !(wrapped_prev && prev.ends_with(['”', '…']))
            && !ratio_broken(prev, &self.text[seg]);
        match info.kind {
            LineKind::Heading | LineKind::Marker(_) | LineKind::Item => {
                // A block start; in a hard-wrapped text, the page width may
                // have put a number at a line start mid-sentence.
                if !wrapped_prev {
                    // `1、从表` | `(一)的各项指标来看，…`: a heading number that
                    // goes on a broken sentence with no title after it is
                    // the sentence's (as it is inside a line).
                    let heading = info.kind == LineKind::Heading;
                    return heading
                        && !ends
                        && matches!(last.kind(), LineKind::Body | LineKind::Item)
                        && info.numbering.is_some_and(|n| {
                            let after = self.text[seg][info.content + n.len..].trim();
                            n.style.is_heading()
                                && !after.is_empty()
                                && !split::reads_as_title(after)
                        });
                }
                // `主要目标：` always starts a block; a bare `目标` at a line
                // start may end a title the page width broke.
                if matches!(info.kind, LineKind::Marker(_)) {
                    let t = self.text[seg].trim_end_matches(is_indent);
                    return !ends && !t.ends_with(['：', ':']) && t.chars().count() <= 3;
                }
                match info.kind {
                    LineKind::Heading => {
                        // A heading number the width left without its title:
                        // the title follows, whatever it reads as
                        // (`（二）` | `总体目标`).
                        let untitled = last.kind() == LineKind::Heading
                            && last.title.is_empty()
                            && last.pieces.1 - last.pieces.0 == 1
                            && info.numbering.is_none();
                        let full_stop = prev.trim_end().ends_with(['。', '!', '?', '！', '？']);
                        untitled || !(full_stop || self.heading_follows(info, &self.text[seg]))
                    }
                    _ => {
                        !(ends
                            || info
                                .numbering
                                .is_some_and(|n| self.list.continues(n.style, n.number)))
                    }
                }
            }
            LineKind::Body => {
                // A line the page width filled that ends a sentence more
                // often ends one sentence of a paragraph than the paragraph
                // (which ends in a short line, or before an indented one).
                if ends && !(wrapped_prev && !self.indented(i) && blanks == 0) {
                    return false;
                }
                match last.kind() {
                    LineKind::Body | LineKind::Item => true,
                    // A heading goes on only where the page width broke it.
                    LineKind::Heading | LineKind::Marker(_) => {
                        wrapped_prev && self.lines[i].chars > 0
                    }
                    LineKind::Blank => false,
                }
            }
            LineKind::Blank => false,
        }
    }

    /// Whether line `i` is indented (a paragraph start in a hard-wrapped
    /// text); a form feed is no indentation.
    fn indented(&self, i: usize) -> bool {
        let start = self.lines[i].content.start;
        start > 0 && !matches!(self.text.as_bytes()[start - 1], b'\n' | b'\x0c')
    }

    /// Whether a heading's number follows the last one of its style and its
    /// title reads as a title.
    fn heading_follows(&self, info: &LineInfo, seg: &str) -> bool {
        match info.numbering {
            Some(n) if n.style.is_heading() => {
                // The number's length counts from the content, after any markup.
                follows(self.headings[style_index(n.style)], n.number)
                    && split::reads_as_title(seg.get(info.body_start()..).unwrap_or(""))
            }
            Some(_) => false,
            None => true,
        }
    }

    /// Reads a table whose header starts at `start` on line `i`: the line
    /// and offset to go on from.
    fn table(&mut self, i: usize, start: usize) -> Option<(usize, usize)> {
        let l = self.lines[i];
        let first = &self.text[start..l.content.end];
        // Pipe and tab rows.
        if start == l.content.start && grid::is_row(first) {
            let mut cells = Vec::new();
            let mut j = i;
            while j < self.lines.len() {
                let lj = self.lines[j];
                if lj.furniture || lj.content.is_empty() {
                    j += 1;
                    continue;
                }
                if !grid::is_row(&self.text[lj.content]) {
                    break;
                }
                cells.push(lj.content);
                j += 1;
            }
            let grid = grid::read_rows(self.text, &cells)?;
            let used = grid.rows_end;
            let next = self.line_after(i, cells[used - 1].end);
            self.add_grid(grid);
            return Some((next, 0));
        }
        // Cells one a line, or side by side.
        // A table that starts inside a line (a whole plan in one line) has
        // its cells side by side in that line.
        let inline = start != l.content.start;
        if !inline && !has_wide_gap(first) && l.chars > MAX_CELL_CHARS {
            return None;
        }
        if inline && !split::has_cell_gap(first) {
            return None;
        }
        if !grid::may_be_header(first) {
            return None;
        }
        let mut cells = Cells {
            text: self.text,
            lines: self.lines,
            width: self.width,
            line: i,
            at: start,
            inline: inline.then_some(i),
            widest: 0,
            ends: Vec::new(),
        };
        let grid = grid::read_flattened(self.text, &mut cells)?;
        let (line, after) = cells.ends[grid.cells_used - 1];
        self.add_grid(grid);
        let content_end = self.lines[line].content.end;
        let resume = skip_space(self.text, after, content_end);
        if resume >= content_end {
            Some((line + 1, 0))
        } else {
            Some((line, resume))
        }
    }

    fn line_after(&self, i: usize, offset: usize) -> usize {
        (i..self.lines.len())
            .find(|&k| self.lines[k].content.end >= offset)
            .map_or(self.lines.len(), |k| k + 1)
    }

    fn add_grid(&mut self, grid: Grid) {
        for cell in grid.cells() {
            let info = heading::classify(&self.text[cell]);
            let line = self.line_of(cell.start);
            let info = LineInfo { kind: LineKind::Body, ..info };
            // A cell the page width broke is one block of two pieces.
            let mut first = cell;
            let mut rest = None;
            if let Some(nl) = self.text[cell].find('\n') {
                first = Span::new(cell.start, trim_end(self.text, cell.start, cell.start + nl));
                // The line it goes on in, past any page furniture.
                let next = self.line_of(cell.end);
                let l = self.lines[next];
                rest = Some((next, Span::new(l.content.start, cell.end)));
            }
            self.push(line, first, info, true);
            if let Some((next, piece)) = rest {
                self.out.pieces.push(piece);
                self.out.blocks.last_mut().expect("just pushed").pieces.1 += 1;
                self.last_line = next;
            }
        }
        self.list = List::default();
        self.out.grids.push(grid);
    }

    /// The physical line holding raw offset `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.lines.partition_point(|l| l.content.start <= offset).saturating_sub(1)
    }

    fn finish(self) -> Reading {
        self.out
    }
}

/// Candidate table cells from a line on: one a line (a line the page width
/// broke is joined with its continuation), or side by side with wide gaps
/// between them. Blank lines and furniture are skipped.
pub(crate) struct Cells<'t, 'l> {
    text: &'t str,
    lines: &'l [Line],
    width: Option<u32>,
    line: usize,
    at: usize,
    /// The line where the table started inside the line: its cells stand
    /// side by side, apart by single spaces.
    inline: Option<usize>,
    /// The widest line of the table so far (chars, indentation included).
    widest: u32,
    /// For each cell handed out: its line and the raw offset after it.
    ends: Vec<(usize, usize)>,
}

impl Cells<'_, '_> {
    /// The first line of text at or after `from`.
    fn next_text_line(&self, from: usize) -> Option<usize> {
        (from..self.lines.len())
            .find(|&k| !self.lines[k].furniture && !self.lines[k].content.is_empty())
    }
}

impl Iterator for Cells<'_, '_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        loop {
            let l = *self.lines.get(self.line)?;
            let start = self.at.max(l.content.start);
            if l.furniture || l.content.is_empty() || start >= l.content.end {
                self.line += 1;
                self.at = 0;
                continue;
            }
            // Cells side by side: in the line the table started in, or in a
            // line with wide gaps (a PDF row: `1.残疾人… (%)      >7.5     预期性`).
            if self.inline == Some(self.line) || has_wide_gap(&self.text[l.content]) {
                let (mut cell, mut after) = split::next_cell(self.text, start, l.content.end)?;
                // A cell the page width broke in the middle (`20` | `25 年`):
                // a full line that ends in no space goes on in the next one.
                // Rows of a text wrapped at a page width share that width;
                // a row's own end is followed by a blank line or a new row.
                self.widest = self.widest.max(l.width);
                let next = self.line + 1;
                if after == l.content.end
                    && l.end == l.content.end
                    && l.width >= 20
                    && l.width + 1 >= self.widest
                    && self.lines.get(next).is_some_and(|n| !n.content.is_empty())
                {
                    let n = self.lines[next];
                    if let Some((more, more_after)) =
                        split::next_cell(self.text, n.content.start, n.content.end)
                    {
                        let t = &self.text[more];
                        // A number cut at its decimal point (`>7.` | `5`)
                        // goes on whatever follows.
                        let cut_number = self.text[cell].ends_with(['.', '．']);
                        let new_row =
                            numbering::parse(t).is_some() || t.chars().all(|c| c.is_ascii_digit());
                        if cut_number || !new_row {
                            cell = Span::new(cell.start, more.end);
                            after = more_after;
                            self.line = next;
                        }
                    }
                }
                self.at = after;
                self.ends.push((self.line, after));
                return Some(cell);
            }
            if l.chars > MAX_CELL_CHARS {
                return None;
            }
            let mut cell = l.content;
            let mut last = self.line;
            self.line += 1;
            // A number cut at its decimal point (`>7.` | `5     预期性`), or
            // by the page width (`20` | `25 年`), goes on with the first cell
            // of the next line.
            let full = l.end == l.content.end && self.width.is_some_and(|w| fills(w, l.width));
            if self.text[cell].ends_with(['.', '．'])
                || (full && self.text[cell].ends_with(|c: char| c.is_ascii_digit()))
            {
                if let Some(n) = self.next_text_line(self.line) {
                    let next = self.lines[n];
                    if let Some((more, more_after)) =
                        split::next_cell(self.text, next.content.start, next.content.end)
                    {
                        if self.text[more].starts_with(|c: char| c.is_ascii_digit()) {
                            cell = Span::new(cell.start, more.end);
                            self.ends.push((n, more.end));
                            if more_after < next.content.end {
                                (self.line, self.at) = (n, more_after);
                            } else {
                                self.line = n + 1;
                            }
                            return Some(cell);
                        }
                    }
                }
            }
            // A cell the page width broke goes on in the next line, unless
            // that line is a cell of its own (a value, an index).
            // (A line that ends in spaces was not broken.)
            if l.end == l.content.end && self.width.is_some_and(|w| fills(w, l.width)) {
                if let Some(n) = self.next_text_line(self.line) {
                    let next = self.lines[n];
                    let t = &self.text[next.content];
                    // The rest of a broken cell starts its line; an indented
                    // line is a cell of its own (`100` | `      约束性`).
                    let flush = next.content.start == 0
                        || self.text.as_bytes()[next.content.start - 1] == b'\n';
                    if flush
                        && next.chars <= MAX_CELL_CHARS
                        && !has_wide_gap(t)
                        && !grid::is_value_cell(t)
                    {
                        cell = Span::new(cell.start, next.content.end);
                        last = n;
                        self.line = n + 1;
                    }
                }
            }
            self.ends.push((last, cell.end));
            return Some(cell);
        }
    }
}

/// Whether `prev` ends in the colon of a ratio that `next` completes
/// (`比例不小于1:` | `1.5`).
fn ratio_broken(prev: &str, next: &str) -> bool {
    let digit = |c: Option<char>| c.and_then(numbering::digit_value).is_some();
    let mut back = prev.trim_end_matches(is_indent).chars().rev();
    matches!(back.next(), Some(':' | '：')) && digit(back.next()) && digit(next.chars().next())
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end_matches(is_indent).len()
}

fn skip_space(text: &str, at: usize, end: usize) -> usize {
    end - text[at..end].trim_start_matches(is_indent).len()
}

/// The end of a title continued in `seg`: before trailing title punctuation.
fn title_end(text: &str, seg: Span) -> usize {
    let t = text[seg].trim_end_matches(|c: char| {
        is_indent(c) || matches!(c, '。' | '：' | ':' | '.' | '；' | '*' | '#')
    });
    seg.start + t.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks of `text`: kind, table cell or not, pieces joined by `|`.
    fn blocks(text: &str) -> Vec<(LineKind, bool, String)> {
        let r = read(text, &LineIndex::new(text));
        r.blocks
            .iter()
            .map(|b| {
                let pieces: Vec<&str> = r.pieces(b).iter().map(|p| &text[*p]).collect();
                (b.kind(), b.table, pieces.join("|"))
            })
            .collect()
    }

    /// Running text hard-wrapped at 12 chars: four full lines, so that the
    /// page width is known; its sentence goes on.
    const WRAPPED: &str = "妇女事业发展取得显著成效\n，妇女平等享有各项权利，\n参与经济社会发展的能力显\n著增强，妇女地位不断提高\n";

    /// As [`WRAPPED`], the paragraph ended by a short line.
    const PARAGRAPH: &str = "妇女事业发展取得显著成效\n，妇女平等享有各项权利，\n参与经济社会发展的能力显\n著增强，妇女地位不断提高\n，目标全面实现。\n";

    #[test]
    fn a_heading_after_markup_at_a_wrapped_line_start() {
        // The number's length counts from the content, after `###\u{a0}**`.
        let text = format!("{WRAPPED}###\u{a0}**（一）指导思\n想**\n");
        let b = blocks(&text);
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!(b[1], (LineKind::Heading, false, "###\u{a0}**（一）指导思|想**".into()));
    }

    #[test]
    fn a_number_broken_after_markup_is_read_across_the_break() {
        let text = format!(
            "{PARAGRAPH}[bookmark: _Toc336]（\n三）妇女与经济\n主要目标：\n[bookmark: _GoBack]1\n0.保障妇女依法获得法律救济。\n"
        );
        let r = read(&text, &LineIndex::new(&text));
        let b: Vec<_> = r.blocks.iter().map(|b| (b.kind(), &text[b.title.range()])).collect();
        assert_eq!(b[1], (LineKind::Heading, "妇女与经济"));
        assert_eq!(b[2].0, LineKind::Marker(line::Block::Goals));
        let item = &r.blocks[3];
        assert_eq!(
            (item.kind(), item.info.numbering.map(|n| n.number)),
            (LineKind::Item, Some(10))
        );
        let pieces: Vec<&str> = r.pieces(item).iter().map(|p| &text[p.range()]).collect();
        assert_eq!(pieces, ["[bookmark: _GoBack]1", "保障妇女依法获得法律救济。"]);
        // Without markup a short line is no broken number.
        let plain = format!("{PARAGRAPH}（\n三）妇女与经济\n");
        assert_eq!(blocks(&plain)[1].0, LineKind::Body);
    }

    #[test]
    fn a_bookmark_broken_across_lines_tells_the_page_width() {
        // Too few lines to tell a width from their lengths.
        let text = "[bookmark: _Toc101][\nbookmark: _Toc102]二、发展领\n域\n[bookmark: _Toc103]（一）妇女\n与健康\n主要目标：\n";
        let b = blocks(text);
        assert_eq!(b[0], (LineKind::Heading, false, "二、发展领|域".into()));
        assert_eq!(b[1], (LineKind::Heading, false, "[bookmark: _Toc103]（一）妇女|与健康".into()));
    }

    #[test]
    fn a_heading_number_the_width_left_alone_takes_the_next_line_as_its_title() {
        let text = format!("{PARAGRAPH}{PARAGRAPH}[bookmark: _Toc1]（二）\n总体目标\n到2030年，妇女发展环境更为优化。\n");
        let r = read(&text, &LineIndex::new(&text));
        let headings: Vec<&str> = r
            .blocks
            .iter()
            .filter(|b| b.kind() == LineKind::Heading)
            .map(|b| &text[b.title.range()])
            .collect();
        assert_eq!(headings, ["总体目标"]);
    }

    #[test]
    fn the_colon_of_a_ratio_ends_no_line() {
        let text = "策略措施：\n1.新建公共厕所男女厕位比例不小于1:\n1.5，人流量较大地区不小于1:2。\n2.出生人口性别比控制在107左右。\n";
        let b = blocks(text);
        assert_eq!(b.len(), 3, "{b:?}");
        assert_eq!(b[1].2, "1.新建公共厕所男女厕位比例不小于1:|1.5，人流量较大地区不小于1:2。");
    }

    #[test]
    fn a_decimal_broken_after_its_point_starts_no_item() {
        let text = "主要目标：\n9.基本消除女性青壮年文盲。劳动年龄女性平均受教育年限达到 11.\n6 年。\n策略措施：\n";
        let b = blocks(text);
        assert_eq!(b[1].2, "9.基本消除女性青壮年文盲。劳动年龄女性平均受教育年限达到 11.|6 年。");
        assert_eq!(b.len(), 3, "{b:?}");
    }

    #[test]
    fn a_number_glued_to_a_value_after_a_space_is_the_value() {
        let one = "主要目标： 3.农村妇女宫颈癌筛查率比2020年提高 4.5个百分点。 4.妇女健康素养水平达到30%。";
        let b = blocks(one);
        let items: Vec<&str> =
            b.iter().filter(|b| b.0 == LineKind::Item).map(|b| b.2.as_str()).collect();
        assert_eq!(
            items,
            ["3.农村妇女宫颈癌筛查率比2020年提高 4.5个百分点。", "4.妇女健康素养水平达到30%。"]
        );
        // After a full stop it is the next item: `6.95%以上的行政村…`.
        let glued = "主要目标： 5.妇女之家全覆盖。 6.95%以上的行政村建立妇女之家。";
        assert_eq!(blocks(glued).iter().filter(|b| b.0 == LineKind::Item).count(), 2);
    }

    #[test]
    fn excerpts_in_one_line_skip_item_numbers() {
        let text = "（一）儿童与健康 主要目标： 3.新生儿死亡率降至3.0‰以下。 6.适龄儿童免疫规划疫苗接种率保持在90%以上。 8.5岁以下儿童贫血患病率控制在10%以下。";
        let items: Vec<String> =
            blocks(text).into_iter().filter(|b| b.0 == LineKind::Item).map(|b| b.2).collect();
        assert_eq!(items.len(), 3, "{items:?}");
        assert!(items[2].starts_with("8.5岁以下"));
        // Only after a sentence end: a number mid-sentence stays text.
        let mid = "主要目标： 1.比例达到 5.新建…";
        assert_eq!(blocks(mid).iter().filter(|b| b.0 == LineKind::Item).count(), 1);
    }

    #[test]
    fn a_table_header_may_start_a_segment_inside_a_line() {
        let text = "表1 主要指标 序号 指标 2020年 2025年 1 人均预期寿命（岁） 78.3 79 三、主要任务";
        let cells: Vec<String> = blocks(text).into_iter().filter(|b| b.1).map(|b| b.2).collect();
        assert_eq!(
            cells,
            ["序号", "指标", "2020年", "2025年", "1", "人均预期寿命（岁）", "78.3", "79"]
        );
    }

    #[test]
    fn a_full_line_that_ends_a_sentence_goes_on_unless_the_next_is_indented() {
        let text = format!(
            "{PARAGRAPH}“十三五”期间，妇女事业\n取得显著成效。孕产妇死亡\n率下降到8.5/10万。\n"
        );
        assert_eq!(blocks(&text).len(), 2, "{:?}", blocks(&text));
        let indented = format!("{PARAGRAPH}“十三五”期间，妇女事业\n取得显著成效。\n\u{3000}\u{3000}孕产妇死亡率下降到8.5/10万。\n");
        assert_eq!(blocks(&indented).len(), 3, "{:?}", blocks(&indented));
    }

    #[test]
    fn a_bare_number_is_a_cell_where_pages_are_numbered_in_a_shape() {
        let text = "主要指标\n序号\n指标\n规划目标\n- 3 -\n\u{c}1\n妇女人均预期寿命（岁）\n≥80\n2\n孕产妇死亡率（1/10万）\n≤7\n";
        let r = read(text, &LineIndex::new(text));
        assert_eq!(r.grids.len(), 1);
        assert_eq!(r.grids[0].rows.len(), 2);
    }

    #[test]
    fn a_line_at_the_top_of_two_pages_of_many_is_no_running_header() {
        let mut text = String::new();
        for page in 1..=8 {
            let top = if page == 3 || page == 7 {
                "策略措施："
            } else {
                "加强妇幼保健机构建设。"
            };
            text.push_str(&format!(
                "{top}\n{page}.提高妇女健康素养水平，第{page}项。\n- {page} -\n"
            ));
        }
        let markers = blocks(&text).iter().filter(|b| matches!(b.0, LineKind::Marker(_))).count();
        assert_eq!(markers, 2);
        // A header on every page, above the page number at its top, is one
        // (the document's first line stays: its title).
        let mut text = String::new();
        for (page, item) in
            ["加强妇幼保健机构建设。", "提高妇女健康素养。", "保障妇女平等就业。", "完善救助体系。"]
                .iter()
                .enumerate()
        {
            text.push_str(&format!("某县妇女发展规划\n- {} -\n{item}\n", page + 1));
        }
        let b = blocks(&text);
        assert_eq!(b.iter().filter(|b| b.2.contains("某县")).count(), 1, "{b:?}");
        assert_eq!(b.len(), 4, "{b:?}");
    }

    #[test]
    fn a_cell_broken_across_a_page_leaves_the_furniture_out() {
        let text = format!("{PARAGRAPH}序号\n指标\n规划目标\n1\n妇女用化妆品、卫生用品等\n- 10 -\n抽查合格率（%）\n>90\n");
        let text = text.as_str();
        let r = read(text, &LineIndex::new(text));
        assert_eq!(r.grids.len(), 1);
        let name = r.grids[0].rows[0][1];
        let pieces: Vec<&str> = r.cell_pieces(name).iter().map(|p| &text[*p]).collect();
        assert_eq!(pieces, ["妇女用化妆品、卫生用品等", "抽查合格率（%）"]);
    }
}
