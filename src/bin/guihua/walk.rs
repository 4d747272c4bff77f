//! Finding the inputs: files, directories walked recursively, path lists
//! (`--files-from`) and one document on standard input (`-`). Hidden
//! entries, unsupported extensions and symlink loops are skipped and
//! counted, not errors. Every input gets a unique `doc` name
//! ([`guihua::docid`]); a second input with a name already taken is an
//! error, never an overwrite.

use std::collections::HashMap;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use guihua::docid::doc_id;
use guihua::input::{read_bytes, read_path, Format, ReadOptions, MAX_FILE_BYTES};

/// An input file and the name it goes by in the output.
#[derive(Debug, Clone)]
pub(crate) struct Input {
    /// Where to read it (`-` for standard input).
    pub(crate) path: PathBuf,
    /// Its name in the output (see [`guihua::docid`]).
    pub(crate) doc: String,
    /// A problem found while walking (the entry could not be read, or its
    /// name is taken).
    pub(crate) error: Option<String>,
    /// The bytes of standard input, for `-`.
    pub(crate) stdin: Option<Arc<[u8]>>,
}

impl Input {
    /// Reads the input: from standard input's bytes (in the format the
    /// name's extension says, text otherwise) or from its file.
    pub(crate) fn read(&self, opts: ReadOptions) -> guihua::Result<guihua::input::Input> {
        match &self.stdin {
            Some(bytes) => {
                let format = Format::from_path(Path::new(&self.doc)).unwrap_or(Format::Text);
                read_bytes(bytes, format, opts)
            }
            None => read_path(&self.path, None, opts),
        }
    }
}

/// What the walk passed over.
#[derive(Debug, Default)]
pub(crate) struct Skipped {
    pub(crate) hidden: usize,
    pub(crate) unsupported: usize,
    pub(crate) loops: Vec<PathBuf>,
}

/// Where the inputs come from.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Sources<'a> {
    /// Files and directories; `-` is one document on standard input.
    pub(crate) paths: &'a [PathBuf],
    /// A file listing paths, one per line (`-` for standard input).
    pub(crate) files_from: Option<&'a Path>,
    /// The `doc` of the document on standard input (default `-`).
    pub(crate) stdin_name: Option<&'a str>,
}

enum Root {
    Path(PathBuf),
    Stdin,
}

/// Collects the inputs, in the order given and sorted within each
/// directory. Errors (a usage problem: an unreadable list, standard input
/// asked for twice) are messages for the user.
pub(crate) fn collect(src: &Sources<'_>, skipped: &mut Skipped) -> Result<Vec<Input>, String> {
    let is_dash = |p: &Path| p.as_os_str() == "-";
    let dashes = src.paths.iter().filter(|p| is_dash(p)).count();
    let list_on_stdin = src.files_from.is_some_and(is_dash);
    if dashes + usize::from(list_on_stdin) > 1 {
        return Err("standard input can be read only once: give `-` as a path or as \
                    --files-from, not both"
            .into());
    }
    if src.stdin_name.is_some() && dashes == 0 {
        return Err(
            "--stdin-name names the document read from `-`, which is not among the paths".into()
        );
    }
    let mut roots: Vec<Root> = src
        .paths
        .iter()
        .map(|p| if is_dash(p) { Root::Stdin } else { Root::Path(p.clone()) })
        .collect();
    if let Some(list) = src.files_from {
        let lines: Vec<String> = if list_on_stdin {
            io::stdin().lock().lines().collect::<io::Result<_>>()
        } else {
            std::fs::File::open(list)
                .and_then(|f| io::BufReader::new(f).lines().collect::<io::Result<_>>())
        }
        .map_err(|e| format!("reading the path list {}: {e}", list.display()))?;
        roots.extend(
            lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).map(|l| Root::Path(l.into())),
        );
    }
    let several = roots.len() > 1;
    let mut inputs = Vec::new();
    for root in roots {
        match root {
            Root::Stdin => inputs.push(read_stdin(src.stdin_name.unwrap_or("-"))),
            Root::Path(p) => add(&p, several, &mut inputs, skipped),
        }
    }
    mark_collisions(&mut inputs);
    Ok(inputs)
}

fn read_stdin(doc: &str) -> Input {
    let mut bytes = Vec::new();
    let res = io::stdin().lock().take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes);
    let error = match res {
        Err(e) => Some(format!("reading standard input: {e}")),
        Ok(_) if bytes.len() as u64 > MAX_FILE_BYTES => {
            Some(format!("larger than the limit of {MAX_FILE_BYTES} bytes"))
        }
        Ok(_) => None,
    };
    Input {
        path: PathBuf::from("-"),
        doc: doc.to_string(),
        error,
        stdin: Some(Arc::from(bytes.into_boxed_slice())),
    }
}

/// Every input whose name an earlier input already has becomes an error.
fn mark_collisions(inputs: &mut [Input]) {
    let mut seen: HashMap<String, PathBuf> = HashMap::with_capacity(inputs.len());
    for input in inputs.iter_mut() {
        match seen.get(&input.doc) {
            Some(first) => {
                input.error = Some(format!(
                    "its name {:?} is already taken by {} (an earlier input); its output \
                     would overwrite that one's, so it is not read (see \"Document names\" in \
                     the README)",
                    input.doc,
                    first.display()
                ));
            }
            None => {
                seen.insert(input.doc.clone(), input.path.clone());
            }
        }
    }
}

fn add(root: &Path, several: bool, inputs: &mut Vec<Input>, skipped: &mut Skipped) {
    let input = |path: &Path, error: Option<String>| Input {
        path: path.to_path_buf(),
        doc: doc_id(root, path, several),
        error,
        stdin: None,
    };
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => walk_dir(root, several, inputs, skipped),
        Ok(_) => inputs.push(input(root, None)),
        Err(e) => inputs.push(input(root, Some(e.to_string()))),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn walk_dir(root: &Path, several: bool, inputs: &mut Vec<Input>, skipped: &mut Skipped) {
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
                inputs.push(Input {
                    path: e.path().to_path_buf(),
                    doc: doc_id(root, e.path(), several),
                    error: None,
                    stdin: None,
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
                let msg = err.io_error().map_or_else(|| err.to_string(), |e| e.to_string());
                let doc = doc_id(root, &path, several);
                inputs.push(Input { path, doc, error: Some(msg), stdin: None });
            }
        }
    }
    drop(it);
    skipped.hidden += hidden;
}
