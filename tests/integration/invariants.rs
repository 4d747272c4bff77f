//! Invariants on every corpus file and fixture, and on hostile input:
//! spans on char boundaries inside the text, quotes verbatim in their line,
//! values on the line they claim, sections nested properly. No panics.

use guihua::{Extractor, Name};

use crate::common::{corpus_files, fixture_files};

fn check(text: &str) {
    let ex = Extractor::new().extract(text);
    let idx = ex.line_index();
    for ind in ex.indicators() {
        for span in [ind.value_span, ind.quote] {
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{span:?}"
            );
        }
        let line = idx.line_span(ind.line).expect("the line exists");
        assert_eq!(idx.line(ind.value_span.start), ind.line, "value on its line");
        assert!(
            line.contains(ind.quote),
            "quote inside line {}: {:?}",
            ind.line,
            ex.slice(ind.quote)
        );
        assert!(ex.slice(line).contains(ex.slice(ind.quote)));
        assert!(!ex.slice(ind.value_span).is_empty());
        if let Name::Span(s) = &ind.name {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
        assert!(!ex.name(ind).is_empty(), "every value has a name: line {}", ind.line);
    }
    for (i, s) in ex.sections().iter().enumerate() {
        if let Some(p) = s.parent {
            assert!((p.0 as usize) < i, "parents come first");
            assert!(ex.sections()[p.0 as usize].level < s.level);
        }
        assert!(s.extent.start <= s.extent.end && s.extent.end <= text.len());
    }
    for it in ex.items() {
        for b in &it.body {
            assert!(text.is_char_boundary(b.start) && text.is_char_boundary(b.end));
        }
    }
    // Extraction is deterministic.
    let again = Extractor::new().extract(text);
    assert_eq!(again.indicators(), ex.indicators());
}

#[test]
fn corpus_and_fixtures() {
    for path in corpus_files().into_iter().chain(fixture_files()) {
        check(&std::fs::read_to_string(&path).unwrap());
    }
}

#[test]
fn crlf_and_bom_keep_raw_offsets() {
    let text = "\u{feff}（一）妇女与健康\r\n主要目标：\r\n1.孕产妇死亡率下降到12/10万以下。\r\n";
    check(text);
    let ex = guihua::extract(text);
    let ind = &ex.indicators()[0];
    assert_eq!(ind.line, 3);
    assert_eq!(ex.slice(ind.value_span), "12/10万以下");
    assert_eq!(ex.domain_sections().count(), 1);
}

#[test]
fn hostile_inputs_do_not_panic() {
    let long_line = "达到90%，".repeat(20_000);
    let many_headings: String =
        (1..3000).map(|i| format!("（{i}）妇女与健康\n主要目标：\n{i}.．\n")).collect();
    let cases: Vec<String> = vec![
        String::new(),
        "\n\n\n".into(),
        "１".into(),
        "%%%‰‰/10万:::".into(),
        "1.".into(),
        "[bookmark: ".into(),
        "**".into(),
        "百分之".into(),
        "三分之".into(),
        "零分之一".into(),
        "99999999999999999999999999%".into(),
        "1:0 0:0 0.0.0.0 1..2 —— ～～ 至至".into(),
        "（一）\n主要目标：\n主要目标：\n策略措施：\n主要目标：".into(),
        "\t序号\n\t指标\n\t目标\n\n\t1\n\t x（\n\t≥\n".into(),
        "| 指标 | 2025年 | x |\n|---|---|---|\n| a | ≥ | |".into(),
        long_line,
        many_headings,
        "\u{0}\u{1}\u{7f}\u{200b}\u{feff}".into(),
        "𠀀𠀁达到1所𠀂".into(),
    ];
    for c in &cases {
        check(c);
    }
}
