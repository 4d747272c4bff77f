//! Review pages read back with an HTML tokenizer: every record's mark holds
//! exactly its quote, the text pane holds exactly the input text, text is
//! escaped, and the overview charts what several plans share.

use std::collections::BTreeMap;
use std::path::PathBuf;

use askama::Template;
use guihua::output::DocInfo;
use guihua::{Extraction, Extractor};
use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::overview::{self, Plan};
use super::page;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

fn render(ex: &Extraction<'_>, doc: &str) -> String {
    page::build(ex, DocInfo::new(doc), &format!("{doc}.html")).render().unwrap()
}

/// What a page shows, read back from its HTML.
#[derive(Default, Debug)]
struct Parsed {
    /// The text of every element marking record `r`.
    marks: BTreeMap<usize, Vec<String>>,
    /// The classes of record `r`'s mark.
    classes: BTreeMap<usize, String>,
    /// The text of the values inside record marks, by record.
    values: BTreeMap<usize, String>,
    /// Every line of the text pane: its number, margin note and text.
    lines: Vec<(u32, String, String)>,
    /// The cells of every row of the records table, by record.
    rows: BTreeMap<usize, Vec<String>>,
    /// Every `id` and every in-page link target.
    ids: Vec<String>,
    links: Vec<String>,
    /// Elements inside the text pane.
    text_elements: usize,
    scripts: usize,
}

const VOID: &[&str] = &["meta", "input", "br", "hr", "img", "link"];

