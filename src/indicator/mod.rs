//! Indicators in running text: every target and baseline value with its
//! subject, comparator, unit and context.
//!
//! Lines are joined into paragraphs where a sentence breaks across lines,
//! folded (see [`crate::normalize`]), split into sentences, and scanned for
//! number tokens. Each token is then judged in its clause: the verb before
//! it, the words after it, the subject it names.

mod chain;
mod clause;
mod gate;
pub(crate) mod name;
mod subject;
mod verdict;

use crate::lexicon;
use crate::model::{
    Comparator, Diagnostic, DiagnosticKind, Indicator, Kind, Name, SectionIdx, Source, Value,
};
use crate::normalize::Folded;
use crate::reading::line::Block;
use crate::segment::Words;
use crate::span::{LineIndex, Span};
use crate::structure::Outline;
use crate::value::{self, Token};
use chain::resolve_chains;
use clause::{Clause, Sentence};
use verdict::is_target_year_mention;

/// The most bytes of one line folded and scanned at once.
const WINDOW: usize = 64 * 1024;

/// Finds the first of [`lexicon::PAST_MARKERS`] in a line.
static PAST_SEARCH: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(crate::lexicon::PAST_MARKERS)
            .expect("literal words always build")
    });

/// Extracts the indicators of the running text (tables are done elsewhere).
pub(crate) fn extract(
    text: &str,
    index: &LineIndex,
    outline: &Outline,
    words: &Words,
    out: &mut Vec<Indicator>,
    diags: &mut Vec<Diagnostic>,
) {
    let reading = &outline.reading;
    let hits = gate::Hits::new(text);
    // Filled on first use: only preface blocks with values ask.
    let past: Vec<std::cell::OnceCell<usize>> =
        vec![std::cell::OnceCell::new(); reading.blocks.len()];
    let may_hold_value = |start: usize, end: usize| {
        gate::has_ascii_digit(&text.as_bytes()[start..end]) || hits.any_in(start, end)
    };
    let mut sentences = Sentences {
        text,
        folded: Folded::default(),
        pieces: Vec::new(),
        len: 0,
        stops: Vec::new(),
        may_hold_value: &may_hold_value,
    };
    let scan = |folded: &Folded, out: &mut Vec<Indicator>, diags: &mut Vec<Diagnostic>| {
        Paragraph { text, index, outline, words, folded, past: &past }.scan(out, diags);
    };
    for b in &reading.blocks {
        if b.table {
            continue;
        }
        // The pieces of one block: the first after its numbering.
        let pieces = reading.pieces(b);
        let first = Span::new(b.body_start(), b.span.end);
        let piece = |n: usize| if n == 0 { first } else { pieces[n] };
        // Most blocks hold no value: skip them whole, then fold and scan
        // only the sentences that can hold one.
        if (0..pieces.len()).any(|n| may_hold_value(piece(n).start, piece(n).end)) {
            let mut emit = |f: &Folded| scan(f, out, diags);
            for n in 0..pieces.len() {
                let p = piece(n);
                sentences.push_line(p.start, p.end, n > 0, &mut emit);
            }
            sentences.flush(&mut emit);
        }
    }
}

/// Gathers the raw pieces of one sentence (a sentence may run across the
/// lines of a paragraph) and folds it only if it can hold a value. A
/// sentence longer than [`WINDOW`] (a PDF conversion without punctuation)
/// is cut there, so memory stays bounded.
struct Sentences<'t, 'g> {
    text: &'t str,
    folded: Folded,
    /// Raw ranges of the sentence, each with whether it starts a new line.
    pieces: Vec<(usize, usize, bool)>,
    len: usize,
    /// Sentence ends of the line being split (a buffer kept for reuse).
    stops: Vec<usize>,
    may_hold_value: &'g dyn Fn(usize, usize) -> bool,
}

