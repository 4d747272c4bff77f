//! Tables as the reading layer finds them: a header of cells that name
//! columns (a 指标 column and a value column among them), then rows of as
//! many cells, from a stream of cells (one a line, apart by blank lines, or
//! side by side) or from pipe and tab rows. [`crate::table`] turns the rows
//! into indicator records.

use std::sync::LazyLock;

use crate::lexicon;
use crate::model::{Comparator, Kind, Unit, Value};
use crate::normalize::fold_str;
use crate::span::Span;
use crate::value;

/// What a column holds, from its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Column {
    Index,
    Name,
    Unit,
    Value { kind: Kind, year: Option<u16> },
    Other,
}

/// A table as the reading layer found it: its columns and the cells of its
/// header and rows (raw spans; a cell the page width broke spans two lines).
#[derive(Clone, Debug)]
pub(crate) struct Grid {
    pub(crate) cols: Vec<Column>,
    header: Vec<Span>,
    pub(crate) rows: Vec<Vec<Span>>,
    /// How many cells of the stream the table used (header and rows).
    pub(crate) cells_used: usize,
    /// How many lines of pipe or tab rows the table used.
    pub(crate) rows_end: usize,
}

impl Grid {
    /// Every cell, header first, in text order.
    pub(crate) fn cells(&self) -> impl Iterator<Item = Span> + '_ {
        self.header.iter().copied().chain(self.rows.iter().flatten().copied())
    }
}

/// The longest header cell, in chars.
const MAX_HEADER_CHARS: usize = 16;

/// Whether the first cell of `s` (a letter-spaced word taken whole) reads
/// as a table header cell.
pub(crate) fn may_be_header(s: &str) -> bool {
    let Some((cell, _)) = super::split::next_cell(s, 0, s.len()) else { return false };
    let t = &s[cell.range()];
    if t.chars().count() > MAX_HEADER_CHARS * 2 {
        return false;
    }
    header_column(&fold_str(t)).is_some()
}

/// Whether a cell is a value or an index rather than the continuation of a
/// name the page width broke.
pub(crate) fn is_value_cell(s: &str) -> bool {
    let f = fold_str(s.trim());
    parse_cell(&f).is_some() || f.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Reads a flattened table from a stream of cells: a header (cells that
/// name columns, among them a 指标 column and a value column), then rows of
/// as many cells, while they look like rows. Blank lines between cells mean
/// nothing: rows are told by the cells themselves.
pub(crate) fn read_flattened(text: &str, cells: impl Iterator<Item = Span>) -> Option<Grid> {
    let mut cells = cells;
    let mut header = Vec::new();
    let mut headers = Vec::new();
    let mut cols = Vec::new();
    let mut pending = None;
    for cell in cells.by_ref() {
        let t = &text[cell];
        let col = (t.chars().count() <= MAX_HEADER_CHARS * 2)
            .then(|| fold_str(t))
            .and_then(|f| header_column(&f).map(|c| (c, f)));
        match col {
            Some((c, f)) => {
                cols.push(c);
                headers.push(f);
                header.push(cell);
            }
            None => {
                pending = Some(cell);
                break;
            }
        }
    }
    // Two name columns: the first is the end of the table's title a page
    // width broke (`…发展主要` | `指标` | `指 标` | `2025 年`).
    let mut title_cells = 0;
    while cols.len() > 2 && cols[0] == Column::Name && cols[1..].contains(&Column::Name) {
        cols.remove(0);
        headers.remove(0);
        header.remove(0);
        title_cells += 1;
    }
    let is_table = cols.len() >= 2
        && cols.contains(&Column::Name)
        && cols.iter().any(|c| matches!(c, Column::Value { .. }));
    if !is_table {
        return None;
    }
    settle_columns(&mut cols, &headers);
    let n = cols.len();
    let mut rows = Vec::new();
    let mut row: Vec<Span> = Vec::with_capacity(n);
    let mut stream = pending.into_iter().chain(cells);
    loop {
        row.clear();
        row.extend(stream.by_ref().take(n));
        if row.len() < n || !looks_like_row(text, &row, &cols) {
            break;
        }
        rows.push(row.clone());
    }
    if rows.is_empty() {
        // A header with no rows is no table.
        return None;
    }
    let cells_used = title_cells + header.len() + rows.len() * n;
    Some(Grid { cols, header, rows, cells_used, rows_end: 0 })
}

fn header_column(folded: &str) -> Option<Column> {
    static WORDS: LazyLock<lexicon::WordSet> =
        LazyLock::new(|| lexicon::WordSet::new(&lexicon::TABLE_HEADER_WORDS));
    const NAME: u64 = 1;
    const NOT_NAME: u64 = 0b110;
    const BASELINE: u64 = 0b111_1111_1000;
    const TARGET: u64 = 0b111 << 11 | NOT_NAME;
    let chars = folded.chars().count();
    if chars > 16 {
        return None;
    }
    let found = WORDS.found(folded);
    let has_year = year_in(folded);
    Some(match folded {
        f if lexicon::TABLE_INDEX_HEADERS.contains(&f) => Column::Index,
        f if lexicon::TABLE_UNIT_HEADERS.contains(&f) => Column::Unit,
        f if lexicon::TABLE_OTHER_HEADERS.contains(&f) => Column::Other,
        f if (found & NAME != 0 && chars <= 6) || lexicon::TABLE_NAME_HEADERS.contains(&f) => {
            // `…主要指标` is the table's title (or the end of it), no column.
            if found & NOT_NAME != 0 || f.ends_with("主要指标") {
                return None;
            }
            Column::Name
        }
        _ if found & BASELINE != 0 => Column::Value { kind: Kind::Baseline, year: has_year },
        _ if chars <= 10 && found & TARGET != 0 => {
            Column::Value { kind: Kind::Target, year: has_year }
        }
        _ if has_year.is_some() => Column::Value { kind: Kind::Target, year: has_year },
        _ => return None,
    })
}

fn year_in(f: &str) -> Option<u16> {
    let b = f.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let w = &b[i..i + 4];
        let all_digits = w.iter().all(u8::is_ascii_digit);
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        let after_ok = b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if all_digits && before_ok && after_ok {
            let y: u16 = f[i..i + 4].parse().ok()?;
            (1949..=2100).contains(&y).then_some(y)
        } else {
            None
        }
    })
}

