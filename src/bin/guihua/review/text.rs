//! The plan's raw text cut into lines and highlighted stretches: one
//! element per record span, never one per character.
//!
//! Marks are byte ranges into the raw text. Each is kept inside its own
//! line and moved onto char boundaries, so cutting never splits a
//! character and never panics, whatever spans it is given. Marks nest: a
//! record's value sits inside its quote, and a quote inside another quote
//! stays whole. A mark that starts inside another and runs past its end
//! (which the extractor does not produce) is cut at that end and flagged.

/// What a highlighted stretch is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MarkKind {
    /// A record's quote: `rec` is its index in the record list.
    Record { rec: usize, class: &'static str },
    /// A record's value, inside its quote.
    Value,
}

/// A highlighted stretch of the raw text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: MarkKind,
}

/// A piece of a rendered line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Piece<'t> {
    /// Text, escaped by the template.
    Text(&'t str),
    /// The start of a record's mark; `clipped` when it was cut short.
    Open { rec: usize, class: &'static str, clipped: bool },
    /// The end of a record's mark.
    Close,
    /// The start of a value.
    OpenValue,
    /// The end of a value.
    CloseValue,
}

/// One line of the text.
#[derive(Debug)]
pub(crate) struct Line<'t> {
    /// 1-based, as in the records.
    pub(crate) n: u32,
    /// Extra CSS classes (` h`, ` g` …), each with a leading space.
    pub(crate) class: String,
    /// The margin note (`健康`, `H2`, `G3`, `M12`, `!`), possibly empty.
    pub(crate) marker: String,
    pub(crate) pieces: Vec<Piece<'t>>,
}

/// Lines grouped so that the browser can skip laying out those off screen.
#[derive(Debug)]
pub(crate) struct Block<'t> {
    /// A guess at the block's height in pixels, so the scroll bar is about
    /// right before the block is laid out.
    pub(crate) height: usize,
    pub(crate) lines: Vec<Line<'t>>,
}

/// Lines per block.
const BLOCK_LINES: usize = 100;

/// The largest char boundary of `text` at or before `i`.
pub(crate) fn floor(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `text` at or after `i`.
pub(crate) fn ceil(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `start..end` moved onto char boundaries and inside `within`.
pub(crate) fn clip(text: &str, start: usize, end: usize, within: (usize, usize)) -> (usize, usize) {
    let s = floor(text, start.clamp(within.0, within.1));
    let e = ceil(text, end.clamp(within.0, within.1)).max(s);
    (s.max(within.0), e.min(within.1))
}

/// The lines of `text` (each `(start, end)` without its `\n`; a trailing
/// `\r` is left out of the display) with `marks` cut into them, grouped
/// into blocks. `line_of(start)` gives the 0-based line a mark belongs
/// to; a mark is clipped to that line. `decorate(n)` gives a line's extra
/// classes and margin note.
pub(crate) fn blocks<'t>(
    text: &'t str,
    lines: &[(usize, usize)],
    mut marks: Vec<Mark>,
    line_of: impl Fn(usize) -> usize,
    mut decorate: impl FnMut(u32) -> (String, String),
) -> Vec<Block<'t>> {
    // Outer marks first: by start, longer first, a record before its value.
    let order = |m: &Mark| match m.kind {
        MarkKind::Record { rec, .. } => (0, rec),
        MarkKind::Value => (1, 0),
    };
    let mut placed: Vec<(usize, Mark)> = marks
        .drain(..)
        .map(|m| {
            let l = line_of(m.start).min(lines.len().saturating_sub(1));
            let bounds =
                lines.get(l).copied().map_or((0, 0), |(s, e)| (s, display_end(text, s, e)));
            let (start, end) = clip(text, m.start, m.end, bounds);
            (l, Mark { start, end, ..m })
        })
        .collect();
    placed.sort_by_key(|(l, m)| (*l, m.start, std::cmp::Reverse(m.end), order(m)));

    let mut out: Vec<Block<'t>> = Vec::with_capacity(lines.len() / BLOCK_LINES + 1);
    let mut next = 0;
    for (i, &(s, e)) in lines.iter().enumerate() {
        let from = next;
        while next < placed.len() && placed[next].0 == i {
            next += 1;
        }
        let end = display_end(text, s, e);
        let pieces = cut(text, s, end, placed[from..next].iter().map(|(_, m)| *m));
        let n = (i + 1) as u32;
        let (class, marker) = decorate(n);
        if i % BLOCK_LINES == 0 {
            out.push(Block { height: 0, lines: Vec::with_capacity(BLOCK_LINES) });
        }
        let block = out.last_mut().expect("a block was pushed");
        block.height += line_height(&text[s..end]);
        block.lines.push(Line { n, class, marker, pieces });
    }
    out
}