impl Sentences<'_, '_> {
    fn push_line(
        &mut self,
        mut at: usize,
        end: usize,
        new_line: bool,
        emit: &mut dyn FnMut(&Folded),
    ) {
        let mut new_line = new_line;
        let mut stops = std::mem::take(&mut self.stops);
        stops.clear();
        sentence_ends(&self.text.as_bytes()[at..end], &mut stops);
        let base = at;
        let mut next = stops.iter().map(|&e| base + e).peekable();
        while at < end {
            if self.len >= WINDOW {
                self.flush(emit);
            }
            let limit = crate::chars::floor_char_boundary(self.text, at + (WINDOW - self.len));
            while next.next_if(|&e| e <= at).is_some() {}
            let (cut, ends) = match next.peek() {
                Some(&e) if e <= end.min(limit) => (e, true),
                _ if limit < end => (limit, true),
                _ => (end, false),
            };
            if cut > at {
                self.pieces.push((at, cut, new_line));
                self.len += cut - at;
                new_line = false;
            }
            if ends {
                self.flush(emit);
            }
            at = cut;
        }
        self.stops = stops;
    }

    fn flush(&mut self, emit: &mut dyn FnMut(&Folded)) {
        if self.pieces.iter().any(|&(a, b, _)| (self.may_hold_value)(a, b)) {
            self.folded.clear();
            for (n, &(a, b, new_line)) in self.pieces.iter().enumerate() {
                if n > 0 && new_line {
                    self.folded.break_piece();
                }
                self.folded.push_piece(&self.text[a..b], a);
            }
            emit(&self.folded);
        }
        self.pieces.clear();
        self.len = 0;
    }
}

/// Appends to `out` the offset just after every sentence end of `b` (`。`,
/// `；`, `！`, `？` and their ASCII forms), ascending, skipping Word
/// bookmarks the way folding drops them. The full-width ends are found by
/// their lead bytes and the ASCII ones apart (two SIMD searches).
fn sentence_ends(b: &[u8], out: &mut Vec<usize>) {
    let mut bookmarks: Vec<(usize, usize)> = Vec::new();
    let mut skip_to = 0;
    for i in memchr::memchr3_iter(0xE3, 0xEF, b'[', b) {
        if i < skip_to {
            continue;
        }
        match b[i] {
            b'[' => {
                // Without its `]` it is no bookmark to folding either.
                if b[i..].starts_with(b"[bookmark:") {
                    if let Some(close) = memchr::memchr(b']', &b[i..]) {
                        skip_to = i + close + 1;
                        bookmarks.push((i, skip_to));
                    }
                }
            }
            // 。
            0xE3 => {
                if b[i + 1..].starts_with(&[0x80, 0x82]) {
                    out.push(i + 3);
                }
            }
            // ； ！ ？
            _ => {
                if matches!(b.get(i + 1..i + 3), Some([0xBC, 0x9B | 0x81 | 0x9F])) {
                    out.push(i + 3);
                }
            }
        }
    }
    let full_width = out.len();
    for i in memchr::memchr3_iter(b';', b'!', b'?', b) {
        if !bookmarks.iter().any(|&(s, e)| (s..e).contains(&i)) {
            out.push(i + 1);
        }
    }
    if out.len() > full_width && full_width > 0 {
        out.sort_unstable();
    }
}

struct Paragraph<'a> {
    text: &'a str,
    words: &'a Words,
    index: &'a LineIndex,
    outline: &'a Outline,
    folded: &'a Folded,
    /// Per line: the raw offset where its first past marker ends,
    /// `usize::MAX` where there is none; computed when first asked.
    past: &'a [std::cell::OnceCell<usize>],
}

/// A value judged in its clause.
#[derive(Debug)]
struct Cand {
    tok: Token,
    /// After the comparator words.
    aend: usize,
    cmp_after: Option<Comparator>,
    cmp_before: Option<Comparator>,
    /// Folded ranges that make up the name.
    name: Vec<(usize, usize)>,
    /// Where the quote starts (folded).
    qstart: usize,
    /// Where the quote ends (folded).
    qend: usize,
    /// Where the subject clause started.
    clause_start: usize,
    /// Whether the value is reported as already reached.
    baseline: bool,
    respectively: bool,
    /// A word the name ends with that the text implies (比例 for `70%的妇女…`).
    suffix: Option<&'static str>,
}

