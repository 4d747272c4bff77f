//! PDF to text (feature `pdf`), for the reading layer to turn into logical
//! blocks.
//!
//! # The text contract
//!
//! The text is made of **physical lines**, the way they are printed; this
//! module does not join or reflow them (the reading layer does, and spans
//! refer to exactly this text, which `--emit-text` writes out):
//!
//! - lines come in reading order per page: top to bottom, and in a page set
//!   in columns, one column after the other (left to right), never
//!   interleaved;
//! - every page after the first begins with a form feed (`\u{c}`) at the
//!   start of its first line, as `pdftotext` writes it, so page boundaries
//!   (and the page numbers and running headers next to them) are visible;
//! - a line whose left edge lies at least about one character to the right
//!   of its column's left edge (a first-line indent, or a centred line)
//!   starts with two ideographic spaces (U+3000 U+3000), the way Word text
//!   marks an indented paragraph; so an indented line signals a paragraph
//!   start, and a line flush with the column is a wrap or an unindented
//!   paragraph;
//! - text on one baseline separated by a wide gap (table cells, a tab) is
//!   kept on one line with a tab between the parts; a narrower gap between
//!   Latin letters or digits becomes a space; CJK text gets no spaces;
//! - Kangxi radicals (U+2F00–U+2FDF), CJK radicals supplement forms
//!   (U+2E80–U+2EFF) and CJK compatibility ideographs, which PDF fonts often
//!   map glyphs to, are folded to the ordinary ideograph (⽬ → 目).
//!
//! # Refusals and limits
//!
//! A PDF whose pages have no text at all is refused with "no text layer
//! (scanned PDF?); OCR it first"; an encrypted PDF (one that needs a user
//! password) is refused; text whose glyphs mostly have no Unicode mapping
//! (U+FFFD, private-use code points, glyphs without a map) is refused rather
//! than returned as garbage. Pages that cannot be read (a damaged content
//! stream, undecodable glyphs) are left out, and [`PdfText::warnings`] names
//! them; if no page can be read the file is an error. Each stream may
//! decompress to at most [`PdfOptions::max_stream_bytes`] and a file may
//! have at most [`PdfOptions::max_pages`] pages (a PDF bomb is refused like
//! a zip bomb); form XObjects nest at most 8 deep. Work is linear in the
//! content: each page is read on its own, fonts are decoded once per page.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, LoadOptions, Object, ObjectId};
use rustc_hash::FxHashMap;

use crate::error::{Error, ErrorKind, Result};

/// Limits for reading a PDF.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct PdfOptions {
    /// The most pages a file may have.
    pub max_pages: usize,
    /// The most bytes one stream may decompress to.
    pub max_stream_bytes: usize,
}

impl Default for PdfOptions {
    fn default() -> PdfOptions {
        PdfOptions { max_pages: 10_000, max_stream_bytes: 64 * 1024 * 1024 }
    }
}

/// The text of a PDF and what was lost on the way.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct PdfText {
    /// The text, as described in the module documentation.
    pub text: String,
    /// The number of pages.
    pub pages: usize,
    /// Problems that did not stop the reading (pages left out).
    pub warnings: Vec<String>,
}

fn pdf_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Pdf { message: msg.into() })
}

/// The share of undecodable glyphs above which a page (or the document) is
/// refused.
const MAX_BAD_SHARE: f64 = 0.3;
/// How deep form XObjects may nest.
const MAX_FORM_DEPTH: usize = 8;
/// The most operations read from one page (its own and its forms').
const MAX_OPS_PER_PAGE: usize = 4_000_000;

