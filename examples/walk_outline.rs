//! Print a plan's outline as a tree, with the goals and measures of each
//! chapter.
//!
//! ```sh
//! cargo run --example walk_outline [PLAN.txt]   # default: a bundled corpus plan
//! ```

use guihua::{Extraction, SectionIdx};

fn main() -> std::io::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/000_4bd780983ec9969a.txt").into()
    });
    let text = std::fs::read_to_string(&path)?;
    let ex = guihua::extract(&text);
    for (idx, _) in ex.roots() {
        print_tree(&ex, idx, 0);
    }
    Ok(())
}

/// Prints a section and, below it, its children (recursion follows the
/// outline: its depth is the outline's, a handful of levels).
fn print_tree(ex: &Extraction<'_>, idx: SectionIdx, depth: usize) {
    let s = ex.section(idx);
    let domain = s.domain.map(|d| format!("  [{}]", d.as_str())).unwrap_or_default();
    println!("{}{}{}{}", "  ".repeat(depth), ex.slice(s.numbering), ex.slice(s.title), domain);
    if s.n_goals + s.n_measures > 0 {
        println!("{}  {} goals, {} measures", "  ".repeat(depth), s.n_goals, s.n_measures);
    }
    for item in ex.items_in(idx).take(2) {
        let text: String = item.text(ex.text()).chars().take(30).collect();
        println!("{}  {}. {} {text}…", "  ".repeat(depth), item.number, item.role.as_str());
    }
    for (child, _) in ex.children(idx) {
        print_tree(ex, child, depth + 1);
    }
}
