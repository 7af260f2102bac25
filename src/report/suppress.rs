//! Which group × topic cells may be shown: primary suppression of small cells and complementary
//! suppression so that no shown figures can be subtracted to reveal a suppressed one.
//!
//! Counts of people, answers and right answers add up along the department tree: for every group
//! G and topic, G = Σ children(G) + R(G), where R(G) are the people placed directly in G rather
//! than in a child. Each such equation is protected when it has no unknown (nothing hidden) or at
//! least two (one hidden value cannot be solved for). A shown parent with exactly one hidden part
//! reveals it, so the smallest shown part is hidden as well, repeating until no equation has a
//! single unknown that needs protecting (the usual rule in statistical disclosure control; see
//! Hundepool et al. 2012, *Statistical Disclosure Control*, ch. 4 on secondary suppression).

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
            let hidden_children: Vec<u32> = children
                .iter()
                .copied()
                .filter(|&c| hidden[c as usize])
                .collect();
            let remainder = direct[g];
            let unknowns =
                hidden_children.len() + usize::from(remainder > 0) + usize::from(hidden[g]);
            if unknowns != 1 {
                continue;
            }
            // A remainder of k or more people may be worked out: it is not small, and it takes
            // part in this equation only.
            if remainder >= k {
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