/// Reads the text of the PDF in `bytes`.
pub fn text(bytes: &[u8], opts: &PdfOptions) -> Result<PdfText> {
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memmem::find(head, b"%PDF").is_none() {
        return Err(pdf_error("not a PDF file (no %PDF header)"));
    }
    let load = LoadOptions {
        max_decompressed_size: Some(opts.max_stream_bytes),
        ..LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(bytes, load) {
        Ok(d) => d,
        Err(e) => return Err(load_error(&e)),
    };
    if doc.is_encrypted() {
        return Err(pdf_error("encrypted (password-protected) PDF; remove the password first"));
    }
    let pages = doc.get_pages();
    if pages.len() > opts.max_pages {
        return Err(pdf_error(format!(
            "{} pages, more than the limit of {}",
            pages.len(),
            opts.max_pages
        )));
    }
    if pages.is_empty() {
        return Err(pdf_error("no pages (a damaged or truncated file?)"));
    }
    let mut out = PdfText { pages: pages.len(), ..PdfText::default() };
    let mut lost: Vec<(u32, &'static str)> = Vec::new();
    let mut glyphs_total = 0usize;
    let mut bad_total = 0usize;
    let mut images = 0usize;
    let mut first = true;
    let mut reader = PageReader::new(&doc, opts);
    for (&number, &id) in &pages {
        let page = match reader.page(id) {
            Ok(p) => p,
            Err(why) => {
                lost.push((number, why));
                continue;
            }
        };
        images += page.images;
        let visible = page.glyphs.iter().filter(|g| g.text != " ").count();
        glyphs_total += visible;
        bad_total += page.bad;
        if visible == 0 {
            continue;
        }
        if page.bad as f64 > MAX_BAD_SHARE * visible as f64 {
            lost.push((number, "glyphs without a Unicode mapping"));
            continue;
        }
        let start = out.text.len();
        layout(&page.glyphs, &mut out.text);
        if out.text.len() > start && !first {
            out.text.insert(start, '\u{c}');
        }
        first &= out.text.len() == start;
    }
    if glyphs_total == 0 {
        if lost.len() == pages.len() {
            return Err(pdf_error(format!("no page could be read ({})", lost[0].1)));
        }
        if images == 0 {
            return Err(pdf_error(
                "no text found (a damaged file, or pages drawn without a text layer; OCR a scan first)",
            ));
        }
        return Err(pdf_error("no text layer (scanned PDF?); OCR it first"));
    }
    if bad_total as f64 > MAX_BAD_SHARE * glyphs_total as f64 {
        return Err(pdf_error(format!(
            "text is mostly undecodable: {} of {} glyphs have no Unicode mapping",
            bad_total, glyphs_total
        )));
    }
    if lost.len() == pages.len() {
        return Err(pdf_error(format!("no page could be read ({})", lost[0].1)));
    }
    if !lost.is_empty() {
        let list: Vec<String> = lost.iter().map(|(n, why)| format!("{n} ({why})")).collect();
        out.warnings.push(format!(
            "{} of {} pages could not be read and are left out: {}",
            lost.len(),
            pages.len(),
            list.join(", ")
        ));
    }
    Ok(out)
}

fn load_error(e: &lopdf::Error) -> Error {
    use lopdf::Error as E;
    match e {
        E::Decryption(_) | E::InvalidPassword | E::UnsupportedSecurityHandler(_) => {
            pdf_error("encrypted (password-protected) PDF; remove the password first")
        }
        E::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            pdf_error("a stream decompresses beyond the size limit (a PDF bomb?)")
        }
        other => pdf_error(format!("damaged or truncated file: {other}")),
    }
}

/// A positioned glyph, in default user space (y up).
#[derive(Clone, Debug)]
struct Glyph {
    x: f32,
    y: f32,
    /// The advance width.
    w: f32,
    /// The em size (font size on the page).
    size: f32,
    /// The text it stands for (folded), empty for an unmapped glyph.
    text: String,
}

/// What one page gave.
#[derive(Debug, Default)]
struct Page {
    glyphs: Vec<Glyph>,
    /// Glyphs without a usable Unicode mapping.
    bad: usize,
    /// Image XObjects drawn.
    images: usize,
}

/// A font as far as text extraction needs it.
struct Font<'a> {
    /// Two-byte codes (a composite font with a two-byte CMap).
    two_byte: bool,
    /// Glyph widths in text space units per code (already scaled from
    /// glyph space).
    widths: FxHashMap<u32, f32>,
    default_width: f32,
    /// The code to text map: ToUnicode first, else the font's encoding.
    encoding: Option<Encoding<'a>>,
    /// The vertical scale of glyph space (FontMatrix `d` × 1000 for Type3).
    em_scale: f32,
    /// Decoded codes.
    cache: FxHashMap<u32, Option<String>>,
}

type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
    .filter(|v| v.is_finite())
}

fn nums<const N: usize>(ops: &[Object]) -> Option<[f32; N]> {
    let mut out = [0.0; N];
    if ops.len() < N {
        return None;
    }
    for (o, v) in ops[ops.len() - N..].iter().zip(out.iter_mut()) {
        *v = num(o)?;
    }
    Some(out)
}

struct PageReader<'a> {
    doc: &'a Document,
    opts: &'a PdfOptions,
}

