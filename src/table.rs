//! 主要指标 tables: flattened (one cell per line, rows apart by blank lines),
//! markdown pipe tables and tab-separated rows. Each value cell of a row
//! yields one indicator; the row's 指标 cell names it and carries the unit in
//! brackets (`孕产妇死亡率（1/10万）`).

use std::sync::LazyLock;

use crate::indicator::value;
use crate::lexicon;
use crate::model::{
    Comparator, Diagnostic, DiagnosticKind, Indicator, Kind, Name, Source, Unit, Value,
};
use crate::normalize::fold_str;
use crate::span::Span;
use crate::structure::heading::LineKind;
use crate::structure::Outline;

/// A cell: its line index and trimmed raw span.
#[derive(Clone, Copy, Debug)]
struct Cell {
    line: usize,
    span: Span,
}

/// What a column holds, from its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Index,
    Name,
    Unit,
    Value { kind: Kind, year: Option<u16> },
    Other,
}

/// The longest a cell of a flattened table may be.
const MAX_CELL_CHARS: usize = 60;

/// Finds the tables of the document, marks their lines, and extracts one
/// indicator per value cell.
pub(crate) fn extract(
    text: &str,
    outline: &mut Outline,
    out: &mut Vec<Indicator>,
    diags: &mut Vec<Diagnostic>,
) {
    // Pipe and tab rows need a separator: where the text has none (most
    // plans), no line is split.
    let separators: Vec<usize> = memchr::memchr2_iter(b'|', b'\t', text.as_bytes()).collect();
    let has_separator = |span: Span| {
        let k = separators.partition_point(|&p| p < span.start);
        separators.get(k).is_some_and(|&p| p < span.end)
    };
    let mut i = 0;
    while i < outline.lines.len() {
        let consumed = flattened(text, outline, i, out, diags).or_else(|| {
            has_separator(outline.lines[i].span).then(|| inline(text, outline, i, out, diags))?
        });
        i = match consumed {
            Some(end) => end,
            None => i + 1,
        };
    }
}

