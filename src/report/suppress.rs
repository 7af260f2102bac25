//! Which group × topic cells may be shown: primary suppression of small cells and complementary
//! suppression so that no shown figures can be subtracted to reveal a suppressed one.
//!
//! Counts of people, answers and right answers add up along the department tree: for every group
//! G and topic, G = Σ children(G) + R(G), where R(G) are the people placed directly in G rather
//! than in a child. R(G) is never published on its own, so it is always an unknown. A shown parent
//! reveals the sum of its hidden parts, so those parts together must cover nobody or at least k
//! people; a hidden parent must not be the only unknown of its equation (it could be solved for).
//! Otherwise the smallest shown part is hidden as well, repeating until every equation holds (the
//! usual rule in statistical disclosure control, here with the sum of the hidden parts held to
//! the same k as a cell; see Hundepool et al. 2012, *Statistical Disclosure Control*, ch. 4 on
//! secondary suppression). `drill.rs` applies the same rule to item rows.

use super::input::GroupTree;

/// For one topic: `people[g]` distinct people of group g (with sub-groups) who answered the
/// topic, `direct[g]` those placed in g itself. Returns which groups' cells are suppressed.
/// Empty cells (no people) are never an unknown: they are known to be empty.
pub(super) fn suppress(
    tree: &GroupTree,
    people: &[usize],
    direct: &[usize],
    k: usize,
) -> Vec<bool> {
    let n = people.len();
    let mut hidden: Vec<bool> = people.iter().map(|&p| p > 0 && p < k).collect();
    loop {
        let mut changed = false;
        for g in 0..n {
            let children = &tree.groups()[g].children;
            if children.is_empty() {
                continue; // G = R(G): the remainder is G itself, nothing to solve.
            }
            // Children hold disjoint people, so the hidden parts' people add up.
            let hidden_people: usize = children
                .iter()
                .filter(|&&c| hidden[c as usize])
                .map(|&c| people[c as usize])
                .sum::<usize>()
                + direct[g];
            let needs_more = if hidden[g] {
                // A hidden parent must not be the one unknown of its equation.
                hidden_people == 0 && people[g] > 0
            } else {
                // A shown parent reveals the hidden parts' sum: it must cover nobody or k people.
                hidden_people > 0 && hidden_people < k
            };
            if !needs_more {
                continue;
            }
            // Hide the smallest shown part of the equation; the parent only if no child is left.
            let candidate = children
                .iter()
                .copied()
                .filter(|&c| !hidden[c as usize] && people[c as usize] > 0)
                .min_by_key(|&c| (people[c as usize], c))
                .map(|c| c as usize)
                .or((!hidden[g]).then_some(g));
            if let Some(c) = candidate {
                hidden[c] = true;
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}
