//! Document identity: the `doc` string that names an input everywhere it
//! appears (JSON Lines, JSON, CSV, `--out` file names, `guihua table` and
//! `guihua compare`), and the output file it maps to.
//!
//! The scheme, given the *roots* a run was asked to read (the paths on the
//! command line, or the lines of a `--files-from` list):
//!
//! - **One root.** A file's `doc` is its path relative to the root, with
//!   `/` between components (`plan.txt`, `county/plan.txt`); a file given
//!   directly is named by its file name.
//! - **Several roots.** A file's `doc` is its path as reached from the
//!   root as written (`a/plan.txt`, `b/plan.txt` for the roots `a` and
//!   `b`), so that two folders holding the same file names stay apart.
//! - In both cases only the normal components of the path count: `.`,
//!   `..`, a leading `/` and a drive prefix are dropped, so `./a`, `a/` and
//!   `/data/../a` name `a`.
//! - Standard input is named `-`, or the name the user gives it.
//!
//! Names are compared as strings: two inputs that get one name (`x/a` and
//! `y/../a`, or two non-UTF-8 names that read the same) are a collision,
//! which the command line reports as an error for the second input rather
//! than overwriting the first one's output.
//!
//! ```
//! use std::path::Path;
//! use guihua::docid::doc_id;
//!
//! // `guihua extract corpus`: relative to the one root.
//! assert_eq!(doc_id(Path::new("corpus"), Path::new("corpus/sub/000.txt"), false), "sub/000.txt");
//! // `guihua extract a b`: the same relative path under two roots.
//! assert_eq!(doc_id(Path::new("a"), Path::new("a/plan.txt"), true), "a/plan.txt");
//! assert_eq!(doc_id(Path::new("./b/"), Path::new("./b/plan.txt"), true), "b/plan.txt");
//! // A file given directly, alone: its file name.
//! assert_eq!(doc_id(Path::new("x/plan.txt"), Path::new("x/plan.txt"), false), "plan.txt");
//! ```

use std::path::{Component, Path, PathBuf};

/// The `doc` of `file`, found under `root` (equal to `root` for a file
/// given directly), when the run has one root (`several_roots` false) or
/// more. See the [module documentation](self) for the scheme.
pub fn doc_id(root: &Path, file: &Path, several_roots: bool) -> String {
    if several_roots {
        return normalized(file);
    }
    match file.strip_prefix(root) {
        Ok(rel) if !rel.as_os_str().is_empty() => normalized(rel),
        _ => {
            file.file_name().map_or_else(|| normalized(file), |n| n.to_string_lossy().into_owned())
        }
    }
}

/// The normal components of `path` joined by `/` (`./a/../b/c.txt` →
/// `a/b/c.txt`: components are dropped, not resolved).
pub fn normalized(path: &Path) -> String {
    let mut out = String::new();
    for c in path.components() {
        if let Component::Normal(s) = c {
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(&s.to_string_lossy());
        }
    }
    out
}

/// The path of `doc`'s output under `dir`, with `ext` appended to the file
/// name (`a/plan.txt` → `DIR/a/plan.txt.jsonl`). Only normal components
/// of `doc` are kept, so the result never leaves `dir`; a name without any
/// is `unnamed`.
///
/// ```
/// use std::path::{Path, PathBuf};
/// let p = guihua::docid::output_path(Path::new("out"), "a/plan.txt", "jsonl");
/// assert_eq!(p, PathBuf::from("out/a/plan.txt.jsonl"));
/// ```
pub fn output_path(dir: &Path, doc: &str, ext: &str) -> PathBuf {
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
    fn one_root_is_relative_several_are_as_written() {
        let cases = [
            ("corpus", "corpus/000.txt", false, "000.txt"),
            ("corpus/", "corpus/a/b.md", false, "a/b.md"),
            ("x/plan.txt", "x/plan.txt", false, "plan.txt"),
            ("a", "a/plan.txt", true, "a/plan.txt"),
            ("./a/", "./a/sub/plan.txt", true, "a/sub/plan.txt"),
            ("/data/a", "/data/a/plan.txt", true, "data/a/plan.txt"),
            ("../a", "../a/plan.txt", true, "a/plan.txt"),
            ("x/plan.txt", "x/plan.txt", true, "x/plan.txt"),
            ("-", "-", false, "-"),
        ];
        for (root, file, several, want) in cases {
            assert_eq!(doc_id(Path::new(root), Path::new(file), several), want, "{root} {file}");
        }
    }

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
