//! Canonical indicators: a catalogue (a data file, `catalogue/indicators.tsv`)
//! of the standard indicators of the national women's and children's
//! development outlines and common sector-plan indicators, and the matching
//! of extracted names against it.
//!
//! A name matches `exact`ly when, folded (full-width, traditional, `的`,
//! `、`, quotes and brackets removed), it equals an alias; `normalized`ly
//! when a short prefix (a scope: 农村, 城乡, 女童, 全县 …) before an alias is
//! kept apart as the record's scope. Nothing else matches: a wrong id costs
//! a researcher more than a missing one.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

use crate::error::{Error, ErrorKind, Result};
use crate::model::Comparator;
pub use crate::model::{CanonicalMatch, MatchKind};

/// Which way an indicator improves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Higher is better (筛查率, 参保率).
    Higher,
    /// Lower is better (死亡率, 患病率).
    Lower,
    /// A level to hold (就业人员中的女性比例 kept at 45%, 出生人口性别比).
    Balance,
}

impl Direction {
    /// The catalogue spelling: `higher`, `lower`, `balance`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
            Direction::Balance => "balance",
        }
    }
}

/// One standard indicator.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Entry {
    /// A stable id (`W.H.03`).
    pub id: String,
    /// The canonical name.
    pub name: String,
    /// The domain (健康 …).
    pub domain: String,
    /// The default unit (`%`, `1/10万` …; empty for a bare number).
    pub unit: String,
    /// Which way it improves.
    pub direction: Direction,
    /// The names it goes by.
    pub aliases: Vec<String>,
    /// Which outline or kind of plan it comes from.
    pub source: String,
    /// The target the national outline sets, where the catalogue states it.
    pub national_target: Option<NationalTarget>,
}

/// A national outline's target for an indicator: the catalogue's optional
/// eighth column (`<=12` for 孕产妇死亡率下降到12/10万以下), in the entry's
/// unit.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct NationalTarget {
    /// How the outline states it (`>=`, `<=`, `>`, `<`, `~` or `=`).
    pub comparator: Comparator,
    /// The number; always finite.
    pub value: f64,
}

// The value is finite (checked when parsed), so equality is an equivalence.
impl Eq for NationalTarget {}

impl NationalTarget {
    /// Parses `<=12`, `>=70`, `~45`, `=1.12` (spaces allowed after the
    /// comparator).
    fn parse(s: &str) -> Option<NationalTarget> {
        let (comparator, rest) = [
            (">=", Comparator::Ge),
            ("<=", Comparator::Le),
            (">", Comparator::Gt),
            ("<", Comparator::Lt),
            ("~", Comparator::Approx),
            ("=", Comparator::Eq),
        ]
        .into_iter()
        .find_map(|(p, c)| s.strip_prefix(p).map(|rest| (c, rest)))?;
        let value: f64 = rest.trim().parse().ok()?;
        value.is_finite().then_some(NationalTarget { comparator, value })
    }
}

/// The catalogue of canonical indicators.
#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    entries: Vec<Entry>,
    /// Folded alias → entry; FxHash, since keys are short and many lookups
    /// run per document.
    aliases: FxHashMap<String, usize>,
}

/// The catalogue shipped with guihua.
const BUILTIN: &str = include_str!("../catalogue/indicators.tsv");

/// The longest scope prefix kept apart, in chars.
const MAX_SCOPE_CHARS: usize = 10;

impl Catalogue {
    /// The built-in catalogue.
    pub fn builtin() -> &'static Catalogue {
        static CATALOGUE: LazyLock<Catalogue> =
            LazyLock::new(|| Catalogue::parse(BUILTIN).expect("the built-in catalogue is valid"));
        &CATALOGUE
    }

    /// Parses a catalogue in the TSV format of `catalogue/indicators.tsv`:
    /// `id, name, domain, unit, direction, aliases (|-separated), source`
    /// and optionally the national target (`<=12`), `#` comments.
    pub fn parse(tsv: &str) -> Result<Catalogue> {
        let mut c = Catalogue::default();
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let bad = |what: &str| {
                Error::new(ErrorKind::Catalogue { line: n + 1, message: what.to_string() })
            };
            if f.len() < 6 {
                return Err(bad("expected at least 6 tab-separated fields"));
            }
            let direction = match f[4].trim() {
                "higher" => Direction::Higher,
                "lower" => Direction::Lower,
                "balance" => Direction::Balance,
                other => return Err(bad(&format!("unknown direction {other:?}"))),
            };
            let entry = Entry {
                id: f[0].trim().to_string(),
                name: f[1].trim().to_string(),
                domain: f[2].trim().to_string(),
                unit: f[3].trim().to_string(),
                direction,
                aliases: f[5]
                    .split('|')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(String::from)
                    .collect(),
                source: f.get(6).map_or(String::new(), |s| s.trim().to_string()),
                national_target: match f.get(7).map(|s| s.trim()).filter(|s| !s.is_empty()) {
                    None => None,
                    Some(t) => Some(NationalTarget::parse(t).ok_or_else(|| {
                        bad(&format!(
                            "national target {t:?} is not a comparator (>=, <=, >, <, ~, =) and a number"
                        ))
                    })?),
                },
            };
            if entry.id.is_empty() {
                return Err(bad("empty id"));
            }
            c.push(entry);
        }
        Ok(c)
    }

    /// Adds the entries of `other`; an entry with an id already present
    /// replaces it.
    pub fn extend(&mut self, other: Catalogue) {
        for e in other.entries {
            self.push(e);
        }
    }

    fn push(&mut self, e: Entry) {
        let idx = match self.entries.iter().position(|x| x.id == e.id) {
            Some(i) => {
                self.aliases.retain(|_, v| *v != i);
                self.entries[i] = e;
                i
            }
            None => {
                self.entries.push(e);
                self.entries.len() - 1
            }
        };
        let e = &self.entries[idx];
        for a in e.aliases.iter().chain(std::iter::once(&e.name)) {
            self.aliases.insert(key(a), idx);
        }
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with `id`.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The canonical indicator of an extracted name.
    pub fn lookup(&self, name: &str) -> Option<CanonicalMatch> {
        let k = key(name);
        if let Some(&entry) = self.aliases.get(&k) {
            return Some(CanonicalMatch { entry, how: MatchKind::Exact, scope: None });
        }
        // A scope before an alias: 农村适龄妇女宫颈癌人群筛查率.
        for (n, (i, _)) in k.char_indices().enumerate().skip(1) {
            if n > MAX_SCOPE_CHARS {
                break;
            }
            let rest = &k[i..];
            if rest.chars().count() < 4 {
                break;
            }
            let scope = &k[..i];
            // A coordinated subject (基本医疗保险、生育保险参保率) is no scope.
            if scope.contains(['、', ',']) || scope.ends_with(['和', '及', '与']) {
                break;
            }
            if let Some(&entry) = self.aliases.get(rest) {
                return Some(CanonicalMatch {
                    entry,
                    how: MatchKind::Normalized,
                    scope: Some(scope.to_string()),
                });
            }
        }
        None
    }
}

