//! The overview page `index.html`: one row per plan, and for each canonical
//! indicator that at least two plans set a target for, a small chart of
//! those targets with the national outline's target as a reference line.

use std::collections::BTreeMap;

use askama::Template;
use guihua::catalogue::NationalTarget;
use guihua::{Comparator, Extraction, ItemRole, Kind, Value};

use super::page::{number, value_text};

/// What the overview keeps of one plan (the page itself is already written).
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub(crate) doc: String,
    /// The page, relative to the output directory (`a/b.txt.html`); `None`
    /// when the input failed.
    pub(crate) href: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) level: Option<&'static str>,
    pub(crate) period: Option<(u16, u16)>,
    pub(crate) sections: usize,
    pub(crate) domains: usize,
    pub(crate) items: usize,
    pub(crate) goals: usize,
    pub(crate) measures: usize,
    pub(crate) indicators: usize,
    pub(crate) targets: usize,
    pub(crate) baselines: usize,
    pub(crate) diagnostics: usize,
    pub(crate) error: Option<String>,
    /// The headline target of each canonical indicator.
    pub(crate) points: Vec<Point>,
}

/// One plan's headline target for a canonical indicator.
#[derive(Debug, Clone)]
pub(crate) struct Point {
    pub(crate) id: String,
    pub(crate) name: String,
    /// The catalogue's unit for the indicator.
    pub(crate) entry_unit: String,
    pub(crate) national: Option<NationalTarget>,
    /// The record's own unit.
    pub(crate) unit: String,
    pub(crate) value: Value,
    pub(crate) comparator: Comparator,
    /// The record's index on the plan's page (`#r12`).
    pub(crate) record: usize,
}

impl Plan {
    /// The summary of a failed input.
    pub(crate) fn failed(doc: &str, error: String) -> Plan {
        Plan { doc: doc.to_string(), error: Some(error), ..Plan::default() }
    }

    /// The summary of a plan whose page is at `href`.
    pub(crate) fn of(ex: &Extraction<'_>, doc: &str, href: String) -> Plan {
        let m = ex.metadata();
        let items = ex.items();
        let inds = ex.indicators();
        let points = guihua::dataset::headline_targets(ex)
            .into_values()
            .filter(|&i| inds[i].kind == Kind::Target)
            .filter_map(|i| {
                let ind = &inds[i];
                let e = ex.canonical(ind)?;
                Some(Point {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    entry_unit: e.unit.clone(),
                    national: e.national_target,
                    unit: ind.unit.as_str().to_string(),
                    value: ind.value,
                    comparator: ind.comparator,
                    record: i,
                })
            })
            .collect();
        Plan {
            doc: doc.to_string(),
            href: Some(href),
            title: m.title.clone(),
            region: m.region.clone(),
            level: m.level.map(|l| l.as_str()),
            period: m.period,
            sections: ex.sections().len(),
            domains: ex.domain_sections().count(),
            items: items.len(),
            goals: items.iter().filter(|i| i.role == ItemRole::Goal).count(),
            measures: items.iter().filter(|i| i.role == ItemRole::Measure).count(),
            indicators: inds.len(),
            targets: inds.iter().filter(|i| i.kind == Kind::Target).count(),
            baselines: inds.iter().filter(|i| i.kind == Kind::Baseline).count(),
            diagnostics: ex.diagnostics().len(),
            error: None,
            points,
        }
    }

    /// How the plan is named on the overview: its title, else its input.
    pub(crate) fn name(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.doc)
    }

    /// A short label for chart marks: the region, else the name.
    fn label(&self) -> &str {
        self.region.as_deref().unwrap_or_else(|| self.name())
    }

    pub(crate) fn period_text(&self) -> String {
        self.period.map_or(String::new(), |(a, b)| format!("{a}–{b}"))
    }
}

/// The overview page.
#[derive(Template)]
#[template(path = "index.html", config = "src/bin/guihua/review/askama.toml")]
pub(crate) struct Overview<'a> {
    pub(crate) version: &'static str,
    pub(crate) css: &'static str,
    pub(crate) js: &'static str,
    pub(crate) plans: &'a [Plan],
    pub(crate) failed: usize,
    pub(crate) indicators: usize,
    pub(crate) charts: Vec<Chart>,
    /// Charted indicators that have no national target in the catalogue.
    pub(crate) without_reference: usize,
}

/// A chart of one canonical indicator across plans.
#[derive(Debug)]
pub(crate) struct Chart {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) unit: String,
    pub(crate) plans: usize,
    pub(crate) national: Option<String>,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) axis_y: f64,
    pub(crate) ticks: Vec<(f64, String)>,
    pub(crate) reference: Option<(f64, String)>,
    pub(crate) marks: Vec<ChartMark>,
    /// Plans whose target could not be drawn on this axis, and why.
    pub(crate) not_drawn: Vec<String>,
}

