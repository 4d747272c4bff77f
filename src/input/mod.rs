//! Reading plan files: text in any of the encodings plans are published in,
//! Word `.docx` documents and HTML pages, each turned into the plain text
//! that extraction reads. Line numbers and spans of an extraction refer to
//! this text (write it out to check them).
//!
//! Available with the `input` feature (on by default through `cli`).

mod decode;
mod docx;
mod html;

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
            _ => return None,
        })
    }

    /// A short lower-case name: `text`, `markdown`, `docx`, `html`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Docx => "docx",
            Format::Html => "html",
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
    /// `UTF-16LE` …; `UTF-8` for `.docx`, whose XML is UTF-8).
    pub encoding: &'static str,
    /// Bytes replaced with U+FFFD because they did not decode (only with
    /// [`ReadOptions::lossy`]).
    pub lossy: Option<Lossy>,
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
pub fn read_bytes(bytes: &[u8], format: Format, opts: ReadOptions) -> Result<Input> {
    match format {
        Format::Text | Format::Markdown => {
            let d = decode::decode_with(bytes, opts.encoding, opts.lossy)?;
            Ok(Input { text: d.text, format, encoding: d.encoding, lossy: d.lossy })
        }
        Format::Docx => {
            Ok(Input { text: docx::text(bytes)?, format, encoding: "UTF-8", lossy: None })
        }
        Format::Html => {
            let forced = opts.encoding.or_else(|| html::declared_encoding(bytes));
            let d = decode::decode_with(bytes, forced, opts.lossy)?;
            Ok(Input { text: html::text(&d.text), format, encoding: d.encoding, lossy: d.lossy })
        }
    }
}
