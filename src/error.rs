//! Errors at the edges: building an [`Extractor`](crate::Extractor) with
//! user configuration and writing output. Extraction itself never fails.

/// A `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// An error from building an extractor or writing output.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct Error(Box<ErrorKind>);

impl Error {
    /// An error of this kind.
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// Unwraps into what went wrong.
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing failed.
    #[error("I/O error")]
    Io(#[source] std::io::Error),
    /// Serialising JSON failed.
    #[error("failed to write JSON")]
    Json(#[source] serde_json::Error),
    /// A user dictionary could not be read.
    #[error("invalid user dictionary")]
    Dict(#[source] jieba_rs::Error),
    /// A catalogue file is malformed.
    #[error("invalid catalogue at line {line}: {message}")]
    Catalogue {
        /// The 1-based line.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// The input is not text (binary data, NUL bytes, a directory).
    #[error("not text: {reason}")]
    NotText {
        /// Why the input is not text.
        reason: String,
    },
    /// The input does not decode in the encoding chosen or detected.
    #[error(
        "cannot decode as {encoding}: {bad_bytes} bad byte{}, the first at byte {offset}",
        if *bad_bytes == 1 { "" } else { "s" }
    )]
    Decode {
        /// The encoding's name.
        encoding: &'static str,
        /// How many bytes do not decode.
        bad_bytes: usize,
        /// The byte offset of the first of them in the input.
        offset: usize,
    },
    /// A `.docx` file could not be read.
    #[error("unreadable .docx: {message}")]
    Docx {
        /// What is wrong with it.
        message: String,
    },
    /// A Word 97–2003 `.doc` (or OLE2 `.wps`) file could not be read.
    #[error("unreadable Word 97-2003 file: {message}")]
    Doc {
        /// What is wrong with it.
        message: String,
    },
    /// A PDF file could not be read, or has no usable text.
    #[error("unreadable PDF: {message}")]
    Pdf {
        /// What is wrong with it.
        message: String,
    },
    /// The input's format is not read by this build (a cargo feature is
    /// off).
    #[error("{format} input is not supported by this build (enable the `{feature}` feature)")]
    Unsupported {
        /// The format.
        format: &'static str,
        /// The cargo feature that reads it.
        feature: &'static str,
    },
    /// The input (or a part of it, once decompressed) is larger than the
    /// limit.
    #[error("larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error(Box::new(ErrorKind::Io(e)))
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error(Box::new(ErrorKind::Json(e)))
    }
}

impl From<jieba_rs::Error> for Error {
    fn from(e: jieba_rs::Error) -> Error {
        Error(Box::new(ErrorKind::Dict(e)))
    }
}
