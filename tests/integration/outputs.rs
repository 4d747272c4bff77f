//! Outputs a researcher can trust: unique document names across roots,
//! output files with the umask's mode and no stale temporary files,
//! standard input, and decoding that says where it failed. See: issue #11.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value as Json;

fn guihua() -> Command {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
}

/// A short plan with two indicators.
const PLAN: &str = "（一）妇女与健康\n主要目标：\n1.孕产妇死亡率下降到12/10万以下。\n2.适龄妇女宫颈癌人群筛查率达到70%以上。\n";
/// Another, with one.
const OTHER: &str = "（一）妇女与健康\n主要目标：\n1.孕产妇死亡率下降到9/10万以下。\n";

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn records(stdout: &[u8]) -> Vec<Json> {
    std::str::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn docs_of(records: &[Json], kind: &str) -> Vec<String> {
    records
        .iter()
        .filter(|r| r["type"] == kind)
        .map(|r| r["doc"].as_str().unwrap().to_string())
        .collect()
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    guihua().args(args).current_dir(dir).output().unwrap()
}

fn with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = guihua()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A usage error exits before reading: a closed pipe is not a failure.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

/// Two county folders holding the same file names: every document keeps
/// its own name on stdout, in `--out`, in CSV and in `table`.
#[test]
fn two_roots_with_the_same_relative_paths_stay_apart() {
    let d = tempfile::tempdir().unwrap();
    for (county, text) in [("a", PLAN), ("b", OTHER)] {
        write(&d.path().join(county).join("plan.txt"), text.as_bytes());
        write(&d.path().join(county).join("sub/plan.txt"), text.as_bytes());
    }
    let want: BTreeSet<String> =
        ["a/plan.txt", "a/sub/plan.txt", "b/plan.txt", "b/sub/plan.txt"].map(String::from).into();

    let out = run_in(d.path(), &["extract", "a", "b", "-q"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let recs = records(&out.stdout);
    let docs: Vec<String> = docs_of(&recs, "document");
    assert_eq!(docs.iter().cloned().collect::<BTreeSet<_>>(), want);
    assert_eq!(docs.len(), 4);
    // a's plans have two indicators, b's one: nothing was mixed up.
    for r in recs.iter().filter(|r| r["type"] == "document") {
        let n = if r["doc"].as_str().unwrap().starts_with("a/") { 2 } else { 1 };
        assert_eq!(r["indicators"], n, "{r}");
    }

    let out = run_in(d.path(), &["extract", "a", "b", "--out", "out"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("4 files"));
    for doc in &want {
        let file = d.path().join("out").join(format!("{doc}.jsonl"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(docs_of(&records(text.as_bytes()), "document"), vec![doc.clone()], "{doc}");
    }

    let csv = run_in(d.path(), &["extract", "a", "b", "--format", "csv"]);
    let mut rdr = csv::Reader::from_reader(&csv.stdout[3..]);
    let csv_docs: BTreeSet<String> = rdr.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(csv_docs, want);

    let table = run_in(d.path(), &["table", "a", "b"]);
    assert!(table.status.success(), "{}", String::from_utf8_lossy(&table.stderr));
    let mut rdr = csv::Reader::from_reader(&table.stdout[3..]);
    let table_docs: BTreeSet<String> = rdr.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(table_docs, want);
}

/// Two inputs that still get one name (the same folder twice, written two
/// ways): the second is an error, the first's output is not overwritten.
#[test]
fn a_name_taken_twice_is_an_error_for_the_second() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("a/plan.txt"), PLAN.as_bytes());
    let out = run_in(d.path(), &["extract", "a", "./a/", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already taken"), "{stderr}");
    assert!(stderr.contains("1 files") && stderr.contains("1 errors"), "{stderr}");
    let written = std::fs::read_to_string(d.path().join("out/a/plan.txt.jsonl")).unwrap();
    assert!(written.contains(r#""type":"indicator""#));

    let out = run_in(d.path(), &["extract", "a/plan.txt", "a/plan.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(docs_of(&recs, "document"), vec!["a/plan.txt"]);
    assert_eq!(docs_of(&recs, "error"), vec!["a/plan.txt"]);
}

#[cfg(unix)]
fn mode_under_umask(umask: &str) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("in/plan.txt"), PLAN.as_bytes());
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" extract in --out out -q"))
        .arg(env!("CARGO_BIN_EXE_guihua"))
        .current_dir(d.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta = std::fs::metadata(d.path().join("out/plan.txt.jsonl")).unwrap();
    meta.permissions().mode() & 0o777
}

/// Output files are as readable as any file the user creates: 0644 under
/// umask 022, 0640 under 027 (they used to be 0600 whatever the umask).
#[cfg(unix)]
#[test]
fn output_files_get_the_umask_mode() {
    assert_eq!(mode_under_umask("022"), 0o644);
    assert_eq!(mode_under_umask("027"), 0o640);
}

/// `--sync` writes the same files (flushed before their rename); it needs
/// `--out`.
#[test]
fn sync_writes_the_same_files() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("in/a/plan.txt"), PLAN.as_bytes());
    write(&d.path().join("in/b.txt"), OTHER.as_bytes());
    let plain = run_in(d.path(), &["extract", "in", "--out", "plain", "-q"]);
    let synced = run_in(d.path(), &["extract", "in", "--out", "synced", "--sync", "-q"]);
    assert!(plain.status.success() && synced.status.success());
    for f in ["a/plan.txt.jsonl", "b.txt.jsonl"] {
        let a = std::fs::read(d.path().join("plain").join(f)).unwrap();
        assert!(!a.is_empty());
        assert_eq!(a, std::fs::read(d.path().join("synced").join(f)).unwrap(), "{f}");
    }
    let no_out = run_in(d.path(), &["extract", "in", "--sync"]);
    assert_eq!(no_out.status.code(), Some(2));
}

/// A killed run's temporary files are removed by the next run; other
/// files in the directory are left alone.
#[test]
fn stale_temporary_files_are_removed() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("in/plan.txt"), PLAN.as_bytes());
    let stale = [d.path().join("out/.guihua-tmp-Ab12Cd"), d.path().join("out/x/.guihua-tmp-9z")];
    for s in &stale {
        write(s, b"{\"type\":\"document\"");
    }
    let theirs = d.path().join("out/.tmpKeepMe");
    write(&theirs, b"not ours");
    let out = run_in(d.path(), &["extract", "in", "--out", "out"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("removed 2 temporary files"));
    assert!(stale.iter().all(|s| !s.exists()));
    assert!(theirs.exists());
    assert!(d.path().join("out/plan.txt.jsonl").exists());
}

/// `guihua extract -` reads one document from standard input: named `-`,
/// or as `--stdin-name` says, with the same records as the file.
#[test]
fn standard_input_is_one_document() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("plan.txt"), PLAN.as_bytes());
    let from_file = records(&run_in(d.path(), &["extract", "plan.txt"]).stdout);
    let out = with_stdin(d.path(), &["extract", "-"], PLAN.as_bytes());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let from_stdin = records(&out.stdout);
    assert_eq!(docs_of(&from_stdin, "document"), vec!["-"]);
    let strip = |rs: &[Json]| -> Vec<Json> {
        rs.iter()
            .map(|r| {
                let mut r = r.clone();
                r.as_object_mut().unwrap().remove("doc");
                r
            })
            .collect()
    };
    assert_eq!(strip(&from_stdin), strip(&from_file));
    assert_eq!(docs_of(&from_stdin, "indicator").len(), 2);

    let named = with_stdin(
        d.path(),
        &["extract", "-", "--stdin-name", "county/plan.txt", "--out", "out"],
        PLAN.as_bytes(),
    );
    assert!(named.status.success(), "{}", String::from_utf8_lossy(&named.stderr));
    let written = std::fs::read_to_string(d.path().join("out/county/plan.txt.jsonl")).unwrap();
    assert!(written.starts_with(r#"{"type":"document","doc":"county/plan.txt""#), "{written}");

    // With --out the document needs a name; stdin cannot be read twice.
    let unnamed = with_stdin(d.path(), &["extract", "-", "--out", "o2"], PLAN.as_bytes());
    assert_eq!(unnamed.status.code(), Some(2));
    let twice = with_stdin(d.path(), &["extract", "-", "--files-from", "-"], b"plan.txt\n");
    assert_eq!(twice.status.code(), Some(2));
}

/// Path lists moved to `--files-from` (a file or `-`).
#[test]
fn path_lists_come_from_files_from() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("a/plan.txt"), PLAN.as_bytes());
    write(&d.path().join("b/plan.txt"), OTHER.as_bytes());
    write(&d.path().join("list.txt"), b"a/plan.txt\n\nb/plan.txt\n");
    let out = run_in(d.path(), &["extract", "--files-from", "list.txt"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(docs_of(&records(&out.stdout), "document"), vec!["a/plan.txt", "b/plan.txt"]);
    let missing = run_in(d.path(), &["extract", "--files-from", "no-such-list.txt"]);
    assert_eq!(missing.status.code(), Some(2));
}

/// A UTF-8 plan with 4 bad bytes: the error names UTF-8 (not GBK) and the
/// offset of the first; `--lossy` reads it, with one diagnostic counting
/// them, and loses none of the indicators.
#[test]
fn a_mostly_utf8_file_with_bad_bytes() {
    let d = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(crate::common::root().join("corpus/000_4bd780983ec9969a.txt"))
            .unwrap();
    // Two bad pairs in the first line (the title), far from any value.
    let at = text.find('\n').unwrap();
    let mut bytes = text.as_bytes().to_vec();
    bytes.splice(at..at, [0xFF, 0xFE]);
    bytes.splice(1..1, [0xC0, 0xAF]);
    write(&d.path().join("bad.txt"), &bytes);
    write(&d.path().join("good.txt"), text.as_bytes());

    let out = run_in(d.path(), &["extract", "bad.txt", "-q"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot decode as UTF-8: 4 bad bytes, the first at byte 1"),
        "{stderr}"
    );
    assert!(stderr.contains("--lossy"), "{stderr}");

    let out = run_in(d.path(), &["extract", "bad.txt", "--lossy", "-q"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let recs = records(&out.stdout);
    let diags: Vec<&Json> = recs.iter().filter(|r| r["code"] == "undecodable_bytes").collect();
    assert_eq!(diags.len(), 1);
    assert!(diags[0]["message"].as_str().unwrap().starts_with("4 undecodable bytes (UTF-8)"));
    assert_eq!(diags[0]["line"], 1);
    assert!(diags[0]["text"].as_str().unwrap().contains('\u{FFFD}'));
    assert_eq!(recs[0]["encoding"], "UTF-8");
    let good = records(&run_in(d.path(), &["extract", "good.txt"]).stdout);
    let values = |rs: &[Json]| -> Vec<String> {
        rs.iter()
            .filter(|r| r["type"] == "indicator")
            .map(|r| format!("{} {} {}", r["indicator"], r["value"], r["line"]))
            .collect()
    };
    assert_eq!(values(&recs), values(&good));
}

/// A GBK file with one byte that does not decode: the error names GBK
/// and where.
#[test]
fn a_legacy_encoding_error_names_encoding_and_offset() {
    let d = tempfile::tempdir().unwrap();
    let text = PLAN.repeat(20);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let mut bytes = gbk.into_owned();
    let at = bytes.len() - 1;
    bytes.insert(at, 0xFF);
    write(&d.path().join("gbk.txt"), &bytes);
    let out = run_in(d.path(), &["extract", "gbk.txt", "-q"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("cannot decode as GBK: 1 bad byte, the first at byte {at}")),
        "{stderr}"
    );
    let forced = run_in(d.path(), &["extract", "gbk.txt", "--encoding", "gbk", "--lossy", "-q"]);
    assert!(forced.status.success());
    assert!(String::from_utf8_lossy(&forced.stdout).contains("1 undecodable byte (GBK)"));
}
