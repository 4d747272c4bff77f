//! `guihua review`: a page per plan and an overview, with the batch rules
//! of `extract` (one bad file costs nothing else, exit codes, atomic
//! writes). The pages' content is checked in the binary's unit tests and
//! in a browser (`browser.rs`). See: issue #13.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::common::root;

fn guihua() -> Command {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
}

/// Every file under `dir`, relative, with `/` separators.
fn tree(dir: &Path) -> BTreeSet<String> {
    fn walk(base: &Path, d: &Path, out: &mut BTreeSet<String>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap();
                out.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

/// The number of indicator records `extract` gives for each input of a run.
fn extract_counts(args: &[&str]) -> Vec<(String, usize)> {
    let out = guihua().arg("extract").args(args).current_dir(root()).output().unwrap();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        if r["type"] == "document" {
            counts.push((r["doc"].as_str().unwrap().to_string(), 0));
        } else if r["type"] == "indicator" {
            counts.last_mut().unwrap().1 += 1;
        }
    }
    counts
}

#[test]
fn the_corpus_gives_a_page_per_plan_with_every_record_and_an_index() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("review");
    let out = guihua()
        .args(["review", "corpus", "--out", out_dir.to_str().unwrap()])
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("5 pages") && stderr.contains("index.html"), "{stderr}");
    let counts = extract_counts(&["corpus"]);
    assert_eq!(counts.len(), 5);
    let mut want: BTreeSet<String> = counts.iter().map(|(d, _)| format!("{d}.html")).collect();
    want.insert("index.html".into());
    assert_eq!(tree(&out_dir), want, "one page per plan and the index, nothing left over");
    let index = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    for (doc, n) in &counts {
        let page = std::fs::read_to_string(out_dir.join(format!("{doc}.html"))).unwrap();
        assert!(page.ends_with("</html>"), "{doc}: the page is whole");
        let rows = page.matches("<tr data-r=").count();
        assert_eq!(rows, *n, "{doc}: one row per record");
        assert_eq!(page.matches(" data-r=").count() - rows, *n, "{doc}: one mark per record");
        assert!(index.contains(&format!("href=\"{doc}.html\"")), "{doc}: linked from the index");
        assert!(page.contains("href=\"index.html\""), "{doc}: links back");
    }
    assert!(index.contains("<figure class=\"chart\" id=\"W.H.03\">"), "孕产妇死亡率 is charted");
    assert!(index.contains("class=\"ref\""), "with the national target");
    // Every chart mark links to a record that its plan's page has.
    let mut links = 0;
    for part in index.split("<a href=\"").skip(1) {
        let href = &part[..part.find('"').unwrap()];
        if let Some((page, rec)) = href.split_once("#r") {
            let page = std::fs::read_to_string(out_dir.join(page)).unwrap();
            assert!(page.contains(&format!(" id=\"r{rec}\" ")), "{href}");
            links += 1;
        }
    }
    assert!(links > 40, "{links} chart marks");
    // Pages are not written into the corpus or anywhere else.
    assert_eq!(tree(&root().join("corpus")).len(), 5);
}

