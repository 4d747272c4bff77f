//! Bytes to text: a byte order mark, valid UTF-8, or a detected legacy
//! encoding (GB18030/GBK, Big5 …), decoded with encoding_rs.
//!
//! Decoding is exact by default: a byte sequence that does not decode in
//! the encoding chosen is an error that names the encoding and the byte
//! offset of the first such sequence. [`decode_lossy`] replaces each one
//! with U+FFFD instead and says how many bytes it replaced.

use encoding_rs::{DecoderResult, Encoding};

use crate::error::{Error, ErrorKind, Result};

/// Decoded text and the encoding it came from.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Decoded {
    /// The text, without a byte order mark.
    pub text: String,
    /// The encoding's name (`UTF-8`, `GBK`, `UTF-16LE` …).
    pub encoding: &'static str,
    /// What a lossy decoding replaced, if anything.
    pub lossy: Option<Lossy>,
}

/// Undecodable bytes replaced with U+FFFD by a lossy decoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Lossy {
    /// How many bytes did not decode (each maximal bad sequence became one
    /// U+FFFD).
    pub bytes: usize,
    /// The byte offset of the first of them in the input (a byte order
    /// mark counted).
    pub first: usize,
}

/// How many bytes of a file the encoding detector looks at.
const DETECT_BYTES: usize = 64 * 1024;

/// The encoding a label names (`gbk`, `gb2312`, `utf-16le`, `big5` …), as
/// the WHATWG Encoding Standard maps labels.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decodes `bytes`: with `forced` when given, else by byte order mark, as
/// UTF-8 when valid or mostly valid (a few bad bytes in a UTF-8 file),
/// else with the encoding chardetng detects.
///
/// Errors when the bytes are not text (NUL bytes, control characters), or
/// when any byte sequence does not decode in the chosen encoding: the
/// error ([`ErrorKind::Decode`]) names the encoding, the number of bad
/// bytes and the offset of the first.
///
/// ```
/// use guihua::input::decode;
/// let mut bytes = "（一）妇女与健康\n孕产妇死亡率下降到12/10万以下。\n".as_bytes().to_vec();
/// assert_eq!(decode(&bytes, None).unwrap().encoding, "UTF-8");
/// bytes.insert(9, 0xFF);
/// let e = decode(&bytes, None).unwrap_err();
/// assert_eq!(e.to_string(), "cannot decode as UTF-8: 1 bad byte, the first at byte 9");
/// ```
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded> {
    decode_with(bytes, forced, false)
}

/// Like [`decode`], but replaces byte sequences that do not decode with
/// U+FFFD and reports their count in [`Decoded::lossy`]. Input that is not
/// text is still an error.
///
/// ```
/// use guihua::input::decode_lossy;
/// let mut bytes = "孕产妇死亡率下降到12/10万以下。".as_bytes().to_vec();
/// bytes.splice(3..3, [0xFF, 0xFE]);
/// let d = decode_lossy(&bytes, None).unwrap();
/// assert_eq!(d.encoding, "UTF-8");
/// assert_eq!(d.text, "孕\u{FFFD}\u{FFFD}产妇死亡率下降到12/10万以下。");
/// let lossy = d.lossy.unwrap();
/// assert_eq!((lossy.bytes, lossy.first), (2, 3));
/// ```
pub fn decode_lossy(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded> {
    decode_with(bytes, forced, true)
}

pub(super) fn decode_with(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    lossy: bool,
) -> Result<Decoded> {
    let (encoding, bom_len) = match (forced, Encoding::for_bom(bytes)) {
        (Some(e), Some((b, len))) if e == b => (e, len),
        (Some(e), _) => (e, 0),
        (None, Some((e, len))) => (e, len),
        (None, None) => {
            if !looks_like_text(bytes) {
                return Err(not_text("contains NUL bytes"));
            }
            // Most inputs are UTF-8: validate with SIMD (std's validator
            // costs ~10 instructions per byte of Chinese text, simdutf8
            // under one).
            match simdutf8::basic::from_utf8(bytes) {
                Ok(s) => return checked(s.to_string(), encoding_rs::UTF_8, None),
                Err(_) if mostly_utf8(bytes) => (encoding_rs::UTF_8, 0),
                Err(_) => (detect(bytes), 0),
            }
        }
    };
    let body = &bytes[bom_len..];
    let (text, bad) = decode_counting(encoding, body);
    let lossy_info = bad.map(|(n, first)| Lossy { bytes: n, first: first + bom_len });
    if let Some(l) = lossy_info {
        if !lossy {
            return Err(Error::new(ErrorKind::Decode {
                encoding: encoding.name(),
                bad_bytes: l.bytes,
                offset: l.first,
            }));
        }
    }
    checked(text, encoding, lossy_info)
}

/// Decodes `body` (no BOM handling), each malformed sequence becoming one
/// U+FFFD: the text and, if any were malformed, how many bytes they were
/// and the offset of the first.
fn decode_counting(encoding: &'static Encoding, body: &[u8]) -> (String, Option<(usize, usize)>) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len().saturating_mul(3));
    let mut out = String::with_capacity(cap);
    let (mut pos, mut bad, mut first) = (0, 0, None);
    loop {
        let (res, read) =
            decoder.decode_to_string_without_replacement(&body[pos..], &mut out, true);
        pos += read;
        match res {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                let more = decoder
                    .max_utf8_buffer_length_without_replacement(body.len() - pos)
                    .unwrap_or(body.len() - pos)
                    .max(16);
                out.reserve(more);
            }
            DecoderResult::Malformed(len, after) => {
                let (len, after) = (usize::from(len), usize::from(after));
                first.get_or_insert(pos - after - len);
                bad += len;
                if out.capacity() - out.len() < 3 {
                    out.reserve(16);
                }
                out.push('\u{FFFD}');
            }
        }
    }
    (out, first.map(|f| (bad, f)))
}

