//! `.docx` to text: the body's paragraphs in order, one per line; tables
//! flattened one cell per line (each cell behind a tab) with a blank line
//! after each row, the shape the table reader expects. A paragraph with
//! automatic numbering starts with the number a reader sees (`一、`,
//! `（二）`, `3.`), resolved through `word/numbering.xml` (see
//! `numbering.rs`), so auto-numbered headings, goals and measures read like
//! typed ones.
//!
//! A `.docx` is a zip archive, so the archive's entry count and the
//! decompressed size of `word/document.xml` are capped: a zip bomb is an
//! error, not an exhausted machine.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use super::numbering::{Numbering, ParaNum};
use crate::error::{Error, ErrorKind, Result};

/// The most entries an archive may have.
pub(crate) const MAX_ENTRIES: usize = 10_000;
/// The largest decompressed `word/document.xml`, in bytes.
pub(crate) const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

fn docx_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Docx { message: msg.into() })
}

/// The text of a `.docx` file's body.
pub(crate) fn text(bytes: &[u8]) -> Result<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| docx_error(format!("not a zip archive: {e}")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(docx_error(format!("archive has {} entries (limit {MAX_ENTRIES})", zip.len())));
    }
    let xml = entry_bytes(&mut zip, "word/document.xml")?
        .ok_or_else(|| docx_error("no word/document.xml in the archive"))?;
    // Numbering definitions are optional: a document without them is read
    // without numbers (malformed XML in them ends the definitions read).
    let numbering = entry_bytes(&mut zip, "word/numbering.xml")?.unwrap_or_default();
    let styles = if numbering.is_empty() {
        Vec::new()
    } else {
        entry_bytes(&mut zip, "word/styles.xml")?.unwrap_or_default()
    };
    body_text(&xml, Numbering::new(&numbering, &styles))
}

/// The decompressed bytes of an archive entry (`None` if absent), capped at
/// [`MAX_XML_BYTES`].
fn entry_bytes(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<u8>>> {
    let entry = match zip.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(docx_error(format!("corrupt entry {name}: {e}"))),
    };
    if entry.size() > MAX_XML_BYTES {
        return Err(Error::new(ErrorKind::TooLarge { limit: MAX_XML_BYTES }));
    }
    // The declared size can lie: read at most one byte past the limit.
    let mut xml = Vec::with_capacity(entry.size().min(MAX_XML_BYTES) as usize);
    entry
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| docx_error(format!("corrupt entry: {e}")))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(Error::new(ErrorKind::TooLarge { limit: MAX_XML_BYTES }));
    }
    Ok(Some(xml))
}

/// Walks `word/document.xml`.
fn body_text(xml: &[u8], mut numbering: Numbering) -> Result<String> {
    let mut reader = Reader::from_reader(xml);
    let mut out = String::with_capacity(xml.len() / 4);
    let mut para = String::new();
    // Depth of open tables and whether we are inside `w:t`.
    let mut tables = 0usize;
    let mut cell = String::new();
    let mut in_text = false;
    let mut skip = 0usize; // inside deleted text or field instructions
    let numbered = !numbering.is_empty();
    // The numbering properties of the paragraph being read (in its `w:pPr`,
    // outside a tracked change's old properties).
    let mut para_num = ParaNum::default();
    let mut in_ppr = false;
    let mut in_ppr_change = 0usize;
    let mut buf = Vec::new();
    loop {
        let ev =
            reader.read_event_into(&mut buf).map_err(|e| docx_error(format!("bad XML: {e}")))?;
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"tbl" => tables += 1,
                b"delText" | b"instrText" => skip += 1,
                b"pPr" if numbered => {
                    in_ppr = true;
                    para_num = ParaNum::default();
                }
                b"pPrChange" => in_ppr_change += 1,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" => para.push('\t'),
                b"br" | b"cr" => para.push(' '),
                b"pStyle" | b"numId" | b"ilvl" if in_ppr && in_ppr_change == 0 => {
                    let val = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"val")
                        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()));
                    match e.local_name().as_ref() {
                        b"pStyle" => para_num.style = val,
                        b"numId" => para_num.num_id = val.and_then(|v| v.trim().parse().ok()),
                        _ => para_num.ilvl = val.and_then(|v| v.trim().parse().ok()),
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"pPrChange" => in_ppr_change = in_ppr_change.saturating_sub(1),
                b"pPr" if in_ppr && in_ppr_change == 0 => {
                    in_ppr = false;
                    numbering.label(&para_num, &mut para);
                }
                b"t" => in_text = false,
                b"delText" | b"instrText" => skip = skip.saturating_sub(1),
                b"p" => {
                    if tables > 0 {
                        cell.push_str(para.trim());
                    } else {
                        out.push_str(&para);
                        out.push('\n');
                    }
                    para.clear();
                }
                b"tc" if tables > 0 => {
                    out.push('\t');
                    out.push_str(&cell);
                    out.push('\n');
                    cell.clear();
                }
                b"tr" if tables > 0 => out.push('\n'),
                b"tbl" => tables = tables.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if in_text && skip == 0 => {
                let s = t.unescape().map_err(|e| docx_error(format!("bad XML text: {e}")))?;
                para.push_str(&s);
            }
            Event::CData(t) if in_text && skip == 0 => para.push_str(&String::from_utf8_lossy(&t)),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;

    /// A minimal `.docx` with `body` as the inside of `w:body`.
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        w.start_file("[Content_Types].xml", opts).unwrap();
        w.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).unwrap();
        w.start_file("word/document.xml", opts).unwrap();
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        );
        w.write_all(xml.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    fn p(s: &str) -> String {
        format!("<w:p><w:r><w:t>{s}</w:t></w:r></w:p>")
    }

    #[test]
    fn paragraphs_and_tables() {
        let body = format!(
            "{}{}<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>{}",
            p("（一）妇女与健康"),
            "<w:p><w:r><w:t>孕产妇死亡率</w:t></w:r><w:r><w:t xml:space=\"preserve\">下降到12/10万以下。</w:t></w:r></w:p>",
            p("指标"),
            p("目标"),
            p("孕产妇死亡率（1/10万）"),
            p("≤7"),
            p("结束 &amp; 完"),
        );
        let text = text(&docx(&body)).unwrap();
        assert_eq!(
            text,
            "（一）妇女与健康\n孕产妇死亡率下降到12/10万以下。\n\t指标\n\t目标\n\n\t孕产妇死亡率（1/10万）\n\t≤7\n\n结束 & 完\n"
        );
    }

    #[test]
    fn not_a_zip() {
        assert!(matches!(text(b"hello").unwrap_err().kind(), ErrorKind::Docx { .. }));
    }

    #[test]
    fn zip_bomb_is_refused() {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("word/document.xml", opts).unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..(MAX_XML_BYTES >> 20) + 1 {
            w.write_all(&chunk).unwrap();
        }
        let bytes = w.finish().unwrap().into_inner();
        assert!(bytes.len() < 1 << 20, "the bomb is small: {}", bytes.len());
        assert!(matches!(text(&bytes).unwrap_err().kind(), ErrorKind::TooLarge { .. }));
    }
}
