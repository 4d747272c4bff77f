//! The `guihua` command-line tool: thin glue over the library.
//!
//! Exit codes: 0 when every input succeeded, 1 when some inputs failed
//! (each has an error record and a line on stderr), 2 for usage errors.

mod batch;
mod dataset;
mod parquet_file;
mod pool;
mod render;
mod review;
mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turn Chinese government plan text into an outline and indicator records.
#[derive(Parser, Debug)]
#[command(name = "guihua", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract sections, items and indicators from plan files.
    Extract(ExtractArgs),
    /// One row per plan, one column group per canonical indicator.
    Table(TableArgs),
    /// Two plans' targets side by side, indicator by indicator.
    Compare(CompareArgs),
    /// Write an HTML review page per plan and an overview (DIR/index.html).
    Review(review::ReviewArgs),
}

/// Where the inputs come from and how to read them (shared by `extract`
/// and `table`).
#[derive(Args, Debug)]
pub(crate) struct InputArgs {
    /// Files or directories (searched recursively for .txt, .md, .docx,
    /// .html and .htm files); `-` reads one document's text from standard
    /// input.
    #[arg(required_unless_present = "files_from")]
    pub(crate) paths: Vec<PathBuf>,
    /// Also read the paths listed in FILE, one per line (`-`: standard
    /// input).
    #[arg(long, value_name = "FILE")]
    pub(crate) files_from: Option<PathBuf>,
    /// The name (`doc`) of the document read from `-` (default `-`); its
    /// extension chooses the format (`.docx`, `.html` …; text otherwise).
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_name: Option<String>,
    #[command(flatten)]
    pub(crate) read: ReadArgs,
}

impl InputArgs {
    pub(crate) fn sources(&self) -> walk::Sources<'_> {
        walk::Sources {
            paths: &self.paths,
            files_from: self.files_from.as_deref(),
            stdin_name: self.stdin_name.as_deref(),
        }
    }
}

/// How to decode inputs.
#[derive(Args, Debug, Clone, Copy)]
pub(crate) struct ReadArgs {
    /// Decode text files with this encoding (gbk, gb18030, utf-8,
    /// utf-16le, big5 …) instead of detecting it.
    #[arg(long, value_name = "LABEL", value_parser = parse_encoding)]
    pub(crate) encoding: Option<&'static encoding_rs::Encoding>,
    /// Replace bytes that do not decode with U+FFFD (and report how many in
    /// an `undecodable_bytes` diagnostic) instead of failing the file.
    #[arg(long)]
    pub(crate) lossy: bool,
}

impl ReadArgs {
    pub(crate) fn options(self) -> guihua::input::ReadOptions {
        guihua::input::ReadOptions::with_encoding(self.encoding).lossy(self.lossy)
    }
}

/// Arguments of `guihua table`.
#[derive(Parser, Debug)]
pub(crate) struct TableArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub(crate) format: TableFormat,
    /// Which records fill the table: targets (the default), baselines (the
    /// previous plan's achievements), or either (a target when the plan
    /// states one).
    #[arg(long, value_enum, default_value_t = TableKind::Target)]
    pub(crate) kind: TableKind,
    /// Also write a codebook (CSV: id, column, canonical_name, unit,
    /// direction, field, description; one row per column) to FILE.
    #[arg(long, value_name = "FILE")]
    pub(crate) labels: Option<PathBuf>,
    /// A catalogue file (TSV, as catalogue/indicators.tsv) added to the
    /// built-in one.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalogue: Option<PathBuf>,
}

/// Which records fill a `table`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum TableKind {
    /// Targets only.
    Target,
    /// Baselines only.
    Baseline,
    /// Either: a target when there is one, else a baseline.
    All,
}

/// A `table` output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum TableFormat {
    /// CSV with a BOM.
    Csv,
    /// One JSON object per document.
    Jsonl,
    /// Parquet with typed columns (binary: redirect stdout to a file).
    Parquet,
}

/// Arguments of `guihua compare`.
#[derive(Parser, Debug)]
pub(crate) struct CompareArgs {
    /// The first plan.
    pub(crate) a: PathBuf,
    /// The second plan (`-` for either: standard input).
    pub(crate) b: PathBuf,
    /// The name (`doc`) of a plan read from `-`.
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_name: Option<String>,
    #[command(flatten)]
    pub(crate) read: ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    pub(crate) format: CompareFormat,
    /// A catalogue file added to the built-in one.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalogue: Option<PathBuf>,
}

/// A `compare` output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum CompareFormat {
    /// An aligned table for people.
    Text,
    /// One JSON object for tools.
    Json,
}

/// Arguments of `guihua extract`.
#[derive(Parser, Debug)]
pub(crate) struct ExtractArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub(crate) format: Format,
    /// Write one output file per input under DIR (mirroring the input
    /// tree) instead of writing to stdout; inputs whose output is newer are
    /// skipped.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Write the whole batch's output to FILE instead of stdout (written
    /// to a temporary file and renamed into place when the batch is done).
    #[arg(long, short = 'o', value_name = "FILE", conflicts_with = "out")]
    pub(crate) output: Option<PathBuf>,
    /// With --out: redo inputs whose output is up to date.
    #[arg(long, requires = "out")]
    pub(crate) force: bool,
    /// With --out: flush each output file to disk (fdatasync) before it
    /// replaces the old one, so that it survives a power failure, not only
    /// a crash of the process. Slower: the disk sets the pace.
    #[arg(long, requires = "out")]
    pub(crate) sync: bool,
    /// Also write the plain text read from each input under DIR (the text
    /// line numbers and spans refer to).
    #[arg(long, value_name = "DIR")]
    pub(crate) emit_text: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) jobs: Option<u16>,
    /// No progress bar, no notes, no summary.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
    /// A catalogue file (TSV, as catalogue/indicators.tsv) added to the
    /// built-in one.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalogue: Option<PathBuf>,
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// One flat record per line: document, sections, items, indicators,
    /// diagnostics.
    Jsonl,
    /// A JSON array with one nested document object per file.
    Json,
    /// The indicator table, one row per indicator (UTF-8 with a BOM, so
    /// Excel reads it).
    Csv,
    /// The indicator table as Parquet, with typed columns (binary: needs
    /// --out DIR, -o FILE, or stdout redirected to a file).
    Parquet,
}

impl Format {
    /// The file extension of an output in this format.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Parquet => "parquet",
        }
    }
}

fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    guihua::input::encoding_for_label(label).ok_or_else(|| format!("unknown encoding {label:?}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => batch::run(&args),
        Command::Table(args) => dataset::table(&args),
        Command::Compare(args) => dataset::compare_cmd(&args),
        Command::Review(args) => review::run(&args),
    }
}
