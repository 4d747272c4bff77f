//! 主要指标 tables, as the reading layer found them ([`crate::reading`]):
//! each value cell of a row yields one indicator; the row's 指标 cell names
//! it and carries the unit in brackets (`孕产妇死亡率（1/10万）`), or a 单位
//! column does.

use crate::lexicon;
use crate::model::{Diagnostic, DiagnosticKind, Indicator, Name, Source, Unit};
use crate::normalize::fold_str;
use crate::reading::grid::{parse_cell, Column};
use crate::span::{LineIndex, Span};
use crate::structure::Outline;
use crate::value;

/// Extracts one indicator per value cell of every table the reading layer
/// found.
pub(crate) fn extract(
    text: &str,
    index: &LineIndex,
    outline: &Outline,
    out: &mut Vec<Indicator>,
    diags: &mut Vec<Diagnostic>,
) {
    for grid in &outline.reading.grids {
        for row in &grid.rows {
            row_records(text, index, outline, row, &grid.cols, out, diags);
        }
    }
}

fn row_records(
    text: &str,
    index: &LineIndex,
    outline: &Outline,
    row: &[Span],
    cols: &[Column],
    out: &mut Vec<Indicator>,
    diags: &mut Vec<Diagnostic>,
) {
    if row.len() != cols.len() {
        if let (Some(a), Some(b)) = (row.first(), row.last()) {
            diags.push(Diagnostic { span: a.cover(*b), kind: DiagnosticKind::UnreadableCell });
        }
        return;
    }
    let Some(name_cell) = row.iter().zip(cols).find(|(_, c)| **c == Column::Name).map(|(c, _)| *c)
    else {
        return;
    };
    let (name_span, bracket_unit) = split_unit(text, name_cell);
    let name_span = strip_row_number(text, name_span);
    let name = if text[name_span].contains('\n') {
        // A name the page width broke: its pieces joined (without the page
        // furniture between them when a page ended there).
        let pieces = outline.reading.cell_pieces(name_cell);
        let parts: Vec<&str> = if pieces.is_empty() {
            text[name_span].split('\n').collect()
        } else {
            pieces
                .iter()
                .map(|p| Span::new(p.start.max(name_span.start), p.end.min(name_span.end)))
                .filter(|p| p.start < p.end)
                .map(|p| &text[p])
                .collect()
        };
        Name::Composed(parts.iter().map(|l| l.trim_matches(|c: char| c.is_whitespace())).collect())
    } else {
        Name::Span(name_span)
    };
    let column_unit = row
        .iter()
        .zip(cols)
        .find(|(_, c)| **c == Column::Unit)
        .map(|(c, _)| unit_of_text(&fold_str(&text[*c])));
    for (cell, col) in row.iter().zip(cols) {
        let Column::Value { kind, .. } = *col else { continue };
        let folded = fold_str(&text[*cell]);
        let Some((cmp, value, unit)) = parse_cell(&folded) else {
            if folded.bytes().any(|b| b.is_ascii_digit()) {
                diags.push(Diagnostic { span: *cell, kind: DiagnosticKind::UnreadableCell });
            }
            continue;
        };
        let unit = match unit {
            Unit::None => bracket_unit.clone().or(column_unit.clone()).unwrap_or(Unit::None),
            u => u,
        };
        let ctx = outline.ctx(outline.block_at(cell.start));
        out.push(Indicator {
            line: index.line(cell.start),
            value_span: *cell,
            quote: *cell,
            name: name.clone(),
            comparator: cmp,
            value,
            unit,
            kind,
            source: Source::Table,
            section: ctx.section,
            domain: ctx.domain_section.and_then(|d| outline.sections[d.0 as usize].domain),
            item: None,
            // The gold guidelines give a year only where a sentence states
            // it; a column header is no sentence.
            year: None,
            canonical: None,
        });
    }
}

/// A name cell without the row number a PDF table glued to it
/// (`1.残疾人家庭人均收入年均增长`).
fn strip_row_number(text: &str, span: Span) -> Span {
    match crate::numbering::parse(&text[span]) {
        Some(n) if !n.style.is_heading() && n.len < span.len() => {
            Span::new(span.start + n.len, span.end)
        }
        _ => span,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
