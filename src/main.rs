//! The `guihua` command-line tool: thin glue over the library.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
}

#[derive(Parser, Debug)]
struct ExtractArgs {
    /// Files or directories (searched recursively for .txt and .md files).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One flat record per line: sections, items, indicators.
    Jsonl,
    /// A JSON array with one nested document object per file.
    Json,
}

/// An input file and the name it goes by in the output.
struct Input {
    path: PathBuf,
    doc: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => extract(&args),
    }
}

fn extract(args: &ExtractArgs) -> ExitCode {
    let mut failed = false;
    let mut inputs = Vec::new();
    for p in &args.paths {
        if let Err(e) = collect(p, &mut inputs) {
            eprintln!("guihua: {}: {e}", p.display());
            failed = true;
        }
    }
    let extractor = guihua::Extractor::new();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut first = true;
    if args.format == Format::Json && write_or_exit(out.write_all(b"[")).is_err() {
        return ExitCode::from(1);
    }
    for input in &inputs {
        let text = match read_text(&input.path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("guihua: {}: {e}", input.path.display());
                failed = true;
                let rec = serde_json::json!({"type": "error", "doc": input.doc, "message": e.to_string()});
                if args.format == Format::Jsonl && write_or_exit(writeln!(out, "{rec}")).is_err() {
                    return ExitCode::from(1);
                }
                continue;
            }
        };
        let ex = extractor.extract(&text);
        let res = match args.format {
            Format::Jsonl => ex.write_jsonl(&input.doc, &mut out),
            Format::Json => {
                if !first {
                    let _ = out.write_all(b",\n");
                }
                ex.write_json(&input.doc, &mut out)
            }
        };
        first = false;
        if let Err(e) = res {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("guihua: {}: {e}", input.path.display());
            return ExitCode::from(1);
        }
    }
    if args.format == Format::Json && write_or_exit(out.write_all(b"]\n")).is_err() {
        return ExitCode::from(1);
    }
    if write_or_exit(out.flush()).is_err() {
        return ExitCode::from(1);
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn is_broken_pipe(e: &guihua::Error) -> bool {
    matches!(e.kind(), guihua::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe)
}

fn write_or_exit(r: io::Result<()>) -> Result<(), ()> {
    match r {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(()),
        Err(e) => {
            eprintln!("guihua: writing output: {e}");
            Err(())
        }
    }
}

/// Reads a file as UTF-8 text.
fn read_text(path: &Path) -> io::Result<String> {
    let bytes = fs::read(path)?;
    String::from_utf8(bytes).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not valid UTF-8 text"))
}

/// Adds `path` (a file, or a directory walked recursively) to `inputs`.
fn collect(path: &Path, inputs: &mut Vec<Input>) -> io::Result<()> {
    let meta = fs::metadata(path)?;
    if meta.is_file() {
        let doc = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        inputs.push(Input { path: path.to_path_buf(), doc });
        return Ok(());
    }
    let mut found = Vec::new();
    walk(path, path, &mut found, 0)?;
    found.sort_by(|a, b| a.doc.cmp(&b.doc));
    inputs.extend(found);
    Ok(())
}

const MAX_DEPTH: usize = 64;

fn walk(root: &Path, dir: &Path, found: &mut Vec<Input>, depth: usize) -> io::Result<()> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = entry.file_type()?;
        if ft.is_dir() {
            walk(root, &path, found, depth + 1)?;
        } else if ft.is_file() && has_text_extension(&path) {
            let doc = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().into_owned();
            found.push(Input { path, doc });
        }
    }
    Ok(())
}

fn has_text_extension(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "md"))
}
