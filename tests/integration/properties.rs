//! Property tests over generated plan-like text and arbitrary bytes: no
//! panics, offsets on char boundaries, quotes in their lines, output
//! independent of the thread that computes it. See: issue #3.

use proptest::prelude::*;

#[cfg(feature = "input")]
use guihua::input::{read_bytes, Format, ReadOptions};
use guihua::Extractor;

/// Fragments plans are made of, noise included.
const FRAGMENTS: &[&str] = &[
    "（一）妇女与健康",
    "二、",
    "主要目标：",
    "策略措施：",
    "1.",
    "2.．",
    "11.11．",
    "（1）",
    "①",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "孕产妇死亡率",
    "下降到",
    "12/10万",
    "以下",
    "达到",
    "95%",
    "９５％",
    "以上",
    "左右",
    "不低于",
    "至少有",
    "1名",
    "女性成员",
    "2:3",
    "1.5∶1",
    "45%—50%",
    "百分之九十",
    "三分之一",
    "一半",
    "一所",
    "，",
    "。",
    "；",
    "、",
    "和",
    "15岁以上女性",
    "到2025年",
    "“十四五”",
    "[bookmark: _Toc1]",
    "**",
    "# ",
    "| 指标 | 2025年 |",
    "≥80",
    "≤7",
    "\u{3000}",
    " ",
    "PM2.5",
    "0—6岁",
    "分别",
    "均",
    "的",
    "妇女",
    "率",
    "比例",
    "𠀀",
    "\u{feff}",
    "\u{0}",
    "由",
    "从",
    "2020年的",
    "提高到",
    "降至",
    "1,200",
    ",000",
    "人次",
    "6.95%",
    "“十三五”期间",
    "年均",
    "保持",
    "比2020年",
    "个",
];

fn plan_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..120).prop_map(|v| v.concat())
}

fn check(text: &str) {
    let ex = Extractor::new().extract(text);
    let idx = ex.line_index();
    for ind in ex.indicators() {
        for span in [ind.value_span, ind.quote] {
            assert!(
                span.end <= text.len()
                    && text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end)
            );
        }
        assert_eq!(idx.line(ind.value_span.start), ind.line);
        let line = idx.line_span(ind.line).unwrap();
        assert!(line.contains(ind.quote));
    }
    let mut out = Vec::new();
    ex.write_jsonl("p", &mut out).unwrap();
    for l in String::from_utf8(out).unwrap().lines() {
        serde_json::from_str::<serde_json::Value>(l).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn generated_plans_keep_the_invariants(text in plan_text()) {
        check(&text);
    }

    #[test]
    fn arbitrary_strings_keep_the_invariants(text in "\\PC{0,300}") {
        check(&text);
    }

    #[test]
    fn output_is_independent_of_the_thread(text in plan_text()) {
        let ex = Extractor::new();
        let here = ex.extract(&text).indicators().to_vec();
        let there = std::thread::scope(|s| s.spawn(|| ex.extract(&text).indicators().to_vec()).join().unwrap());
        prop_assert_eq!(here, there);
    }

    #[cfg(feature = "input")]
    #[test]
    fn readers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        for format in [Format::Text, Format::Docx, Format::Html] {
            if let Ok(input) = read_bytes(&bytes, format, ReadOptions::default()) {
                check(&input.text);
            }
        }
    }
}

/// Inputs the fuzzer found interesting stay crash-free. See: issue #3.
#[cfg(feature = "input")]
#[test]
fn fuzz_regressions() {
    let path = crate::common::root().join("fixtures/fuzz/regressions.hex");
    let text = std::fs::read_to_string(path).unwrap();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let bytes: Vec<u8> = (0..line.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&line[i..i + 2], 16).unwrap())
            .collect();
        let Some((first, rest)) = bytes.split_first() else { continue };
        let format = [Format::Text, Format::Docx, Format::Html][(*first % 3) as usize];
        if let Ok(input) = read_bytes(rest, format, ReadOptions::default()) {
            check(&input.text);
        }
        n += 1;
    }
    assert!(n >= 500, "the regression inputs went missing: {n}");
}
