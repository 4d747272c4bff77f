//! Converting many files: read, extract and render on all cores, write in
//! input order, report failures as error records, resume with `--out`.

use std::error::Error as _;
use std::fs;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use guihua::input::{read_path, ReadOptions};
use guihua::output::DocInfo;
use guihua::Extractor;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::walk::{self, Input, Skipped};
use crate::{pool, render, ExtractArgs, Format};

/// What became of one input.
enum Outcome {
    /// Extracted; the rendered output when it goes to stdout.
    Done { bytes: Option<Vec<u8>>, indicators: usize },
    /// Its output under `--out` is newer than the input.
    UpToDate,
    /// It could not be read or written.
    Failed(String),
    /// Too large to buffer its output: rendered straight into stdout when
    /// its turn comes.
    Deferred,
}

/// Inputs larger than this (in bytes) write their output straight to
/// stdout instead of through a buffer, so memory does not grow with the
/// output of a huge file.
const STREAM_ABOVE: u64 = 4 * 1024 * 1024;

/// Finished outputs that may wait per thread for in-order writing: enough
/// that a slow file does not stall the others, few enough that memory
/// stays small.
const RESULTS_PER_THREAD: usize = 8;

/// Rendered output that may wait for in-order writing before no new file
/// is started (large files would otherwise hold many megabytes each).
const WAITING_OUTPUT_BYTES: usize = 32 * 1024 * 1024;

pub(crate) fn run(args: &ExtractArgs) -> ExitCode {
    let started = Instant::now();
    let mut skipped = Skipped::default();
    let inputs = walk::collect(&args.paths, &mut skipped);
    if !args.quiet {
        note_skipped(&skipped);
    }
    let jobs = args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let extractor = match crate::dataset::extractor(args.catalogue.as_deref()) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let progress = progress_bar(inputs.len() as u64, args.quiet);

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let to_stdout = args.out.is_none();
    let mut totals = Totals::default();
    let mut first = true;
    let mut write_ok = true;
    if to_stdout {
        write_ok &= match args.format {
            Format::Json => out.write_all(b"[").is_ok(),
            Format::Csv => out.write_all(&render::csv_header()).is_ok(),
            Format::Jsonl => true,
        };
    }
    let on_panic = |input: &Input| {
        Outcome::Failed(format!(
            "internal error while extracting {} (a bug: please report it with this file)",
            input.doc
        ))
    };
    let work = |input: &Input| process(input, args, &extractor);
    let limits =
        pool::Limits { jobs, results: jobs * RESULTS_PER_THREAD, bytes: WAITING_OUTPUT_BYTES };
    let weight = |o: &Outcome| match o {
        Outcome::Done { bytes: Some(b), .. } => b.len(),
        _ => 0,
    };
    pool::ordered_map(&inputs, limits, work, on_panic, weight, |input, outcome| {
        progress.inc(1);
        let bytes = match outcome {
            Outcome::Done { bytes, indicators } => {
                totals.done += 1;
                totals.indicators += indicators;
                bytes
            }
            Outcome::UpToDate => {
                totals.up_to_date += 1;
                None
            }
            Outcome::Failed(msg) => {
                totals.failed += 1;
                progress.suspend(|| eprintln!("guihua: {}: {msg}", input.path.display()));
                Some(render::error(&input.doc, &msg, args.format))
            }
            Outcome::Deferred => {
                if args.format == Format::Json && !first {
                    write_ok &= out.write_all(b",\n").is_ok();
                }
                first = false;
                match stream(input, args, &extractor, &mut out) {
                    Ok(n) => {
                        totals.done += 1;
                        totals.indicators += n;
                        None
                    }
                    Err(msg) => {
                        totals.failed += 1;
                        progress.suspend(|| eprintln!("guihua: {}: {msg}", input.path.display()));
                        Some(render::error(&input.doc, &msg, args.format))
                    }
                }
            }
        };
        if let Some(bytes) = bytes {
            if args.format == Format::Json && to_stdout && !first {
                write_ok &= out.write_all(b",\n").is_ok();
            }
            first = false;
            write_ok &= out.write_all(&bytes).is_ok();
        }
        write_ok
    });
    if to_stdout && args.format == Format::Json {
        write_ok &= out.write_all(b"]\n").is_ok();
    }
    write_ok &= out.flush().is_ok();
    progress.finish_and_clear();
    if !write_ok {
        // A closed pipe (`| head`) is not an error worth a message.
        return if totals.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS };
    }
    if !args.quiet {
        totals.report(started.elapsed(), args.out.is_some());
    }
    if totals.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[derive(Default)]
struct Totals {
    done: usize,
    up_to_date: usize,
    failed: usize,
    indicators: usize,
}

