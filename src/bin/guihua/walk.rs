//! Finding the input files: files, directories walked recursively, and
//! path lists on stdin. Hidden entries, unsupported extensions and symlink
//! loops are skipped and counted, not errors.

use std::io::{self, BufRead};
use std::path::{Component, Path, PathBuf};

use guihua::input::Format;

/// An input file and the name it goes by in the output.
#[derive(Debug, Clone)]
pub(crate) struct Input {
    /// Where to read it.
    pub(crate) path: PathBuf,
    /// Its name in the output: the path relative to the directory given on
    /// the command line, or the file name of a file given directly.
    pub(crate) doc: String,
    /// A problem found while walking (the entry could not be read).
    pub(crate) error: Option<String>,
}

/// What the walk passed over.
#[derive(Debug, Default)]
pub(crate) struct Skipped {
    pub(crate) hidden: usize,
    pub(crate) unsupported: usize,
    pub(crate) loops: Vec<PathBuf>,
}

/// Collects the inputs named by `paths` (`-` reads paths from stdin), in
/// sorted order within each directory.
pub(crate) fn collect(paths: &[PathBuf], skipped: &mut Skipped) -> Vec<Input> {
    let mut inputs = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            for line in io::stdin().lock().lines().map_while(Result::ok) {
                let line = line.trim();
                if !line.is_empty() {
                    add(Path::new(line), &mut inputs, skipped);
                }
            }
        } else {
            add(p, &mut inputs, skipped);
        }
    }
    inputs
}

fn add(path: &Path, inputs: &mut Vec<Input>, skipped: &mut Skipped) {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => walk_dir(path, inputs, skipped),
        Ok(_) => inputs.push(Input { path: path.to_path_buf(), doc: file_name(path), error: None }),
        Err(e) => inputs.push(Input {
            path: path.to_path_buf(),
            doc: file_name(path),
            error: Some(e.to_string()),
        }),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn walk_dir(root: &Path, inputs: &mut Vec<Input>, skipped: &mut Skipped) {
    let walker = walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter();
    let mut hidden = 0;
    let mut it = walker.filter_entry(|e| {
        let keep = e.depth() == 0 || !is_hidden(e.file_name());
        hidden += usize::from(!keep);
        keep
    });
    for entry in it.by_ref() {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => {
                if Format::from_path(e.path()).is_none() {
                    skipped.unsupported += 1;
                    continue;
                }
                let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                inputs.push(Input {
                    path: e.path().to_path_buf(),
                    doc: doc_name(rel),
                    error: None,
                });
            }
            Err(err) => {
                if err.loop_ancestor().is_some() {
                    skipped.loops.push(err.path().map(Path::to_path_buf).unwrap_or_default());
                    continue;
                }
                let Some(path) = err.path().map(Path::to_path_buf) else { continue };
                if Format::from_path(&path).is_none() {
                    skipped.unsupported += 1;
                    continue;
                }
                let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                let msg = err.io_error().map_or_else(|| err.to_string(), |e| e.to_string());
                inputs.push(Input { path, doc: doc_name(&rel), error: Some(msg) });
            }
        }
    }
    drop(it);
    skipped.hidden += hidden;
}

/// A relative path as a `/`-separated name.
fn doc_name(rel: &Path) -> String {
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The path of `doc`'s output under `dir`: only normal components of the
/// name are kept (no `..`, no root), so the result never leaves `dir`.
pub(crate) fn output_path(dir: &Path, doc: &str, ext: &str) -> PathBuf {
    let mut out = dir.to_path_buf();
    let mut any = false;
    for c in Path::new(doc).components() {
        if let Component::Normal(s) = c {
            out.push(s);
            any = true;
        }
    }
    if !any {
        out.push("unnamed");
    }
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".");
    name.push(ext);
    out.set_file_name(name);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_stay_inside_the_directory() {
        let dir = Path::new("/out");
        let cases = [
            ("a/b.txt", "/out/a/b.txt.jsonl"),
            ("../../etc/passwd", "/out/etc/passwd.jsonl"),
            ("/abs/x.txt", "/out/abs/x.txt.jsonl"),
            ("..", "/out/unnamed.jsonl"),
        ];
        for (doc, want) in cases {
            assert_eq!(output_path(dir, doc, "jsonl"), PathBuf::from(want), "{doc}");
        }
    }
}
