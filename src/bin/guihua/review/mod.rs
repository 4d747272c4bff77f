//! `guihua review`: one self-contained HTML page per plan (the text with
//! every record highlighted, the outline, the metadata and a table of the
//! records) and an overview `index.html`, from the same extraction as
//! `extract`.
//!
//! The batch rules are those of `extract`: the inputs are walked the same
//! way, extracted and rendered on the same ordered worker pool, every page
//! and the overview are written atomically, a failed input gets a row with
//! its error in the overview and a line on stderr, and the exit code is 1
//! when any input failed.

mod overview;
mod page;
mod text;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use askama::Template;
use guihua::output::DocInfo;
use guihua::Extractor;

use crate::batch::{message, note_skipped, progress_bar, remove_stale_temps, OutDir};
use crate::walk::{self, Input, Skipped};
use crate::{pool, InputArgs};

pub(crate) use overview::Plan;

/// The stylesheet of every page.
pub(crate) const CSS: &str = include_str!("templates/review.css");
/// The script of every page.
pub(crate) const JS: &str = include_str!("templates/review.js");

/// Arguments of `guihua review`.
#[derive(clap::Parser, Debug)]
pub(crate) struct ReviewArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Write the pages here: DIR/<doc>.html per plan and DIR/index.html.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
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

/// Pages waiting for in-order receipt per thread; only summaries wait (each
/// page is written by its worker), so this bounds little memory.
const RESULTS_PER_THREAD: usize = 8;

/// Runs `guihua review`.
pub(crate) fn run(args: &ReviewArgs) -> ExitCode {
    let started = Instant::now();
    let mut skipped = Skipped::default();
    let inputs = match walk::collect(&args.input.sources(), &mut skipped) {
        Ok(inputs) => inputs,
        Err(msg) => {
            eprintln!("guihua: {msg}");
            return ExitCode::from(2);
        }
    };
    if inputs.iter().any(|i| i.stdin.is_some() && i.doc == "-") {
        eprintln!("guihua: name the document read from `-` with --stdin-name NAME (its page is NAME.html)");
        return ExitCode::from(2);
    }
    if !args.quiet {
        note_skipped(&skipped);
    }
    let extractor = match crate::dataset::extractor(args.catalogue.as_deref()) {
        Ok(e) => e,
        Err(code) => return code,
    };
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("guihua: {}: {e}", args.out.display());
        return ExitCode::from(2);
    }
    let removed = remove_stale_temps(&args.out);
    if removed > 0 && !args.quiet {
        eprintln!(
            "guihua: note: removed {removed} temporary files left in {} by an interrupted run",
            args.out.display()
        );
    }
    // Pages are for reading, not an archive: no --sync.
    let out_dir = OutDir::new(&args.out, false);
    let jobs = args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let progress = progress_bar(inputs.len() as u64, args.quiet);
    let limits = pool::Limits { jobs, results: jobs * RESULTS_PER_THREAD, bytes: usize::MAX };
    let on_panic = |input: &Input| {
        Plan::failed(
            &input.doc,
            format!(
                "internal error while reviewing {} (a bug: please report it with this file)",
                input.doc
            ),
        )
    };
    let mut plans = Vec::with_capacity(inputs.len());
    pool::ordered_map(
        &inputs,
        limits,
        |input| process(input, args, &extractor, &out_dir),
        on_panic,
        |_| 0,
        |input, plan| {
            progress.inc(1);
            if let Some(e) = &plan.error {
                progress.suspend(|| eprintln!("guihua: {}: {e}", input.path.display()));
            }
            plans.push(plan);
            true
        },
    );
    progress.finish_and_clear();

    let index = args.out.join("index.html");
    let written = overview::build(&plans)
        .render()
        .map_err(|e| e.to_string())
        .and_then(|html| out_dir.write(&index, html.as_bytes()).map_err(|e| e.to_string()));
    if let Err(e) = written {
        eprintln!("guihua: writing {}: {e}", index.display());
        return ExitCode::from(1);
    }
    let failed = plans.iter().filter(|p| p.error.is_some()).count();
    if !args.quiet {
        eprintln!(
            "guihua: {} pages, {} indicators, {} errors in {:.2} s; open {}",
            plans.len() - failed,
            plans.iter().map(|p| p.indicators).sum::<usize>(),
            failed,
            started.elapsed().as_secs_f64(),
            index.display()
        );
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The page path of `doc` under `out`, relative to `out` with `/`
/// separators: `a/b.txt` → `a/b.txt.html`.
fn page_rel(out: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(out).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads, extracts and writes the page of one input; its overview row.
fn process(input: &Input, args: &ReviewArgs, extractor: &Extractor, out: &OutDir) -> Plan {
    if let Some(e) = &input.error {
        return Plan::failed(&input.doc, e.clone());
    }
    let path = out.path(&input.doc, "html");
    if path == args.out.join("index.html") {
        return Plan::failed(&input.doc, "its page would replace the overview index.html".into());
    }
    let read = match input.read(args.input.read.options()) {
        Ok(r) => r,
        Err(e) => return Plan::failed(&input.doc, message(&e)),
    };
    let ex = read.extract(extractor);
    let rel = page_rel(&args.out, &path);
    let info = DocInfo {
        doc: &input.doc,
        format: Some(read.format.as_str()),
        encoding: Some(read.encoding),
    };
    let html = match page::build(&ex, info, &rel).render() {
        Ok(h) => h,
        Err(e) => return Plan::failed(&input.doc, format!("rendering the page: {e}")),
    };
    if let Err(e) = out.write(&path, html.as_bytes()) {
        return Plan::failed(&input.doc, format!("writing {}: {e}", path.display()));
    }
    Plan::of(&ex, &input.doc, rel)
}

#[cfg(test)]
mod tests;
