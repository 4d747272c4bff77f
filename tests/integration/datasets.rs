//! Metadata, canonical indicators, the wide table and the comparison on the
//! bundled corpus. See: issue #5.

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
    assert!(headers.iter().any(|h| h == "W.H.03_value"), "the maternal mortality column");
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    let col = headers.iter().position(|h| h == "W.H.03_value").unwrap();
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