/// One plan's mark on a chart.
#[derive(Debug)]
pub(crate) struct ChartMark {
    /// The link to the record on the plan's page.
    pub(crate) href: String,
    pub(crate) record: usize,
    /// The SVG path of the mark.
    pub(crate) d: String,
    /// `mk`, and `mk rng` for a range.
    pub(crate) class: &'static str,
    /// The hover text: plan and target.
    pub(crate) label: String,
}

const WIDTH: f64 = 400.0;
const PAD: f64 = 22.0;
/// Vertical room per stacked mark.
const STACK: f64 = 9.0;
/// Marks closer than this (pixels) share a stack.
const BIN: f64 = 7.0;

/// Builds the overview of `plans`.
pub(crate) fn build(plans: &[Plan]) -> Overview<'_> {
    let mut by_id: BTreeMap<&str, Vec<(&Plan, &Point)>> = BTreeMap::new();
    for p in plans {
        for pt in &p.points {
            by_id.entry(pt.id.as_str()).or_default().push((p, pt));
        }
    }
    let charts: Vec<Chart> =
        by_id.into_values().filter(|pts| pts.len() >= 2).map(|pts| chart(&pts)).collect();
    Overview {
        version: env!("CARGO_PKG_VERSION"),
        css: super::CSS,
        js: super::JS,
        plans,
        failed: plans.iter().filter(|p| p.error.is_some()).count(),
        indicators: plans.iter().map(|p| p.indicators).sum(),
        without_reference: charts.iter().filter(|c| c.national.is_none()).count(),
        charts,
    }
}

fn cmp_text(c: Comparator) -> &'static str {
    match c {
        Comparator::Ge => "≥",
        Comparator::Le => "≤",
        Comparator::Gt => ">",
        Comparator::Lt => "<",
        Comparator::Approx => "≈",
        Comparator::Eq | Comparator::Range => "",
    }
}

/// The chart of one indicator's targets in several plans.
fn chart(pts: &[(&Plan, &Point)]) -> Chart {
    let first = pts[0].1;
    // The axis unit: the catalogue's when a plan uses it, else the most
    // common one.
    let unit = if pts.iter().any(|(_, p)| p.unit == first.entry_unit) {
        first.entry_unit.clone()
    } else {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, p) in pts {
            *counts.entry(p.unit.as_str()).or_default() += 1;
        }
        counts.into_iter().max_by_key(|&(_, n)| n).map_or(String::new(), |(u, _)| u.to_string())
    };
    let mut not_drawn = Vec::new();
    let mut drawn: Vec<(&Plan, &Point, f64, f64)> = Vec::new();
    for &(plan, p) in pts {
        let range = match p.value {
            Value::Number(x) => Some((x, x)),
            Value::Range { min, max } => Some((min.min(max), min.max(max))),
            Value::Ratio(..) => None,
        };
        match range {
            Some((lo, hi)) if p.unit == unit && lo.is_finite() && hi.is_finite() => {
                drawn.push((plan, p, lo, hi))
            }
            _ => not_drawn.push(format!(
                "{} ({}{})",
                plan.label(),
                cmp_text(p.comparator),
                with_unit(&value_text(p.value), &p.unit)
            )),
        }
    }
    let national = first.national.filter(|_| unit == first.entry_unit);
    let mut lo = drawn.iter().map(|d| d.2).fold(f64::INFINITY, f64::min);
    let mut hi = drawn.iter().map(|d| d.3).fold(f64::NEG_INFINITY, f64::max);
    if let Some(t) = national {
        lo = lo.min(t.value);
        hi = hi.max(t.value);
    }
    if !lo.is_finite() || !hi.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    let (lo, hi) = nice_domain(lo, hi, unit == "%");
    // Pixel positions to a tenth, which is all an SVG needs.
    let x = |v: f64| ((PAD + (v - lo) / (hi - lo) * (WIDTH - 2.0 * PAD)) * 10.0).round() / 10.0;

    // Stack marks that would overlap, as in a dot plot.
    let mut stacks: BTreeMap<i64, usize> = BTreeMap::new();
    let mut placed = Vec::new();
    for &(plan, p, a, b) in &drawn {
        let bin = ((x(a) + x(b)) / 2.0 / BIN).round() as i64;
        let level = stacks.entry(bin).or_default();
        placed.push((plan, p, a, b, *level));
        *level += 1;
    }
    let tallest = stacks.values().copied().max().unwrap_or(1).max(1);
    let top = 22.0;
    let axis_y = top + tallest as f64 * STACK + 4.0;
    let height = axis_y + 18.0;
    let marks = placed
        .into_iter()
        .map(|(plan, p, a, b, level)| {
            let y = axis_y - 6.0 - level as f64 * STACK;
            let (d, class) = shape(p.comparator, x(a), x(b), y);
            ChartMark {
                href: plan.href.clone().unwrap_or_default(),
                record: p.record,
                d,
                class,
                label: format!(
                    "{}: {}{}",
                    plan.name(),
                    cmp_text(p.comparator),
                    with_unit(&value_text(p.value), &p.unit)
                ),
            }
        })
        .collect();
    Chart {
        id: first.id.clone(),
        name: first.name.clone(),
        unit: unit.clone(),
        plans: pts.len(),
        national: national
            .map(|t| format!("{}{}", cmp_text(t.comparator), with_unit(&number(t.value), &unit))),
        width: WIDTH as u32,
        height: height.ceil() as u32,
        axis_y,
        ticks: ticks(lo, hi).into_iter().map(|(v, label)| (x(v), label)).collect(),
        reference: national.map(|t| {
            (x(t.value), format!("national {}{}", cmp_text(t.comparator), number(t.value)))
        }),
        marks,
        not_drawn,
    }
}

