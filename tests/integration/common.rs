//! Helpers shared by the test modules.

use std::path::{Path, PathBuf};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled corpus files, sorted.
pub fn corpus_files() -> Vec<PathBuf> {
    files_in(&root().join("corpus"), "txt")
}

/// The phenomenon fixtures, sorted.
pub fn fixture_files() -> Vec<PathBuf> {
    files_in(&root().join("fixtures/phenomena"), "txt")
}

fn files_in(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

/// The JSON Lines output of `text`, as the CLI writes it.
pub fn jsonl(doc: &str, text: &str) -> String {
    let ex = guihua::extract(text);
    let mut out = Vec::new();
    ex.write_jsonl(doc, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}
