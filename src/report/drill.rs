//! Which rows of a topic drill-down may be shown: disclosure control for item rows of one topic
//! in every department of the tree.
//!
//! A drill-down splits a published department × topic cell into one row per item. The figures
//! of a row (answers, right answers, observed − expected) add up in two directions:
//!
//! - **over items**: the cell's answers and right answers in a department are the sum of its item
//!   rows (the cell's own figures are published in the report);
//! - **over the tree**: an item's row in a department is the sum of the same item's rows in its
//!   sub-departments plus the people placed directly in the department.
//!
//! A hidden row is safe only if no published figure minus shown rows isolates it, or a sum of
//! hidden rows with fewer than k people. So in every such equation the hidden parts taken
//! together must cover either nobody or at least k distinct people; otherwise the smallest shown
//! part is hidden as well, repeating until every equation holds (secondary suppression;
//! Hundepool et al. 2012, *Statistical Disclosure Control*, ch. 4). A row is also hidden wherever
//! the report hides the cell. Rows that are sums of other rows (law sections, kinds of case) must
//! be computed from shown item rows only, so they add no equation of their own.

use std::collections::BTreeSet;

/// The people (any ids) who answered each row (item) in each group, with sub-groups.
#[derive(Debug, Clone)]
pub struct DrillCounts {
    /// `parent[g]`: the group's parent; group 0 is the root (the organisation).
    pub parent: Vec<Option<usize>>,
    /// `cell_shown[g]`: the report publishes this group's topic cell.
    pub cell_shown: Vec<bool>,
    /// `people[g][row]`.
    pub people: Vec<Vec<BTreeSet<u64>>>,
}