/// The SVG path of a mark: `≥` points right (the target is a floor),
/// `≤` points left (a ceiling), a range is a bar, anything else a dot.
fn shape(c: Comparator, x0: f64, x1: f64, y: f64) -> (String, &'static str) {
    let r = 4.0;
    match c {
        _ if x1 - x0 > 1.0 => (
            format!(
                "M{x0:.1},{:.1}v{:.1}M{x0:.1},{y:.1}H{x1:.1}M{x1:.1},{:.1}v{:.1}",
                y - r,
                2.0 * r,
                y - r,
                2.0 * r
            ),
            "mk rng",
        ),
        Comparator::Ge | Comparator::Gt => (
            format!("M{:.1},{:.1}L{:.1},{y:.1}L{:.1},{:.1}Z", x0 - r, y - r, x0 + r, x0 - r, y + r),
            "mk",
        ),
        Comparator::Le | Comparator::Lt => (
            format!("M{:.1},{:.1}L{:.1},{y:.1}L{:.1},{:.1}Z", x0 + r, y - r, x0 - r, x0 + r, y + r),
            "mk",
        ),
        _ => (
            format!(
                "M{:.1},{y:.1}a{r},{r} 0 1,0 {:.1},0a{r},{r} 0 1,0 {:.1},0",
                x0 - r,
                2.0 * r,
                -2.0 * r
            ),
            "mk",
        ),
    }
}

/// An axis domain around `lo..hi` with a margin, on round numbers;
/// percentages stay within 0–100 when the values do.
fn nice_domain(lo: f64, hi: f64, percent: bool) -> (f64, f64) {
    let span = hi - lo;
    let pad = if span > 0.0 { span * 0.08 } else { (hi.abs() * 0.1).max(1.0) };
    let (mut a, mut b) = (lo - pad, hi + pad);
    if lo >= 0.0 {
        a = a.max(0.0);
    }
    if percent && hi <= 100.0 {
        b = b.min(100.0);
    }
    if b - a <= 0.0 {
        b = a + 1.0;
    }
    (a, b)
}

/// Two to six round tick values within `lo..hi`, with their labels.
fn ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    let span = hi - lo;
    if span.is_nan() || span <= 0.0 || span.is_infinite() {
        return vec![(lo, number(lo))];
    }
    let raw = span / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| span / s <= 5.0)
        .unwrap_or(10.0 * mag);
    // As many decimals as the step has (0.5 → 1), so that binary noise
    // (11.600000000000001) never shows.
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let mut k = (lo / step).ceil();
    let mut out = Vec::new();
    while k * step <= hi + step * 1e-9 && out.len() < 12 {
        let v = k * step;
        let label = format!("{v:.decimals$}");
        out.push((v, label));
        k += 1.0;
    }
    out
}

/// A unit after a number: `95%`, `12 1/10万` (a space only where the unit
/// starts with a digit).
pub(crate) fn with_unit(value: &str, unit: &str) -> String {
    if unit.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{value} {unit}")
    } else {
        format!("{value}{unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_inside() {
        let cases: &[(f64, f64, &[&str])] = &[
            (0.0, 100.0, &["0", "20", "40", "60", "80", "100"]),
            (88.4, 100.0, &["90", "95", "100"]),
            (9.2, 16.8, &["10", "12", "14", "16"]),
            (11.5, 12.3, &["11.6", "11.8", "12.0", "12.2"]),
            (0.5, 0.5, &["0.5"]),
        ];
        for &(lo, hi, want) in cases {
            let got: Vec<String> = ticks(lo, hi).into_iter().map(|t| t.1).collect();
            assert_eq!(got, want, "{lo}..{hi}");
        }
    }

    #[test]
    fn domains_keep_percentages_in_range() {
        assert_eq!(nice_domain(90.0, 100.0, true), (89.2, 100.0));
        assert_eq!(nice_domain(95.0, 95.0, true), (85.5, 100.0));
        assert_eq!(nice_domain(0.0, 3.0, false), (0.0, 3.24));
        let (a, b) = nice_domain(-5.0, -5.0, false);
        assert!(a < -5.0 && b > -5.0);
    }
}
