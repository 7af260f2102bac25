//! Which completed tests the HR reports may include, so that no two versions of a report differ
//! by fewer than k people.
//!
//! Reports are recomputed from the stored answers on every view. If every completion entered
//! them at once, a report fetched before and after one caseworker finished would differ by
//! exactly that person's answers, and the completion list says who finished: subtracting the two
//! versions would reveal one person's result. Cell suppression inside one report cannot prevent
//! that; it is a difference *between* versions.
//!
//! So completed tests enter the reports in batches. Every aggregate a report shows is a
//! department subtree (any level, the whole organisation included) × a topic (or all topics).
//! A batch is published only if, for every department node and every topic, the number of people
//! it adds is 0 or at least k. Any two versions of any aggregate then differ by the contributions
//! of 0 or ≥ k people, because versions are nested (a published test stays published).
//!
//! The rule is replayed over the completions in the order they happened (a pure function of that
//! order and the department tree; nothing is stored, and an earlier version can be reproduced by
//! replaying a prefix). After each completion, going from the test's department up to the root,
//! a node publishes the people waiting *directly* in it when, for each topic they touch, the
//! node's total new people in that topic would reach k. The new people of a node are its
//! children's published batches (each 0 or ≥ k per topic, by induction) plus its own direct
//! ones, so the node's total is 0 or ≥ k as well. Tests that wait are kept until enough others
//! in the same unit finish: the last fewer-than-k completions of a unit appear in reports only
//! when k are waiting (the price of the guarantee; the completion lists show them at once).
//!
//! `app::Reports` replays this on every view and computes every figure from the published tests
//! only; the drill-down's item rows use the version as of the cycle's deadline.

use std::collections::HashMap;

/// One completed test, in the order the tests completed.
#[derive(Debug, Clone, PartialEq)]
pub struct Completed<'a> {
    /// The department the test counts in (`BUF/Område Nord/Team 3`; `""` = the organisation).
    pub department: &'a str,
    /// The topics (indices) the test has scored answers in.
    pub topics: &'a [usize],
}

