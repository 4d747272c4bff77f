//! Character folding with an offset map back to the raw text.
//!
//! Scanners run on a folded copy of a paragraph: full-width digits and
//! punctuation become ASCII (`１２．５％` → `12.5%`), traditional characters
//! of the plan vocabulary become simplified ones, spaces inside numbers and
//! between Chinese characters disappear (`12.5/10 万` → `12.5/10万`), Word
//! bookmarks (`[bookmark: _Toc123]`) and markdown bold markers (`**`) are
//! dropped. Every folded byte remembers the raw byte it came from, so spans
//! found in the folded copy map back to the raw input exactly.
//!
//! Folding is done by hand rather than with NFKC: NFKC also rewrites `①`,
//! `⑴` and `㎡`, which the numbering scanner wants to see as they are, and
//! the full-width block is a fixed offset from ASCII.

use crate::lexicon;
use crate::span::Span;

/// A folded copy of one or more raw pieces, with a map back to raw offsets.
///
/// The map is sparse: a `Copy` segment covers a run of chars copied
/// unchanged (folded and raw offsets advance together), a `Fold` segment one
/// char that folding changed (or a space it kept). Text without full-width
/// characters, spaces or markup is a single segment.
#[derive(Debug, Default)]
pub(crate) struct Folded {
    /// The folded text.
    pub(crate) text: String,
    segments: Vec<Segment>,
    /// Whether whitespace was skipped since the last pushed char.
    pending_space: bool,
    /// Whether the last piece ended inside a pinyin gloss.
    open_gloss: bool,
    /// A `(` that ended the last piece after a CJK char (its raw offset):
    /// a gloss's start or a bracket, told by the next piece.
    open_paren: Option<usize>,
    /// Folded offsets where a piece after a line break starts, or where a
    /// space between two CJK chars was dropped; ascending.
    breaks: Vec<usize>,
}

#[derive(Clone, Copy, Debug)]
struct Segment {
    /// Where the segment starts in the folded text.
    folded: u32,
    /// Where it starts in the raw text.
    raw: u32,
    /// `None` for a copied run; the raw length of a folded char.
    folded_char_raw_len: Option<u8>,
}

