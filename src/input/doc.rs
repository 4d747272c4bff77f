//! Word 97–2003 binary documents (`.doc`, and `.wps` files that are the
//! same OLE2 format) to text, shaped like the `.docx` reader's output:
//! paragraphs one per line, table cells one per line behind a tab with a
//! blank line after each row, fields reduced to the result they display.
//!
//! The main text is read through the piece table (MS-DOC §2.4.1): the
//! `WordDocument` stream's FIB locates the `Clx` in the table stream, whose
//! pieces say where each run of character positions is stored, 16-bit
//! (UTF-16LE) or 8-bit. Word writes 8-bit pieces in code page 1252; a piece
//! whose bytes read as East-Asian double-byte text in the document's
//! language (the FIB's `lidFE`, GBK for Simplified Chinese) is decoded with
//! that code page, as some Chinese writers store it. Table rows are told
//! from cells by the paragraph property `sprmPFTtp`, and the paragraphs of
//! one cell by `sprmPFInTable`, both found through the paragraph FKPs
//! (`PlcBtePapx`); a cell's paragraphs are joined as in `.docx`.
//!
//! Refused with an error: files that are not OLE2 compound files or have no
//! `WordDocument` stream, Word 6/95 files (`nFib` below 193), encrypted or
//! obfuscated files. Fast-saved (`fComplex`) Word 97 files are read: the
//! piece table describes their text completely.

use std::io::{Cursor, Read};

use crate::error::{Error, ErrorKind, Result};

/// The largest stream read from the compound file.
const MAX_STREAM_BYTES: u64 = 256 * 1024 * 1024;
/// The most pieces a piece table may have.
const MAX_PIECES: usize = 1 << 20;
/// How deep fields may nest.
const MAX_FIELD_DEPTH: usize = 32;

fn doc_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Doc { message: msg.into() })
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// Whether `bytes` start like an OLE2 compound file.
pub(crate) fn is_ole2(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

fn read_stream(cfb: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<u8>>> {
    if !cfb.is_stream(name) {
        return Ok(None);
    }
    let stream =
        cfb.open_stream(name).map_err(|e| doc_error(format!("cannot open {name}: {e}")))?;
    let mut out = Vec::new();
    stream
        .take(MAX_STREAM_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| doc_error(format!("corrupt stream {name}: {e}")))?;
    if out.len() as u64 > MAX_STREAM_BYTES {
        return Err(Error::new(ErrorKind::TooLarge { limit: MAX_STREAM_BYTES }));
    }
    Ok(Some(out))
}

/// The text of a Word 97–2003 binary document. `what` names the format in
/// messages (`.doc`, `.wps`).
pub(crate) fn text(bytes: &[u8], what: &str) -> Result<String> {
    if !is_ole2(bytes) {
        return Err(doc_error(format!("not a Word 97-2003 {what} file (no OLE2 header)")));
    }
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| doc_error(format!("corrupt OLE2 compound file: {e}")))?;
    let Some(word) = read_stream(&mut cfb, "/WordDocument")? else {
        return Err(doc_error(format!(
            "an OLE2 file without a WordDocument stream: not a Word {what} (Works or WPS Office's own format?)"
        )));
    };
    let fib = Fib::parse(&word)?;
    let table_name = if fib.which_table { "/1Table" } else { "/0Table" };
    let table = read_stream(&mut cfb, table_name)?
        .ok_or_else(|| doc_error(format!("no {} stream", &table_name[1..])))?;
    let pieces = pieces(&table, fib.fc_clx, fib.lcb_clx)?;
    let rows = RowEnds::new(&word, &table, fib.fc_bte_papx, fib.lcb_bte_papx);
    Ok(main_text(&word, &pieces, fib.ccp_text, fib.code_page, &rows))
}

/// The parts of the File Information Block used here.
#[derive(Debug)]
struct Fib {
    which_table: bool,
    code_page: &'static encoding_rs::Encoding,
    ccp_text: u32,
    fc_clx: u32,
    lcb_clx: u32,
    fc_bte_papx: u32,
    lcb_bte_papx: u32,
}

impl Fib {
    fn parse(w: &[u8]) -> Result<Fib> {
        let short = || doc_error("WordDocument stream too short for its header");
        if u16_at(w, 0).ok_or_else(short)? != 0xA5EC {
            return Err(doc_error("not a Word document (bad FIB signature)"));
        }
        let n_fib = u16_at(w, 2).ok_or_else(short)?;
        if n_fib < 193 {
            return Err(doc_error(format!(
                "Word 6/95 format (nFib {n_fib}) is not read; save it as .docx or Word 97-2003"
            )));
        }
        let flags = u16_at(w, 10).ok_or_else(short)?;
        if flags & 0x0100 != 0 {
            let how = if flags & 0x8000 != 0 { "obfuscated" } else { "encrypted" };
            return Err(doc_error(format!(
                "{how} (password-protected) document; save it without a password first"
            )));
        }
        let lid = u16_at(w, 6).ok_or_else(short)?;
        let lid_fe = u16_at(w, 60).unwrap_or(lid);
        let fc = |i: usize| u32_at(w, 154 + 8 * i).ok_or_else(short);
        let lcb = |i: usize| u32_at(w, 158 + 8 * i).ok_or_else(short);
        Ok(Fib {
            which_table: flags & 0x0200 != 0,
            code_page: code_page(lid_fe).or_else(|| code_page(lid)).unwrap_or(encoding_rs::GBK),
            ccp_text: u32_at(w, 76).ok_or_else(short)?,
            fc_clx: fc(33)?,
            lcb_clx: lcb(33)?,
            fc_bte_papx: fc(13)?,
            lcb_bte_papx: lcb(13)?,
        })
    }
}

/// The East-Asian code page of a Windows language id, if it has one.
fn code_page(lid: u16) -> Option<&'static encoding_rs::Encoding> {
    match lid {
        0x0804 | 0x1004 => Some(encoding_rs::GBK),
        0x0404 | 0x0C04 | 0x1404 => Some(encoding_rs::BIG5),
        0x0411 => Some(encoding_rs::SHIFT_JIS),
        0x0412 => Some(encoding_rs::EUC_KR),
        _ => None,
    }
}

