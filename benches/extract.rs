//! Extraction speed over the bundled corpus, stage by stage, against one
//! plain `regex` pass, plus construction cost and pathological inputs.
//!
//! `cargo bench --bench extract`; KB = 1000 bytes.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use guihua::__bench;
use guihua::Extractor;

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy()[..3].to_string(),
                std::fs::read_to_string(p).unwrap(),
            )
        })
        .collect()
}

/// The baseline: numbers with units, one `find_iter` pass.
const NUMBERS_WITH_UNITS: &str =
    r"[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:%|％|‰|/10万|岁|年|个|所|名|人|万元|亿元)";

fn stages(c: &mut Criterion) {
    let corpus = corpus();
    let all: String = corpus.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n");
    let extractor = Extractor::new();
    let re = regex::Regex::new(NUMBERS_WITH_UNITS).unwrap();
    // Warm lazy statics before measuring.
    black_box(extractor.extract(&all).indicators().len());

    let mut inputs: Vec<(String, &str)> =
        corpus.iter().map(|(n, t)| (n.clone(), t.as_str())).collect();
    inputs.push(("all".into(), &all));
    for (group, f) in [
        ("regex_baseline", 0),
        ("normalize", 1),
        ("outline", 2),
        ("indicators", 3),
        ("end_to_end", 4),
    ] {
        let mut g = c.benchmark_group(group);
        for (name, text) in &inputs {
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(group, name), text, |b, text| match f {
                0 => b.iter(|| re.find_iter(black_box(text)).count()),
                1 => b.iter(|| __bench::normalize(black_box(text))),
                2 => b.iter(|| __bench::outline(black_box(text))),
                3 => b.iter(|| __bench::indicators(&extractor, black_box(text))),
                _ => b.iter(|| extractor.extract(black_box(text)).indicators().len()),
            });
        }
        g.finish();
    }
}

fn construction(c: &mut Criterion) {
    c.bench_function("extractor_new", |b| b.iter(|| black_box(Extractor::new())));
}

/// Inputs that grow by steps; time must grow linearly.
fn pathological(c: &mut Criterion) {
    let extractor = Extractor::new();
    let mut g = c.benchmark_group("pathological");
    g.sample_size(10);
    for step in [1usize, 2, 4] {
        // One huge line with no line breaks (a PDF conversion).
        let line =
            "妇女基本医疗保险参保率稳定在95%以上，推进城乡环境整治工作，".repeat(step * 40_000);
        g.throughput(Throughput::Bytes(line.len() as u64));
        g.bench_with_input(BenchmarkId::new("one_line", line.len()), &line, |b, t| {
            b.iter(|| extractor.extract(t).indicators().len())
        });
        // Many numbers in one clause.
        let clause = format!("比例分别达到{}以上。", "1%、".repeat(step * 25_000));
        g.throughput(Throughput::Bytes(clause.len() as u64));
        g.bench_with_input(
            BenchmarkId::new("numbers_in_one_clause", clause.len()),
            &clause,
            |b, t| b.iter(|| extractor.extract(t).indicators().len()),
        );
        // Many headings and items.
        let headings: String = (0..step * 1_250)
            .map(|i| format!("（{i}）妇女与健康\n主要目标：\n1.达到90%。\n策略措施：\n1.加强。\n"))
            .collect();
        g.throughput(Throughput::Bytes(headings.len() as u64));
        g.bench_with_input(BenchmarkId::new("headings", headings.len()), &headings, |b, t| {
            b.iter(|| extractor.extract(t).sections().len())
        });
    }
    g.finish();
}

criterion_group!(benches, stages, construction, pathological);
criterion_main!(benches);