impl Folded {
    /// Empties the buffer, keeping its allocations.
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.segments.clear();
        self.pending_space = false;
        self.breaks.clear();
        self.open_gloss = false;
        self.open_paren = None;
    }

    /// Appends the raw piece `piece`, which starts at raw offset `base`.
    pub(crate) fn push_piece(&mut self, piece: &str, base: usize) {
        let bytes = piece.as_bytes();
        let mut i = 0;
        // The rest of a pinyin gloss a line break cut (`產(ch` | `ǎn)值`,
        // `學(` | `xué)位`).
        let paren = self.open_paren.take();
        if std::mem::take(&mut self.open_gloss) || paren.is_some() {
            match pinyin_gloss_end(piece) {
                Some(len)
                    if paren.is_none()
                        || piece[..len].chars().any(|c| lexicon::PINYIN_TONED.contains(c)) =>
                {
                    i = len
                }
                _ => {
                    if let Some(raw) = paren {
                        self.flush_space('(', raw);
                        self.copy("(", raw);
                    }
                }
            }
        }
        while i < piece.len() {
            // A run of chars that folding leaves alone is copied in one go.
            let run = copy_run(&piece[i..]);
            if run > 0 {
                self.flush_space(piece[i..].chars().next().expect("run is not empty"), base + i);
                self.copy(&piece[i..i + run], base + i);
                i += run;
                continue;
            }
            // Word bookmarks: `[bookmark: _Toc123]`.
            if bytes[i] == b'[' && bytes[i..].starts_with(b"[bookmark:") {
                if let Some(close) = memchr_byte(b']', &bytes[i..]) {
                    i += close + 1;
                    continue;
                }
            }
            // Pinyin a web page glued after a char: `濟(jì)寧`, `務(wù)`.
            if bytes[i] == b'(' && self.text.chars().next_back().is_some_and(crate::chars::is_cjk) {
                if let Some(len) = pinyin_gloss(&piece[i..]) {
                    i += len;
                    continue;
                }
                // A gloss the piece's end cut: its rest opens the next piece.
                if is_gloss_start(&piece[i..]) {
                    self.open_gloss = true;
                    break;
                }
                // A bracket that ends the piece waits for the next one.
                if i + 1 == piece.len() {
                    self.open_paren = Some(base + i);
                    break;
                }
            }
            // Markdown bold/italic markers.
            if bytes[i] == b'*' {
                let mut j = i;
                while j < bytes.len() && bytes[j] == b'*' {
                    j += 1;
                }
                if j - i >= 2 {
                    i = j;
                    continue;
                }
            }
            let c = piece[i..].chars().next().expect("i is on a char boundary");
            let len = c.len_utf8();
            let folded = fold_char(c);
            if folded.is_whitespace() {
                self.pending_space = true;
                i += len;
                continue;
            }
            self.flush_space(folded, base + i);
            if folded == c {
                self.copy(&piece[i..i + len], base + i);
            } else {
                self.fold(folded, base + i, len);
            }
            i += len;
        }
    }

    /// Keeps one pending space only between two ASCII alphanumerics
    /// ("HPV 疫苗" loses it, "PM 2.5" keeps it).
    fn flush_space(&mut self, next: char, raw: usize) {
        if !self.pending_space {
            return;
        }
        self.pending_space = false;
        let prev = self.text.chars().next_back();
        if prev.is_some_and(|p| p.is_ascii_alphanumeric()) && next.is_ascii_alphanumeric() {
            self.segments.push(Segment {
                folded: self.text.len() as u32,
                raw: raw as u32,
                folded_char_raw_len: Some(0),
            });
            self.text.push(' ');
        } else if prev.is_some_and(|p| !p.is_ascii()) && !next.is_ascii() {
            // A space between two CJK chars is dropped, but it was a gap
            // (a web page's `标题 撰文…`): remembered like a line break.
            self.breaks.push(self.text.len());
        }
    }

    /// Appends raw text unchanged.
    fn copy(&mut self, raw_text: &str, raw: usize) {
        let f = self.text.len() as u32;
        let continues = self.segments.last().is_some_and(|s| {
            s.folded_char_raw_len.is_none() && s.raw as usize + (f - s.folded) as usize == raw
        });
        if !continues {
            self.segments.push(Segment { folded: f, raw: raw as u32, folded_char_raw_len: None });
        }
        self.text.push_str(raw_text);
    }

    /// Appends one folded char standing for `raw_len` raw bytes.
    fn fold(&mut self, c: char, raw: usize, raw_len: usize) {
        self.segments.push(Segment {
            folded: self.text.len() as u32,
            raw: raw as u32,
            folded_char_raw_len: Some(raw_len as u8),
        });
        self.text.push(c);
    }

    /// Marks a hard break between two pieces (no space is ever kept across
    /// it).
    pub(crate) fn break_piece(&mut self) {
        self.pending_space = false;
        self.breaks.push(self.text.len());
    }

    /// The folded offsets where a line break or a dropped space stood.
    pub(crate) fn breaks(&self) -> &[usize] {
        &self.breaks
    }

    fn segment(&self, offset: usize) -> &Segment {
        let i = self.segments.partition_point(|s| s.folded as usize <= offset);
        &self.segments[i.saturating_sub(1)]
    }

    /// The raw span of the folded range `start..end`.
    ///
    /// `start` and `end` must be char boundaries of the folded text with
    /// `start < end`.
    pub(crate) fn raw_span(&self, start: usize, end: usize) -> Span {
        debug_assert!(start < end && end <= self.text.len());
        Span::new(self.raw_start(start), self.raw_end(end))
    }

    /// The raw offset where the folded char at `offset` starts.
    pub(crate) fn raw_start(&self, offset: usize) -> usize {
        let s = self.segment(offset);
        match s.folded_char_raw_len {
            None => s.raw as usize + (offset - s.folded as usize),
            Some(_) => s.raw as usize,
        }
    }

    /// The raw offset where the folded char ending at `end` ends.
    pub(crate) fn raw_end(&self, end: usize) -> usize {
        let s = self.segment(end - 1);
        match s.folded_char_raw_len {
            None => s.raw as usize + (end - s.folded as usize),
            Some(n) => s.raw as usize + n as usize,
        }
    }
}

/// The byte length of the longest prefix of `s` that folding copies
/// unchanged: no whitespace, markup starts, full-width forms or
/// traditional characters.
/// The length of a pinyin gloss at the start of `s`: `(` then one to six
/// lowercase letters with at least one tone mark, then `)`.
fn pinyin_gloss(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('(')?;
    let mut toned = false;
    for (n, c) in inner.char_indices() {
        match c {
            ')' => return (toned && n > 0).then_some(1 + n + 1),
            'a'..='z' if n < 12 => {}
            c if n < 24 && lexicon::PINYIN_TONED.contains(c) => toned = true,
            _ => return None,
        }
    }
    None
}

/// Whether `s` (to its end) is the start of a pinyin gloss: `(`, then at
/// most six letters.
fn is_gloss_start(s: &str) -> bool {
    let Some(inner) = s.strip_prefix('(') else { return false };
    (1..=6).contains(&inner.chars().count())
        && inner.chars().all(|c| c.is_ascii_lowercase() || lexicon::PINYIN_TONED.contains(c))
}

/// The length of the rest of a pinyin gloss at the start of `s`: letters,
/// then `)`.
fn pinyin_gloss_end(s: &str) -> Option<usize> {
    for (n, c) in s.char_indices() {
        match c {
            ')' => return Some(n + 1),
            c if n < 24 && (c.is_ascii_lowercase() || lexicon::PINYIN_TONED.contains(c)) => {}
            _ => return None,
        }
    }
    None
}