/// A folder with good plans (one nested) and bad files.
fn folder() -> tempfile::TempDir {
    let clean = std::fs::read_to_string(root().join("corpus/000_4bd780983ec9969a.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    w("a.txt", clean.as_bytes());
    w("县 #1/计划 100%.txt", clean.as_bytes());
    w("binary.txt", &[0x89, b'P', b'N', b'G', 0, 0, 0, 0x0D, 0xFF, 0, 1, 2]);
    w("broken.docx", b"PK not really a zip");
    w(
        "z.md",
        "一、妇女与<script>健康</script>\n主要目标：\n1.孕产妇死亡率下降到12/10万以下。\n"
            .as_bytes(),
    );
    dir
}

#[test]
fn one_bad_file_costs_nothing_else_and_the_index_shows_its_error() {
    let input = folder();
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("o");
    let out = guihua()
        .args([
            "review",
            input.path().to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
            "-j",
            "2",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "some inputs failed: {stderr}");
    assert!(stderr.contains("binary.txt: not text"), "{stderr}");
    assert!(stderr.contains("broken.docx: "), "{stderr}");
    assert!(stderr.contains("3 pages") && stderr.contains("2 errors"), "{stderr}");
    let files = tree(&out_dir);
    let want: BTreeSet<String> =
        ["a.txt.html", "县 #1/计划 100%.txt.html", "z.md.html", "index.html"]
            .map(String::from)
            .into();
    assert_eq!(files, want);
    let index = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert_eq!(index.matches("<tr class=\"failed\">").count(), 2);
    assert!(
        index.contains("binary.txt: <span class=\"err\">not text"),
        "the error is in the index"
    );
    // The nested page's link is percent-encoded and goes one level back up.
    assert!(index.contains("href=\"%E5%8E%BF%20%231/%E8%AE%A1%E5%88%92%20100%25.txt.html\""));
    let nested = std::fs::read_to_string(out_dir.join("县 #1/计划 100%.txt.html")).unwrap();
    assert!(nested.contains("href=\"../index.html\""));
    // The same plan gives the same page wherever it stands.
    let a = std::fs::read_to_string(out_dir.join("a.txt.html")).unwrap();
    let strip = |s: &str| s.split("<main").nth(1).unwrap().to_string();
    assert_eq!(strip(&a), strip(&nested));
    let z = std::fs::read_to_string(out_dir.join("z.md.html")).unwrap();
    assert!(!z.contains("<script>健康") && z.matches("<script>").count() == 1);
}

#[test]
fn a_rerun_replaces_every_page_whole() {
    let input = folder();
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("o");
    let run = || {
        guihua()
            .args([
                "review",
                input.path().to_str().unwrap(),
                "--out",
                out_dir.to_str().unwrap(),
                "-q",
            ])
            .output()
            .unwrap()
    };
    assert_eq!(run().status.code(), Some(1));
    let first: Vec<(String, Vec<u8>)> = tree(&out_dir)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(out_dir.join(&f)).unwrap()))
        .collect();
    // A page a reader holds open keeps its old content: pages are replaced
    // by renaming a finished file over them, never rewritten in place.
    let held = out_dir.join("a.txt.html");
    let before = std::fs::File::open(&held).unwrap();
    std::fs::write(
        input.path().join("a.txt"),
        "一、妇女与健康\n主要目标：\n1.孕产妇死亡率下降到10/10万以下。\n",
    )
    .unwrap();
    let second = run();
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(
        tree(&out_dir),
        first.iter().map(|f| f.0.clone()).collect(),
        "no temporary files left"
    );
    let mut old = String::new();
    std::io::Read::read_to_string(&mut &before, &mut old).unwrap();
    assert_eq!(old.as_bytes(), first.iter().find(|f| f.0 == "a.txt.html").unwrap().1.as_slice());
    let new = std::fs::read_to_string(&held).unwrap();
    assert!(new.contains("10/10万以下") && new.ends_with("</html>"));
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("f");
    std::fs::write(&file, "").unwrap();
    for args in [
        vec!["review", "corpus"],
        vec!["review", "--out", "x"],
        vec!["review", "corpus", "--out", file.to_str().unwrap()],
        vec![
            "review",
            "corpus",
            "--out",
            tmp.path().join("o").to_str().unwrap(),
            "--catalogue",
            "no/such.tsv",
        ],
    ] {
        let out = guihua().args(&args).current_dir(root()).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn pages_are_named_by_document_identity() {
    // Two roots holding the same file name: two pages, two rows.
    let tmp = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string(root().join("corpus/000_4bd780983ec9969a.txt")).unwrap();
    for d in ["a", "b"] {
        std::fs::create_dir_all(tmp.path().join(d)).unwrap();
        std::fs::write(tmp.path().join(d).join("plan.txt"), &plan).unwrap();
    }
    let out = guihua()
        .args(["review", "a", "b", "--out", "o", "-q"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let want: BTreeSet<String> =
        ["a/plan.txt.html", "b/plan.txt.html", "index.html"].map(String::from).into();
    assert_eq!(tree(&tmp.path().join("o")), want);
    let index = std::fs::read_to_string(tmp.path().join("o/index.html")).unwrap();
    assert!(
        index.contains("href=\"a/plan.txt.html\"") && index.contains("href=\"b/plan.txt.html\"")
    );

    // Standard input: named with --stdin-name, required with review.
    let run_stdin = |extra: &[&str]| {
        let mut child = guihua()
            .args(["review", "-", "--out", "s", "-q"])
            .args(extra)
            .current_dir(tmp.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The command may refuse before reading: a closed pipe is fine.
        let _ = std::io::Write::write_all(&mut child.stdin.take().unwrap(), plan.as_bytes());
        child.wait_with_output().unwrap()
    };
    let refused = run_stdin(&[]);
    assert_eq!(refused.status.code(), Some(2), "{}", String::from_utf8_lossy(&refused.stderr));
    let named = run_stdin(&["--stdin-name", "柳河县.txt"]);
    assert_eq!(named.status.code(), Some(0), "{}", String::from_utf8_lossy(&named.stderr));
    let page = std::fs::read_to_string(tmp.path().join("s/柳河县.txt.html")).unwrap();
    assert!(page.contains("柳河县妇女发展规划"));
}
