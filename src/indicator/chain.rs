//! Chains of values in one clause (`3.0‰、5.0‰和6.0‰以下`): the comparator
//! after the last value and the one before the first hold for all, and a
//! coordinated subject (`孕产妇、婴儿和5岁以下儿童死亡率分别…`) is distributed
//! over them.

use super::{name, Cand};
use crate::lexicon;

/// Shares comparators and subjects along chains of values
/// (`3.0‰、5.0‰和6.0‰以下`) and distributes coordinated subjects over
/// them (`孕产妇、婴儿和5岁以下儿童死亡率分别…`).
pub(super) fn resolve_chains(s: &str, cands: &mut [Cand]) {
    let n = cands.len();
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n {
            let gap = &s[cands[j].aend..cands[j + 1].tok.start];
            let linked = !gap.is_empty()
                && gap.chars().all(|c| lexicon::CHAIN_LINKS.contains(&c))
                && cands[j].cmp_after.is_none()
                && cands[j + 1].clause_start >= cands[j].aend;
            if !linked {
                break;
            }
            j += 1;
        }
        if j > i {
            let cmp = cands[j].cmp_after;
            let before = cands[i].cmp_before;
            let head_name = cands[i].name.clone();
            let parts = match head_name.as_slice() {
                [(a, b)] => name::coordinated_parts(s, *a, *b),
                _ => Vec::new(),
            };
            let distribute = parts.len() == j - i + 1 && (cands[i].respectively || parts.len() > 1);
            // The shared head: `政协委员[中女性比例]`, `生育保险[的女职工比例]`,
            // else the head word (`死亡率`).
            let head = parts.last().and_then(|&(a, b)| {
                let h = name::head_start(s, a, b)?;
                let shared = s[a..h].find(['中', '的']).map(|p| a + p).filter(|&p| p > a);
                Some((shared.unwrap_or(h), b))
            });
            for k in i..=j {
                if cands[k].cmp_after.is_none() {
                    cands[k].cmp_after = cmp;
                }
                if cands[k].cmp_before.is_none() {
                    cands[k].cmp_before = before;
                }
                if distribute {
                    let p = parts[k - i];
                    let mut nm = vec![p];
                    // `5岁以下儿童贫血患病率和生长迟缓率`: the population is shared.
                    let first = parts[0];
                    if k > i {
                        if let Some(pop) = name::population_prefix(&s[first.0..first.1]) {
                            if name::population_prefix(&s[p.0..p.1]).is_none() {
                                nm.insert(0, (first.0, first.0 + pop.len()));
                            }
                        }
                    }
                    if let Some(h) = head {
                        if !name::has_head(s, p.0, p.1) {
                            nm.push(h);
                        }
                    }
                    cands[k].name = nm;
                } else if k > i && cands[k].name.is_empty() {
                    cands[k].name = head_name.clone();
                }
            }
        }
        i = j + 1;
    }
}
