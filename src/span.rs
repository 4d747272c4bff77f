//! Byte spans into the raw input and the line index that turns them into
//! 1-based line numbers.

use std::ops::{Index, Range};

/// A half-open range `start..end` of UTF-8 byte offsets into the raw input
/// text.
///
/// Both ends lie on char boundaries, so `&text[span]` never panics for the
/// text the span was made from. It is a logic error for `start > end`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Span {
    /// The first byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// Creates a span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} > end {end}");
        Span { start, end }
    }

    /// The span as a `Range`, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// The length of the span in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both `self` and `other`.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Whether `other` lies inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl Index<Span> for str {
    type Output = str;
    fn index(&self, span: Span) -> &str {
        &self[span.range()]
    }
}

/// Maps byte offsets to 1-based line numbers and back.
///
/// Lines are split on `'\n'` exactly as Python's `text.split("\n")` does, so
/// line numbers agree with tools that read the same file that way. A line's
/// span excludes its `'\n'`; a trailing `'\r'` is kept in the raw span.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of every line; `starts[0] == 0`.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 64 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts, len: text.len() }
    }

    /// The number of lines (a text ending in `'\n'` has an empty last line).
    pub fn n_lines(&self) -> usize {
        self.starts.len()
    }

    /// The 1-based line number of the line holding byte `offset`.
    ///
    /// An offset past the end of the text maps to the last line.
    pub fn line(&self, offset: usize) -> u32 {
        let i = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        (i + 1) as u32
    }

    /// The span of 1-based line `line`, without its `'\n'`.
    ///
    /// Returns `None` when the text has no such line.
    pub fn line_span(&self, line: u32) -> Option<Span> {
        let i = (line as usize).checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = match self.starts.get(i + 1) {
            Some(&next) => next - 1,
            None => self.len,
        };
        Some(Span::new(start, end))
    }

    /// The spans of all lines, in order.
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        (1..=self.starts.len() as u32).filter_map(move |l| self.line_span(l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_like_python() {
        let text = "一\n二二\r\n\n三";
        let idx = LineIndex::new(text);
        assert_eq!(idx.n_lines(), 4);
        let lines: Vec<&str> = idx.spans().map(|s| &text[s]).collect();
        assert_eq!(lines, vec!["一", "二二\r", "", "三"]);
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(3), 1); // the '\n' belongs to line 1
        assert_eq!(idx.line(4), 2);
        assert_eq!(idx.line(text.len()), 4);
        assert_eq!(idx.line_span(5), None);
        assert_eq!(idx.line_span(0), None);
    }

    #[test]
    fn trailing_newline_gives_empty_last_line() {
        let idx = LineIndex::new("a\n");
        assert_eq!(idx.n_lines(), 2);
        assert_eq!(idx.line_span(2), Some(Span::new(2, 2)));
    }

    #[test]
    fn cover_and_contains() {
        let a = Span::new(2, 5);
        let b = Span::new(4, 9);
        assert_eq!(a.cover(b), Span::new(2, 9));
        assert!(a.cover(b).contains(a));
        assert!(!a.contains(b));
    }
}
