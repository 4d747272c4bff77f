//! Metadata, canonical indicators, the wide table and the comparison on the
//! bundled corpus. See: issue #5.

use std::collections::BTreeSet;
use std::process::Command;

use guihua::Level;

use crate::common::{corpus_files, root};

/// Title, region, level and period of every corpus plan, as the text states
/// them (002 states no title and no period; it speaks as 我县 and names its
/// own 乳源经济和社会发展规划).
#[test]
fn corpus_metadata() {
    type Want = (
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<Level>,
        Option<(u16, u16)>,
    );
    let want: &[Want] = &[
        (
            "000",
            Some("柳河县妇女发展规划（2021—2030年）"),
            Some("柳河县"),
            Some(Level::County),
            Some((2021, 2030)),
        ),
        (
            "001",
            Some("吉县妇女发展“十四五”规划"),
            Some("吉县"),
            Some(Level::County),
            Some((2021, 2025)),
        ),
        ("002", None, Some("乳源"), Some(Level::County), None),
        (
            "003",
            Some("淮安市淮阴区妇女发展规划（2021-2025年）"),
            Some("淮阴区"),
            Some(Level::District),
            Some((2021, 2025)),
        ),
        (
            "004",
            Some("呼图壁县妇女发展规划（2021—2025年）"),
            Some("呼图壁县"),
            Some(Level::County),
            Some((2021, 2025)),
        ),
    ];
    let files = corpus_files();
    assert_eq!(files.len(), want.len());
    for (path, &(stem, title, region, level, period)) in files.iter().zip(want) {
        assert!(path.file_name().unwrap().to_string_lossy().starts_with(stem));
        let text = std::fs::read_to_string(path).unwrap();
        let ex = guihua::extract(&text);
        let m = ex.metadata();
        assert_eq!(m.title.as_deref(), title, "{stem}");
        assert_eq!(m.region.as_deref(), region, "{stem}");
        assert_eq!(m.level, level, "{stem}");
        assert_eq!(m.period, period, "{stem}");
        if stem == "003" {
            assert_eq!(m.parent_region.as_deref(), Some("淮安市"));
        }
        if stem == "004" {
            assert_eq!(m.issued.as_deref(), Some("2022-11-04"));
        }
        // Every plan cites the national outline or a higher-level plan.
        assert!(!m.cited.is_empty(), "{stem} cites no plan");
        assert!(m.cited.iter().all(|c| c.level.is_some()));
    }
}

#[test]
fn cited_plans_have_periods() {
    let text = std::fs::read_to_string(root().join("corpus/000_4bd780983ec9969a.txt")).unwrap();
    let ex = guihua::extract(&text);
    let cited: Vec<(&str, Option<(u16, u16)>)> =
        ex.metadata().cited.iter().map(|c| (c.title.as_str(), c.period)).collect();
    assert!(
        cited.contains(&("通化市妇女发展规划（2021—2030年）", Some((2021, 2030)))),
        "{cited:?}"
    );
}

/// At least 80% of the corpus's indicators get a canonical id.
#[test]
fn most_indicators_are_canonical() {
    let (mut n, mut matched) = (0, 0);
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let ex = guihua::extract(&text);
        n += ex.indicators().len();
        matched += ex.indicators().iter().filter(|i| i.canonical.is_some()).count();
    }
    assert!(matched * 100 >= n * 80, "{matched} of {n} indicators have a canonical id");
}

fn guihua() -> Command {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
}

#[test]
fn table_has_one_row_per_plan() {
    let out =
        guihua().args(["table", "corpus", "--format", "csv"]).current_dir(root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut rdr = csv::Reader::from_reader(&out.stdout[3..]);
    let headers = rdr.headers().unwrap().clone();
    assert!(headers.iter().any(|h| h == "W_H_03_value"), "the maternal mortality column");
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    let col = headers.iter().position(|h| h == "W_H_03_value").unwrap();
    assert_eq!(&rows[0][col], "12");
    let jsonl = guihua()
        .args(["table", "corpus", "--format", "jsonl"])
        .current_dir(root())
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(jsonl.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[4]["region"], "呼图壁县");
}

#[test]
fn compare_two_plans() {
    let args = ["compare", "corpus/000_4bd780983ec9969a.txt", "corpus/004_ea23501ae0503dd7.txt"];
    let out = guihua().args(args).current_dir(root()).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("孕产妇死亡率") && text.contains("A stricter"), "{text}");
    let json = guihua().args(args).args(["--format", "json"]).current_dir(root()).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let mmr = v["indicators"].as_array().unwrap().iter().find(|i| i["id"] == "W.H.03").unwrap();
    // 12/10万 in 000 against 16/10万 in 004: lower is better.
    assert_eq!(mmr["verdict"], "a_stricter");
    assert_eq!(mmr["a"]["value"], 12);
    assert_eq!(mmr["b"]["value"], 16);
}