/// Whether invalid UTF-8 is a UTF-8 file with a few bad bytes rather than
/// a legacy encoding: the bytes of its valid multi-byte sequences outweigh
/// its invalid bytes ten to one. (The corpus plans encoded in GBK and read
/// as UTF-8 have 0.6 valid multi-byte bytes per invalid byte, in Big5 0.2.)
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().len() - count_bytes(chunk.valid().as_bytes(), |b| b < 0x80);
        bad += chunk.invalid().len();
    }
    good >= bad.saturating_mul(10)
}

impl super::Input {
    /// Extracts this input's text with `extractor`, adding an
    /// `undecodable_bytes` diagnostic when a lossy read replaced bytes.
    ///
    /// ```
    /// use guihua::input::{read_bytes, Format, ReadOptions};
    /// let mut bytes = "1.孕产妇死亡率下降到12/10万以下。".as_bytes().to_vec();
    /// bytes.push(0xFF);
    /// let opts = ReadOptions::default().lossy(true);
    /// let input = read_bytes(&bytes, Format::Text, opts).unwrap();
    /// let ex = input.extract(&guihua::Extractor::new());
    /// assert_eq!(ex.diagnostics()[0].kind.code(), "undecodable_bytes");
    /// assert_eq!(ex.indicators().len(), 1);
    /// ```
    pub fn extract(&self, extractor: &crate::Extractor) -> crate::Extraction<'_> {
        let mut ex = extractor.extract(&self.text);
        if let Some(l) = self.lossy {
            ex.push_diagnostic(crate::model::Diagnostic {
                span: around_first_replacement(&self.text),
                kind: crate::model::DiagnosticKind::UndecodableBytes {
                    bytes: l.bytes,
                    encoding: self.encoding,
                    first: l.first,
                },
            });
        }
        ex
    }
}

/// The first U+FFFD of `text` with up to ten chars of its line on either
/// side (an empty span at 0 when there is none, as when a replacement fell
/// into HTML markup).
fn around_first_replacement(text: &str) -> crate::Span {
    let Some(at) = text.find('\u{FFFD}') else { return crate::Span::new(0, 0) };
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let start = before[line_start..]
        .char_indices()
        .rev()
        .nth(9)
        .map_or(line_start, |(i, _)| line_start + i);
    let after = &text[at..];
    let line_end = after.find('\n').unwrap_or(after.len());
    let end = after[..line_end].char_indices().nth(11).map_or(at + line_end, |(i, _)| at + i);
    crate::Span::new(start, end)
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    det.feed(sample, sample.len() == bytes.len());
    det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow)
}

/// NUL bytes outside a UTF-16 file mean binary data.
fn looks_like_text(bytes: &[u8]) -> bool {
    !bytes[..bytes.len().min(DETECT_BYTES)].contains(&0)
}

fn checked(text: String, encoding: &'static Encoding, lossy: Option<Lossy>) -> Result<Decoded> {
    if control_share(&text.as_bytes()[..text.len().min(DETECT_BYTES)]) > 0.01 {
        return Err(not_text("mostly control characters"));
    }
    Ok(Decoded { text, encoding: encoding.name(), lossy })
}