/// Fixes the columns: of several year columns, the earlier ones are
/// baselines unless their header says 目标.
fn settle_columns(cols: &mut [Column], headers: &[String]) {
    let years: Vec<u16> = cols
        .iter()
        .filter_map(|c| match c {
            Column::Value { year: Some(y), .. } => Some(*y),
            _ => None,
        })
        .collect();
    if let Some(&latest) = years.iter().max() {
        for (c, h) in cols.iter_mut().zip(headers) {
            if let Column::Value { kind, year: Some(y) } = c {
                if *y < latest && !h.contains("目标") {
                    *kind = Kind::Baseline;
                }
            }
        }
    }
    if !cols.contains(&Column::Name) {
        if let Some(c) = cols.iter_mut().find(|c| **c == Column::Other) {
            *c = Column::Name;
        }
    }
}

/// Whether a row's cells look like one: an index column holds a number,
/// and no cell reads as a sentence.
fn looks_like_row(text: &str, row: &[Span], cols: &[Column]) -> bool {
    row.iter().zip(cols).all(|(cell, col)| {
        let t = &text[*cell];
        match col {
            Column::Index => t.trim().chars().all(|c| c.is_ascii_digit() || c.is_numeric()),
            Column::Name => {
                !t.contains('。') && !t.trim().chars().all(|c| c.is_ascii_digit() || c == '.')
            }
            _ => !t.contains('。'),
        }
    })
}

/// Whether a line is a markdown pipe row or a tab-separated row.
pub(crate) fn is_row(line: &str) -> bool {
    split_row(line, Span::new(0, line.len())).is_some()
}

/// Reads pipe or tab rows (`lines`, one row each): the header row names the
/// columns; a markdown alignment row is skipped; a row with the wrong number
/// of cells is reported.
pub(crate) fn read_rows(text: &str, lines: &[Span]) -> Option<Grid> {
    let (&first, rest) = lines.split_first()?;
    let header = split_row(&text[first], first)?;
    let headers: Vec<String> = header.iter().map(|c| fold_str(&text[*c])).collect();
    let mut cols: Vec<Column> =
        headers.iter().map(|h| header_column(h).unwrap_or(Column::Other)).collect();
    if !cols.contains(&Column::Name) || !cols.iter().any(|c| matches!(c, Column::Value { .. })) {
        return None;
    }
    settle_columns(&mut cols, &headers);
    let mut rows = Vec::new();
    for &line in rest {
        let Some(row) = split_row(&text[line], line) else { break };
        // The markdown alignment row.
        if row.iter().all(|c| text[*c].chars().all(|ch| matches!(ch, '-' | ':' | ' '))) {
            continue;
        }
        rows.push(row);
    }
    let rows_end = 1 + rest.len();
    Some(Grid { cols, header, rows, cells_used: 0, rows_end })
}

