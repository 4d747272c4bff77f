//! A fixed workload for instruction counts (`valgrind --tool=callgrind`):
//! extract every corpus file `N` times, or run the baseline regex pass.
//!
//! ```sh
//! cargo build --release --example profile
//! valgrind --tool=callgrind target/release/examples/profile extract 10
//! valgrind --tool=callgrind target/release/examples/profile regex 10
//! ```
//! Instructions per byte = (total at N − total at N = 0) / (N × corpus bytes).

use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "extract".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "txt") {
            texts.push(std::fs::read_to_string(p).unwrap());
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let extractor = guihua::Extractor::new();
    let re = regex::Regex::new(
        r"[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:%|％|‰|/10万|岁|年|个|所|名|人|万元|亿元)",
    )
    .unwrap();
    let mut found = 0;
    for _ in 0..n {
        for t in &texts {
            found += match mode.as_str() {
                "regex" => re.find_iter(black_box(t)).count(),
                _ => extractor.extract(black_box(t)).indicators().len(),
            };
        }
    }
    eprintln!("{mode}: {n} x {bytes} bytes, {found} matches");
}
