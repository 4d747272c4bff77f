//! Review pages in a real browser: headless Chromium loads each corpus
//! plan's page with a checking script appended, and the test reads the
//! result back from the dumped DOM. Checked: every record has exactly one
//! highlighted span whose text is the record's quote (quotes taken from
//! `guihua extract`, not from the page); clicking a table row scrolls its
//! span into view, flashes it and selects the row; hovering a span shows
//! its record.
//!
//! Without Chromium the test prints a note and passes, so `cargo test`
//! works anywhere; `.ci/run` installs Chromium and sets
//! `GUIHUA_REQUIRE_BROWSER=1`, which turns a missing browser into a
//! failure. `CHROMIUM=/path/to/chrome` picks the browser.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::root;

fn guihua() -> Command {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
}

/// The browser to use, if any.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// The script appended to a page: checks it and writes a JSON report into
/// `<pre id="guihua-test">`.
const CHECK: &str = include_str!("browser_check.js");

/// Runs `cmd`, killing it after `limit`.
fn output_within(mut cmd: Command, limit: Duration) -> std::process::Output {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut { stdout }, &mut s).unwrap();
        s
    });
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let stdout = reader.join().unwrap();
            let mut stderr = Vec::new();
            std::io::Read::read_to_end(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            return std::process::Output { status, stdout, stderr };
        }
        if started.elapsed() > limit {
            child.kill().ok();
            panic!("the browser did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The quotes of every document's records, in record order.
fn quotes() -> Vec<(String, Vec<String>)> {
    let out = guihua().args(["extract", "corpus", "-q"]).current_dir(root()).output().unwrap();
    assert!(out.status.success());
    let mut docs: Vec<(String, Vec<String>)> = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        match r["type"].as_str() {
            Some("document") => docs.push((r["doc"].as_str().unwrap().to_string(), Vec::new())),
            Some("indicator") => {
                docs.last_mut().unwrap().1.push(r["quote"].as_str().unwrap().into())
            }
            _ => {}
        }
    }
    docs
}

/// Loads `page` with the check appended; the check's report.
fn check_in_browser(browser: &Path, page: &Path, want: &[String]) -> serde_json::Value {
    let html = std::fs::read_to_string(page).unwrap();
    // `<` escaped so that no quote can end the script element.
    let want = serde_json::to_string(want).unwrap().replace('<', "\\u003c");
    let at = html.rfind("</body>").unwrap();
    let harness = format!(
        "{}<script type=\"application/json\" id=\"guihua-want\">{want}</script><script>{CHECK}</script>{}",
        &html[..at],
        &html[at..]
    );
    let test_page = page.with_extension("test.html");
    std::fs::write(&test_page, harness).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        "--dump-dom",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .arg(format!("file://{}", test_page.display()));
    let out = output_within(cmd, Duration::from_secs(120));
    let dom = String::from_utf8_lossy(&out.stdout);
    let Some(start) = dom.rfind("<pre id=\"guihua-test\">") else {
        panic!(
            "{}: no report in the dumped DOM ({} bytes); the browser said: {}",
            page.display(),
            dom.len(),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let report = &dom[start + "<pre id=\"guihua-test\">".len()..];
    let report = &report[..report.find("</pre>").unwrap()];
    let report = report.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    serde_json::from_str(&report).unwrap()
}

#[test]
fn corpus_pages_work_in_a_browser() {
    let Some(browser) = chromium() else {
        if std::env::var_os("GUIHUA_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
            panic!("GUIHUA_REQUIRE_BROWSER=1 but no chromium on PATH (or CHROMIUM)");
        }
        // Written past the test harness's capture, so it is seen.
        writeln!(
            std::io::stderr(),
            "note: browser test skipped: no chromium on PATH (install it, or set CHROMIUM=…)"
        )
        .ok();
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("review");
    let out = guihua()
        .args(["review", "corpus", "-q", "--out", out_dir.to_str().unwrap()])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docs = quotes();
    assert_eq!(docs.len(), 5);
    let mut problems = Vec::new();
    let mut checked = 0;
    for (doc, want) in &docs {
        let r = check_in_browser(&browser, &out_dir.join(format!("{doc}.html")), want);
        let n = want.len() as u64;
        assert!(n > 0, "{doc} has records");
        for (key, expect) in [("marks", n), ("visible", n), ("flashed", n), ("selected", n)] {
            if r[key] != expect {
                problems.push(format!("{doc}: {key} {} of {n}", r[key]));
            }
        }
        if r["moved"].as_u64().unwrap_or(0) == 0 {
            problems.push(format!("{doc}: no click had to scroll"));
        }
        if r["card"] != true {
            problems.push(format!("{doc}: hovering a span shows no record"));
        }
        for p in r["problems"].as_array().unwrap() {
            problems.push(format!("{doc}: {}", p.as_str().unwrap()));
        }
        checked += n;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked > 150, "{checked} records checked");
}