/// Graphics and text state.
#[derive(Clone, Copy)]
struct State {
    ctm: Matrix,
    char_spacing: f32,
    word_spacing: f32,
    h_scale: f32,
    leading: f32,
    rise: f32,
    font_size: f32,
    font: Option<usize>,
}

impl<'a> PageReader<'a> {
    fn new(doc: &'a Document, opts: &'a PdfOptions) -> PageReader<'a> {
        PageReader { doc, opts }
    }

    fn page(&mut self, id: ObjectId) -> std::result::Result<Page, &'static str> {
        let content = self
            .doc
            .get_page_content_with_limit(id, self.opts.max_stream_bytes)
            .map_err(|_| "content stream unreadable")?;
        let resources = self.page_resources(id);
        let mut page = Page::default();
        let mut fonts: Vec<Font<'a>> = Vec::new();
        let mut budget = MAX_OPS_PER_PAGE;
        let state = State {
            ctm: IDENTITY,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            font_size: 0.0,
            font: None,
        };
        let damaged = self.run(&content, &resources, state, &mut fonts, &mut page, 0, &mut budget);
        if damaged && page.glyphs.is_empty() {
            return Err("content stream damaged");
        }
        Ok(page)
    }

    /// The page's resource dictionaries, nearest first.
    fn page_resources(&self, id: ObjectId) -> Vec<&'a Dictionary> {
        let mut out = Vec::new();
        if let Ok((dict, ids)) = self.doc.get_page_resources(id) {
            out.extend(dict);
            out.extend(ids.into_iter().filter_map(|i| self.doc.get_dictionary(i).ok()));
        }
        out
    }

    fn resource(
        &self,
        resources: &[&'a Dictionary],
        kind: &[u8],
        name: &[u8],
    ) -> Option<&'a Object> {
        resources.iter().find_map(|r| {
            let dict = r.get_deref(kind, self.doc).ok()?.as_dict().ok()?;
            let o = dict.get(name).ok()?;
            self.doc.dereference(o).ok().map(|(_, o)| o)
        })
    }

    /// Interprets a content stream; true if it was cut short by damage.
    #[allow(clippy::too_many_arguments)]
    fn run(
        &mut self,
        content: &[u8],
        resources: &[&'a Dictionary],
        mut st: State,
        fonts: &mut Vec<Font<'a>>,
        page: &mut Page,
        depth: usize,
        budget: &mut usize,
    ) -> bool {
        let mut font_names: FxHashMap<Vec<u8>, usize> = FxHashMap::default();
        let mut stack: Vec<State> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        for op in Content::decode_iter(content) {
            let Ok(op) = op else { return true };
            if *budget == 0 {
                return true;
            }
            *budget -= 1;
            let args = &op.operands;
            match op.operator.as_str() {
                "q" if stack.len() < 256 => stack.push(st),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        st = s;
                    }
                }
                "cm" => {
                    if let Some(m) = nums::<6>(args) {
                        st.ctm = mul(&m, &st.ctm);
                    }
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tc" => st.char_spacing = nums::<1>(args).map_or(st.char_spacing, |v| v[0]),
                "Tw" => st.word_spacing = nums::<1>(args).map_or(st.word_spacing, |v| v[0]),
                "Tz" => st.h_scale = nums::<1>(args).map_or(st.h_scale, |v| v[0] / 100.0),
                "TL" => st.leading = nums::<1>(args).map_or(st.leading, |v| v[0]),
                "Ts" => st.rise = nums::<1>(args).map_or(st.rise, |v| v[0]),
                "Tf" => {
                    if let (Some(name), Some([size])) =
                        (args.first().and_then(|o| o.as_name().ok()), nums::<1>(args))
                    {
                        st.font_size = size;
                        st.font = match font_names.get(name) {
                            Some(&i) => Some(i),
                            None => {
                                let f = self
                                    .resource(resources, b"Font", name)
                                    .and_then(|o| o.as_dict().ok())
                                    .map(|d| self.font(d));
                                f.map(|f| {
                                    fonts.push(f);
                                    font_names.insert(name.to_vec(), fonts.len() - 1);
                                    fonts.len() - 1
                                })
                            }
                        };
                    }
                }
                "Td" | "TD" => {
                    if let Some([tx, ty]) = nums::<2>(args) {
                        if op.operator == "TD" {
                            st.leading = -ty;
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    if let Some(m) = nums::<6>(args) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -st.leading], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if op.operator == "'" || op.operator == "\"" {
                        if op.operator == "\"" {
                            if let (Some(w), Some(c)) =
                                (args.first().and_then(num), args.get(1).and_then(num))
                            {
                                st.word_spacing = w;
                                st.char_spacing = c;
                            }
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -st.leading], &tlm);
                        tm = tlm;
                    }
                    let Some(fi) = st.font else { continue };
                    let font = &mut fonts[fi];
                    let items: Vec<&Object> = match (op.operator.as_str(), args.last()) {
                        ("TJ", Some(Object::Array(a))) => a.iter().collect(),
                        (_, Some(o)) => vec![o],
                        _ => continue,
                    };
                    for item in items {
                        match item {
                            Object::String(bytes, _) => {
                                show(bytes, font, &st, &mut tm, page);
                            }
                            o => {
                                if let Some(n) = num(o) {
                                    let tx = -n / 1000.0 * st.font_size * st.h_scale;
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                }
                            }
                        }
                    }
                }
                "Do" => {
                    let Some(name) = args.first().and_then(|o| o.as_name().ok()) else { continue };
                    let Some(Object::Stream(s)) = self.resource(resources, b"XObject", name) else {
                        continue;
                    };
                    match s.dict.get(b"Subtype").and_then(|o| o.as_name()) {
                        Ok(b"Image") => page.images += 1,
                        Ok(b"Form") if depth < MAX_FORM_DEPTH => {
                            let Ok(data) =
                                s.decompressed_content_with_limit(self.opts.max_stream_bytes)
                            else {
                                continue;
                            };
                            let mut inner = st;
                            if let Ok(Object::Array(m)) = s.dict.get(b"Matrix") {
                                let m: Vec<f32> = m.iter().filter_map(num).collect();
                                if let Ok(m) = <[f32; 6]>::try_from(m) {
                                    inner.ctm = mul(&m, &st.ctm);
                                }
                            }
                            let mut res: Vec<&'a Dictionary> = Vec::new();
                            if let Ok(d) =
                                s.dict.get_deref(b"Resources", self.doc).and_then(|o| o.as_dict())
                            {
                                res.push(d);
                            }
                            res.extend_from_slice(resources);
                            self.run(&data, &res, inner, fonts, page, depth + 1, budget);
                        }
                        _ => {}
                    }
                }
                "BI" | "ID" => page.images += 1,
                _ => {}
            }
        }
        false
    }

    fn font(&self, dict: &'a Dictionary) -> Font<'a> {
        let doc = self.doc;
        let subtype = dict.get(b"Subtype").and_then(|o| o.as_name()).unwrap_or(b"");
        let limit = self.opts.max_stream_bytes;
        let mut widths = FxHashMap::default();
        let default_width;
        let mut em_scale = 1.0;
        let two_byte = subtype == b"Type0";
        if two_byte {
            let desc = dict
                .get_deref(b"DescendantFonts", doc)
                .ok()
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok());
            default_width =
                desc.and_then(|d| d.get(b"DW").ok()).and_then(num).map_or(1.0, |w| w / 1000.0);
            if let Some(desc) = desc {
                if let Ok(w) = desc.get_deref(b"W", doc).and_then(|o| o.as_array()) {
                    cid_widths(doc, w, &mut widths);
                }
            }
        } else {
            let scale = if subtype == b"Type3" {
                let m: Vec<f32> = dict
                    .get_deref(b"FontMatrix", doc)
                    .and_then(|o| o.as_array())
                    .map(|a| a.iter().filter_map(num).collect())
                    .unwrap_or_default();
                em_scale = m.get(3).map_or(1.0, |d| (d * 1000.0).abs());
                m.first().copied().unwrap_or(0.001)
            } else {
                0.001
            };
            let first = dict.get(b"FirstChar").ok().and_then(num).unwrap_or(0.0) as u32;
            if let Ok(w) = dict.get_deref(b"Widths", doc).and_then(|o| o.as_array()) {
                for (i, o) in w.iter().enumerate().take(256) {
                    if let Some(v) = doc.dereference(o).ok().and_then(|(_, o)| num(o)) {
                        widths.insert(first + i as u32, v * scale);
                    }
                }
            }
            default_width = 0.5;
        }
        // ToUnicode first: a font's own encoding (Type3 glyph names, an
        // Identity CMap) often says nothing about the text.
        let encoding = match dict.get_deref(b"ToUnicode", doc) {
            Ok(Object::Stream(_)) => {
                let mut only = Dictionary::new();
                only.set("Type", Object::Name(b"Font".to_vec()));
                if let Ok(o) = dict.get(b"ToUnicode") {
                    only.set("ToUnicode", o.clone());
                }
                // The temporary dictionary borrows nothing: its encoding is
                // an owned CMap.
                match only.get_font_encoding_with_limit(doc, limit) {
                    Ok(Encoding::UnicodeMapEncoding(m)) => Some(Encoding::UnicodeMapEncoding(m)),
                    _ => None,
                }
            }
            _ => None,
        };
        let encoding = encoding.or_else(|| {
            let enc = dict.get(b"Encoding").ok().and_then(|o| o.as_name().ok());
            match (two_byte, enc) {
                // A composite font without ToUnicode: only the Unicode CMaps say
                // what the codes mean.
                (true, Some(b"UniGB-UCS2-H" | b"UniGB-UTF16-H")) => {
                    dict.get_font_encoding_with_limit(doc, limit).ok()
                }
                (true, _) => None,
                (false, _) => dict.get_font_encoding_with_limit(doc, limit).ok(),
            }
        });
        Font { two_byte, widths, default_width, encoding, em_scale, cache: FxHashMap::default() }
    }
}

