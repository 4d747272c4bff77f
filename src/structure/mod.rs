//! The outline: headings in a tree, domain chapters, 主要目标/策略措施
//! blocks and their numbered items.
//!
//! Levels come from numbering styles in order of first appearance (the first
//! style seen is level 1, a new style below it level 2, and a style seen
//! before closes everything below it), so `一、` / `（一）` / `第一章` /
//! markdown `#` all nest without a fixed table. A domain chapter whose
//! heading is missing is found when a second 主要目标 block opens inside the
//! same chapter; its domain is inferred from the canonical chapter order.

use crate::chars::floor_char_boundary;
use crate::model::{
    ChapterKind, Diagnostic, DiagnosticKind, Domain, Item, ItemRole, Section, SectionIdx,
};
use crate::normalize::fold_str;
use crate::numbering::Style;
use crate::reading::line::{self as heading, Block, LineKind, Vocabulary};
use crate::reading::{self, Reading};
use crate::span::{LineIndex, Span};

/// A block's place in the outline (parallel to the reading layer's blocks).
#[derive(Clone, Copy, Debug)]
pub(crate) struct BlockCtx {
    /// The innermost section the block is in.
    pub(crate) section: Option<SectionIdx>,
    /// The domain chapter the block is in.
    pub(crate) domain_section: Option<SectionIdx>,
    /// The list (主要目标/策略措施) the block is in.
    pub(crate) block: Option<Block>,
    /// The item the block belongs to.
    pub(crate) item: Option<usize>,
    /// Whether the block comes before the first numbered heading.
    pub(crate) preface: bool,
}