fn cell_of(text: &str, outline: &Outline, i: usize) -> Option<Cell> {
    let l = outline.lines.get(i)?;
    if l.info.kind == LineKind::Blank {
        return None;
    }
    let raw = &text[l.span];
    if raw.len() > MAX_CELL_CHARS * 4 + 16 {
        return None;
    }
    let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if trimmed.is_empty() || trimmed.chars().count() > MAX_CELL_CHARS {
        return None;
    }
    let start = l.span.start + (trimmed.as_ptr() as usize - raw.as_ptr() as usize);
    Some(Cell { line: i, span: Span::new(start, start + trimmed.len()) })
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
            if found & NOT_NAME != 0 {
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

/// A flattened table starting at line `i`: the line after it.
fn flattened(
    text: &str,
    outline: &mut Outline,
    i: usize,
    out: &mut Vec<Indicator>,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    // A header cell is short: most lines are rejected here.
    if outline.lines[i].span.len() > 48 || outline.lines[i].info.kind == LineKind::Blank {
        return None;
    }
    let mut headers = Vec::new();
    let mut cols = Vec::new();
    let mut j = i;
    while let Some(cell) = cell_of(text, outline, j) {
        // Header cells are short: fold nothing longer.
        if cell.span.len() > 36 {
            break;
        }
        let f = fold_str(&text[cell.span]);
        match header_column(&f) {
            Some(c) => {
                cols.push(c);
                headers.push(f);
            }
            None => break,
        }
        j += 1;
    }
    let is_table = cols.len() >= 2
        && cols.contains(&Column::Name)
        && cols.iter().any(|c| matches!(c, Column::Value { .. }));
    if !is_table {
        return None;
    }
    settle_columns(&mut cols, &headers);
    let n = cols.len();
    let mut end = j;
    loop {
        // Skip blank lines between rows.
        let mut k = end;
        while k < outline.lines.len() && outline.lines[k].info.kind == LineKind::Blank {
            k += 1;
        }
        let mut group = Vec::new();
        while let Some(cell) = cell_of(text, outline, k + group.len()) {
            group.push(cell);
        }
        // Rows are usually apart by blank lines; without them a group holds
        // several rows. Take rows while they look like rows.
        let mut good = 0;
        for row in group.chunks(n) {
            if row.len() < n || !looks_like_rows(text, row, &cols) {
                break;
            }
            row_records(text, outline, row, &cols, out, diags);
            good += n;
        }
        if good == 0 {
            break;
        }
        let last = group[good - 1].line + 1;
        for l in &mut outline.lines[end..last] {
            l.table = true;
        }
        end = last;
        if good < group.len() {
            break;
        }
    }
    if end == j {
        // A header with no rows is no table.
        return None;
    }
    for l in &mut outline.lines[i..j] {
        l.table = true;
    }
    Some(end)
}

/// Whether cells grouped by the column count look like rows: an index
/// column holds numbers and no cell reads as a heading or a sentence.
fn looks_like_rows(text: &str, group: &[Cell], cols: &[Column]) -> bool {
    group.chunks(cols.len()).all(|row| {
        row.iter().zip(cols).all(|(cell, col)| {
            let t = &text[cell.span];
            match col {
                Column::Index => t.trim().chars().all(|c| c.is_ascii_digit() || c.is_numeric()),
                Column::Name => {
                    !t.contains('。') && !t.trim().chars().all(|c| c.is_ascii_digit() || c == '.')
                }
                _ => !t.contains('。'),
            }
        })
    })
}

/// Markdown pipe tables and tab-separated rows starting at line `i`.
fn inline(
    text: &str,
    outline: &mut Outline,
    i: usize,
    out: &mut Vec<Indicator>,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let header = split_row(text, outline.lines[i].span)?;
    let headers: Vec<String> = header.iter().map(|c| fold_str(&text[c.span])).collect();
    let mut cols: Vec<Column> =
        headers.iter().map(|h| header_column(h).unwrap_or(Column::Other)).collect();
    if !cols.contains(&Column::Name) || !cols.iter().any(|c| matches!(c, Column::Value { .. })) {
        return None;
    }
    settle_columns(&mut cols, &headers);
    outline.lines[i].table = true;
    let mut j = i + 1;
    while j < outline.lines.len() {
        let span = outline.lines[j].span;
        let Some(mut row) = split_row(text, span) else { break };
        outline.lines[j].table = true;
        j += 1;
        // The markdown alignment row.
        if row.iter().all(|c| text[c.span].chars().all(|ch| matches!(ch, '-' | ':' | ' '))) {
            continue;
        }
        for c in &mut row {
            c.line = j - 1;
        }
        if row.len() == cols.len() {
            row_records(text, outline, &row, &cols, out, diags);
        } else {
            diags.push(Diagnostic { span, kind: DiagnosticKind::UnreadableCell });
        }
    }
    Some(j)
}

/// Splits a `| a | b |` or `a\tb\tc` line into cells (at least three).
fn split_row(text: &str, span: Span) -> Option<Vec<Cell>> {
    let line = &text[span];
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
        cells.push(Cell { line: 0, span: Span::new(s, s + t.len()) });
    }
    (cells.len() >= 3).then_some(cells)
}

fn row_records(
    text: &str,
    outline: &Outline,
    row: &[Cell],
    cols: &[Column],
    out: &mut Vec<Indicator>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(name_cell) = row.iter().zip(cols).find(|(_, c)| **c == Column::Name).map(|(c, _)| *c)
    else {
        return;
    };
    let (name_span, bracket_unit) = split_unit(text, name_cell.span);
    let column_unit = row
        .iter()
        .zip(cols)
        .find(|(_, c)| **c == Column::Unit)
        .map(|(c, _)| unit_of_text(&fold_str(&text[c.span])));
    for (cell, col) in row.iter().zip(cols) {
        let Column::Value { kind, year } = *col else { continue };
        let folded = fold_str(&text[cell.span]);
        let Some((cmp, value, unit)) = parse_cell(&folded) else {
            if folded.bytes().any(|b| b.is_ascii_digit()) {
                diags.push(Diagnostic { span: cell.span, kind: DiagnosticKind::UnreadableCell });
            }
            continue;
        };
        let unit = match unit {
            Unit::None => bracket_unit.clone().or(column_unit.clone()).unwrap_or(Unit::None),
            u => u,
        };
        let ctx = &outline.lines[cell.line];
        out.push(Indicator {
            line: cell.line as u32 + 1,
            value_span: cell.span,
            quote: cell.span,
            name: Name::Span(name_span),
            comparator: cmp,
            value,
            unit,
            kind,
            source: Source::Table,
            section: ctx.section,
            domain: ctx.domain_section.and_then(|d| outline.sections[d.0 as usize].domain),
            item: None,
            year: if kind == Kind::Target { year } else { None },
            canonical: None,
        });
    }
}

/// Splits `孕产妇死亡率（1/10万）` into the name span and the unit.
fn split_unit(text: &str, span: Span) -> (Span, Option<Unit>) {
    let t = &text[span];
    let trimmed = t.trim_end();
    let close = trimmed.chars().next_back();
    if !matches!(close, Some(')' | '）')) {
        return (span, None);
    }
    let Some(open) = trimmed.rfind(['(', '（']) else { return (span, None) };
    let open_len = trimmed[open..].chars().next().map_or(1, char::len_utf8);
    let inner = &trimmed[open + open_len..trimmed.len() - close.map_or(1, char::len_utf8)];
    let unit = unit_of_text(&fold_str(inner));
    let name_end = span.start + trimmed[..open].trim_end().len();
    (Span::new(span.start, name_end), Some(unit))
}

/// A unit written on its own (`%`, `1/10万`, `岁`, `个`).
fn unit_of_text(f: &str) -> Unit {
    match f {
        "" => Unit::None,
        f if lexicon::PERCENT_SPELLINGS.contains(&f) => Unit::Percent,
        "‰" => Unit::Permille,
        f if lexicon::PER_100K_SPELLINGS.contains(&f) => Unit::Per100k,
        _ => match value::unit_at(f) {
            Some((u, len)) if len == f.len() => u,
            _ => Unit::Other(f.into()),
        },
    }
}

/// Reads a value cell: `≥80`, `≤7`, `>90`, `45左右`, `100`, `95%以上`.
fn parse_cell(f: &str) -> Option<(Comparator, Value, Unit)> {
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
    fn units_in_brackets() {
        let cases = [
            ("孕产妇死亡率（1/10万）", "孕产妇死亡率", "1/10万"),
            ("妇女人均预期寿命（岁）", "妇女人均预期寿命", "岁"),
            ("就业人员中的女性比例（%）", "就业人员中的女性比例", "%"),
        ];
        for (cell, name, unit) in cases {
            let (span, u) = split_unit(cell, Span::new(0, cell.len()));
            assert_eq!(&cell[span], name);
            assert_eq!(u.unwrap().as_str(), unit);
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
