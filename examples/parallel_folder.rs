//! Read every plan in a folder on all cores: files read with encoding
//! detection (`guihua::input`), named as the command line names them
//! (`guihua::docid`), one shared extractor, results kept beyond the files'
//! buffers (`Extraction<'static>`).
//!
//! ```sh
//! cargo run --example parallel_folder [DIR]   # default: the bundled corpus
//! ```

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use guihua::input::{read_path, Format, ReadOptions};

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/corpus").into()),
    );
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir)?.map(|e| e.map(|e| e.path())).collect::<std::io::Result<_>>()?;
    files.retain(|p| Format::from_path(p).is_some());
    files.sort();

    let extractor = guihua::Extractor::new(); // shared by all threads
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let doc = guihua::docid::doc_id(&dir, path, false);
                let result = read_path(path, None, ReadOptions::default())
                    // `Input::extract` borrows the input; keep an owned copy.
                    .map(|input| input.extract(&extractor).into_owned());
                results.lock().unwrap().push((i, doc, result));
            });
        }
    });

    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|r| r.0);
    for (_, doc, result) in &results {
        match result {
            Ok(ex) => {
                let title = ex.metadata().title.as_deref().unwrap_or("(no title)");
                println!(
                    "{doc}: {} indicators, {} sections — {title}",
                    ex.indicators().len(),
                    ex.sections().len()
                );
            }
            Err(e) => println!("{doc}: error: {e}"),
        }
    }
    Ok(())
}