/// `hidden[g][row]` for every group and row. Rows nobody answered are never counted as unknowns
/// (they are known to be empty), but are reported hidden wherever the cell is.
pub fn hidden_rows(counts: &DrillCounts, k: usize) -> Vec<Vec<bool>> {
    let n_groups = counts.parent.len();
    let n_rows = counts.people.first().map_or(0, Vec::len);
    let mut children = vec![Vec::new(); n_groups];
    for (g, parent) in counts.parent.iter().enumerate() {
        if let Some(p) = parent {
            children[*p].push(g);
        }
    }
    let people = |g: usize, r: usize| &counts.people[g][r];
    let size = |g: usize, r: usize| counts.people[g][r].len();
    // People placed directly in g (not in a sub-group): never published on their own.
    let direct: Vec<Vec<BTreeSet<u64>>> = (0..n_groups)
        .map(|g| {
            (0..n_rows)
                .map(|r| {
                    let mut rest = people(g, r).clone();
                    for &c in &children[g] {
                        for p in people(c, r) {
                            rest.remove(p);
                        }
                    }
                    rest
                })
                .collect()
        })
        .collect();
    let mut hidden: Vec<Vec<bool>> = (0..n_groups)
        .map(|g| {
            (0..n_rows)
                .map(|r| !counts.cell_shown[g] || size(g, r) < k)
                .collect()
        })
        .collect();
    let unknown = |hidden: &[Vec<bool>], g: usize, r: usize| hidden[g][r] && size(g, r) > 0;
    loop {
        let mut changed = false;
        // Over the tree: row r of g = Σ row r of g's children + direct[g][r].
        for g in 0..n_groups {
            if children[g].is_empty() {
                continue;
            }
            for r in 0..n_rows {
                let mut revealed: BTreeSet<u64> = direct[g][r].clone();
                let mut unknowns = usize::from(!direct[g][r].is_empty());
                for &c in &children[g] {
                    if unknown(&hidden, c, r) {
                        revealed.extend(people(c, r));
                        unknowns += 1;
                    }
                }
                let needs_more = if unknown(&hidden, g, r) {
                    // A hidden parent must not be the one unknown of its equation.
                    unknowns == 0
                } else {
                    !revealed.is_empty() && revealed.len() < k
                };
                if !needs_more {
                    continue;
                }
                let smallest = children[g]
                    .iter()
                    .copied()
                    .filter(|&c| !hidden[c][r] && size(c, r) > 0)
                    .min_by_key(|&c| (size(c, r), c));
                match smallest {
                    Some(c) => hidden[c][r] = true,
                    None if !hidden[g][r] => hidden[g][r] = true,
                    None => continue,
                }
                changed = true;
            }
        }
        // Over rows: the published cell of g = Σ its rows.
        for g in 0..n_groups {
            if !counts.cell_shown[g] {
                continue;
            }
            let mut revealed: BTreeSet<u64> = BTreeSet::new();
            for r in 0..n_rows {
                if unknown(&hidden, g, r) {
                    revealed.extend(people(g, r));
                }
            }
            if revealed.is_empty() || revealed.len() >= k {
                continue;
            }
            let smallest = (0..n_rows)
                .filter(|&r| !hidden[g][r] && size(g, r) > 0)
                .min_by_key(|&r| (size(g, r), r));
            if let Some(r) = smallest {
                hidden[g][r] = true;
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: std::ops::Range<u64>) -> BTreeSet<u64> {
        ids.collect()
    }

    /// One group (the root) with the given people per row.
    fn flat(rows: Vec<BTreeSet<u64>>) -> DrillCounts {
        DrillCounts {
            parent: vec![None],
            cell_shown: vec![true],
            people: vec![rows],
        }
    }

    #[test]
    fn a_row_below_k_is_hidden_and_so_is_its_complement_within_the_cell() {
        // Items 0 and 1 have 6 and 5 people; item 2 has 2. Hiding only item 2 would let the
        // cell total minus items 0 and 1 reveal those 2 people, so the smallest shown row goes.
        let counts = flat(vec![set(0..6), set(0..5), set(10..12)]);
        assert_eq!(hidden_rows(&counts, 5), vec![vec![false, true, true]]);
    }

    #[test]
    fn hidden_rows_covering_k_people_together_need_no_complement() {
        let counts = flat(vec![set(0..8), set(10..13), set(20..22)]);
        // Items 1 and 2 are hidden (3 and 2 people) but together cover 5 people.
        assert_eq!(hidden_rows(&counts, 5), vec![vec![false, true, true]]);
    }

    #[test]
    fn overlapping_people_are_counted_once() {
        // Items 1 and 2 are hidden; the same 3 people answered both, so together they still
        // cover only 3: item 0 must go too.
        let counts = flat(vec![set(0..9), set(10..13), set(10..13)]);
        assert_eq!(hidden_rows(&counts, 5), vec![vec![true, true, true]]);
    }

    #[test]
    fn every_row_at_or_above_k_is_shown() {
        let counts = flat(vec![set(0..5), set(0..7)]);
        assert_eq!(hidden_rows(&counts, 5), vec![vec![false, false]]);
    }

    #[test]
    fn a_hidden_cell_hides_every_row() {
        let mut counts = flat(vec![set(0..50)]);
        counts.cell_shown = vec![false];
        assert_eq!(hidden_rows(&counts, 5), vec![vec![true]]);
    }

    /// Root 0 with children 1 and 2; one item.
    fn tree(a: BTreeSet<u64>, b: BTreeSet<u64>) -> DrillCounts {
        let root: BTreeSet<u64> = a.union(&b).copied().collect();
        DrillCounts {
            parent: vec![None, Some(0), Some(0)],
            cell_shown: vec![true; 3],
            people: vec![vec![root], vec![a], vec![b]],
        }
    }

    #[test]
    fn a_small_sub_department_is_protected_from_its_parent_minus_its_sibling() {
        // Department 2 has 3 people on the item: hidden. The root (9) minus department 1 (6)
        // would reveal them, so department 1's row is hidden as well.
        let hidden = hidden_rows(&tree(set(0..6), set(10..13)), 5);
        assert_eq!(hidden, vec![vec![false], vec![true], vec![true]]);
    }

    #[test]
    fn big_enough_sub_departments_are_all_shown() {
        let hidden = hidden_rows(&tree(set(0..6), set(10..15)), 5);
        assert_eq!(hidden, vec![vec![false], vec![false], vec![false]]);
    }

    #[test]
    fn people_placed_directly_in_a_parent_count_as_hidden() {
        // The root has 3 people of its own besides department 1 (6) and 2 (7): the root minus
        // both would reveal those 3, so the smaller department is hidden too.
        let mut counts = tree(set(0..6), set(10..17));
        counts.people[0][0].extend(100..103);
        let hidden = hidden_rows(&counts, 5);
        assert_eq!(hidden, vec![vec![false], vec![true], vec![false]]);
    }

    #[test]
    fn both_directions_are_enforced_together() {
        // Two items in a root with two departments. Item 1 in department 2 has 2 people:
        // hidden. The root minus department 1 would reveal them, so item 1 goes in department 1
        // too (5 people: enough on their own). Department 2's cell minus its item 0 would also
        // reveal them, so item 0 goes there; the root minus department 1 then reveals the 6
        // people of department 2's item 0, which is allowed.
        let one = [set(0..8), set(0..5)];
        let two = [set(10..16), set(10..12)];
        let root = [0, 1].map(|r| one[r].union(&two[r]).copied().collect());
        let counts = DrillCounts {
            parent: vec![None, Some(0), Some(0)],
            cell_shown: vec![true; 3],
            people: vec![root.to_vec(), one.to_vec(), two.to_vec()],
        };
        let hidden = hidden_rows(&counts, 5);
        assert_eq!(
            hidden,
            vec![vec![false, false], vec![false, true], vec![true, true]]
        );
    }
}