#[test]
fn user_catalogue_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("mine.tsv");
    std::fs::write(
        &cat,
        "X.1\t卫生院数\t健康\t所\thigher\t每个乡镇标准化建设的乡镇卫生院\tmy survey\n",
    )
    .unwrap();
    let out = guihua()
        .args(["extract", "corpus/001_db2087725e42d03c.txt", "--catalogue"])
        .arg(&cat)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains(r#""canonical_id":"X.1""#));
    std::fs::write(&cat, "broken").unwrap();
    let bad = guihua()
        .args(["extract", "corpus", "--catalogue"])
        .arg(&cat)
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

/// Whether `name` is a valid Stata variable name (letters, digits and `_`,
/// not starting with a digit, at most 32 chars) that R also reads as a
/// syntactic name (starting with a letter).
fn valid_variable_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn write_plan(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// Two plans: one states W.H.07 only as the previous plan's achievement (a
/// baseline), the other as a target. By default the table holds targets
/// only, with a kind and a year column; `--kind baseline` and `--kind all`
/// hold what they say; column names are valid variable names; `--labels`
/// writes a codebook row per column.
#[test]
fn table_kinds_columns_and_codebook() {
    let d = tempfile::tempdir().unwrap();
    write_plan(
        d.path(),
        "review.txt",
        "一、“十三五”发展回顾\n孕产妇系统管理率达到96%。\n二、发展领域\n（一）妇女与健康\n主要目标：\n1.孕产妇死亡率下降到12/10万以下。\n",
    );
    write_plan(
        d.path(),
        "target.txt",
        "（一）妇女与健康\n主要目标：\n1.到2025年，孕产妇系统管理率达到95%以上。\n",
    );
    let table = |extra: &[&str]| {
        let out = guihua()
            .args(["table", "review.txt", "target.txt"])
            .args(extra)
            .current_dir(d.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut rdr = csv::Reader::from_reader(&out.stdout[3..]);
        let headers: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<Vec<String>> =
            rdr.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
        (headers, rows)
    };
    let get = |h: &[String], row: &[String], col: &str| -> String {
        row[h.iter().position(|x| x == col).unwrap_or_else(|| panic!("no {col} in {h:?}"))].clone()
    };

    let (h, rows) = table(&["--labels", "codebook.csv"]);
    assert!(h.iter().all(|c| valid_variable_name(c)), "{h:?}");
    for field in ["kind", "comparator", "value", "value_max", "unit", "year"] {
        assert!(h.contains(&format!("W_H_07_{field}")), "{field}: {h:?}");
    }
    // review.txt: the 96% is a baseline, so no W.H.07 target.
    assert_eq!(get(&h, &rows[0], "W_H_07_value"), "");
    assert_eq!(get(&h, &rows[0], "W_H_03_kind"), "target");
    assert_eq!(get(&h, &rows[1], "W_H_07_kind"), "target");
    assert_eq!(get(&h, &rows[1], "W_H_07_comparator"), ">=");
    assert_eq!(get(&h, &rows[1], "W_H_07_value"), "95");
    assert_eq!(get(&h, &rows[1], "W_H_07_year"), "2025");
    let kinds: BTreeSet<String> = h
        .iter()
        .filter(|c| c.ends_with("_kind"))
        .flat_map(|c| rows.iter().map(|r| get(&h, r, c)))
        .collect();
    assert_eq!(kinds, BTreeSet::from(["".to_string(), "target".to_string()]), "targets only");

    let codebook = std::fs::read(d.path().join("codebook.csv")).unwrap();
    let mut cb = csv::Reader::from_reader(&codebook[3..]);
    assert_eq!(
        cb.headers().unwrap().iter().take(5).collect::<Vec<_>>(),
        ["id", "column", "canonical_name", "unit", "direction"]
    );
    let entries: Vec<csv::StringRecord> = cb.records().map(Result::unwrap).collect();
    assert_eq!(entries.iter().map(|r| r[1].to_string()).collect::<Vec<_>>(), h, "a row per column");
    let mmr = entries.iter().find(|r| &r[1] == "W_H_03_value").unwrap();
    assert_eq!((&mmr[0], &mmr[2], &mmr[3], &mmr[4]), ("W.H.03", "孕产妇死亡率", "1/10万", "lower"));

    let (h, rows) = table(&["--kind", "baseline"]);
    assert_eq!(get(&h, &rows[0], "W_H_07_kind"), "baseline");
    assert_eq!(get(&h, &rows[0], "W_H_07_value"), "96");
    assert_eq!(get(&h, &rows[1], "W_H_07_value"), "");
    assert!(!h.contains(&"W_H_03_value".to_string()), "no baseline of W.H.03 anywhere");

    let (h, rows) = table(&["--kind", "all"]);
    assert_eq!(get(&h, &rows[0], "W_H_07_kind"), "baseline");
    assert_eq!(get(&h, &rows[1], "W_H_07_kind"), "target");
}

/// `=95%` against `>=95%` is "different", not "same"; a baseline is
/// marked in the text output and not compared with a target.
#[test]
fn compare_marks_baselines_and_equal_values_under_other_comparators() {
    let d = tempfile::tempdir().unwrap();
    write_plan(
        d.path(),
        "a.txt",
        "（一）妇女与健康\n主要目标：\n1.孕产妇系统管理率达到95%。\n2.妇女人均预期寿命达到80岁。\n",
    );
    write_plan(
        d.path(),
        "b.txt",
        "（一）妇女与健康\n主要目标：\n1.孕产妇系统管理率达到95%以上。\n",
    );
    write_plan(d.path(), "c.txt", "一、“十三五”发展回顾\n孕产妇系统管理率达到96%。\n");
    let run = |a: &str, b: &str, format: &str| {
        let out = guihua()
            .args(["compare", a, b, "--format", format])
            .current_dir(d.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run("a.txt", "b.txt", "text");
    let line = text.lines().find(|l| l.starts_with("W.H.07")).unwrap();
    assert!(line.ends_with("different"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&run("a.txt", "b.txt", "json")).unwrap();
    assert_eq!(json["doc_a"], "a.txt");
    let w = json["indicators"].as_array().unwrap().iter().find(|i| i["id"] == "W.H.07").unwrap();
    assert_eq!(w["verdict"], "different");

    // Either plan may come from standard input, named by --stdin-name.
    let mut child = guihua()
        .args(["compare", "-", "b.txt", "--stdin-name", "a-from-stdin.txt", "--format", "json"])
        .current_dir(d.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        &std::fs::read(d.path().join("a.txt")).unwrap(),
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let piped: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(piped["doc_a"], "a-from-stdin.txt");
    assert_eq!(piped["indicators"], json["indicators"]);

    let text = run("c.txt", "b.txt", "text");
    let line = text.lines().find(|l| l.starts_with("W.H.07")).unwrap();
    assert!(line.contains("96% (baseline)") && line.ends_with("not comparable"), "{text}");
    assert!(text.contains("(baseline): the plan states no target"), "{text}");
}

/// The indicator CSV carries the canonical indicator, the chapter and the
/// plan's metadata on every row.
#[test]
fn indicator_csv_says_what_it_holds() {
    let out = guihua()
        .args(["extract", "corpus/000_4bd780983ec9969a.txt", "--format", "csv"])
        .current_dir(root())
        .output()
        .unwrap();
    let mut rdr = csv::Reader::from_reader(&out.stdout[3..]);
    let h = rdr.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap_or_else(|| panic!("{name}"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let mmr = rows.iter().find(|r| &r[col("indicator")] == "孕产妇死亡率").unwrap();
    let got: Vec<&str> = [
        "canonical_id",
        "canonical_name",
        "scope",
        "chapter",
        "region",
        "level",
        "period_start",
        "period_end",
    ]
    .iter()
    .map(|c| &mmr[col(c)])
    .collect();
    assert_eq!(got, ["W.H.03", "孕产妇死亡率", "", "妇女与健康", "柳河县", "县", "2021", "2030"]);
    assert_eq!(h.iter().next_back(), Some("error"));
    // Every row carries the plan's metadata.
    assert!(rows.iter().all(|r| &r[col("region")] == "柳河县" && &r[col("period_end")] == "2030"));
}
