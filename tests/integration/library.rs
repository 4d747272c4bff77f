//! The library as a dependency sees it: wire records as typed values whose
//! serialisation is the JSON Lines line, an extraction that owns its text,
//! and the outline as a tree. See: issue #11.

use std::path::Path;

use guihua::output::{DocInfo, Record};
use guihua::{Extraction, SectionIdx};

use crate::common::{corpus_files, fixture_files};

fn jsonl(ex: &Extraction<'_>, doc: &str) -> String {
    let mut out = Vec::new();
    ex.write_jsonl(doc, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// `serde_json::to_string` of every record equals its JSON Lines line, on
/// every corpus plan and fixture.
#[test]
fn each_record_serialises_to_its_jsonl_line() {
    for path in corpus_files().into_iter().chain(fixture_files()) {
        let text = std::fs::read_to_string(&path).unwrap();
        let ex = guihua::extract(&text);
        let info = DocInfo { doc: "d.txt", format: Some("text"), encoding: Some("UTF-8") };
        let mut written = Vec::new();
        ex.write_jsonl_info(&info, &mut written).unwrap();
        let written = String::from_utf8(written).unwrap();
        let lines: Vec<&str> = written.lines().collect();
        let records: Vec<Record<'_>> = ex.records(info).collect();
        assert_eq!(records.len(), lines.len(), "{}", path.display());
        for (r, line) in records.iter().zip(&lines) {
            assert_eq!(serde_json::to_string(r).unwrap(), *line, "{}", path.display());
        }
        let n = records.iter().filter(|r| matches!(r, Record::Indicator(_))).count();
        assert_eq!(n, ex.indicators().len());
    }
}

/// Reads a plan and returns its extraction: impossible while an extraction
/// could only borrow a text the function owns.
fn load(path: &Path) -> Extraction<'static> {
    let text = std::fs::read_to_string(path).unwrap();
    guihua::Extractor::new().extract_owned(text)
}

fn load_via_into_owned(path: &Path) -> Extraction<'static> {
    let text = std::fs::read_to_string(path).unwrap();
    let ex = guihua::extract(&text);
    ex.into_owned()
}

/// An owned extraction, returned from the function that read the file,
/// writes exactly what the borrowed one writes.
#[test]
fn an_owned_extraction_outlives_its_buffer() {
    let owned: Vec<(String, Extraction<'static>, Extraction<'static>)> = corpus_files()
        .iter()
        .map(|p| (p.display().to_string(), load(p), load_via_into_owned(p)))
        .collect();
    for (path, a, b) in &owned {
        let text = std::fs::read_to_string(path).unwrap();
        let borrowed = guihua::extract(&text);
        let want = jsonl(&borrowed, "x.txt");
        assert_eq!(jsonl(a, "x.txt"), want, "{path}");
        assert_eq!(jsonl(b, "x.txt"), want, "{path}");
        assert!(!a.indicators().is_empty());
        // Owned extractions can move to another thread.
        let (n, title) = std::thread::scope(|s| {
            s.spawn(|| (a.indicators().len(), a.metadata().title.clone())).join().unwrap()
        });
        assert_eq!((n, title), (borrowed.indicators().len(), borrowed.metadata().title.clone()));
    }
}

/// `children` and `outline` give the same tree as the nested JSON output,
/// on every corpus plan.
#[test]
fn the_outline_as_a_tree() {
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let ex = guihua::extract(&text);
        let mut out = Vec::new();
        ex.write_json("x.txt", &mut out).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        fn titles(node: &serde_json::Value) -> serde_json::Value {
            let kids: Vec<serde_json::Value> =
                node["children"].as_array().unwrap().iter().map(titles).collect();
            serde_json::json!([node["title"], node["items"].as_array().unwrap().len(), kids])
        }
        fn ours(ex: &Extraction<'_>, idx: SectionIdx) -> serde_json::Value {
            let s = ex.section(idx);
            let title = if s.inferred { "" } else { ex.slice(s.title) };
            let kids: Vec<serde_json::Value> = ex.children(idx).map(|(c, _)| ours(ex, c)).collect();
            serde_json::json!([title, ex.items_in(idx).count(), kids])
        }
        let want: Vec<serde_json::Value> =
            json["sections"].as_array().unwrap().iter().map(titles).collect();
        let got: Vec<serde_json::Value> = ex.roots().map(|(r, _)| ours(&ex, r)).collect();
        assert_eq!(got, want, "{}", path.display());
        // The walk visits every section once, each one level below its parent.
        let walk: Vec<(usize, SectionIdx)> = ex.outline().map(|(d, i, _)| (d, i)).collect();
        assert_eq!(walk.len(), ex.sections().len());
        for &(depth, idx) in &walk {
            match ex.section(idx).parent {
                None => assert_eq!(depth, 0),
                Some(p) => assert_eq!(depth, walk[p.0 as usize].0 + 1),
            }
        }
        assert!(walk.iter().any(|&(d, _)| d > 0), "{}: a nested outline", path.display());
    }
}