/// Reads a CID font's `W` array: `c [w1 w2 …]` and `c1 c2 w` entries.
fn cid_widths(doc: &Document, w: &[Object], out: &mut FxHashMap<u32, f32>) {
    let mut i = 0;
    while i < w.len() && out.len() < 65_536 {
        let Some(c) = num(&w[i]) else { break };
        let c = c as u32;
        match w.get(i + 1).map(|o| doc.dereference(o).map(|(_, o)| o)) {
            Some(Ok(Object::Array(list))) => {
                for (k, o) in list.iter().enumerate().take(65_536) {
                    if let Some(v) = num(o) {
                        out.insert(c + k as u32, v / 1000.0);
                    }
                }
                i += 2;
            }
            Some(Ok(o)) => {
                let (Some(last), Some(v)) = (num(o), w.get(i + 2).and_then(num)) else { break };
                let last = (last as u32).min(c.saturating_add(65_535));
                for code in c..=last {
                    out.insert(code, v / 1000.0);
                }
                i += 3;
            }
            _ => break,
        }
    }
}

/// Shows a string: one glyph per code, advancing the text matrix.
fn show(bytes: &[u8], font: &mut Font<'_>, st: &State, tm: &mut Matrix, page: &mut Page) {
    let step = if font.two_byte { 2 } else { 1 };
    for chunk in bytes.chunks(step) {
        let code = chunk.iter().fold(0u32, |a, &b| a << 8 | u32::from(b));
        let w0 = font.widths.get(&code).copied().unwrap_or(font.default_width);
        let trm = mul(
            &[st.font_size * st.h_scale, 0.0, 0.0, st.font_size, 0.0, st.rise],
            &mul(tm, &st.ctm),
        );
        let scale_y = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt() * font.em_scale;
        let text = decode(font, code, chunk);
        let is_space = !font.two_byte && code == 32;
        let tx =
            (w0 * st.font_size + st.char_spacing + if is_space { st.word_spacing } else { 0.0 })
                * st.h_scale;
        let m = mul(tm, &st.ctm);
        let advance = tx * (m[0] * m[0] + m[1] * m[1]).sqrt();
        match text {
            // A space glyph: kept for the gap it marks between Latin words.
            Some(t) if t.chars().all(char::is_whitespace) => {
                page.glyphs.push(Glyph {
                    x: trm[4],
                    y: trm[5],
                    w: advance,
                    size: scale_y,
                    text: " ".into(),
                });
            }
            Some(t) => {
                let bad = t.chars().any(is_bad);
                if bad {
                    page.bad += 1;
                }
                page.glyphs.push(Glyph {
                    x: trm[4],
                    y: trm[5],
                    w: advance,
                    size: scale_y,
                    text: if bad { String::new() } else { t },
                });
            }
            None => {
                page.bad += 1;
                page.glyphs.push(Glyph {
                    x: trm[4],
                    y: trm[5],
                    w: advance,
                    size: scale_y,
                    text: String::new(),
                });
            }
        }
        *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
    }
}

