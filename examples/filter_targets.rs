//! Keep the targets of one domain that map to a canonical indicator, and
//! print them as CSV-ready rows.
//!
//! ```sh
//! cargo run --example filter_targets [PLAN.txt] [DOMAIN]   # default: corpus plan 004, 健康
//! ```

use guihua::{Kind, Source};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/004_ea23501ae0503dd7.txt").into()
    });
    let domain = args.next().unwrap_or_else(|| "健康".into());
    let text = std::fs::read_to_string(&path)?;
    let ex = guihua::extract(&text);
    let targets = ex.indicators().iter().filter(|i| {
        i.kind == Kind::Target
            && i.domain.is_some_and(|d| d.as_str() == domain)
            && i.source != Source::Other
    });
    println!("canonical_id,indicator,comparator,value,unit,line");
    let mut n = 0;
    for ind in targets {
        let Some(entry) = ex.canonical(ind) else { continue };
        let value = match ind.value {
            guihua::Value::Number(v) => v.to_string(),
            guihua::Value::Range { min, max } => format!("{min}-{max}"),
            guihua::Value::Ratio(a, b) => format!("{a}:{b}"),
        };
        println!(
            "{},{},{},{value},{},{}",
            entry.id,
            ex.name(ind),
            ind.comparator.as_str(),
            ind.unit.as_str(),
            ind.line
        );
        n += 1;
    }
    eprintln!("{n} canonical {domain} targets in {path}");
    Ok(())
}