/// For each completion (same order as the input), the index of the completion whose arrival
/// published it, or `None` while it waits. A test's index is a report version: the report as of
/// version `v` includes exactly the tests published at an index ≤ `v`.
pub fn published_at(completions: &[Completed<'_>], k: usize) -> Vec<Option<usize>> {
    let k = k.max(1);
    let mut published = vec![None; completions.len()];
    // Tests waiting directly in each department node.
    let mut waiting: HashMap<&str, Vec<usize>> = HashMap::new();
    for (step, completion) in completions.iter().enumerate() {
        waiting.entry(completion.department).or_default().push(step);
        // New people per topic published in the subtree below the current node at this step.
        let mut below: HashMap<usize, usize> = HashMap::new();
        let mut node = Some(completion.department);
        while let Some(path) = node {
            let direct = waiting.get(path).map(Vec::as_slice).unwrap_or(&[]);
            let mut per_topic: HashMap<usize, usize> = HashMap::new();
            for &test in direct {
                for &topic in completions[test].topics {
                    *per_topic.entry(topic).or_default() += 1;
                }
            }
            let may_publish = !direct.is_empty()
                && per_topic
                    .iter()
                    .all(|(topic, &n)| below.get(topic).copied().unwrap_or(0) + n >= k);
            if may_publish {
                for test in waiting.remove(path).unwrap_or_default() {
                    published[test] = Some(step);
                }
                for (topic, n) in per_topic {
                    *below.entry(topic).or_default() += n;
                }
            }
            if below.is_empty() {
                // Nothing was published below or here: the ancestors' waiting tests did not
                // change at this step, and each is still short of k.
                break;
            }
            node = parent(path);
        }
    }
    published
}

/// `BUF/Område Nord` for `BUF/Område Nord/Team 3`, `""` for `BUF`, `None` for the root.
fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    Some(path.rfind('/').map_or("", |at| &path[..at]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[usize] = &[0, 1, 2];

    fn completions<'a>(departments: &[&'a str]) -> Vec<Completed<'a>> {
        departments
            .iter()
            .map(|&department| Completed {
                department,
                topics: ALL,
            })
            .collect()
    }

    /// The invariant itself, checked by brute force: between any two versions, every
    /// (department node, topic) aggregate gains 0 or ≥ k people.
    fn assert_k_steps(completions: &[Completed<'_>], published: &[Option<usize>], k: usize) {
        let mut versions: Vec<usize> = published.iter().flatten().copied().collect();
        versions.sort_unstable();
        versions.dedup();
        let mut nodes: Vec<&str> = vec![""];
        for c in completions {
            let mut path = Some(c.department);
            while let Some(p) = path {
                nodes.push(p);
                path = parent(p);
            }
        }
        nodes.sort_unstable();
        nodes.dedup();
        let in_subtree = |node: &str, department: &str| {
            node.is_empty() || department == node || department.starts_with(&format!("{node}/"))
        };
        let mut all_versions = vec![None];
        all_versions.extend(versions.iter().map(|&v| Some(v)));
        for (i, earlier) in all_versions.iter().enumerate() {
            for later in &all_versions[i + 1..] {
                for node in &nodes {
                    for topic in 0..3 {
                        let gained = completions
                            .iter()
                            .zip(published)
                            .filter(|&(c, &p)| {
                                in_subtree(node, c.department)
                                    && c.topics.contains(&topic)
                                    && p.is_some()
                                    && p <= *later
                                    && (earlier.is_none() || p > *earlier)
                            })
                            .count();
                        assert!(
                            gained == 0 || gained >= k,
                            "{node} topic {topic}: {gained} people between {earlier:?} and {later:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn one_completion_publishes_nothing_and_the_kth_publishes_all_k() {
        let input = completions(&["A/x", "A/x", "A/x", "A/x", "A/x", "A/x"]);
        let published = published_at(&input, 5);
        assert_eq!(
            published,
            vec![Some(4), Some(4), Some(4), Some(4), Some(4), None]
        );
        assert_k_steps(&input, &published, 5);
    }

    #[test]
    fn units_wait_for_their_own_k_even_when_the_parent_has_k() {
        // 3 in A/x and 2 in A/y: A has 5 new, but publishing would move A/x by 3.
        let input = completions(&["A/x", "A/y", "A/x", "A/y", "A/x"]);
        assert_eq!(published_at(&input, 5), vec![None; 5]);
    }

    #[test]
    fn people_placed_directly_in_a_parent_ride_along_with_a_child_batch() {
        // Two people sit directly in A (no team); A/x reaches k at the 7th completion, and A
        // then gains 5 + 2 = 7 ≥ k, so A's direct people are published with it.
        let input = completions(&["A", "A", "A/x", "A/x", "A/x", "A/x", "A/x"]);
        let published = published_at(&input, 5);
        assert_eq!(published, vec![Some(6); 7]);
        assert_k_steps(&input, &published, 5);
    }

    #[test]
    fn a_topic_missing_from_a_test_is_counted_per_topic() {
        // The fifth test has no answers in topic 2: topic 2 would gain only 4 people in A/x.
        let partial: &[usize] = &[0, 1];
        let mut input = completions(&["A/x"; 4]);
        input.push(Completed {
            department: "A/x",
            topics: partial,
        });
        assert_eq!(published_at(&input, 5), vec![None; 5]);
        input.push(Completed {
            department: "A/x",
            topics: ALL,
        });
        let published = published_at(&input, 5);
        assert_eq!(published, vec![Some(5); 6]);
        assert_k_steps(&input, &published, 5);
    }

    #[test]
    fn replaying_a_prefix_gives_the_earlier_version() {
        let departments: Vec<&str> = (0..40)
            .map(|i| ["A/x", "A/y", "B", "B/z/1"][(i * 7 + i / 3) % 4])
            .collect();
        let input = completions(&departments);
        let full = published_at(&input, 5);
        for n in 0..input.len() {
            let prefix = published_at(&input[..n], 5);
            let expected: Vec<Option<usize>> =
                full[..n].iter().map(|p| p.filter(|&v| v < n)).collect();
            assert_eq!(prefix, expected, "prefix of {n}");
        }
        assert_k_steps(&input, &full, 5);
    }

    #[test]
    fn random_organisations_keep_the_invariant() {
        use rand::rngs::StdRng;
        use rand::{RngExt, SeedableRng};
        let paths = ["", "A", "A/x", "A/y", "A/y/1", "A/y/2", "B", "B/z"];
        let topic_sets: [&[usize]; 4] = [&[0, 1, 2], &[0, 1, 2], &[0, 1], &[2]];
        let mut published_somewhere = 0;
        for seed in 0..30 {
            let mut rng = StdRng::seed_from_u64(seed);
            let k = rng.random_range(2..6);
            let input: Vec<Completed> = (0..rng.random_range(10..60))
                .map(|_| Completed {
                    department: paths[rng.random_range(0..paths.len())],
                    topics: topic_sets[rng.random_range(0..topic_sets.len())],
                })
                .collect();
            let published = published_at(&input, k);
            assert_k_steps(&input, &published, k);
            published_somewhere += usize::from(published.iter().any(Option::is_some));
        }
        assert!(published_somewhere > 20, "{published_somewhere} of 30");
    }
}