/// A name folded for matching.
fn key(name: &str) -> String {
    let mut k = String::with_capacity(name.len());
    for c in name.chars().map(crate::normalize::fold_char) {
        if !c.is_whitespace() && !matches!(c, '的' | '“' | '”' | '"' | '(' | ')' | '/') {
            k.push(c);
        }
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(name: &str) -> Option<(String, MatchKind, Option<String>)> {
        let c = Catalogue::builtin();
        c.lookup(name).map(|m| (c.entries()[m.entry].id.clone(), m.how, m.scope))
    }

    #[test]
    fn builtin_catalogue_is_consistent() {
        let c = Catalogue::builtin();
        assert!(c.entries().len() >= 90);
        let mut ids = std::collections::HashSet::new();
        for e in c.entries() {
            assert!(ids.insert(e.id.clone()), "duplicate id {}", e.id);
            assert!(!e.source.is_empty(), "{} has no source", e.id);
            // A national target is stated the way the indicator improves.
            if let Some(t) = e.national_target {
                use Comparator::*;
                let fits = match e.direction {
                    Direction::Higher => matches!(t.comparator, Ge | Gt | Eq),
                    Direction::Lower => matches!(t.comparator, Le | Lt | Eq),
                    Direction::Balance => matches!(t.comparator, Approx | Eq),
                };
                assert!(fits, "{}: target {:?} against direction {:?}", e.id, t, e.direction);
                assert!(e.source.contains("2021"), "{}: target but source {}", e.id, e.source);
            }
        }
        assert!(c.entries().iter().filter(|e| e.national_target.is_some()).count() >= 20);
        // No alias points at two entries.
        let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        for e in c.entries() {
            for a in &e.aliases {
                if let Some(prev) = seen.insert(key(a), e.id.clone()) {
                    assert_eq!(prev, e.id, "alias {a} in {prev} and {}", e.id);
                }
            }
        }
    }

    #[test]
    fn lookups() {
        use MatchKind::*;
        let s = |x: &str| Some(x.to_string());
        assert_eq!(id("孕产妇死亡率"), Some(("W.H.03".into(), Exact, None)));
        assert_eq!(id("孕產婦死亡率"), Some(("W.H.03".into(), Exact, None)));
        assert_eq!(
            id("农村适龄妇女宫颈癌人群筛查率"),
            Some(("W.H.04".into(), Normalized, s("农村")))
        );
        assert_eq!(id("城镇单位就业人员中女性比例"), Some(("W.C.02".into(), Exact, None)));
        assert_eq!(id("女童九年义务教育巩固率"), Some(("W.E.03".into(), Exact, None)));
        assert_eq!(id("全县九年义务教育巩固率"), Some(("W.E.03".into(), Normalized, s("全县"))));
        assert_eq!(id("城乡基本养老保险参保率"), Some(("S.S.02".into(), Normalized, s("城乡"))));
        assert_eq!(id("率"), None);
        assert_eq!(id("基本医疗保险、生育保险参保率"), None);
        assert_eq!(id("全区女干部担任镇（街）党政正职"), None);
    }

    #[test]
    fn user_catalogues_extend_and_replace() {
        let mut c = Catalogue::builtin().clone();
        let user = Catalogue::parse(
            "X.1\t托育服务覆盖率\t健康\t%\thigher\t托育服务覆盖率|托育覆盖率\tmy county\n",
        )
        .unwrap();
        c.extend(user);
        assert_eq!(
            c.lookup("托育覆盖率").map(|m| c.entries()[m.entry].id.clone()).as_deref(),
            Some("X.1")
        );
        assert!(Catalogue::parse("bad line").is_err());
        let with_target = |t: &str| Catalogue::parse(&format!("X.2\tn\td\t%\thigher\tn\ts\t{t}\n"));
        let target = |t: &str| with_target(t).unwrap().entries()[0].national_target;
        assert_eq!(target(""), None);
        assert_eq!(
            target("<=12"),
            Some(NationalTarget { comparator: Comparator::Le, value: 12.0 })
        );
        assert_eq!(
            target("~ 45"),
            Some(NationalTarget { comparator: Comparator::Approx, value: 45.0 })
        );
        for bad in ["12", ">=", ">=abc", "=inf", "≥90"] {
            assert!(with_target(bad).is_err(), "{bad}");
        }
        assert!(Catalogue::parse("a\tb\tc\td\tsideways\te\n").is_err());
    }
}