fn parse(html: &str) -> Parsed {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut p = Parsed::default();
    // Open elements: name and attributes.
    let mut stack: Vec<(String, BTreeMap<String, String>)> = Vec::new();
    let mut in_text = false;
    for Ok(token) in Tokenizer::new_with_emitter(html, emitter) {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let attrs: BTreeMap<String, String> = tag
                    .attributes
                    .iter()
                    .map(|(k, v)| {
                        (
                            String::from_utf8_lossy(k).into_owned(),
                            String::from_utf8_lossy(v).into_owned(),
                        )
                    })
                    .collect();
                if let Some(id) = attrs.get("id") {
                    p.ids.push(id.clone());
                }
                if let Some(h) = attrs.get("href").and_then(|h| h.strip_prefix('#')) {
                    p.links.push(h.to_string());
                }
                if name == "script" {
                    p.scripts += 1;
                }
                if in_text {
                    p.text_elements += 1;
                }
                if attrs.get("id").is_some_and(|i| i == "text") {
                    in_text = true;
                }
                if name == "mark" {
                    if let Some(r) = attrs.get("data-r").and_then(|r| r.parse().ok()) {
                        p.marks.entry(r).or_default().push(String::new());
                        p.classes.insert(r, attrs.get("class").cloned().unwrap_or_default());
                    }
                }
                if name == "div"
                    && attrs.get("class").is_some_and(|c| c.split(' ').any(|c| c == "l"))
                {
                    let n = attrs["data-n"].parse().unwrap();
                    p.lines.push((
                        n,
                        attrs.get("data-m").cloned().unwrap_or_default(),
                        String::new(),
                    ));
                }
                if name == "td" {
                    if let Some(r) = stack.iter().rev().find_map(|(n, a)| {
                        (n == "tr")
                            .then(|| a.get("data-r").and_then(|r| r.parse::<usize>().ok()))
                            .flatten()
                    }) {
                        p.rows.entry(r).or_default().push(String::new());
                    }
                }
                if !tag.self_closing && !VOID.contains(&name.as_str()) {
                    stack.push((name, attrs));
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let (open, attrs) = stack.pop().expect("balanced tags");
                assert_eq!(open, name, "tags nest");
                if attrs.get("id").is_some_and(|i| i == "text") {
                    in_text = false;
                }
            }
            Token::String(s) => {
                let s = String::from_utf8_lossy(&s).into_owned();
                let mut value = false;
                for (name, attrs) in stack.iter().rev() {
                    match name.as_str() {
                        "span" if attrs.get("class").is_some_and(|c| c == "v") => value = true,
                        "mark" => {
                            if let Some(r) =
                                attrs.get("data-r").and_then(|r| r.parse::<usize>().ok())
                            {
                                p.marks.get_mut(&r).unwrap().last_mut().unwrap().push_str(&s);
                                if value {
                                    p.values.entry(r).or_default().push_str(&s);
                                    value = false;
                                }
                            }
                        }
                        "div" if attrs.contains_key("data-n") => {
                            p.lines.last_mut().unwrap().2.push_str(&s);
                            break;
                        }
                        "td" => {
                            let r = stack.iter().rev().find_map(|(n, a)| {
                                (n == "tr")
                                    .then(|| a.get("data-r").and_then(|r| r.parse::<usize>().ok()))
                                    .flatten()
                            });
                            if let Some(r) = r {
                                p.rows.get_mut(&r).unwrap().last_mut().unwrap().push_str(&s);
                            }
                            break;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed: {:?}", stack.iter().map(|s| &s.0).collect::<Vec<_>>());
    p
}

/// The invariants of a page: each record has one mark holding its quote
/// (and its value inside), the text pane reproduces the text line by line,
/// every record has a table row, every in-page link has a target.
fn check_page(ex: &Extraction<'_>, html: &str, what: &str) -> Parsed {
    let p = parse(html);
    for (i, ind) in ex.indicators().iter().enumerate() {
        let marks = p.marks.get(&i).map_or(&[][..], |v| v.as_slice());
        assert_eq!(marks, [ex.slice(ind.quote)], "{what}: record {i} (line {})", ind.line);
        if ind.quote.contains(ind.value_span) {
            assert_eq!(
                p.values.get(&i).map(String::as_str),
                Some(ex.slice(ind.value_span)),
                "{what}: value {i}"
            );
        }
        let row = &p.rows[&i];
        assert_eq!(row[0], ind.line.to_string(), "{what}: row {i}");
        assert_eq!(row[1], ex.name(ind), "{what}: row {i}");
    }
    assert_eq!(p.marks.len(), ex.indicators().len(), "{what}: no stray marks");
    assert_eq!(p.rows.len(), ex.indicators().len(), "{what}: one row per record");
    let want: Vec<&str> =
        ex.text().split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let got: Vec<&str> = p.lines.iter().map(|l| l.2.as_str()).collect();
    assert_eq!(got, want, "{what}: the text pane is the text");
    let numbers: Vec<u32> = p.lines.iter().map(|l| l.0).collect();
    assert_eq!(numbers, (1..=want.len() as u32).collect::<Vec<_>>(), "{what}: line numbers");
    for l in &p.links {
        assert!(p.ids.contains(l), "{what}: link #{l} has no target");
    }
    assert_eq!(p.scripts, 1, "{what}: only the page's own script");
    p
}

#[test]
fn every_fixture_and_corpus_plan_shows_each_record_once_at_its_quote() {
    let extractor = Extractor::new();
    let mut records = 0;
    for path in files("fixtures/phenomena").into_iter().chain(files("corpus")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let ex = extractor.extract(&text);
        let html = render(&ex, "plan.txt");
        check_page(&ex, &html, &path.display().to_string());
        records += ex.indicators().len();
    }
    assert!(records > 200, "the fixtures hold records ({records})");
}

#[test]
fn text_is_escaped() {
    let text = "关于印发《<i>X县</i>妇女发展规划（2021—2030年）》的通知\n\
                一、妇女与<script>alert(1)</script>健康\n\
                主要目标：\n\
                1.孕产妇死亡率下降到12/10万以下，\"引号\" & <b>粗</b> &amp; </div></main>。\n";
    let ex = Extractor::new().extract(text);
    assert_eq!(ex.indicators().len(), 1);
    let html = render(&ex, "<b>doc</b>.txt");
    for raw in ["<script>alert", "<b>粗", "<i>X县", "</div></main>。", "<b>doc"] {
        assert!(!html.contains(raw), "{raw} is written raw");
    }
    // Read back, the page shows the text exactly as written, entity included.
    let p = check_page(&ex, &html, "escaping");
    assert_eq!(p.lines[1].2, "一、妇女与<script>alert(1)</script>健康");
    assert!(p.lines[3].2.contains("&amp; </div></main>"));
}

#[test]
fn multi_byte_characters_around_spans_are_cut_whole() {
    // Four-byte characters (𠀀, 😀), full-width digits and percent signs
    // right at the span edges, and a CRLF line end.
    let text = "一、妇女与健康\r\n\
                主要目标：\r\n\
                1.𠀀孕产妇死亡率下降到１２/10万以下😀，适龄妇女宫颈癌人群筛查率达到７０％以上𠀁。\r\n\
                2.婴儿死亡率控制在５‰以内，𠀂高中阶段教育毛入学率达到９５％。\n";
    let ex = Extractor::new().extract(text);
    assert!(ex.indicators().len() >= 3, "{:?}", ex.indicators());
    for ind in ex.indicators() {
        assert!(text.is_char_boundary(ind.quote.start) && text.is_char_boundary(ind.quote.end));
    }
    let html = render(&ex, "plan.txt");
    let p = check_page(&ex, &html, "multi-byte");
    assert!(p.marks.values().flatten().any(|m| m.contains("１２")), "{:?}", p.marks);
}

#[test]
fn headings_goals_and_measures_are_marked_in_the_margin() {
    let text = "一、妇女与健康\n主要目标：\n1.孕产妇死亡率下降到12/10万以下。\n2.妇女常见病筛查率达到90%以上。\n\
                策略措施：\n1.加强妇幼保健。\n二、其他事项\n（一）组织实施\n";
    let ex = Extractor::new().extract(text);
    let p = check_page(&ex, &render(&ex, "plan.txt"), "margin");
    let notes: Vec<(u32, &str)> =
        p.lines.iter().filter(|l| !l.1.is_empty()).map(|l| (l.0, l.1.as_str())).collect();
    assert_eq!(notes, [(1, "健康"), (3, "G1"), (4, "G2"), (6, "M1"), (7, "H1"), (8, "H2")]);
    // The outline links to the heading lines.
    for n in [1, 7, 8] {
        assert!(p.links.contains(&format!("L{n}")), "outline link to line {n}");
    }
    // Targets are marked as targets.
    assert!(p.classes.values().all(|c| c.contains("tg")), "{:?}", p.classes);
}

#[test]
fn baselines_and_table_cells_have_their_own_classes() {
    let path = root().join("fixtures/phenomena/markdown-table-baseline-target.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let ex = Extractor::new().extract(&text);
    let p = check_page(&ex, &render(&ex, "plan.txt"), "table");
    let mut seen = (false, false);
    for (i, ind) in ex.indicators().iter().enumerate() {
        let class = &p.classes[&i];
        assert_eq!(class.contains("bl"), ind.kind == guihua::Kind::Baseline, "{i}: {class}");
        assert_eq!(class.contains("tg"), ind.kind == guihua::Kind::Target, "{i}: {class}");
        assert_eq!(class.contains("tc"), ind.source == guihua::Source::Table, "{i}: {class}");
        seen.0 |= ind.kind == guihua::Kind::Baseline;
        seen.1 |= ind.source == guihua::Source::Table;
    }
    assert_eq!(seen, (true, true), "the fixture has baselines and table cells");
}

#[test]
fn a_large_input_gives_one_element_per_line_and_record() {
    // About 4 MB: the corpus repeated.
    let mut text = String::new();
    let corpus: Vec<String> =
        files("corpus").iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    while text.len() < 4 << 20 {
        for c in &corpus {
            text.push_str(c);
            text.push('\n');
        }
    }
    let ex = Extractor::new().extract(&text);
    let html = render(&ex, "big.txt");
    let p = parse(&html);
    let lines = ex.line_index().n_lines();
    let records = ex.indicators().len();
    let blocks = lines.div_ceil(100);
    // Lines, blocks, and a mark and a value per record: nothing per character.
    assert_eq!(p.text_elements, lines + blocks + 2 * records, "{lines} lines, {records} records");
    assert!(
        html.len() < text.len() * 2 + (200 << 10) + records * 400,
        "page {} for text {}",
        html.len(),
        text.len()
    );
}

#[test]
fn index_links_go_back_up_from_nested_pages() {
    assert_eq!(page::index_href("a.txt.html"), "index.html");
    assert_eq!(page::index_href("a/b/c.txt.html"), "../../index.html");
}

/// The plans of two small county texts.
fn two_plans() -> Vec<Plan> {
    let a = "柳河县妇女发展规划（2021—2030年）\n一、妇女与健康\n主要目标：\n\
             1.孕产妇死亡率下降到12/10万以下。\n2.妇女常见病筛查率达到90%以上。\n\
             3.社区居委会主任中女性比例达到45%。\n";
    let b = "呼图壁县妇女发展规划（2021—2025年）\n一、妇女与健康\n主要目标：\n\
             1.孕产妇死亡率控制在16/10万以下。\n2.妇女常见病筛查率达到95%以上。\n\
             3.社区居委会主任中女性比例达到40%以上。\n";
    let extractor = Extractor::new();
    let mut plans: Vec<Plan> = [("a.txt", a), ("b/b.txt", b)]
        .iter()
        .map(|(doc, text)| Plan::of(&extractor.extract(text), doc, format!("{doc}.html")))
        .collect();
    plans.push(Plan::failed("broken.docx", "unreadable .docx: <not a zip>".into()));
    plans
}

/// The centre x of a chart mark, from its path (`M x,y …`).
fn mark_x(d: &str, class: &str) -> f64 {
    let first: f64 = d[1..].split(',').next().unwrap().parse().unwrap();
    // Paths start at the triangle's base or the circle's left edge.
    first + if d.contains('a') || class == "mk rng" { 4.0 } else { 0.0 }
}

#[test]
fn overview_charts_targets_shared_by_plans() {
    let plans = two_plans();
    let ov = overview::build(&plans);
    let ids: Vec<&str> = ov.charts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["W.D.03", "W.H.03", "W.H.22"]);
    let mmr = &ov.charts[1];
    assert_eq!(mmr.marks.len(), 2);
    assert_eq!(mmr.national.as_deref(), Some("≤12 1/10万"));
    // ≤ marks point left: the base is right of the value. The plan with 12
    // sits on the reference line, the one with 16 right of it.
    let (ref_x, _) = mmr.reference.clone().unwrap();
    let xs: Vec<f64> = mmr.marks.iter().map(|m| mark_x(&m.d, m.class) - 4.0).collect();
    assert!((xs[0] - ref_x).abs() < 0.2, "{xs:?} vs {ref_x}");
    assert!(xs[1] > xs[0] + 50.0, "{xs:?}");
    assert!(mmr.marks[0].href == "a.txt.html" && mmr.marks[1].href == "b/b.txt.html");
    // An indicator the catalogue gives no national target gets no line.
    let screening = &ov.charts[2];
    assert!(screening.reference.is_none() && screening.national.is_none());
    assert_eq!(ov.without_reference, 1 + usize::from(ov.charts[0].national.is_none()));
    assert_eq!(ov.failed, 1);
}

#[test]
fn overview_lists_every_plan_and_escapes_errors() {
    let plans = two_plans();
    let html = overview::build(&plans).render().unwrap();
    assert!(html.contains("href=\"a.txt.html\"") && html.contains("href=\"b/b.txt.html\""));
    assert!(html.contains("&#60;not a zip&#62;") && !html.contains("<not a zip>"));
    assert!(html.contains("href=\"a.txt.html#r0\""), "chart marks link to the record");
    let rows = html.matches("<tr").count();
    assert_eq!(rows, 1 + plans.len(), "a header and a row per plan");
}

#[test]
fn links_to_pages_are_percent_encoded() {
    let ex = Extractor::new().extract("孕产妇死亡率下降到12/10万以下。");
    let plans = vec![Plan::of(&ex, "县 #1/计划 100%.txt", "县 #1/计划 100%.txt.html".into())];
    let html = overview::build(&plans).render().unwrap();
    let want = "href=\"%E5%8E%BF%20%231/%E8%AE%A1%E5%88%92%20100%25.txt.html\"";
    assert!(html.contains(want), "{}", &html[html.find("<tbody>").unwrap()..][..400]);
}

/// Whole pages, without the (long, static) stylesheet and script.
#[test]
fn snapshots_of_a_small_plan_and_overview() {
    let text =
        std::fs::read_to_string(root().join("fixtures/phenomena/change-from-starting-point.txt"))
            .unwrap();
    let ex = Extractor::new().extract(&text);
    let info = DocInfo { format: Some("text"), ..DocInfo::new("change-from-starting-point.txt") };
    let mut page = page::build(&ex, info, "change-from-starting-point.txt.html");
    page.css = "";
    page.js = "";
    page.version = "VERSION";
    insta::assert_snapshot!("page", page.render().unwrap());
    let plans = two_plans();
    let mut ov = overview::build(&plans);
    ov.css = "";
    ov.js = "";
    ov.version = "VERSION";
    insta::assert_snapshot!("overview", ov.render().unwrap());
}

#[test]
fn stylesheet_and_script_cannot_end_their_element() {
    assert!(!super::CSS.contains("</"), "the stylesheet holds no end tag");
    assert!(!super::JS.contains("</"), "the script holds no end tag");
}