fn is_bad(c: char) -> bool {
    matches!(c, '\u{fffd}' | '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..='\u{10ffff}')
        || (c.is_control() && c != '\t')
}

fn decode(font: &mut Font<'_>, code: u32, bytes: &[u8]) -> Option<String> {
    if let Some(t) = font.cache.get(&code) {
        return t.clone();
    }
    let t = font
        .encoding
        .as_ref()
        .and_then(|e| e.bytes_to_string(bytes).ok())
        .filter(|s| !s.is_empty())
        .map(|s| fold(&s));
    if font.cache.len() < 65_536 {
        font.cache.insert(code, t.clone());
    }
    t
}

/// Folds Kangxi radicals, CJK radical supplement forms and compatibility
/// ideographs to the ordinary ideograph.
pub(crate) fn fold(s: &str) -> String {
    if !s.chars().any(needs_fold) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

fn needs_fold(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{2fdf}' | '\u{f900}'..='\u{faff}' | '\u{2f800}'..='\u{2fa1f}')
}

fn fold_char(c: char, out: &mut String) {
    if let Some(&(_, to)) = RADICALS.iter().find(|&&(from, _)| from == c) {
        out.push(to);
        return;
    }
    if needs_fold(c) {
        let mut decomposed = String::new();
        unicode_normalization::char::decompose_compatible(c, |d| decomposed.push(d));
        let mut it = decomposed.chars();
        if let (Some(d), None) = (it.next(), it.next()) {
            if ('\u{3400}'..='\u{9fff}').contains(&d) || ('\u{20000}'..='\u{3ffff}').contains(&d) {
                out.push(d);
                return;
            }
        }
    }
    out.push(c);
}

/// CJK radicals supplement forms (U+2E80–U+2EFF) with the ideograph they
/// stand for (Unicode's EquivalentUnifiedIdeograph data, the forms used in
/// simplified Chinese text); the Kangxi radicals and compatibility
/// ideographs are folded by their Unicode decomposition.
const RADICALS: &[(char, char)] = &[
    ('⺁', '厂'),
    ('⺅', '亻'),
    ('⺆', '冂'),
    ('⺇', '几'),
    ('⺉', '刂'),
    ('⺋', '㔾'),
    ('⺎', '兀'),
    ('⺏', '尣'),
    ('⺐', '尢'),
    ('⺒', '巳'),
    ('⺓', '幺'),
    ('⺔', '彑'),
    ('⺕', '彐'),
    ('⺖', '忄'),
    ('⺗', '㣺'),
    ('⺘', '扌'),
    ('⺙', '攵'),
    ('⺛', '旡'),
    ('⺝', '月'),
    ('⺞', '歺'),
    ('⺟', '母'),
    ('⺠', '民'),
    ('⺡', '氵'),
    ('⺢', '氺'),
    ('⺣', '灬'),
    ('⺤', '爫'),
    ('⺦', '丬'),
    ('⺨', '犭'),
    ('⺩', '王'),
    ('⺪', '疋'),
    ('⺫', '罒'),
    ('⺬', '示'),
    ('⺭', '礻'),
    ('⺲', '罒'),
    ('⺳', '㓁'),
    ('⺷', '羊'),
    ('⺹', '耂'),
    ('⺻', '聿'),
    ('⺾', '艹'),
    ('⻁', '虎'),
    ('⻂', '衤'),
    ('⻃', '覀'),
    ('⻄', '西'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻈', '讠'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻌', '辶'),
    ('⻍', '辶'),
    ('⻏', '阝'),
    ('⻐', '钅'),
    ('⻑', '長'),
    ('⻒', '镸'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻖', '阝'),
    ('⻗', '雨'),
    ('⻘', '青'),
    ('⻙', '韦'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻝', '食'),
    ('⻟', '食'),
    ('⻠', '饣'),
    ('⻢', '马'),
    ('⻣', '骨'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻧', '卤'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻪', '黾'),
    ('⻫', '斉'),
    ('⻬', '齐'),
    ('⻭', '歯'),
    ('⻮', '齿'),
    ('⻯', '竜'),
    ('⻰', '龙'),
    ('⻱', '龜'),
    ('⻲', '亀'),
    ('⻳', '龟'),
];

/// A run of glyphs on one baseline without a wide gap.
#[derive(Debug)]
struct Segment {
    x0: f32,
    x1: f32,
    /// Baseline.
    y: f32,
    size: f32,
    text: String,
    /// Whether the text ends in a Latin letter or digit (for spacing).
    first_char: char,
    last_char: char,
}

/// Lays out one page's glyphs as physical lines, appending to `out`.
fn layout(glyphs: &[Glyph], out: &mut String) {
    let segments = segments(glyphs);
    if segments.is_empty() {
        return;
    }
    let mut sizes: Vec<f32> = segments.iter().map(|s| s.size).collect();
    sizes.sort_by(f32::total_cmp);
    let em = sizes[sizes.len() / 2].max(1.0);
    let mut idx: Vec<usize> = (0..segments.len()).collect();
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    xy_cut(&segments, &mut idx, em, 0, &mut blocks);
    for block in &blocks {
        write_block(&segments, block, em, out);
    }
}

/// Splits glyphs (in content order) into segments.
fn segments(glyphs: &[Glyph]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    // A space glyph was drawn since the last visible glyph.
    let mut space = false;
    for g in glyphs {
        let size = g.size.max(0.5);
        if g.text == " " {
            space = true;
            continue;
        }
        let text = if g.text.is_empty() { "\u{fffd}" } else { g.text.as_str() };
        let spaced = std::mem::take(&mut space);
        if let Some(s) = out.last_mut() {
            let same_line = (g.y - s.y).abs() < 0.3 * size.max(s.size);
            let gap = g.x - s.x1;
            if same_line && gap > -0.5 * size && gap < 1.5 * size {
                let first = text.chars().next().unwrap_or(' ');
                let latin = !is_cjk(s.last_char) && !is_cjk(first);
                if latin && (spaced || gap > 0.3 * size && is_latin(s.last_char) && is_latin(first))
                {
                    s.text.push(' ');
                }
                s.text.push_str(text);
                s.x1 = s.x1.max(g.x + g.w);
                s.last_char = text.chars().last().unwrap_or(s.last_char);
                continue;
            }
        }
        let mut chars = text.chars();
        let first_char = chars.next().unwrap_or(' ');
        out.push(Segment {
            x0: g.x,
            x1: g.x + g.w.max(0.0),
            y: g.y,
            size,
            text: text.to_owned(),
            first_char,
            last_char: text.chars().last().unwrap_or(first_char),
        });
    }
    out
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// CJK ideographs, kana, hangul and full-width punctuation: text that is
/// written without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ffef}' | '\u{20000}'..='\u{3ffff}')
}

/// Recursive XY cut: columns (a vertical gutter crossed by no segment, with
/// text-column-like content on both sides) first, then bands split at wide
/// vertical gaps; the leaves are written in order.
fn xy_cut(segs: &[Segment], idx: &mut [usize], em: f32, depth: usize, out: &mut Vec<Vec<usize>>) {
    if idx.len() <= 1 || depth > 32 {
        out.push(idx.to_vec());
        return;
    }
    // Vertical cut: sort by x0 and sweep for a gap in coverage.
    idx.sort_by(|&a, &b| segs[a].x0.total_cmp(&segs[b].x0));
    let mut reach = f32::MIN;
    let mut best: Option<(usize, f32)> = None;
    for (k, &i) in idx.iter().enumerate() {
        if k > 0 && segs[i].x0 - reach >= em {
            let gap = segs[i].x0 - reach;
            let (left, right) = idx.split_at(k);
            if is_column(segs, left, em)
                && is_column(segs, right, em)
                && best.is_none_or(|(_, g)| gap > g)
            {
                best = Some((k, gap));
            }
        }
        reach = reach.max(segs[i].x1);
    }
    if let Some((k, _)) = best {
        let (left, right) = idx.split_at_mut(k);
        xy_cut(segs, left, em, depth + 1, out);
        xy_cut(segs, right, em, depth + 1, out);
        return;
    }
    // Horizontal cut: bands split where no segment spans a gap wider than a
    // line and a half.
    idx.sort_by(|&a, &b| segs[b].y.total_cmp(&segs[a].y));
    let mut bands: Vec<usize> = Vec::new();
    let mut low = f32::MAX;
    for (k, &i) in idx.iter().enumerate() {
        let top = segs[i].y + segs[i].size;
        if k > 0 && low - top > 1.0 * em {
            bands.push(k);
        }
        low = low.min(segs[i].y - 0.2 * segs[i].size);
    }
    if bands.is_empty() || depth > 0 && idx.len() < 4 {
        out.push(idx.to_vec());
        return;
    }
    let mut start = 0;
    bands.push(idx.len());
    for end in bands {
        let whole = end - start == idx.len();
        let band = &mut idx[start..end];
        if whole {
            out.push(band.to_vec());
        } else {
            xy_cut(segs, band, em, depth + 1, out);
        }
        start = end;
    }
}

/// Whether segments look like a text column: several lines, mostly long.
fn is_column(segs: &[Segment], idx: &[usize], em: f32) -> bool {
    if idx.len() < 3 {
        return false;
    }
    let long = idx.iter().filter(|&&i| segs[i].x1 - segs[i].x0 >= 6.0 * em).count();
    long * 2 >= idx.len()
}

/// Writes a block's segments as lines: grouped by baseline, ordered top to
/// bottom and left to right, indented lines marked.
fn write_block(segs: &[Segment], block: &[usize], em: f32, out: &mut String) {
    let mut order = block.to_vec();
    order.sort_by(|&a, &b| segs[b].y.total_cmp(&segs[a].y).then(segs[a].x0.total_cmp(&segs[b].x0)));
    let mut lines: Vec<Vec<usize>> = Vec::new();
    for i in order {
        match lines.last_mut() {
            Some(line)
                if (segs[line[0]].y - segs[i].y).abs()
                    < 0.4 * segs[i].size.min(segs[line[0]].size) =>
            {
                line.push(i)
            }
            _ => lines.push(vec![i]),
        }
    }
    let margin = lines
        .iter()
        .map(|l| l.iter().map(|&i| segs[i].x0).fold(f32::MAX, f32::min))
        .fold(f32::MAX, f32::min);
    for mut line in lines {
        line.sort_by(|&a, &b| segs[a].x0.total_cmp(&segs[b].x0));
        let x0 = segs[line[0]].x0;
        if x0 - margin >= 1.5 * em.min(segs[line[0]].size.max(1.0)) {
            out.push_str("\u{3000}\u{3000}");
        }
        let mut prev: Option<&Segment> = None;
        for &i in &line {
            let s = &segs[i];
            if let Some(p) = prev {
                let gap = s.x0 - p.x1;
                if gap >= 1.5 * em {
                    out.push('\t');
                } else if is_latin(p.last_char) && is_latin(s.first_char) {
                    out.push(' ');
                }
            }
            out.push_str(&s.text);
            prev = Some(s);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_radicals_and_compatibility_forms() {
        let cases = [
            ("⽬标", "目标"),
            ("⼈⼝", "人口"),
            ("⻓江", "长江"),
            ("⻔诊", "门诊"),
            ("\u{f91d}", "欄"),
            ("①⑴㎡", "①⑴㎡"),
            ("不变", "不变"),
        ];
        for (from, to) in cases {
            assert_eq!(fold(from), to, "{from}");
        }
    }

    #[test]
    fn not_a_pdf() {
        let e = text(b"hello", &PdfOptions::default()).unwrap_err();
        assert!(e.to_string().contains("not a PDF"), "{e}");
    }

    fn g(x: f32, y: f32, t: &str) -> Glyph {
        Glyph { x, y, w: 10.0, size: 10.0, text: t.to_owned() }
    }

    fn line(x: f32, y: f32, s: &str) -> Vec<Glyph> {
        s.chars().enumerate().map(|(k, c)| g(x + 10.0 * k as f32, y, &c.to_string())).collect()
    }

    #[test]
    fn columns_are_kept_apart_and_indents_marked() {
        // Two columns drawn line by line across the page (interleaved in
        // content order), each with an indented first line.
        let mut glyphs = Vec::new();
        let left = ["  左栏第一段开始文字", "左栏第一段继续的文字", "左栏第一段结束。"];
        let right = ["  右栏第一段开始文字", "右栏第一段继续的文字", "右栏第一段结束。"];
        for (k, (l, r)) in left.iter().zip(right).enumerate() {
            let y = 700.0 - 15.0 * k as f32;
            let (lx, l) = l.strip_prefix("  ").map_or((0.0, *l), |l| (20.0, l));
            let (rx, r) = r.strip_prefix("  ").map_or((150.0, r), |r| (170.0, r));
            glyphs.extend(line(lx, y, l));
            glyphs.extend(line(rx, y, r));
        }
        let mut out = String::new();
        layout(&glyphs, &mut out);
        assert_eq!(
            out,
            "\u{3000}\u{3000}左栏第一段开始文字\n左栏第一段继续的文字\n左栏第一段结束。\n\
             \u{3000}\u{3000}右栏第一段开始文字\n右栏第一段继续的文字\n右栏第一段结束。\n"
        );
    }

    #[test]
    fn table_cells_on_one_baseline_get_tabs() {
        let mut glyphs = line(0.0, 700.0, "妇女人均预期寿命（岁）");
        glyphs.extend(line(200.0, 700.0, "≥80"));
        glyphs.extend(line(0.0, 685.0, "孕产妇死亡率达到12%以下的水平"));
        let mut out = String::new();
        layout(&glyphs, &mut out);
        assert_eq!(out, "妇女人均预期寿命（岁）\t≥80\n孕产妇死亡率达到12%以下的水平\n");
    }
}