/// Splits a `| a | b |` or `a\tb\tc` line into cells (at least three).
fn split_row(line: &str, span: Span) -> Option<Vec<Span>> {
    let trimmed = line.trim();
    let sep = if trimmed.starts_with('|') && trimmed.matches('|').count() >= 3 {
        '|'
    } else if memchr::memchr(b'\t', trimmed.as_bytes()).is_some()
        && trimmed.matches('\t').count() >= 2
    {
        '\t'
    } else {
        return None;
    };
    let mut cells = Vec::new();
    let mut offset = 0;
    for part in line.split(sep) {
        let start = offset;
        offset += part.len() + sep.len_utf8();
        let t = part.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if t.is_empty() && sep == '|' {
            continue;
        }
        let s = span.start + start + (t.as_ptr() as usize - part.as_ptr() as usize);
        cells.push(Span::new(s, s + t.len()));
    }
    (cells.len() >= 3).then_some(cells)
}

/// Reads a value cell: `≥80`, `≤7`, `>90`, `45左右`, `100`, `95%以上`.
pub(crate) fn parse_cell(f: &str) -> Option<(Comparator, Value, Unit)> {
    // Expected (预期性) values are sometimes bracketed: `[80]`, `〔5〕`.
    let f = f.trim_matches(['[', ']', '〔', '〕', '【', '】']);
    let (mut cmp, rest) = match lexicon::longest_prefix(f, lexicon::VALUE_VERBS) {
        Some((w, Some(c))) => (Some(c), &f[w.len()..]),
        _ => (None, f),
    };
    let tok = value::token_at(rest, 0).filter(|t| t.start == 0)?;
    let after = &rest[tok.end..];
    if let Some((w, c)) = lexicon::longest_prefix(after, lexicon::AFTER_WORDS) {
        cmp = Some(c);
        if after.len() > w.len() {
            return None;
        }
    } else if !after.is_empty() {
        return None;
    }
    let cmp = match tok.value {
        Value::Range { .. } => Comparator::Range,
        _ => cmp.unwrap_or(Comparator::Eq),
    };
    Some((cmp, tok.value, tok.unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bit masks of `header_column` read the lexicon's header words in
    /// their order: each word, as a whole header, gives its group's column.
    #[test]
    fn header_words_agree_with_the_masks() {
        let target = Some(Column::Value { kind: Kind::Target, year: None });
        let baseline = Some(Column::Value { kind: Kind::Baseline, year: None });
        for (i, w) in lexicon::TABLE_HEADER_WORDS.iter().enumerate() {
            let want = match i {
                0 => Some(Column::Name),
                1..=2 | 11..=13 => target,
                _ => baseline,
            };
            assert_eq!(header_column(w), want, "{i} {w}");
        }
        for w in lexicon::TABLE_NAME_HEADERS {
            assert_eq!(header_column(w), Some(Column::Name), "{w}");
        }
    }

    #[test]
    fn cells() {
        use Comparator::*;
        let cases: &[(&str, Option<(Comparator, f64)>)] = &[
            ("≥80", Some((Ge, 80.0))),
            ("≤7", Some((Le, 7.0))),
            (">90", Some((Gt, 90.0))),
            ("45左右", Some((Approx, 45.0))),
            ("100", Some((Eq, 100.0))),
            ("12.3", Some((Eq, 12.3))),
            ("95%以上", Some((Ge, 95.0))),
            ("[80]", Some((Eq, 80.0))),
            ("＞95", Some((Gt, 95.0))),
            ("稳步增加", None),
            ("—", None),
        ];
        for &(cell, want) in cases {
            let got = parse_cell(&fold_str(cell)).map(|(c, v, _)| {
                (
                    c,
                    match v {
                        Value::Number(x) => x,
                        _ => f64::NAN,
                    },
                )
            });
            assert_eq!(got, want, "{cell}");
        }
    }

    #[test]
    fn headers() {
        assert_eq!(header_column("序号"), Some(Column::Index));
        assert_eq!(header_column("指标"), Some(Column::Name));
        assert_eq!(
            header_column("规划目标"),
            Some(Column::Value { kind: Kind::Target, year: None })
        );
        assert_eq!(
            header_column("2020年基期值"),
            Some(Column::Value { kind: Kind::Baseline, year: Some(2020) })
        );
        assert_eq!(
            header_column("2025年"),
            Some(Column::Value { kind: Kind::Target, year: Some(2025) })
        );
        assert_eq!(header_column("妇女人均预期寿命(岁)"), None);
        assert_eq!(header_column("某区妇女发展规划主要指标"), None);
    }
}