/// The share of control characters (Unicode `Cc` other than line breaks,
/// tab and form feed) among the chars of UTF-8 `b`, counted on bytes: C0
/// and DEL are single bytes, C1 controls are `C2 80`–`C2 9F`. `b` may end
/// inside a char.
fn control_share(b: &[u8]) -> f64 {
    let chars = count_bytes(b, |x| x & 0xC0 != 0x80);
    let c0 = count_bytes(b, |x| {
        let c0 = (x < 0x20) & (x != b'\n') & (x != b'\r') & (x != b'\t') & (x != 0x0C);
        c0 | (x == 0x7F)
    });
    let c1 =
        memchr::memchr_iter(0xC2, b).filter(|&i| b.get(i + 1).is_some_and(|&y| y < 0xA0)).count();
    (c0 + c1) as f64 / chars.max(1) as f64
}

/// How many bytes of `b` satisfy `pred`: counted in `u8` lanes over
/// chunks of 255 bytes, a shape the compiler vectorises.
fn count_bytes(b: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    b.chunks(255).map(|c| usize::from(c.iter().fold(0u8, |n, &x| n + u8::from(pred(x))))).sum()
}

fn not_text(reason: &str) -> Error {
    Error::new(ErrorKind::NotText { reason: reason.into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "（一）妇女与健康\n1.孕产妇死亡率下降到12/10万以下。\n";

    /// The share by its definition, char by char.
    fn control_share_reference(s: &str) -> f64 {
        let n = s.chars().count();
        let controls = s
            .chars()
            .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}'))
            .count();
        controls as f64 / n.max(1) as f64
    }

    #[test]
    fn control_share_counts_unicode_controls() {
        for s in [
            "",
            TEXT,
            "a\u{0}b\u{1f}c\u{7f}d\u{80}e\u{9f}f\u{a0}g\u{c0}\r\n\t\u{0C}",
            "\u{85}\u{85}妇女",
            "é¡ñ",
        ] {
            assert_eq!(control_share(s.as_bytes()), control_share_reference(s), "{s:?}");
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(TEXT.as_bytes(), None).unwrap().text, TEXT);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(TEXT.as_bytes());
        let d = decode(&bom, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (TEXT, "UTF-8"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(TEXT.encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(&le, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (TEXT, "UTF-16LE"));
        let mut be = vec![0xFE, 0xFF];
        be.extend(TEXT.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be, None).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn gbk_is_detected() {
        let text = TEXT.repeat(5);
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, TEXT.repeat(5));
        assert!(["GBK", "gb18030"].contains(&d.encoding), "{}", d.encoding);
    }

    #[test]
    fn forced_encoding() {
        let (bytes, _, _) = encoding_rs::GBK.encode(TEXT);
        let d = decode(&bytes, encoding_for_label("gb2312")).unwrap();
        assert_eq!(d.text, TEXT);
    }

    #[test]
    fn binary_is_not_text() {
        let bytes = [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xFF, 0x00];
        let e = decode(&bytes, None).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::NotText { .. }), "{e}");
    }

    #[test]
    fn a_few_bad_bytes_in_utf8_are_utf8_errors_not_gbk() {
        let text = TEXT.repeat(3);
        let mut bytes = text.as_bytes().to_vec();
        bytes.splice(9..9, [0xFF, 0xC0, 0xAF]);
        assert!(mostly_utf8(&bytes));
        let e = decode(&bytes, None).unwrap_err();
        match e.kind() {
            ErrorKind::Decode { encoding, bad_bytes, offset } => {
                assert_eq!((*encoding, *bad_bytes, *offset), ("UTF-8", 3, 9));
            }
            k => panic!("{k:?}"),
        }
        let d = decode_lossy(&bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.lossy, Some(Lossy { bytes: 3, first: 9 }));
        assert_eq!(d.text.replace('\u{FFFD}', ""), text);
        // Legacy text is not mistaken for broken UTF-8.
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        assert!(!mostly_utf8(&gbk));
        let (big5, _, _) = encoding_rs::BIG5.encode(&text);
        assert!(!mostly_utf8(&big5));
    }

    #[test]
    fn offsets_count_the_byte_order_mark() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(TEXT.as_bytes());
        bytes.push(0xFF);
        let e = decode(&bytes, None).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Decode { offset, .. } if *offset == bytes.len() - 1));
        let d = decode_lossy(&bytes, None).unwrap();
        assert_eq!(d.lossy, Some(Lossy { bytes: 1, first: bytes.len() - 1 }));
        assert_eq!(d.text, format!("{TEXT}\u{FFFD}"));
    }

    #[test]
    fn forced_encoding_errors_name_it() {
        let (mut bytes, _, _) = encoding_rs::GBK.encode(TEXT);
        bytes.to_mut().insert(4, 0xFF);
        let e = decode(&bytes, encoding_for_label("gbk")).unwrap_err();
        assert!(
            e.to_string().starts_with("cannot decode as GBK: 1 bad byte, the first at byte 4"),
            "{e}"
        );
    }

    #[test]
    fn empty_is_empty_text() {
        assert_eq!(decode(b"", None).unwrap().text, "");
    }
}