impl Totals {
    fn report(&self, elapsed: Duration, to_dir: bool) {
        if to_dir && self.done == 0 && self.failed == 0 && self.up_to_date > 0 {
            eprintln!(
                "guihua: nothing to do: {} outputs are up to date (use --force to redo)",
                self.up_to_date
            );
            return;
        }
        let mut line = format!(
            "guihua: {} files, {} indicators, {} errors in {:.2} s",
            self.done,
            self.indicators,
            self.failed,
            elapsed.as_secs_f64()
        );
        if self.up_to_date > 0 {
            line.push_str(&format!(", {} up to date", self.up_to_date));
        }
        eprintln!("{line}");
    }
}

fn note_skipped(s: &Skipped) {
    for p in &s.loops {
        eprintln!("guihua: note: {}: symbolic link loop, skipped", p.display());
    }
    if s.hidden > 0 {
        eprintln!("guihua: note: skipped {} hidden entries", s.hidden);
    }
    if s.unsupported > 0 {
        eprintln!(
            "guihua: note: skipped {} files that are not .txt, .md, .docx or .html",
            s.unsupported
        );
    }
}

fn progress_bar(n: u64, quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{bar:30} {pos}/{len} files  {per_sec}  eta {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// The message of an error with its causes: `I/O error: No such file …`.
fn message(e: &guihua::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

fn process(input: &Input, args: &ExtractArgs, extractor: &Extractor) -> Outcome {
    if let Some(e) = &input.error {
        return Outcome::Failed(e.clone());
    }
    let out_path = args
        .out
        .as_ref()
        .map(|dir| (dir, walk::output_path(dir, &input.doc, args.format.extension())));
    if let Some((_, path)) = &out_path {
        if !args.force && is_newer(path, &input.path) {
            return Outcome::UpToDate;
        }
    }
    let large = fs::metadata(&input.path).is_ok_and(|m| m.len() > STREAM_ABOVE);
    if large && out_path.is_none() && args.emit_text.is_none() {
        return Outcome::Deferred;
    }
    let read = match read_path(&input.path, None, ReadOptions::with_encoding(args.encoding)) {
        Ok(r) => r,
        Err(e) => return Outcome::Failed(message(&e)),
    };
    let ex = extractor.extract(&read.text);
    let info = DocInfo {
        doc: &input.doc,
        format: Some(read.format.as_str()),
        encoding: Some(read.encoding),
    };
    let mut bytes = match render::document(&ex, &info, args.format) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(message(&e)),
    };
    if let Some(dir) = &args.emit_text {
        let path = walk::output_path(dir, &input.doc, "txt");
        if let Err(e) = write_atomic(dir, &path, read.text.as_bytes()) {
            return Outcome::Failed(format!("writing {}: {e}", path.display()));
        }
    }
    let indicators = ex.indicators().len();
    match out_path {
        None => Outcome::Done { bytes: Some(bytes), indicators },
        Some((dir, path)) => {
            if args.format == Format::Csv {
                let mut with_header = render::csv_header();
                with_header.append(&mut bytes);
                bytes = with_header;
            } else if args.format == Format::Json {
                bytes.push(b'\n');
            }
            match write_atomic(dir, &path, &bytes) {
                Ok(()) => Outcome::Done { bytes: None, indicators },
                Err(e) => Outcome::Failed(format!("writing {}: {e}", path.display())),
            }
        }
    }
}

/// Reads, extracts and renders a large input straight into `out`: the
/// number of indicators.
fn stream(
    input: &Input,
    args: &ExtractArgs,
    extractor: &Extractor,
    out: &mut impl Write,
) -> Result<usize, String> {
    let read = read_path(&input.path, None, ReadOptions::with_encoding(args.encoding))
        .map_err(|e| message(&e))?;
    let ex = extractor.extract(&read.text);
    let info = DocInfo {
        doc: &input.doc,
        format: Some(read.format.as_str()),
        encoding: Some(read.encoding),
    };
    render::document_into(&ex, &info, args.format, out).map_err(|e| message(&e))?;
    Ok(ex.indicators().len())
}

/// Whether `output` exists and is at least as new as `input`.
fn is_newer(output: &Path, input: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(output), modified(input)) {
        (Some(o), Some(i)) => o >= i,
        _ => false,
    }
}

/// Writes `bytes` to `path` under `dir` through a temporary file and a
/// rename, so a reader never sees half a file; refuses a path that
/// resolves outside `dir` (through a symbolic link inside it).
fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let parent = path.parent().unwrap_or(dir);
    fs::create_dir_all(parent)?;
    let root = fs::canonicalize(dir)?;
    let real_parent: PathBuf = fs::canonicalize(parent)?;
    if !real_parent.starts_with(&root) {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "output would land outside the output directory",
        ));
    }
    let mut tmp = tempfile::NamedTempFile::new_in(&real_parent)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_data().ok();
    let name = path.file_name().ok_or_else(|| io::Error::other("output path has no file name"))?;
    tmp.persist(real_parent.join(name)).map_err(|e| e.error)?;
    Ok(())
}
