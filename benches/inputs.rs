//! Reading the input formats of issue #10: pages per second for PDF (the
//! fixtures made by LibreOffice and Chromium), bytes per second for the
//! Word formats. `.txt` reading is measured in `extract.rs`; PDF code is not
//! on its path.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use guihua::input::{read_bytes, Format, ReadOptions};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/input").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn pdf(c: &mut Criterion) {
    let mut g = c.benchmark_group("pdf");
    for (name, pages) in [
        ("plan-a.libreoffice.pdf", 4),
        ("plan-c.chromium-noto.pdf", 1),
        ("plan-b.two-columns.pdf", 1),
    ] {
        let bytes = fixture(name);
        g.throughput(Throughput::Elements(pages));
        g.bench_function(name, |b| {
            b.iter(|| read_bytes(&bytes, Format::Pdf, ReadOptions::default()).unwrap())
        });
    }
    g.finish();
}

fn word(c: &mut Criterion) {
    let mut g = c.benchmark_group("word");
    for (name, format) in [("plan-a.doc", Format::Doc), ("plan-a.numbered.docx", Format::Docx)] {
        let bytes = fixture(name);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| read_bytes(&bytes, format, ReadOptions::default()).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, pdf, word);
criterion_main!(benches);
