//! Batch conversion of a messy folder: mixed encodings and formats, broken
//! files, resumable output. See: issue #3.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::Path;
use std::process::Command;

use serde_json::Value as Json;

use crate::common::root;

fn guihua() -> Command {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
}

/// The comparable part of an indicator record.
fn key(r: &Json) -> String {
    [
        "indicator",
        "comparator",
        "value",
        "value_max",
        "ratio",
        "unit",
        "kind",
        "section",
        "source",
        "year",
    ]
    .iter()
    .map(|k| r[*k].to_string())
    .collect::<Vec<_>>()
    .join("|")
}

fn docx(lines: &str) -> Vec<u8> {
    let mut body = String::new();
    for l in lines.split('\n') {
        let l = l.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        body.push_str(&format!("<w:p><w:r><w:t xml:space=\"preserve\">{l}</w:t></w:r></w:p>"));
    }
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file("word/document.xml", opts).unwrap();
    write!(
        w,
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
    .unwrap();
    w.finish().unwrap().into_inner()
}

fn zip_bomb() -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("word/document.xml", opts).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..80 {
        w.write_all(&chunk).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn html(lines: &str) -> String {
    let mut s = String::from("<html><head><meta charset=\"gbk\"><title>t</title></head><body>\n");
    for l in lines.lines() {
        s.push_str(&format!("<p>{}</p>\n", l.replace('&', "&amp;").replace('<', "&lt;")));
    }
    s.push_str("</body></html>\n");
    s
}

struct Folder {
    dir: tempfile::TempDir,
    clean: String,
}

fn messy_folder() -> Folder {
    let clean = std::fs::read_to_string(root().join("corpus/000_4bd780983ec9969a.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let w = |name: &str, bytes: &[u8]| {
        let p = d.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    w("utf8.txt", clean.as_bytes());
    w("utf8-bom.txt", &[b"\xEF\xBB\xBF".as_slice(), clean.as_bytes()].concat());
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&clean);
    assert!(!unmappable, "the sample text fits GBK");
    w("gbk.txt", &gbk);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(clean.encode_utf16().flat_map(u16::to_le_bytes));
    w("utf16.txt", &utf16);
    w("word.docx", &docx(&clean));
    let page = html(&clean);
    let (page, _, _) = encoding_rs::GBK.encode(&page);
    w("page.html", &page);
    w("nested/deeper/plan.md", clean.as_bytes());
    w("empty.txt", b"");
    w("binary.txt", &[0x89, b'P', b'N', b'G', 0, 0, 0, 0x0D, 0xFF, 0, 1, 2]);
    w("bomb.docx", &zip_bomb());
    w(".hidden.txt", clean.as_bytes());
    w("notes.rtf", b"{\\rtf1 notes}");
    w("stub.pdf", b"%PDF-1.4");
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("no-such-target.txt"), d.join("unreadable.txt")).unwrap();
    Folder { dir, clean }
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = guihua().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn every_good_file_matches_its_clean_twin_and_every_bad_file_has_one_error() {
    let f = messy_folder();
    let clean_path = f.dir.path().join("utf8.txt");
    let (code, stdout, stderr) = run(&["extract", f.dir.path().to_str().unwrap(), "--quiet"]);
    assert_eq!(code, Some(1), "some files fail: {stderr}");
    let mut indicators: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    let mut encodings: BTreeMap<String, String> = BTreeMap::new();
    for line in stdout.lines() {
        let r: Json = serde_json::from_str(line).unwrap();
        let doc = r["doc"].as_str().unwrap().to_string();
        match r["type"].as_str().unwrap() {
            "indicator" => indicators.entry(doc).or_default().push(key(&r)),
            "error" => *errors.entry(doc).or_default() += 1,
            "document" => {
                encodings.insert(doc, r["encoding"].as_str().unwrap_or("").to_string());
            }
            _ => {}
        }
    }
    let twin: Vec<String> = {
        let (_, out, _) = run(&["extract", clean_path.to_str().unwrap()]);
        out.lines()
            .map(|l| serde_json::from_str::<Json>(l).unwrap())
            .filter(|r| r["type"] == "indicator")
            .map(|r| key(&r))
            .collect()
    };
    assert!(twin.len() > 10, "the twin has indicators");
    for doc in [
        "utf8.txt",
        "utf8-bom.txt",
        "gbk.txt",
        "utf16.txt",
        "word.docx",
        "page.html",
        "nested/deeper/plan.md",
    ] {
        assert_eq!(indicators.get(doc), Some(&twin), "{doc} differs from its clean twin");
    }
    assert_eq!(encodings["gbk.txt"], "GBK");
    assert_eq!(encodings["utf16.txt"], "UTF-16LE");
    assert_eq!(encodings["page.html"], "GBK");
    assert!(
        !indicators.contains_key("empty.txt") && encodings.contains_key("empty.txt"),
        "empty file: empty result"
    );
    let want_errors: BTreeMap<String, usize> =
        ["binary.txt", "bomb.docx", "stub.pdf", "unreadable.txt"]
            .iter()
            .map(|d| (d.to_string(), 1))
            .collect();
    assert_eq!(errors, want_errors);
    assert!(stderr.is_empty() || !stderr.contains("note"), "--quiet silences notes");
    assert!(!stdout.contains(".hidden.txt") && !stdout.contains("notes.rtf"));
    let _ = f.clean;
}

#[test]
fn notes_and_summary_without_quiet() {
    let f = messy_folder();
    let (_, _, stderr) = run(&["extract", f.dir.path().to_str().unwrap()]);
    assert!(stderr.contains("skipped 1 hidden"), "{stderr}");
    assert!(stderr.contains("skipped 1 files that are not"), "{stderr}");
    assert!(stderr.contains("4 errors"), "{stderr}");
    assert!(stderr.contains("binary.txt: not text"), "{stderr}");
}

#[test]
fn out_dir_resumes_and_a_second_run_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("o");
    let args = ["extract", "corpus", "--out", out_dir.to_str().unwrap()];
    let first = guihua().args(args).current_dir(root()).output().unwrap();
    assert!(first.status.success());
    let mtimes = |d: &Path| -> Vec<(String, std::time::SystemTime)> {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = mtimes(&out_dir);
    assert_eq!(before.len(), 5);
    assert!(before.iter().all(|(n, _)| n.ends_with(".txt.jsonl")));
    let second = guihua().args(args).current_dir(root()).output().unwrap();
    assert!(second.status.success());
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("nothing to do"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(mtimes(&out_dir), before, "the second run rewrote files");
    let forced = guihua().args(args).arg("--force").current_dir(root()).output().unwrap();
    assert!(String::from_utf8_lossy(&forced.stderr).contains("5 files"));
}

#[test]
fn output_is_independent_of_the_thread_count() {
    let one = guihua()
        .args(["extract", "corpus", "fixtures/phenomena", "-j", "1"])
        .current_dir(root())
        .output()
        .unwrap();
    let two = guihua()
        .args(["extract", "corpus", "fixtures/phenomena", "-j", "2"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(one.status.success() && two.status.success());
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn csv_has_one_row_per_indicator_and_reads_back() {
    let out = guihua()
        .args(["extract", "corpus", "--format", "csv"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let mut rdr = csv::Reader::from_reader(&out.stdout[3..]);
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "doc");
    assert!(headers.iter().any(|h| h == "indicator"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let jsonl = guihua().args(["extract", "corpus"]).current_dir(root()).output().unwrap();
    let n = String::from_utf8(jsonl.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.contains(r#""type":"indicator""#))
        .count();
    assert_eq!(rows.len(), n);
    assert!(rows.iter().all(|r| r.len() == headers.len()));
}

/// A list of paths on standard input (`--files-from -`): each is a root,
/// so each is named by its path as listed.
#[test]
fn paths_from_stdin() {
    let mut child = guihua()
        .args(["extract", "--files-from", "-"])
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"fixtures/phenomena/ratios.txt\n\ncorpus/000_4bd780983ec9969a.txt\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains(r#""doc":"fixtures/phenomena/ratios.txt""#)
            && s.contains(r#""doc":"corpus/000_4bd780983ec9969a.txt""#),
        "{s}"
    );
}

#[test]
fn forced_encoding_and_emitted_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = "（一）妇女与健康\n主要目标：\n1.孕产妇死亡率下降到12/10万以下。\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(dir.path().join("short.txt"), &gbk).unwrap();
    let emit = dir.path().join("text");
    let out = guihua()
        .args(["extract", "--encoding", "gb18030", "--emit-text", emit.to_str().unwrap()])
        .arg(dir.path().join("short.txt"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains(r#""encoding":"gb18030""#));
    assert_eq!(std::fs::read_to_string(emit.join("short.txt.txt")).unwrap(), text);
    let bad = guihua()
        .args(["extract", "--encoding", "klingon", "corpus"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