/// A run of character positions and where it is stored.
#[derive(Clone, Copy, Debug)]
struct Piece {
    cp_start: u32,
    cp_end: u32,
    /// Byte offset in the WordDocument stream.
    fc: u32,
    compressed: bool,
}

/// Reads the piece table from the `Clx` at `fc`..`fc + lcb` of the table
/// stream.
fn pieces(table: &[u8], fc: u32, lcb: u32) -> Result<Vec<Piece>> {
    let bad = || doc_error("corrupt piece table");
    let start = fc as usize;
    let clx = table.get(start..start.checked_add(lcb as usize).ok_or_else(bad)?).ok_or_else(bad)?;
    let mut at = 0;
    // Skip the property modifiers (Prc) before the piece table (Pcdt).
    while clx.get(at) == Some(&1) {
        let cb = u16_at(clx, at + 1).ok_or_else(bad)? as usize;
        at += 3 + cb;
    }
    if clx.get(at) != Some(&2) {
        return Err(bad());
    }
    let lcb = u32_at(clx, at + 1).ok_or_else(bad)? as usize;
    let plc = clx.get(at + 5..(at + 5).checked_add(lcb).ok_or_else(bad)?).ok_or_else(bad)?;
    if plc.len() < 4 || (plc.len() - 4) % 12 != 0 {
        return Err(bad());
    }
    let n = (plc.len() - 4) / 12;
    if n > MAX_PIECES {
        return Err(bad());
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cp_start = u32_at(plc, 4 * i).ok_or_else(bad)?;
        let cp_end = u32_at(plc, 4 * (i + 1)).ok_or_else(bad)?;
        let raw = u32_at(plc, 4 * (n + 1) + 8 * i + 2).ok_or_else(bad)?;
        let compressed = raw & 0x4000_0000 != 0;
        let fc = raw & 0x3FFF_FFFF;
        out.push(Piece {
            cp_start,
            cp_end: cp_end.max(cp_start),
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(out)
}

/// Where table rows end (the paragraphs whose properties carry `sprmPFTtp`
/// or `sprmPFInnerTtp`) and which paragraphs stand in a table cell
/// (`sprmPFInTable`, `sprmPItap`), as byte ranges of the WordDocument
/// stream.
#[derive(Debug, Default)]
struct RowEnds {
    /// Sorted, non-overlapping `[start, end)` byte ranges of row ends.
    ranges: Vec<(u32, u32)>,
    /// The same for paragraphs inside cells.
    in_table: Vec<(u32, u32)>,
    /// The paragraph properties could not be read: fall back to "a cell
    /// mark right after a cell mark ends the row".
    unknown: bool,
}

impl RowEnds {
    fn new(word: &[u8], table: &[u8], fc: u32, lcb: u32) -> RowEnds {
        Self::read(word, table, fc, lcb).unwrap_or(RowEnds { unknown: true, ..RowEnds::default() })
    }

    fn read(word: &[u8], table: &[u8], fc: u32, lcb: u32) -> Option<RowEnds> {
        let plc = table.get(fc as usize..(fc as usize).checked_add(lcb as usize)?)?;
        if plc.len() < 4 || (plc.len() - 4) % 8 != 0 {
            return None;
        }
        let n = (plc.len() - 4) / 8;
        let mut ranges = Vec::new();
        let mut in_table = Vec::new();
        for i in 0..n {
            let pn = u32_at(plc, 4 * (n + 1) + 4 * i)? & 0x003F_FFFF;
            let page = word.get(pn as usize * 512..pn as usize * 512 + 512)?;
            let crun = usize::from(page[511]);
            for r in 0..crun {
                let start = u32_at(page, 4 * r)?;
                let end = u32_at(page, 4 * (r + 1))?;
                let b_offset = usize::from(*page.get(4 * (crun + 1) + 13 * r)?) * 2;
                if b_offset == 0 {
                    continue;
                }
                let cb = usize::from(*page.get(b_offset)?);
                let (grpprl_at, len) = if cb == 0 {
                    (b_offset + 2, usize::from(*page.get(b_offset + 1)?) * 2)
                } else {
                    (b_offset + 1, cb * 2 - 1)
                };
                let grpprl = page.get(grpprl_at..(grpprl_at + len).min(511))?;
                // Skip the style index (istd).
                let (cell, row_end) = table_flags(grpprl.get(2..).unwrap_or(&[]));
                if row_end {
                    ranges.push((start, end));
                } else if cell {
                    in_table.push((start, end));
                }
            }
        }
        ranges.sort_unstable();
        in_table.sort_unstable();
        Some(RowEnds { ranges, in_table, unknown: false })
    }

    fn contains(&self, fc: u32) -> bool {
        within(&self.ranges, fc)
    }

    /// Whether the paragraph mark at `fc` ends a paragraph inside a cell.
    fn in_cell(&self, fc: u32) -> bool {
        within(&self.in_table, fc)
    }
}

fn within(ranges: &[(u32, u32)], fc: u32) -> bool {
    let i = ranges.partition_point(|&(s, _)| s <= fc);
    i > 0 && fc < ranges[i - 1].1
}

/// Whether a run of paragraph sprms puts the paragraph in a table cell
/// (`sprmPFInTable`, `sprmPItap`) and whether it ends a row (`sprmPFTtp`,
/// `sprmPFInnerTtp`).
fn table_flags(mut sprms: &[u8]) -> (bool, bool) {
    let mut cell = false;
    while sprms.len() >= 2 {
        let op = u16::from_le_bytes([sprms[0], sprms[1]]);
        let rest = &sprms[2..];
        let size = match op >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match op {
                // sprmTDefTable and sprmPChgTabs have their own length forms.
                0xD608 => match u16_at(rest, 0) {
                    Some(n) => usize::from(n) + 1,
                    None => return (cell, false),
                },
                _ => match rest.first() {
                    Some(&n) => usize::from(n) + 1,
                    None => return (cell, false),
                },
            },
        };
        let on = rest.first().is_some_and(|&v| v != 0);
        if (op == 0x2417 || op == 0x244C) && on {
            return (true, true);
        }
        if (op == 0x2416 || op == 0x6649) && on {
            cell = true;
        }
        if rest.len() < size {
            return (cell, false);
        }
        sprms = &rest[size..];
    }
    (cell, false)
}

/// What a field is doing while its characters are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FieldPart {
    /// Between the begin mark and the separator: the field code, hidden.
    Code,
    /// Between the separator and the end mark: the result, shown.
    Result,
}

/// Walks the main document's characters through the pieces.
fn main_text(
    word: &[u8],
    pieces: &[Piece],
    ccp_text: u32,
    code_page: &'static encoding_rs::Encoding,
    rows: &RowEnds,
) -> String {
    let mut out = String::with_capacity(ccp_text.min(1 << 26) as usize * 3);
    let mut para = String::new();
    let mut cells_in_row = false;
    let mut fields: Vec<FieldPart> = Vec::new();
    let mut last_was_cell = false;
    let mut run = Vec::new();
    for p in pieces {
        if p.cp_start >= ccp_text {
            continue;
        }
        let n = (p.cp_end.min(ccp_text) - p.cp_start) as usize;
        let width = if p.compressed { 1 } else { 2 };
        let start = p.fc as usize;
        let Some(bytes) = start
            .checked_add(n * width)
            .and_then(|end| word.get(start..end))
            .or_else(|| word.get(start.min(word.len())..))
        else {
            continue;
        };
        let mut k = 0;
        while k + width <= bytes.len() {
            let c = if p.compressed {
                // A run of printable 8-bit text is decoded at once.
                if bytes[k] >= 0x20 {
                    run.clear();
                    let mut j = k;
                    while j < bytes.len() && bytes[j] >= 0x20 {
                        run.push(bytes[j]);
                        j += 1;
                    }
                    if fields.last() != Some(&FieldPart::Code) {
                        decode_8bit(&run, code_page, &mut para);
                    }
                    last_was_cell = false;
                    k = j;
                    continue;
                }
                u32::from(bytes[k])
            } else {
                u32::from(u16::from_le_bytes([bytes[k], bytes[k + 1]]))
            };
            let fc = (start + k) as u32;
            k += width;
            let showing = fields.last() != Some(&FieldPart::Code);
            match c {
                0x13 => {
                    if fields.len() < MAX_FIELD_DEPTH {
                        fields.push(FieldPart::Code);
                    }
                }
                0x14 => {
                    if let Some(f) = fields.last_mut() {
                        *f = FieldPart::Result;
                    }
                }
                0x15 => {
                    fields.pop();
                }
                _ if !showing => {}
                0x0D | 0x0C => {
                    if rows.in_cell(fc) || (rows.unknown && cells_in_row) {
                        // A paragraph mark inside a cell: the cell goes on,
                        // its paragraphs joined as the .docx reader joins them.
                        let kept = para.trim_end().len();
                        para.truncate(kept);
                    } else {
                        out.push_str(&para);
                        out.push('\n');
                        para.clear();
                    }
                }
                0x07 => {
                    let row_end = if rows.unknown { last_was_cell } else { rows.contains(fc) };
                    if row_end {
                        out.push('\n');
                        cells_in_row = false;
                        para.clear();
                    } else {
                        out.push('\t');
                        out.push_str(para.trim());
                        out.push('\n');
                        para.clear();
                        cells_in_row = true;
                    }
                    last_was_cell = !row_end;
                    continue;
                }
                0x09 => para.push('\t'),
                0x0B => para.push(' '),
                0x1E => para.push('-'),
                0xA0 if p.compressed => para.push('\u{a0}'),
                c if c < 0x20 => {}
                c => {
                    if let Some(ch) = char::from_u32(c) {
                        para.push(ch);
                    } else if (0xD800..0xDC00).contains(&c) && k + 2 <= bytes.len() {
                        // A surrogate pair.
                        let lo = u32::from(u16::from_le_bytes([bytes[k], bytes[k + 1]]));
                        if (0xDC00..0xE000).contains(&lo) {
                            k += 2;
                            let cp = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                            para.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                        } else {
                            para.push('\u{fffd}');
                        }
                    } else {
                        para.push('\u{fffd}');
                    }
                }
            }
            last_was_cell = false;
        }
    }
    if !para.is_empty() {
        out.push_str(&para);
        out.push('\n');
    }
    out
}

/// Decodes a run of printable 8-bit text: as East-Asian double-byte text
/// when it reads as such without error and holds an ideograph, else as
/// code page 1252.
fn decode_8bit(run: &[u8], code_page: &'static encoding_rs::Encoding, out: &mut String) {
    if run.iter().any(|&b| b >= 0x80) {
        if let Some(s) = code_page.decode_without_bom_handling_and_without_replacement(run) {
            if s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
                out.push_str(&s);
                return;
            }
        }
    }
    out.push_str(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(run).0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprm_walk_finds_table_flags() {
        // sprmPFInTable=1, then sprmPFTtp=1.
        assert_eq!(table_flags(&[0x16, 0x24, 1, 0x17, 0x24, 1]), (true, true));
        assert_eq!(table_flags(&[0x16, 0x24, 1]), (true, false));
        assert_eq!(table_flags(&[0x16, 0x24, 0]), (false, false));
        // A variable-length sprm before it is skipped by its length.
        assert_eq!(table_flags(&[0x15, 0xC6, 2, 9, 9, 0x17, 0x24, 1]), (true, true));
        assert_eq!(table_flags(&[0x15, 0xC6, 200]), (false, false));
    }

    #[test]
    fn eight_bit_runs() {
        let mut s = String::new();
        decode_8bit(b"abc", encoding_rs::GBK, &mut s);
        decode_8bit(&[0xD6, 0xD0, 0xCE, 0xC4], encoding_rs::GBK, &mut s); // 中文 in GBK
        decode_8bit(&[0x93, 0x61, 0x94], encoding_rs::GBK, &mut s); // “a” in cp1252
        assert_eq!(s, "abc中文“a”");
    }

    #[test]
    fn not_ole2() {
        let e = text(b"plain text", ".doc").unwrap_err();
        assert!(e.to_string().contains("not a Word 97-2003 .doc"), "{e}");
    }
}