/// Where a line's display ends: before a trailing `\r`.
fn display_end(text: &str, start: usize, end: usize) -> usize {
    if end > start && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// A guess at a line's height in pixels: about 45 chars per screen line of
/// 22 pixels.
fn line_height(line: &str) -> usize {
    let chars = line.len() / 3 + 1;
    chars.div_ceil(45) * 22
}

/// Cuts `text[start..end]` at `marks` (sorted outer first, inside the
/// line) into pieces with balanced opens and closes.
pub(crate) fn cut<'t>(
    text: &'t str,
    start: usize,
    end: usize,
    marks: impl Iterator<Item = Mark>,
) -> Vec<Piece<'t>> {
    let mut pieces = Vec::new();
    let push_text = |pieces: &mut Vec<Piece<'t>>, a: usize, b: usize| {
        if b > a {
            pieces.push(Piece::Text(&text[a..b]));
        }
    };
    // Open marks: where each ends and how it closes.
    let mut stack: Vec<(usize, Piece<'static>)> = Vec::new();
    let mut pos = start;
    for m in marks {
        while let Some(&(top_end, close)) = stack.last() {
            if top_end > m.start {
                break;
            }
            push_text(&mut pieces, pos, top_end);
            pos = top_end;
            pieces.push(close);
            stack.pop();
        }
        let m_start = m.start.max(pos);
        push_text(&mut pieces, pos, m_start);
        pos = m_start;
        let (m_end, clipped) = match stack.last() {
            Some(&(top_end, _)) if m.end > top_end => (top_end, true),
            _ => (m.end.max(m_start), false),
        };
        match m.kind {
            MarkKind::Record { rec, class } => {
                pieces.push(Piece::Open { rec, class, clipped });
                stack.push((m_end, Piece::Close));
            }
            MarkKind::Value => {
                pieces.push(Piece::OpenValue);
                stack.push((m_end, Piece::CloseValue));
            }
        }
    }
    while let Some((top_end, close)) = stack.pop() {
        push_text(&mut pieces, pos, top_end);
        pos = pos.max(top_end);
        pieces.push(close);
    }
    push_text(&mut pieces, pos, end);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(start: usize, end: usize, rec: usize) -> Mark {
        Mark { start, end, kind: MarkKind::Record { rec, class: "tg" } }
    }

    fn value(start: usize, end: usize) -> Mark {
        Mark { start, end, kind: MarkKind::Value }
    }

    /// The pieces as a string: `[0 … ]0` for record 0, `( … )` for a value,
    /// `[0! … ]0` for a clipped one.
    fn show(pieces: &[Piece<'_>]) -> String {
        let mut s = String::new();
        let mut open = Vec::new();
        for p in pieces {
            match p {
                Piece::Text(t) => s.push_str(t),
                Piece::Open { rec, clipped, .. } => {
                    s.push_str(&format!("[{rec}{}", if *clipped { "!" } else { "" }));
                    open.push(*rec);
                }
                Piece::Close => s.push_str(&format!("]{}", open.pop().expect("balanced"))),
                Piece::OpenValue => s.push('('),
                Piece::CloseValue => s.push(')'),
            }
        }
        assert!(open.is_empty(), "unbalanced: {s}");
        s
    }

    fn lines_of(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                out.push((start, i));
                start = i + 1;
            }
        }
        out.push((start, text.len()));
        out
    }

    fn render(text: &str, marks: Vec<Mark>) -> Vec<String> {
        let lines = lines_of(text);
        let line_of = |off: usize| lines.iter().rposition(|&(s, _)| s <= off).unwrap_or(0);
        let blocks = blocks(text, &lines, marks, line_of, |_| (String::new(), String::new()));
        blocks.iter().flat_map(|b| b.lines.iter()).map(|l| show(&l.pieces)).collect()
    }

    #[test]
    fn marks_cut_lines_at_char_boundaries() {
        // 孕 is 3 bytes: offsets inside a char move outwards.
        let text = "一、健康\n孕产妇死亡率下降到12/10万以下。\r\n";
        let q0 = text.find('孕').unwrap();
        let v0 = text.find("12").unwrap();
        let v1 = text.find("以下").unwrap() + "以下".len();
        let cases: Vec<(Vec<Mark>, Vec<&str>)> = vec![
            (vec![], vec!["一、健康", "孕产妇死亡率下降到12/10万以下。", ""]),
            (
                vec![rec(q0, v1, 0), value(v0, v1)],
                vec!["一、健康", "[0孕产妇死亡率下降到(12/10万以下)]0。", ""],
            ),
            // Mid-character offsets: the mark grows to whole chars.
            (
                vec![rec(q0 + 1, q0 + 4, 0)],
                vec!["一、健康", "[0孕产]0妇死亡率下降到12/10万以下。", ""],
            ),
            // A mark past the line end stops at it (before the \r).
            (
                vec![rec(v0, text.len(), 0)],
                vec!["一、健康", "孕产妇死亡率下降到[012/10万以下。]0", ""],
            ),
            // An empty mark still gives its record an element.
            (vec![rec(v0, v0, 0)], vec!["一、健康", "孕产妇死亡率下降到[0]012/10万以下。", ""]),
        ];
        for (marks, want) in cases {
            assert_eq!(render(text, marks.clone()), want, "{marks:?}");
        }
    }

    #[test]
    fn nested_and_overlapping_marks_stay_balanced() {
        let text = "abcdefghij";
        let cases: Vec<(Vec<Mark>, &str)> = vec![
            (vec![rec(0, 3, 0), rec(5, 8, 1)], "[0abc]0de[1fgh]1ij"),
            // Adjacent: the first closes before the second opens.
            (vec![rec(0, 3, 0), rec(3, 6, 1)], "[0abc]0[1def]1ghij"),
            // Nested: whole inside whole, given in any order.
            (vec![rec(2, 4, 1), rec(0, 8, 0)], "[0ab[1cd]1efgh]0ij"),
            // Overlapping: the later one is cut at the earlier one's end.
            (vec![rec(0, 5, 0), rec(3, 8, 1)], "[0abc[1!de]1]0fghij"),
            // A value inside its quote, and a value outside any quote.
            (vec![rec(0, 6, 0), value(2, 4), value(7, 9)], "[0ab(cd)ef]0g(hi)j"),
        ];
        for (marks, want) in cases {
            assert_eq!(render(text, marks.clone()), vec![want.to_string()], "{marks:?}");
        }
    }

    #[test]
    fn every_record_gets_exactly_one_element() {
        // Dense, overlapping and out-of-range marks over multi-byte text.
        let text = "甲乙丙丁戊己庚辛壬癸\n一二三四五六七八九十\n";
        let mut marks = Vec::new();
        for i in 0..40 {
            let s = (i * 7) % text.len();
            marks.push(rec(s, s + (i % 11) * 2, i));
        }
        marks.push(rec(text.len() + 5, text.len() + 9, 40));
        let lines = lines_of(text);
        let line_of = |off: usize| lines.iter().rposition(|&(s, _)| s <= off).unwrap_or(0);
        let blocks = blocks(text, &lines, marks, line_of, |_| (String::new(), String::new()));
        let mut seen = vec![0; 41];
        let mut rebuilt = String::new();
        for l in blocks.iter().flat_map(|b| b.lines.iter()) {
            show(&l.pieces);
            for p in &l.pieces {
                match p {
                    Piece::Open { rec, .. } => seen[*rec] += 1,
                    Piece::Text(t) => rebuilt.push_str(t),
                    _ => {}
                }
            }
            rebuilt.push('\n');
        }
        assert_eq!(seen, vec![1; 41]);
        // The text itself is untouched: the pieces put back together are it.
        assert_eq!(rebuilt.trim_end_matches('\n'), text.trim_end_matches('\n'));
    }
}