impl Paragraph<'_> {
    fn scan(&self, out: &mut Vec<Indicator>, diags: &mut Vec<Diagnostic>) {
        let s = self.folded.text.as_str();
        let mut start = 0;
        for (i, c) in s.char_indices() {
            if matches!(c, '。' | '；' | ';' | '!' | '?' | '！' | '？') {
                self.sentence(start, i, out, diags);
                start = i + c.len_utf8();
            }
        }
        if start < s.len() {
            self.sentence(start, s.len(), out, diags);
        }
    }

    /// The block holding the folded offset.
    fn block(&self, folded_offset: usize) -> usize {
        self.outline.block_at(self.folded.raw_start(folded_offset))
    }

    fn sentence(
        &self,
        start: usize,
        end: usize,
        out: &mut Vec<Indicator>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let s = &self.folded.text[..end];
        let mut toks = Vec::new();
        let mut years: Vec<(usize, u16)> = Vec::new();
        let mut at = start;
        while let Some(t) = value::next_token(s, at) {
            at = t.end;
            if t.is_year() {
                if let Some(y) = t.year() {
                    if is_target_year_mention(s, start, &t) {
                        years.push((t.start, y));
                    }
                }
                continue;
            }
            toks.push(t);
        }
        if toks.is_empty() {
            return;
        }
        let baseline = self.is_baseline(start, end);
        // A sentence aims at something: it stands in a 主要目标/策略措施 list
        // or names a year to reach (到2025年).
        let in_list = self.outline.ctx(self.block(start)).block.is_some();
        let target = !baseline
            && (in_list || lexicon::TARGET_MARKERS.iter().any(|m| s[start..].contains(m)));
        let mut cands: Vec<Cand> = Vec::with_capacity(toks.len());
        let mut prev_end = start;
        let sent = Sentence { text: s, start, end, baseline, target, breaks: self.folded.breaks() };
        for tok in toks {
            // The last value with a name of its own (a chained value is named
            // when the chain is resolved).
            let prev = cands.iter().rev().find(|c| c.name.iter().any(|(a, b)| a < b));
            if let Some(c) = self.judge(&sent, prev_end, tok, prev) {
                prev_end = c.aend;
                cands.push(c);
            }
        }
        resolve_chains(s, &mut cands);
        for c in cands {
            // A value nothing names is reported, not guessed at.
            if c.name.iter().all(|(a, b)| a >= b) {
                let span = self.folded.raw_span(c.tok.start, c.aend);
                diags.push(Diagnostic { span, kind: DiagnosticKind::NoSubject });
                continue;
            }
            let year = if c.baseline {
                None
            } else {
                years.iter().rev().find(|(p, _)| *p < c.tok.start).map(|&(_, y)| y)
            };
            let baseline = c.baseline;
            out.push(self.record(c, baseline, year));
        }
    }

    /// Whether values in `start..end` report what was already reached.
    fn is_baseline(&self, start: usize, end: usize) -> bool {
        let k = self.block(start);
        let ctx = self.outline.ctx(k);
        // In the preface, a past marker earlier in the paragraph
        // (`“十三五”期间，…。孕产妇死亡率下降到…。`) covers the sentences after it.
        if ctx.preface && end > start {
            let past = *self.past[k].get_or_init(|| {
                let reading = &self.outline.reading;
                let b = &reading.blocks[k];
                let pieces = reading.pieces(b);
                if let [p] = pieces {
                    return PAST_SEARCH
                        .find(&self.text[*p])
                        .map_or(usize::MAX, |m| p.start + m.end());
                }
                // A marker may run across the line break of two pieces
                // (`2010年以` | `来`): search their text joined.
                let mut joined = String::new();
                let mut starts = Vec::with_capacity(pieces.len());
                for p in pieces {
                    starts.push((joined.len(), p.start));
                    joined.push_str(&self.text[*p]);
                }
                PAST_SEARCH.find(&joined).map_or(usize::MAX, |m| {
                    let at = m.end() - 1;
                    let (j, raw) = starts[starts.partition_point(|&(j, _)| j <= at) - 1];
                    raw + (m.end() - j)
                })
            });
            if past <= self.folded.raw_end(end) {
                return true;
            }
        }
        let mut sec = ctx.section;
        while let Some(SectionIdx(i)) = sec {
            let section = &self.outline.sections[i as usize];
            if section.chapter == Some(crate::model::ChapterKind::Review) {
                return true;
            }
            sec = section.parent;
        }
        false
    }

    /// Judges one number token of a sentence: whether it is a value where
    /// it stands ([`verdict`]), read in its clause once ([`Clause`]), and
    /// what it measures ([`subject`]). `prev_end` and `prev` are the
    /// sentence's previous value, if any.
    fn judge(
        &self,
        sent: &Sentence<'_>,
        prev_end: usize,
        tok: Token,
        prev: Option<&Cand>,
    ) -> Option<Cand> {
        let window = clause::window(sent, &tok);
        if !verdict::stands_as_value(&sent.text[window.0..tok.start]) {
            return None;
        }
        let c = Clause::read(sent, window, prev_end, tok);
        if !verdict::is_value(&c) {
            return None;
        }
        let sub = subject::find(&c, prev.map(|p| p.name.as_slice()), self.words);
        Some(Cand {
            aend: c.aend,
            cmp_after: c.cmp_after,
            cmp_before: c.pre.comparator,
            name: sub.name,
            qstart: sub.qstart,
            qend: sub.qend,
            clause_start: c.clause_start,
            baseline: c.baseline,
            respectively: c.pre.respectively,
            suffix: sub.suffix,
            tok: c.tok,
        })
    }

    fn record(&self, c: Cand, baseline: bool, year: Option<u16>) -> Indicator {
        let f = self.folded;
        let value_span = f.raw_span(c.tok.start, c.aend);
        let line = self.index.line(value_span.start);
        let line_span = self.index.line_span(line).expect("the value is on a line");
        let k = self.outline.block_at(value_span.start);
        let ctx = self.outline.ctx(k);
        let b = &self.outline.reading.blocks[k];
        // The quote stays on the value's line, after the block's numbering
        // when the block starts on that line.
        let floor = if b.span.start >= line_span.start {
            b.span.start + b.info.content.min(b.span.len())
        } else {
            line_span.start
        };
        let q0 = f.raw_start(c.qstart).max(floor);
        let q0 = if q0 > value_span.start { value_span.start } else { q0 };
        let q1 =
            f.raw_end(c.qend.max(c.aend)).min(line_span.end).max(value_span.end.min(line_span.end));
        let quote = Span::new(q0, q1.max(q0));
        let name = match (self.name_of(&c.name), c.suffix) {
            (n, None) => n,
            (Name::Span(sp), Some(x)) => Name::Composed(format!("{}{x}", &self.text[sp])),
            (Name::Composed(n), Some(x)) => Name::Composed(n + x),
        };
        let comparator = match (c.tok.value, c.cmp_after, c.cmp_before) {
            (Value::Range { .. }, _, _) => Comparator::Range,
            (_, Some(a), _) => a,
            (_, None, Some(b)) => b,
            _ => Comparator::Eq,
        };
        let source = if b.table {
            Source::Table
        } else {
            match ctx.block {
                Some(Block::Goals) => Source::Goal,
                Some(Block::Measures) => Source::Measure,
                None => Source::Other,
            }
        };
        let domain = ctx.domain_section.and_then(|d| self.outline.sections[d.0 as usize].domain);
        Indicator {
            line,
            value_span,
            quote,
            name,
            comparator,
            value: c.tok.value,
            unit: c.tok.unit,
            kind: if baseline { Kind::Baseline } else { Kind::Target },
            source,
            section: ctx.section,
            domain,
            item: ctx.item,
            year,
            canonical: None,
        }
    }

    /// The name from folded ranges: a verbatim raw span when it is one
    /// contiguous run of the raw text, else the raw chars joined.
    fn name_of(&self, parts: &[(usize, usize)]) -> Name {
        let f = self.folded;
        let parts: Vec<(usize, usize)> = parts.iter().copied().filter(|(a, b)| a < b).collect();
        if parts.is_empty() {
            return Name::Composed(String::new());
        }
        if parts.len() == 1 {
            let (a, b) = parts[0];
            let raw = f.raw_span(a, b);
            let raw_text = &self.text[raw];
            if raw_text.chars().count() == f.text[a..b].chars().count() {
                return Name::Span(raw);
            }
        }
        let mut out = String::new();
        for (a, b) in parts {
            out.push_str(&self.raw_text(a, b));
        }
        Name::Composed(out)
    }

    /// The raw chars behind the folded range, without what folding dropped.
    fn raw_text(&self, a: usize, b: usize) -> String {
        let f = self.folded;
        let mut out = String::new();
        for (i, c) in f.text[a..b].char_indices() {
            let at = a + i;
            let rs = f.raw_start(at);
            let re = f.raw_end(at + c.len_utf8());
            if rs < re {
                out.push_str(&self.text[rs..re]);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first sentence end of `b`, byte by byte: the definition
    /// `sentence_ends` must agree with.
    fn first_end(b: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b';' | b'!' | b'?' => return Some(i + 1),
                0xE3 if b[i + 1..].starts_with(&[0x80, 0x82]) => return Some(i + 3),
                0xEF if matches!(b.get(i + 1..i + 3), Some([0xBC, 0x9B | 0x81 | 0x9F])) => {
                    return Some(i + 3)
                }
                b'[' if b[i..].starts_with(b"[bookmark:") => {
                    if let Some(close) = b[i..].iter().position(|&x| x == b']') {
                        i += close;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }

    fn ends_by_definition(s: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(n) = first_end(&s.as_bytes()[at..]) {
            at += n;
            out.push(at);
        }
        out
    }

    #[test]
    fn sentence_ends_agree_with_the_definition() {
        let mut texts: Vec<String> = [
            "达到90%。其余",
            "一是；二是！三是？四是",
            "a;b!c?d",
            "达到90%，不止",
            "[bookmark: a;b]达到。[bookmark: x。]再?",
            "[bookmark: a;b",
            "",
            "。。；;",
        ]
        .map(String::from)
        .to_vec();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        for entry in std::fs::read_dir(dir).expect("corpus is bundled") {
            let text = std::fs::read_to_string(entry.expect("readable").path()).expect("UTF-8");
            texts.extend(text.lines().map(String::from));
        }
        for t in &texts {
            let mut got = Vec::new();
            sentence_ends(t.as_bytes(), &mut got);
            assert_eq!(got, ends_by_definition(t), "{t}");
        }
        let mut got = Vec::new();
        sentence_ends("[bookmark: a;b]达到。x".as_bytes(), &mut got);
        assert_eq!(got, vec!["[bookmark: a;b]达到。".len()]);
    }

    #[test]
    fn a_sentence_longer_than_the_window_is_scanned_in_pieces() {
        let clause = "妇女就业率达到90%，";
        let n = 2 * WINDOW / clause.len() + 100;
        let text = clause.repeat(n);
        let ex = crate::extract(&text);
        let found = ex.indicators();
        // A cut may split one value per window; every other value is read.
        assert!(found.len() >= n - 3, "{} of {n}", found.len());
        assert!(found.iter().all(|i| i.value == Value::Number(90.0)));
    }
}
