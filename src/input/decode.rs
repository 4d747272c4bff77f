//! Bytes to text: a byte order mark, valid UTF-8, or a detected legacy
//! encoding (GB18030/GBK, Big5 …), decoded with encoding_rs.

use encoding_rs::Encoding;

use crate::error::{Error, ErrorKind, Result};

/// Decoded text and the encoding it came from.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Decoded {
    /// The text, without a byte order mark.
    pub text: String,
    /// The encoding's name (`UTF-8`, `GBK`, `UTF-16LE` …).
    pub encoding: &'static str,
}

/// How many bytes of a file the encoding detector looks at.
const DETECT_BYTES: usize = 64 * 1024;

/// The encoding a label names (`gbk`, `gb2312`, `utf-16le`, `big5` …), as
/// the WHATWG Encoding Standard maps labels.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decodes `bytes`: with `forced` when given, else by byte order mark, as
/// UTF-8 when valid, else with the encoding chardetng detects.
///
/// Errors when the bytes are not text (NUL bytes, control characters) or
/// do not decode cleanly in the chosen encoding.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded> {
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
                Ok(s) => return checked(s.to_string(), encoding_rs::UTF_8),
                Err(_) => (detect(bytes), 0),
            }
        }
    };
    let body = &bytes[bom_len..];
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        // A few broken bytes in a long file are lost, not fatal.
        if bad * 200 > text.chars().count().max(1) {
            return Err(Error::new(ErrorKind::Decode { encoding: encoding.name() }));
        }
    }
    checked(text.into_owned(), encoding)
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

fn checked(text: String, encoding: &'static Encoding) -> Result<Decoded> {
    if control_share(&text.as_bytes()[..text.len().min(DETECT_BYTES)]) > 0.01 {
        return Err(not_text("mostly control characters"));
    }
    Ok(Decoded { text, encoding: encoding.name() })
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
    fn empty_is_empty_text() {
        assert_eq!(decode(b"", None).unwrap().text, "");
    }
}