/// The outline of a document.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    pub(crate) sections: Vec<Section>,
    pub(crate) items: Vec<Item>,
    /// The document as blocks.
    pub(crate) reading: Reading,
    /// Each block's place in the outline, by block index.
    pub(crate) ctx: Vec<BlockCtx>,
    /// The text of titles a page width broke, by their raw span.
    pub(crate) titles: Vec<(Span, String)>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Outline {
    /// The index of the block holding raw offset `offset`.
    pub(crate) fn block_at(&self, offset: usize) -> usize {
        self.reading.block_at(offset)
    }

    /// The place in the outline of block `k`.
    pub(crate) fn ctx(&self, k: usize) -> &BlockCtx {
        &self.ctx[k]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StyleKey {
    Numbered(Style),
    Markdown(u8),
}

struct OpenBlock {
    block: Block,
    item_style: Option<Style>,
    last_number: u32,
}

/// Builds the outline of `text`.
pub(crate) fn build(text: &str, index: &LineIndex) -> Outline {
    let vocabulary = guess_vocabulary(text);
    let reading = reading::read(text, index);
    let mut out = Outline::default();
    out.ctx.reserve(reading.blocks.len());
    let mut styles: Vec<StyleKey> = Vec::new();
    let mut open: Vec<SectionIdx> = Vec::new();
    let mut block: Option<OpenBlock> = None;
    let mut item: Option<usize> = None;
    // Whether each domain section has seen a block marker.
    let mut had_marker: Vec<bool> = Vec::new();
    let mut preface = true;

    for b in &reading.blocks {
        let span = b.span;
        let info = b.info;
        if b.table {
            out.ctx.push(BlockCtx {
                section: open.last().copied(),
                domain_section: innermost_domain(&out.sections, &open),
                block: block.as_ref().map(|b| b.block),
                item: None,
                preface,
            });
            continue;
        }
        let end = b.end(&reading);
        let line_no = index.line(span.start);
        let heading_marker = matches!(info.kind, LineKind::Marker(_))
            && info.numbering.is_some_and(|n| n.style.is_heading());
        match info.kind {
            // `二、主要目标` is a chapter of its own that also opens a block.
            LineKind::Heading | LineKind::Marker(_)
                if info.kind == LineKind::Heading || heading_marker =>
            {
                let key = match (info.numbering, info.md_level) {
                    (Some(n), _) => StyleKey::Numbered(n.style),
                    (None, Some(l)) => StyleKey::Markdown(l),
                    // A bare chapter word (前言) sits at the top numbered level.
                    (None, None) => styles
                        .iter()
                        .copied()
                        .find(|k| matches!(k, StyleKey::Numbered(s) if s.is_heading()))
                        .unwrap_or(StyleKey::Numbered(Style::Chinese)),
                };
                if matches!(key, StyleKey::Numbered(s) if s.is_heading()) {
                    preface = false;
                }
                let level = match styles.iter().position(|&k| k == key) {
                    Some(p) => {
                        styles.truncate(p + 1);
                        p + 1
                    }
                    None => {
                        styles.push(key);
                        styles.len()
                    }
                };
                close_to(&mut out.sections, &mut open, level as u8, span.start);
                let title = b.title;
                // A title the page width broke: its pieces' text, without the
                // line breaks and the page furniture between them.
                let pieces = reading.pieces(b);
                let composed = (pieces.len() > 1).then(|| {
                    let t: String = pieces
                        .iter()
                        .filter_map(|p| {
                            let (a, e) = (p.start.max(title.start), p.end.min(title.end));
                            (a < e).then(|| text[a..e].trim())
                        })
                        .collect();
                    t
                });
                let folded = fold_title(composed.as_deref().unwrap_or(&text[title]));
                if let Some(t) = composed {
                    out.titles.push((title, t));
                }
                let domain = heading::domain_of_title(&folded, vocabulary);
                let chapter = if domain.is_some() {
                    Some(ChapterKind::Domain)
                } else {
                    heading::chapter_kind(&folded)
                };
                let numbering = info
                    .numbering
                    .map_or(Span::new(span.start + info.content, span.start + info.content), |n| {
                        Span::new(span.start + info.content, span.start + info.content + n.len)
                    });
                let idx = push_section(
                    &mut out.sections,
                    &open,
                    Section {
                        line: line_no,
                        heading: Span::new(span.start, end),
                        title,
                        numbering,
                        level: level as u8,
                        parent: None,
                        chapter,
                        domain,
                        inferred: false,
                        n_goals: 0,
                        n_measures: 0,
                        extent: span,
                    },
                );
                open.push(idx);
                had_marker.push(false);
                block = match info.kind {
                    LineKind::Marker(b) => {
                        Some(OpenBlock { block: b, item_style: None, last_number: 0 })
                    }
                    _ => None,
                };
                item = None;
            }
            // Headings always take the arm above.
            LineKind::Heading => {}
            LineKind::Marker(b) => {
                let current = innermost_domain(&out.sections, &open);
                let needs_new = match current {
                    Some(d) => had_marker[d.0 as usize] && b == Block::Goals,
                    None => false,
                };
                if needs_new {
                    let prev = current.expect("needs_new implies a current domain");
                    let level = out.sections[prev.0 as usize].level;
                    close_to(&mut out.sections, &mut open, level, span.start);
                    let at = Span::new(span.start, span.start);
                    let idx = push_section(
                        &mut out.sections,
                        &open,
                        Section {
                            line: line_no,
                            heading: span,
                            title: at,
                            numbering: at,
                            level,
                            parent: None,
                            chapter: Some(ChapterKind::Domain),
                            domain: None,
                            inferred: true,
                            n_goals: 0,
                            n_measures: 0,
                            extent: span,
                        },
                    );
                    open.push(idx);
                    had_marker.push(false);
                    out.diagnostics.push(Diagnostic { span, kind: DiagnosticKind::MissingHeading });
                }
                if let Some(d) = innermost_domain(&out.sections, &open) {
                    had_marker[d.0 as usize] = true;
                }
                block = Some(OpenBlock { block: b, item_style: None, last_number: 0 });
                item = None;
            }
            LineKind::Item => {
                let n = info.numbering.expect("items are numbered");
                let role = match &mut block {
                    Some(ob) if ob.item_style.is_none() || ob.item_style == Some(n.style) => {
                        ob.item_style = Some(n.style);
                        if n.number != ob.last_number + 1 {
                            out.diagnostics.push(Diagnostic {
                                span,
                                kind: DiagnosticKind::NumberingGap {
                                    expected: ob.last_number + 1,
                                    found: n.number,
                                },
                            });
                        }
                        ob.last_number = n.number;
                        match ob.block {
                            Block::Goals => ItemRole::Goal,
                            Block::Measures => ItemRole::Measure,
                        }
                    }
                    _ => ItemRole::Other,
                };
                let counted = innermost_domain(&out.sections, &open).or(open.last().copied());
                if let Some(s) = counted {
                    let s = &mut out.sections[s.0 as usize];
                    match role {
                        ItemRole::Goal => s.n_goals += 1,
                        ItemRole::Measure => s.n_measures += 1,
                        ItemRole::Other => {}
                    }
                }
                let body_start = span.start + info.body_start().min(span.len());
                let mut body = vec![Span::new(body_start, span.end)];
                body.extend(reading.pieces(b).iter().skip(1).copied());
                out.items.push(Item {
                    line: line_no,
                    number: n.number,
                    numbering: Span::new(span.start + info.content, body_start),
                    body,
                    role,
                    section: open.last().copied(),
                });
                item = Some(out.items.len() - 1);
            }
            LineKind::Body => {
                if let Some(it) = item {
                    let pieces = reading.pieces(b);
                    let body = &mut out.items[it].body;
                    body.push(Span::new(span.start + info.content.min(span.len()), span.end));
                    body.extend(pieces.iter().skip(1).copied());
                }
            }
            LineKind::Blank => {}
        }
        out.ctx.push(BlockCtx {
            section: open.last().copied(),
            domain_section: innermost_domain(&out.sections, &open),
            block: block.as_ref().map(|b| b.block),
            item,
            preface,
        });
    }
    close_to(&mut out.sections, &mut open, 0, text.len());
    infer_domains(&mut out.sections, vocabulary);
    out.reading = reading;
    out
}

/// A title folded for matching, without the line breaks a page width put
/// into it.
fn fold_title(title: &str) -> String {
    if title.contains('\n') {
        fold_str(&title.split('\n').map(|l| l.trim()).collect::<String>())
    } else {
        fold_str(title)
    }
}

fn push_section(sections: &mut Vec<Section>, open: &[SectionIdx], mut s: Section) -> SectionIdx {
    s.parent = open.iter().rev().copied().find(|p| sections[p.0 as usize].level < s.level);
    sections.push(s);
    SectionIdx((sections.len() - 1) as u32)
}

/// Closes every open section at `level` or deeper, ending it at `end`.
fn close_to(sections: &mut [Section], open: &mut Vec<SectionIdx>, level: u8, end: usize) {
    while let Some(&last) = open.last() {
        let s = &mut sections[last.0 as usize];
        if s.level < level {
            break;
        }
        s.extent = Span::new(s.extent.start, end.max(s.extent.start));
        open.pop();
    }
}

fn innermost_domain(sections: &[Section], open: &[SectionIdx]) -> Option<SectionIdx> {
    open.iter().rev().copied().find(|s| sections[s.0 as usize].chapter == Some(ChapterKind::Domain))
}

/// Women's or children's plan, from which population the text names more.
fn guess_vocabulary(text: &str) -> Option<Vocabulary> {
    // The title usually says it; fall back to counting mentions.
    let head = &text[..floor_char_boundary(text, 2000)];
    for (needle, v) in [("儿童发展", Vocabulary::Children), ("妇女发展", Vocabulary::Women)]
    {
        if head.contains(needle) {
            return Some(v);
        }
    }
    let women = text.matches("妇女").count();
    let children = text.matches("儿童").count();
    match (women, children) {
        (0, 0) => None,
        (w, c) if c > w => Some(Vocabulary::Children),
        _ => Some(Vocabulary::Women),
    }
}

/// Gives inferred domain chapters the domain missing from the canonical
/// order between their neighbours.
fn infer_domains(sections: &mut [Section], vocabulary: Option<Vocabulary>) {
    let explicit: Vec<Domain> =
        sections.iter().filter(|s| !s.inferred).filter_map(|s| s.domain).collect();
    let vocab = explicit
        .iter()
        .find_map(|&d| heading::vocabulary_of(d))
        .or(vocabulary)
        .unwrap_or(Vocabulary::Women);
    let order: Vec<Domain> = heading::domain_order(vocab).collect();
    let mut used: Vec<Domain> = explicit.clone();
    for i in 0..sections.len() {
        if !sections[i].inferred {
            continue;
        }
        let prev = sections[..i].iter().rev().find_map(|s| s.domain);
        let after_prev = prev
            .and_then(|p| order.iter().position(|&d| d == p))
            .and_then(|p| order[p + 1..].iter().copied().find(|d| !used.contains(d)));
        let pick = after_prev.or_else(|| order.iter().copied().find(|d| !used.contains(d)));
        if let Some(d) = pick {
            used.push(d);
        }
        sections[i].domain = pick;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(text: &str) -> Outline {
        build(text, &LineIndex::new(text))
    }

    #[test]
    fn levels_follow_style_order() {
        let text =
            "前言\n一、总体要求\n（一）指导思想\n（二）总体目标\n二、发展领域\n（一）妇女与健康\n";
        let o = outline(text);
        let levels: Vec<(u8, Option<u32>)> =
            o.sections.iter().map(|s| (s.level, s.parent.map(|p| p.0))).collect();
        assert_eq!(
            levels,
            vec![(1, None), (1, None), (2, Some(1)), (2, Some(1)), (1, None), (2, Some(4))]
        );
        assert_eq!(o.sections[5].domain, Some(Domain::Health));
        assert_eq!(o.sections[2].chapter, Some(ChapterKind::GuidingIdeology));
    }

    #[test]
    fn counts_goals_and_measures() {
        let text = "（一）妇女与健康\n主要目标：\n1.孕产妇死亡率下降。\n（1）子项\n2.．第二条\n续行\n策略措施：\n1.加强。\n2.加强。\n3.加强。\n";
        let o = outline(text);
        assert_eq!((o.sections[0].n_goals, o.sections[0].n_measures), (2, 3));
        let goal2 = &o.items[2];
        assert_eq!(goal2.number, 2);
        assert_eq!(goal2.text(text), "第二条续行");
        assert_eq!(o.items[1].role, ItemRole::Other);
    }

    #[test]
    fn infers_a_missing_domain_heading() {
        let text = "（六）妇女与家庭建设\n主要目标：\n1.a\n策略措施：\n1.b\n 主要目标:\n1.c\n2.d\n策略措施：\n1.e\n（八）妇女与法律\n主要目标：\n1.f\n";
        let o = outline(text);
        let got: Vec<(u32, Option<Domain>, u32, u32, bool)> = o
            .sections
            .iter()
            .map(|s| (s.line, s.domain, s.n_goals, s.n_measures, s.inferred))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, Some(Domain::Family), 1, 1, false),
                (6, Some(Domain::Environment), 2, 1, true),
                (11, Some(Domain::Law), 1, 0, false),
            ]
        );
        assert!(o.diagnostics.iter().any(|d| d.kind == DiagnosticKind::MissingHeading));
    }
}
