//! Wire conformance: every JSON Lines record the library writes parses into
//! a strict mirror of the documented format (unknown fields are errors),
//! and the gold files' field names and spellings are a subset of it.

use serde::Deserialize;

use crate::common::{corpus_files, fixture_files, jsonl, root};

#[derive(Deserialize, Debug)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
#[allow(dead_code)]
enum Record {
    Document {
        doc: String,
        format: Option<String>,
        encoding: Option<String>,
        title: Option<String>,
        region: Option<String>,
        level: Option<String>,
        parent_region: Option<String>,
        plan_type: Option<String>,
        five_year_plan: Option<u8>,
        period: Option<[u16; 2]>,
        issued: Option<String>,
        cited: Vec<Cited>,
        bytes: usize,
        lines: usize,
        sections: usize,
        items: usize,
        indicators: usize,
        diagnostics: usize,
    },
    Diagnostic {
        doc: String,
        line: u32,
        code: String,
        message: String,
        text: String,
    },
    Section {
        doc: String,
        line: u32,
        title: String,
        domain: Option<String>,
        goals: u32,
        measures: u32,
        level: u8,
        numbering: String,
        chapter: Option<String>,
        parent: Option<u32>,
        inferred: bool,
    },
    Item {
        doc: String,
        line: u32,
        number: u32,
        role: String,
        section: Option<String>,
        chapter: Option<String>,
        text: String,
    },
    Indicator {
        doc: String,
        line: u32,
        quote: String,
        indicator: String,
        comparator: String,
        value: Option<f64>,
        value_max: Option<f64>,
        ratio: Option<[f64; 2]>,
        unit: String,
        kind: String,
        section: Option<String>,
        source: String,
        year: Option<u16>,
        span: Offsets,
        col: Offsets,
        item: Option<u32>,
        chapter: Option<String>,
        canonical_id: Option<String>,
        canonical_name: Option<String>,
        canonical_match: String,
        scope: Option<String>,
    },
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Cited {
    title: String,
    region: Option<String>,
    level: Option<String>,
    period: Option<[u16; 2]>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Offsets {
    start: usize,
    end: usize,
}

const COMPARATORS: &[&str] = &[">=", "<=", ">", "<", "~", "=", "range"];
const DOMAINS: &[&str] = &[
    "健康",
    "教育",
    "经济",
    "决策和管理",
    "社会保障",
    "家庭建设",
    "环境",
    "法律",
    "安全",
    "福利",
    "家庭",
    "法律保护",
];

fn check(doc: &str, text: &str) {
    let mut documents = 0;
    for line in jsonl(doc, text).lines() {
        let rec: Record =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{doc}: {e}: {line}"));
        match rec {
            Record::Indicator {
                comparator,
                kind,
                source,
                section,
                value,
                ratio,
                unit,
                canonical_id,
                canonical_match,
                ..
            } => {
                assert!(
                    ["exact", "normalized", "none"].contains(&canonical_match.as_str()),
                    "{line}"
                );
                assert_eq!(canonical_id.is_some(), canonical_match != "none", "{line}");
                assert!(COMPARATORS.contains(&comparator.as_str()), "{line}");
                assert!(["target", "baseline"].contains(&kind.as_str()), "{line}");
                assert!(["goal", "measure", "table", "other"].contains(&source.as_str()), "{line}");
                assert!(section.as_deref().is_none_or(|s| DOMAINS.contains(&s)), "{line}");
                assert!(value.is_some() != ratio.is_some(), "a value or a ratio: {line}");
                assert_eq!(ratio.is_some(), unit == "比", "{line}");
            }
            Record::Section { domain, .. } => {
                assert!(domain.as_deref().is_none_or(|s| DOMAINS.contains(&s)), "{line}");
            }
            Record::Item { role, .. } => {
                assert!(["goal", "measure", "other"].contains(&role.as_str()), "{line}");
            }
            Record::Document { .. } => documents += 1,
            Record::Diagnostic { code, .. } => {
                assert!(
                    ["missing_heading", "numbering_gap", "unreadable_cell", "no_subject"]
                        .contains(&code.as_str()),
                    "{line}"
                );
            }
        }
    }
    assert_eq!(documents, 1, "one document record per document");
}

#[test]
fn every_record_matches_the_documented_format() {
    for path in corpus_files().into_iter().chain(fixture_files()) {
        let text = std::fs::read_to_string(&path).unwrap();
        check(&path.file_name().unwrap().to_string_lossy(), &text);
    }
}

/// The gold files use a subset of our fields with the same spellings.
#[test]
fn gold_fields_are_a_subset_of_ours() {
    let ours = jsonl("x", "主要目标：\n1.孕产妇死亡率下降到12/10万以下。\n");
    let ours: serde_json::Value =
        serde_json::from_str(ours.lines().find(|l| l.contains(r#""type":"indicator""#)).unwrap())
            .unwrap();
    for entry in std::fs::read_dir(root().join("fixtures/gold")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines().filter(|l| l.contains("\"indicator\"")) {
            let gold: serde_json::Value = serde_json::from_str(line).unwrap();
            for key in gold.as_object().unwrap().keys() {
                assert!(ours.get(key).is_some(), "gold field {key} missing from our records");
            }
        }
    }
}
