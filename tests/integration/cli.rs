//! The `guihua` binary: output, exit codes and error records.

use std::process::Command;

use crate::common::root;

fn guihua() -> Command {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
}

#[test]
fn extracts_the_corpus_directory() {
    let out = guihua()
        .args(["extract", "corpus", "--format", "jsonl"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let docs: std::collections::BTreeSet<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(docs.len(), 5, "{docs:?}");
    assert!(stdout.lines().any(|l| l.contains(r#""type":"indicator""#)));
}

#[test]
fn json_is_one_array_of_documents() {
    let out = guihua()
        .args([
            "extract",
            "fixtures/phenomena/missing-heading.txt",
            "fixtures/phenomena/ratios.txt",
            "--format",
            "json",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = v.as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["doc"], "fixtures/phenomena/missing-heading.txt");
    assert!(docs[0]["sections"].as_array().unwrap().len() >= 3);
    assert!(!docs[1]["indicators"].as_array().unwrap().is_empty());
}

#[test]
fn a_missing_file_is_an_error_and_others_still_run() {
    let out = guihua()
        .args(["extract", "no/such/file.txt", "fixtures/phenomena/ratios.txt"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(r#""doc":"fixtures/phenomena/ratios.txt""#)
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let out = guihua()
        .args(["extract", "--format", "xml", "corpus"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Numbered items before the first heading keep their place in the JSON
/// tree (they used to be dropped).
#[test]
fn json_keeps_items_before_any_heading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bare.txt");
    std::fs::write(&path, "1.孕产妇死亡率下降到12/10万以下。\n2.婚前医学检查率达到90%。\n")
        .unwrap();
    let out = guihua().args(["extract", "--format", "json", "-q"]).arg(&path).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v[0]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["number"], 2);
}
