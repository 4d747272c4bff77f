//! Extract a plan given as a string and print its indicators.
//!
//! ```sh
//! cargo run --example extract_string
//! ```

fn main() {
    let text = "\
（一）妇女与健康
主要目标：
1.孕产妇死亡率下降到12/10万以下，城乡差距缩小。
2.适龄妇女宫颈癌人群筛查率达到70%以上，农村适龄妇女宫颈癌人群筛查率达到60%以上。
3.到2025年，妇女人均预期寿命达到80岁。
";
    // `guihua::extract` uses a process-wide extractor; build your own
    // (`guihua::Extractor::new()`) to configure it or to reuse it explicitly.
    let ex = guihua::extract(text);
    println!(
        "{} sections, {} items, {} indicators",
        ex.sections().len(),
        ex.items().len(),
        ex.indicators().len()
    );
    for ind in ex.indicators() {
        let canonical = ex.canonical(ind).map_or("-", |e| e.id.as_str());
        println!(
            "line {:>2}  {:<8} {}  {} {} {}  ({})",
            ind.line,
            canonical,
            ex.name(ind),
            ind.comparator.as_str(),
            value(ind.value),
            ind.unit.as_str(),
            ind.kind.as_str(),
        );
    }
}

fn value(v: guihua::Value) -> String {
    match v {
        guihua::Value::Number(x) => x.to_string(),
        guihua::Value::Range { min, max } => format!("{min}-{max}"),
        guihua::Value::Ratio(a, b) => format!("{a}:{b}"),
    }
}