fn copy_run(s: &str) -> usize {
    // A byte-level walk: ASCII and the CJK block (the bulk of a plan) are
    // decided without decoding through `chars()`.
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            if matches!(x, b'[' | b'*' | b'(') || x.is_ascii_whitespace() {
                break;
            }
            i += 1;
            continue;
        }
        if (0xE4..=0xE9).contains(&x) && i + 2 < b.len() {
            let cp = (u32::from(x) & 0x0F) << 12
                | (u32::from(b[i + 1]) & 0x3F) << 6
                | (u32::from(b[i + 2]) & 0x3F);
            // E4..E9 lead exactly U+4000..U+9FFF; below U+4E00 is the rare
            // extension A, decided the slow way.
            if cp >= 0x4E00 {
                if lexicon::is_traditional_cjk(cp) {
                    break;
                }
                i += 3;
                continue;
            }
        }
        let c = s[i..].chars().next().expect("i is on a char boundary");
        if c.is_whitespace() || fold_char(c) != c {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn memchr_byte(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// Folds one char: full-width ASCII to ASCII, the ideographic space to a
/// space, and traditional characters of the plan vocabulary to simplified.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200B}' | '\u{FEFF}' => ' ',
        '\u{2236}' => ':', // RATIO
        _ if (c as u32) < 0x3400 => c,
        _ => lexicon::simplified(c),
    }
}

/// Folds a whole string (used for short lexicon-sized strings).
pub(crate) fn fold_str(s: &str) -> String {
    // Folding never lengthens text, so one allocation holds it; runs that
    // fold to themselves are copied whole.
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let run = copy_run(rest);
        out.push_str(&rest[..run]);
        rest = &rest[run..];
        if let Some(c) = rest.chars().next() {
            let f = fold_char(c);
            if !f.is_whitespace() {
                out.push(f);
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> (String, Folded) {
        let mut f = Folded::default();
        f.push_piece(s, 0);
        (f.text.clone(), f)
    }

    /// `copy_run` by its definition, char by char.
    fn copy_run_reference(s: &str) -> usize {
        s.chars()
            .take_while(|&c| {
                c != '[' && c != '*' && c != '(' && !c.is_whitespace() && fold_char(c) == c
            })
            .map(char::len_utf8)
            .sum()
    }

    #[test]
    fn fold_str_folds_each_char_and_drops_spaces() {
        for s in ["", "婦女與健康 １２％\u{3000}[x]**y\u{200B}z", "PM 2.5", "达到９５％以上"]
        {
            let want: String = s.chars().map(fold_char).filter(|c| !c.is_whitespace()).collect();
            assert_eq!(fold_str(s), want, "{s:?}");
        }
    }

    #[test]
    fn copy_run_agrees_with_its_definition() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .expect("corpus is bundled")
            .map(|e| std::fs::read_to_string(e.expect("readable").path()).expect("UTF-8"))
            .collect();
        texts.push("妇女與健康㐀䶵婦女１２％ 𠀀達到\u{3000}x".into());
        for text in &texts {
            // Every char boundary of every line is a start.
            for line in text.lines() {
                for (i, _) in line.char_indices() {
                    assert_eq!(copy_run(&line[i..]), copy_run_reference(&line[i..]), "{line}");
                }
            }
        }
    }

    #[test]
    fn folds_full_width_and_spaces() {
        let cases: &[(&str, &str)] = &[
            ("１２．５％", "12.5%"),
            ("下降到 12.5/10 万以内", "下降到12.5/10万以内"),
            ("达到 78.1 岁", "达到78.1岁"),
            ("PM 2.5 浓度", "PM 2.5浓度"),
            ("[bookmark: _Toc1][bookmark: _Toc2]（一）妇女与健康", "(一)妇女与健康"),
            ("**主要目标：**", "主要目标:"),
            ("比例至少达到2∶3", "比例至少达到2:3"),
            ("婦女與健康", "妇女与健康"),
            ("九年義務(wù)教育達(dá)到99.9%", "九年义务教育达到99.9%"),
            ("濟(jì)寧", "济宁"),
            ("(a)项", "(a)项"),
            ("人口(万人)", "人口(万人)"),
            ("\u{3000}\u{3000}达到", "达到"),
        ];
        for &(input, want) in cases {
            assert_eq!(fold(input).0, want, "input {input:?}");
        }
    }

    #[test]
    fn maps_back_to_raw() {
        let raw = "率达到 ９５％以上";
        let (text, f) = fold(raw);
        let start = text.find("95").unwrap();
        let end = text.find("以上").unwrap() + "以上".len();
        let span = f.raw_span(start, end);
        assert_eq!(&raw[span], "９５％以上");
    }
}
