//! Reading plan files: text in any of the encodings plans are published in,
//! Word `.docx` and Word 97–2003 `.doc`/`.wps` documents, HTML pages and
//! (feature `pdf`) PDF files, each turned into the plain text that
//! extraction reads. Line numbers and spans of an extraction refer to
//! this text (write it out to check them).
//!
//! Available with the `input` feature (on by default through `cli`).

mod decode;
mod doc;
mod docx;
mod html;
mod numbering;
#[cfg(feature = "pdf")]
pub mod pdf;

use std::path::Path;

pub use decode::{decode, decode_lossy, encoding_for_label, Decoded, Lossy};

use crate::error::{Error, ErrorKind, Result};

/// The file formats guihua reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Plain text (`.txt`).
    Text,
    /// Markdown (`.md`), read as text.
    Markdown,
    /// A Word document (`.docx`).
    Docx,
    /// An HTML page (`.html`, `.htm`).
    Html,
    /// A Word 97–2003 binary document (`.doc`).
    Doc,
    /// A WPS Office document (`.wps`): read when it is the Word 97–2003
    /// format (OLE2) that WPS Office writes, an error otherwise.
    Wps,
    /// A PDF file (`.pdf`), read with the `pdf` feature.
    Pdf,
}

impl Format {
    /// The format a file name's extension names, if guihua reads it.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "docx" => Format::Docx,
            "html" | "htm" | "shtml" => Format::Html,
            "doc" => Format::Doc,
            "wps" => Format::Wps,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }

    /// A short lower-case name: `text`, `markdown`, `docx`, `html`, `doc`,
    /// `wps`, `pdf`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Doc => "doc",
            Format::Wps => "wps",
            Format::Pdf => "pdf",
        }
    }
}

/// The text of a file, ready for extraction.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Input {
    /// The text (without a byte order mark).
    pub text: String,
    /// The format it was read as.
    pub format: Format,
    /// The encoding of the bytes the text was decoded from (`UTF-8`, `GBK`,
    /// `UTF-16LE` …; `UTF-8` for `.docx`, whose XML is UTF-8; `UTF-16LE`
    /// for `.doc`; `PDF` for PDF text, which comes from the fonts' maps).
    pub encoding: &'static str,
    /// Bytes replaced with U+FFFD because they did not decode (only with
    /// [`ReadOptions::lossy`]).
    pub lossy: Option<Lossy>,
    /// Problems that did not stop the reading but lost part of the input
    /// (PDF pages that could not be read), one sentence each.
    pub warnings: Vec<String>,
}

impl Input {
    /// Text read from a format with its own encoding, nothing lost.
    fn of(text: String, format: Format, encoding: &'static str) -> Input {
        Input { text, format, encoding, lossy: None, warnings: Vec::new() }
    }
}

/// Options for reading files.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Decode text with this encoding instead of detecting it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Replace bytes that do not decode with U+FFFD instead of failing
    /// (see [`decode_lossy`]).
    pub lossy: bool,
}

impl ReadOptions {
    /// Options that force an encoding (`None` detects it).
    pub fn with_encoding(encoding: Option<&'static encoding_rs::Encoding>) -> ReadOptions {
        ReadOptions { encoding, lossy: false }
    }

    /// These options, lossy or not.
    pub fn lossy(mut self, yes: bool) -> ReadOptions {
        self.lossy = yes;
        self
    }
}

/// The largest file read, in bytes. Larger files are an error rather than
/// an exhausted machine.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads the file at `path` as `format` (guessed from the extension when
/// `None`).
///
/// ```no_run
/// use guihua::input::{read_path, ReadOptions};
/// let input = read_path("plan.txt".as_ref(), None, ReadOptions::default().lossy(true))?;
/// println!("{} ({})", input.format.as_str(), input.encoding);
/// let ex = input.extract(&guihua::Extractor::new());
/// # Ok::<(), guihua::Error>(())
/// ```
pub fn read_path(path: &Path, format: Option<Format>, opts: ReadOptions) -> Result<Input> {
    let format = format.or_else(|| Format::from_path(path)).unwrap_or(Format::Text);
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(Error::new(ErrorKind::NotText { reason: "is a directory".into() }));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::new(ErrorKind::TooLarge { limit: MAX_FILE_BYTES }));
    }
    let bytes = std::fs::read(path)?;
    read_bytes(&bytes, format, opts)
}

/// Reads `bytes` of a file in `format`.
///
/// ```
/// use guihua::input::{read_bytes, Format, ReadOptions};
/// let (gbk, _, _) = encoding_rs::GBK.encode("1.孕产妇死亡率下降到12/10万以下。");
/// let input = read_bytes(&gbk, Format::Text, ReadOptions::default())?;
/// assert_eq!(input.text, "1.孕产妇死亡率下降到12/10万以下。");
/// # Ok::<(), guihua::Error>(())
/// ```
pub fn read_bytes(bytes: &[u8], format: Format, opts: ReadOptions) -> Result<Input> {
    match format {
        Format::Text | Format::Markdown => {
            let d = decode::decode_with(bytes, opts.encoding, opts.lossy)?;
            Ok(Input {
                text: d.text,
                format,
                encoding: d.encoding,
                lossy: d.lossy,
                warnings: vec![],
            })
        }
        Format::Docx => Ok(Input::of(docx::text(bytes)?, format, "UTF-8")),
        Format::Doc => Ok(Input::of(doc::text(bytes, ".doc")?, format, "UTF-16LE")),
        Format::Wps => Ok(Input::of(doc::text(bytes, ".wps")?, format, "UTF-16LE")),
        Format::Pdf => read_pdf(bytes),
        Format::Html => {
            let forced = opts.encoding.or_else(|| html::declared_encoding(bytes));
            let d = decode::decode_with(bytes, forced, opts.lossy)?;
            let text = html::text(&d.text);
            Ok(Input { text, format, encoding: d.encoding, lossy: d.lossy, warnings: vec![] })
        }
    }
}

#[cfg(feature = "pdf")]
fn read_pdf(bytes: &[u8]) -> Result<Input> {
    let read = pdf::text(bytes, &pdf::PdfOptions::default())?;
    Ok(Input { warnings: read.warnings, ..Input::of(read.text, Format::Pdf, "PDF") })
}

#[cfg(not(feature = "pdf"))]
fn read_pdf(_bytes: &[u8]) -> Result<Input> {
    Err(Error::new(ErrorKind::Unsupported { format: "PDF", feature: "pdf" }))
}
