//! Converting many files: read, extract and render on all cores, write in
//! input order, report failures as error records, resume with `--out`.

use std::error::Error as _;
use std::fs;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use guihua::output::DocInfo;
use guihua::Extractor;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use guihua::docid::output_path;

use crate::parquet_file::{self, Cell};
use crate::walk::{self, Input, Skipped};
use crate::{pool, render, ExtractArgs, Format};

/// What became of one input.
enum Outcome {
    /// Extracted; the rendered output when it goes to stdout.
    Done { bytes: Option<Vec<u8>>, indicators: usize },
    /// Extracted; its rows of the batch's Parquet table.
    Rows { rows: Vec<Vec<Cell>>, indicators: usize },
    /// Its output under `--out` is newer than the input.
    UpToDate,
    /// It could not be read or written.
    Failed(String),
    /// Too large to buffer its output: rendered straight into stdout when
    /// its turn comes.
    Deferred,
}

/// About the memory one row of the indicator table holds (for the bound
/// on results waiting to be written).
const ROW_BYTES: usize = 512;

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
    let inputs = match walk::collect(&args.input.sources(), &mut skipped) {
        Ok(inputs) => inputs,
        Err(msg) => {
            eprintln!("guihua: {msg}");
            return ExitCode::from(2);
        }
    };
    if args.out.is_some() && inputs.iter().any(|i| i.stdin.is_some() && i.doc == "-") {
        eprintln!("guihua: with --out, name the document read from `-` with --stdin-name NAME");
        return ExitCode::from(2);
    }
    if !args.quiet {
        note_skipped(&skipped);
    }
    for dir in [&args.out, &args.emit_text].into_iter().flatten() {
        let removed = remove_stale_temps(dir);
        if removed > 0 && !args.quiet {
            eprintln!(
                "guihua: note: removed {removed} temporary files left in {} by an interrupted run",
                dir.display()
            );
        }
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

    // The batch's output: stdout, or `-o FILE`; Parquet for the whole
    // batch goes through its own writer, by row groups.
    let out_file = match args.output.as_deref().map(OutFile::create).transpose() {
        Ok(f) => f,
        Err(e) => {
            let path = args.output.as_deref().unwrap_or(Path::new("")).display();
            eprintln!("guihua: {path}: {e}");
            return ExitCode::from(1);
        }
    };
    let parquet_batch = args.format == Format::Parquet && args.out.is_none();
    if parquet_batch && out_file.is_none() && io::stdout().is_terminal() {
        eprintln!(
            "guihua: Parquet is binary: give --out DIR (a file per input), -o FILE (one file), \
             or redirect stdout to a file"
        );
        return ExitCode::from(2);
    }
    let stdout = io::stdout();
    let mut out: Box<dyn Write> = match &out_file {
        _ if parquet_batch => Box::new(io::sink()),
        Some(f) => Box::new(BufWriter::new(f.handle())),
        None => Box::new(BufWriter::new(stdout.lock())),
    };
    let mut table = None;
    if parquet_batch {
        let sink: Box<dyn Write + Send> = match &out_file {
            Some(f) => Box::new(BufWriter::new(f.handle())),
            None => Box::new(BufWriter::new(io::stdout())),
        };
        match parquet_file::Writer::new(sink, render::parquet_columns()) {
            Ok(w) => table = Some(w),
            Err(e) => {
                eprintln!("guihua: Parquet output: {e}");
                return ExitCode::from(1);
            }
        }
    }
    let mut table_error = None;
    let to_stdout = args.out.is_none();
    let mut totals = Totals::default();
    let mut first = true;
    let mut write_ok = true;
    if to_stdout {
        write_ok &= match args.format {
            Format::Json => out.write_all(b"[").is_ok(),
            Format::Csv => out.write_all(&render::csv_header()).is_ok(),
            Format::Jsonl | Format::Parquet => true,
        };
    }
    let on_panic = |input: &Input| {
        Outcome::Failed(format!(
            "internal error while extracting {} (a bug: please report it with this file)",
            input.doc
        ))
    };
    let out_dir = args.out.as_deref().map(|d| OutDir::new(d, args.sync));
    let text_dir = args.emit_text.as_deref().map(|d| OutDir::new(d, args.sync));
    let dirs = Dirs { out: out_dir.as_ref(), text: text_dir.as_ref() };
    let work = |input: &Input| process(input, args, &extractor, dirs);
    let limits =
        pool::Limits { jobs, results: jobs * RESULTS_PER_THREAD, bytes: WAITING_OUTPUT_BYTES };
    let weight = |o: &Outcome| match o {
        Outcome::Done { bytes: Some(b), .. } => b.len(),
        Outcome::Rows { rows, .. } => rows.len() * ROW_BYTES,
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
            Outcome::Rows { rows, indicators } => {
                totals.done += 1;
                totals.indicators += indicators;
                if let Some(Err(e)) = table.as_mut().map(|t| t.push(rows)) {
                    table_error = Some(e.to_string());
                    write_ok = false;
                }
                None
            }
            Outcome::UpToDate => {
                totals.up_to_date += 1;
                None
            }
            Outcome::Failed(msg) => {
                totals.failed += 1;
                progress.suspend(|| eprintln!("guihua: {}: {msg}", input.path.display()));
                if let Some(Err(e)) =
                    table.as_mut().map(|t| t.push([render::error_row(&input.doc, &msg)]))
                {
                    table_error = Some(e.to_string());
                    write_ok = false;
                }
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
    drop(out);
    if let Some(t) = table {
        // The footer: without it no reader opens the file.
        let closed = t.close().map_err(|e| e.to_string());
        if let Err(e) = closed.and_then(|mut w| w.flush().map_err(|e| e.to_string())) {
            table_error.get_or_insert(e);
            write_ok = false;
        }
    }
    progress.finish_and_clear();
    if let Some(e) = &table_error {
        eprintln!("guihua: writing Parquet: {e}");
    }
    if let Some(f) = out_file {
        if !write_ok {
            // The temporary file goes; nothing half-written takes the name.
            return ExitCode::from(1);
        }
        if let Err(e) = f.persist() {
            eprintln!("guihua: {e}");
            return ExitCode::from(1);
        }
    }
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

pub(crate) fn note_skipped(s: &Skipped) {
    for p in &s.loops {
        eprintln!("guihua: note: {}: symbolic link loop, skipped", p.display());
    }
    if s.hidden > 0 {
        eprintln!("guihua: note: skipped {} hidden entries", s.hidden);
    }
    if s.unsupported > 0 {
        eprintln!(
            "guihua: note: skipped {} files that are not .txt, .md, .docx, .doc, .wps, .html or .pdf",
            s.unsupported
        );
    }
}

pub(crate) fn progress_bar(n: u64, quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{bar:30} {pos}/{len} files  {per_sec}  eta {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// The message of an error with its causes: `I/O error: No such file …`,
/// and for a decoding error what to do about it.
pub(crate) fn message(e: &guihua::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    if matches!(e.kind(), guihua::ErrorKind::Decode { .. }) {
        msg.push_str(" (--lossy replaces undecodable bytes with U+FFFD; --encoding LABEL reads another encoding)");
    }
    msg
}

/// The output directories of a run.
#[derive(Clone, Copy)]
struct Dirs<'a> {
    out: Option<&'a OutDir>,
    text: Option<&'a OutDir>,
}

fn process(input: &Input, args: &ExtractArgs, extractor: &Extractor, dirs: Dirs<'_>) -> Outcome {
    if let Some(e) = &input.error {
        return Outcome::Failed(e.clone());
    }
    let out_path = dirs.out.map(|dir| (dir, dir.path(&input.doc, args.format.extension())));
    if let Some((_, path)) = &out_path {
        if !args.force && input.stdin.is_none() && is_newer(path, &input.path) {
            return Outcome::UpToDate;
        }
    }
    let large =
        input.stdin.is_none() && fs::metadata(&input.path).is_ok_and(|m| m.len() > STREAM_ABOVE);
    let parquet_batch = args.format == Format::Parquet && out_path.is_none();
    if large && out_path.is_none() && args.emit_text.is_none() && !parquet_batch {
        return Outcome::Deferred;
    }
    let read = match input.read(args.input.read.options()) {
        Ok(r) => r,
        Err(e) => return Outcome::Failed(message(&e)),
    };
    // Part of the input was lost (PDF pages): say which, the rest is output.
    if !args.quiet {
        for w in &read.warnings {
            eprintln!("guihua: {}: warning: {w}", input.path.display());
        }
    }
    let ex = read.extract(extractor);
    let info = DocInfo {
        doc: &input.doc,
        format: Some(read.format.as_str()),
        encoding: Some(read.encoding),
    };
    if let Some(dir) = dirs.text {
        let path = dir.path(&input.doc, "txt");
        if let Err(e) = dir.write(&path, read.text.as_bytes()) {
            return Outcome::Failed(format!("writing {}: {e}", path.display()));
        }
    }
    let indicators = ex.indicators().len();
    if parquet_batch {
        return Outcome::Rows { rows: render::indicator_rows(&ex, &input.doc), indicators };
    }
    let mut bytes = match render::document(&ex, &info, args.format) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(message(&e)),
    };
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
            match dir.write(&path, &bytes) {
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
    let read = input.read(args.input.read.options()).map_err(|e| message(&e))?;
    let ex = read.extract(extractor);
    let info = DocInfo {
        doc: &input.doc,
        format: Some(read.format.as_str()),
        encoding: Some(read.encoding),
    };
    render::document_into(&ex, &info, args.format, out).map_err(|e| message(&e))?;
    Ok(ex.indicators().len())
}

/// Whether `output` exists, is not empty (an empty file is what a power
/// failure can leave of an unsynced write; no output format is ever
/// empty) and is at least as new as `input`.
fn is_newer(output: &Path, input: &Path) -> bool {
    let meta = |p: &Path| fs::metadata(p).ok();
    match (meta(output), meta(input)) {
        (Some(o), Some(i)) if o.len() > 0 => match (o.modified(), i.modified()) {
            (Ok(o), Ok(i)) => o >= i,
            _ => false,
        },
        _ => false,
    }
}

/// The name prefix of this tool's temporary files (hidden, so a walk of
/// the output directory as input skips them).
const TEMP_PREFIX: &str = ".guihua-tmp-";

/// `-o FILE`: the batch's output, written to a temporary file beside FILE
/// and renamed into place when the batch is done, so FILE never holds half
/// a batch (a Parquet file without its footer, say).
struct OutFile {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl OutFile {
    fn create(path: &Path) -> io::Result<OutFile> {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMP_PREFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The mode a new file gets (the umask applies), not 0600.
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        Ok(OutFile { tmp: builder.tempfile_in(dir)?, path: path.to_path_buf() })
    }

    /// A handle that writes into the temporary file.
    fn handle(&self) -> fs::File {
        self.tmp.as_file().try_clone().expect("a second handle to an open file")
    }

    fn persist(self) -> io::Result<()> {
        let OutFile { tmp, path } = self;
        tmp.persist(&path)
            .map(drop)
            .map_err(|e| io::Error::new(e.error.kind(), format!("{}: {}", path.display(), e.error)))
    }
}

/// Removes temporary files of this tool under `dir` that an interrupted
/// run left behind: the number removed. Two runs writing into one
/// directory at once are not supported (the second would remove the
/// first's files in flight).
pub(crate) fn remove_stale_temps(dir: &Path) -> usize {
    if !dir.is_dir() {
        return 0;
    }
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file() && e.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
        })
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

/// An output directory (`--out` or `--emit-text`): files are written into
/// it atomically, never outside it.
pub(crate) struct OutDir {
    dir: PathBuf,
    sync: bool,
    checked: std::sync::Mutex<Checked>,
}

/// What an [`OutDir`] has checked so far.
#[derive(Default)]
struct Checked {
    /// The canonical form of the directory, once it exists.
    root: Option<PathBuf>,
    /// Parent directories already created and checked to resolve inside
    /// `root`, with their canonical form: each is checked once, not once
    /// per file.
    parents: std::collections::HashMap<PathBuf, PathBuf>,
}

impl OutDir {
    pub(crate) fn new(dir: &Path, sync: bool) -> OutDir {
        OutDir { dir: dir.to_path_buf(), sync, checked: Default::default() }
    }

    /// Where `doc`'s output with extension `ext` goes.
    pub(crate) fn path(&self, doc: &str, ext: &str) -> PathBuf {
        output_path(&self.dir, doc, ext)
    }

    /// The canonical parent of `path`, created if need be; an error if it
    /// resolves outside the directory (through a symbolic link inside it).
    fn real_parent(&self, path: &Path) -> io::Result<PathBuf> {
        let parent = path.parent().unwrap_or(&self.dir);
        let mut checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(real) = checked.parents.get(parent) {
            return Ok(real.clone());
        }
        fs::create_dir_all(parent)?;
        let root = match &checked.root {
            Some(r) => r.clone(),
            None => {
                let r = fs::canonicalize(&self.dir)?;
                checked.root = Some(r.clone());
                r
            }
        };
        let real = fs::canonicalize(parent)?;
        if !real.starts_with(&root) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "output would land outside the output directory",
            ));
        }
        checked.parents.insert(parent.to_path_buf(), real.clone());
        Ok(real)
    }

    /// Writes `bytes` to `path` (inside the directory) through a temporary
    /// file and a rename, so a reader never sees half a file.
    ///
    /// The file gets the mode a newly created file gets (0666 less the
    /// umask: 0644 under umask 022), not tempfile's private 0600. With
    /// `--sync`, its data reach the disk before the rename; without, the
    /// rename is atomic against a crash of the process but not of the
    /// machine.
    pub(crate) fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let real_parent = self.real_parent(path)?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMP_PREFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The mode open(2) is given; the kernel takes the umask off.
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let mut tmp = builder.tempfile_in(&real_parent)?;
        tmp.write_all(bytes)?;
        if self.sync {
            tmp.as_file().sync_data()?;
        }
        let name =
            path.file_name().ok_or_else(|| io::Error::other("output path has no file name"))?;
        tmp.persist(real_parent.join(name)).map_err(|e| e.error)?;
        Ok(())
    }
}
