//! Unit tests of the report on small hand-made organisations.

use super::*;
use crate::irt::ItemParams;

/// `people` per group path, each answering `per_topic` Rasch items (b = 0) per topic, right with
/// the pattern given by `right(person, topic, k)`.
fn build(
    groups: &[(&str, usize)],
    n_topics: usize,
    per_topic: usize,
    right: impl Fn(usize, usize, usize) -> bool,
) -> Responses {
    let mut builder = ResponsesBuilder::new(n_topics);
    let mut person = 0;
    for &(path, n) in groups {
        for _ in 0..n {
            for t in 0..n_topics {
                for k in 0..per_topic {
                    let b = -1.0 + 2.0 * k as f64 / per_topic.max(2) as f64;
                    builder
                        .add(
                            &format!("p{person}"),
                            path,
                            t,
                            ItemParams::rasch(b).unwrap(),
                            right(person, t, k),
                        )
                        .unwrap();
                }
            }
            person += 1;
        }
    }
    builder.finish()
}

fn suppressed(report: &Report, path: &str, topic: usize) -> bool {
    let row = report.groups.iter().find(|r| r.path == path).unwrap();
    matches!(row.cells[topic], Cell::Suppressed)
}

fn alternate(p: usize, t: usize, k: usize) -> bool {
    (p + t + k).is_multiple_of(2)
}

#[test]
fn fewer_than_k_people_are_suppressed_and_k_are_shown() {
    let responses = build(&[("A", 4), ("B", 5), ("C", 9)], 2, 4, alternate);
    let report = super::report(&responses, &Config::default());
    assert!(suppressed(&report, "A", 0) && suppressed(&report, "A", 1));
    // B now stands alone beside the organisation with one hidden part: A is revealed by
    // organisation − B − C, so one more (the smallest shown, B) is hidden too.
    assert!(suppressed(&report, "B", 0));
    assert!(!suppressed(&report, "C", 0));
    assert_eq!(report.groups[2].cells[0].stats().unwrap().people, 9);
}

#[test]
fn a_small_child_hides_its_sibling_too() {
    // Parent "R" with children "R/X" (3 people) and "R/Y" (12 people); "S" keeps the root's
    // equation safe. At level 2, X is below k and Y = R − X would reveal it, so Y is hidden.
    let responses = build(
        &[("R/X", 3), ("R/Y", 12), ("S/Z", 8), ("S/W", 9)],
        1,
        3,
        alternate,
    );
    let level2 = super::report(
        &responses,
        &Config {
            level: 2,
            ..Config::default()
        },
    );
    assert!(suppressed(&level2, "R/X", 0));
    assert!(suppressed(&level2, "R/Y", 0), "complementary suppression");
    assert!(!suppressed(&level2, "S/Z", 0) && !suppressed(&level2, "S/W", 0));
    let level1 = super::report(
        &responses,
        &Config {
            level: 1,
            ..Config::default()
        },
    );
    assert!(!suppressed(&level1, "R", 0) && !suppressed(&level1, "S", 0));
}

#[test]
fn two_small_siblings_together_below_k_are_protected() {
    // R/X and R/Y have 2 people each: both hidden, but R − R/Z would reveal their sum, which
    // covers only 4 people; so R/Z is hidden too.
    let responses = build(
        &[("R/X", 2), ("R/Y", 2), ("R/Z", 10), ("S", 10)],
        1,
        3,
        alternate,
    );
    let level2 = super::report(
        &responses,
        &Config {
            level: 2,
            ..Config::default()
        },
    );
    assert!(suppressed(&level2, "R/X", 0) && suppressed(&level2, "R/Y", 0));
    assert!(
        suppressed(&level2, "R/Z", 0),
        "X + Y = R − Z covers 4 people"
    );
    // With 3 people each, X + Y covers 6: R/Z may be shown.
    let responses = build(
        &[("R/X", 3), ("R/Y", 3), ("R/Z", 10), ("S", 10)],
        1,
        3,
        alternate,
    );
    let level2 = super::report(
        &responses,
        &Config {
            level: 2,
            ..Config::default()
        },
    );
    assert!(!suppressed(&level2, "R/Z", 0));
}

#[test]
fn people_placed_directly_in_a_parent_are_protected() {
    // Two people sit in "R" itself, beside the child "R/Y": R − Y would reveal them.
    let responses = build(&[("R", 2), ("R/Y", 12), ("S", 10)], 1, 3, alternate);
    let level2 = super::report(
        &responses,
        &Config {
            level: 2,
            ..Config::default()
        },
    );
    assert!(suppressed(&level2, "R/Y", 0));
    let level1 = super::report(
        &responses,
        &Config {
            level: 1,
            ..Config::default()
        },
    );
    assert!(!suppressed(&level1, "R", 0));
}

#[test]
fn a_hidden_sibling_cannot_be_rebuilt_from_its_children() {
    // R has X (3, hidden) and Y (11, hidden to protect X); Y's children Y/1 and Y/2 are both
    // large, and summing them would give Y back, so one of them must go too.
    let responses = build(
        &[("R/X", 3), ("R/Y/1", 5), ("R/Y/2", 6), ("S", 10)],
        1,
        3,
        alternate,
    );
    let level3 = super::report(
        &responses,
        &Config {
            level: 3,
            ..Config::default()
        },
    );
    let hidden = ["R/Y/1", "R/Y/2"]
        .iter()
        .filter(|p| suppressed(&level3, p, 0))
        .count();
    assert_eq!(
        hidden, 1,
        "a hidden parent with shown children needs one hidden child"
    );
    assert!(suppressed(&level3, "R/Y/1", 0), "the smaller child goes");
}

#[test]
fn a_topic_below_the_groups_own_level_is_flagged_relative_not_absolute() {
    // Everyone answers 8 items per topic of 4 topics. Group "Weak" gets everything in topic 3
    // wrong except one in four; elsewhere everyone answers like θ ≈ 0 (alternating).
    let responses = build(
        &[("Weak", 20), ("B", 20), ("C", 20), ("D", 20)],
        4,
        8,
        |p, t, k| {
            if p < 20 && t == 3 {
                k % 4 == 0
            } else {
                (p + k) % 2 == 0
            }
        },
    );
    let report = super::report(&responses, &Config::default());
    let weak = &report
        .groups
        .iter()
        .find(|r| r.path == "Weak")
        .unwrap()
        .cells;
    let stats = weak[3].stats().unwrap();
    assert!(stats.relative.weak && stats.absolute.weak, "{stats:?}");
    assert_eq!(stats.relative.band, Band::ClearlyBelow);
    assert!(stats.share_topic < stats.share_own_level);
    assert!((stats.raw_share_correct - 0.25).abs() < 1e-12);
    assert_eq!((stats.people, stats.answers), (20, 160));
    for row in &report.groups {
        for (t, cell) in row.cells.iter().enumerate() {
            if row.path != "Weak" || t != 3 {
                assert!(!cell.stats().unwrap().relative.weak, "{} {t}", row.path);
            }
        }
    }
}

#[test]
fn a_uniformly_weak_group_is_weak_absolutely_but_not_relatively() {
    // "Low" answers a quarter right in every topic, the others half.
    let responses = build(&[("Low", 25), ("B", 25), ("C", 25)], 3, 8, |p, _, k| {
        if p < 25 { k % 4 == 0 } else { (p + k) % 2 == 0 }
    });
    let report = super::report(&responses, &Config::default());
    let low = report.groups.iter().find(|r| r.path == "Low").unwrap();
    for cell in &low.cells {
        let stats = cell.stats().unwrap();
        assert!(stats.absolute.weak, "{stats:?}");
        assert!(!stats.relative.weak, "{stats:?}");
    }
}

#[test]
fn absolute_level_is_the_closed_form_for_rasch_items_of_one_difficulty() {
    // One topic, one item (b = 0.5); 10 people, 4 answers each, 12 of 40 right overall:
    // λ = b + logit(12/40), SE = 1/√(40·p·(1 − p)).
    let mut builder = ResponsesBuilder::new(1);
    let item = ItemParams::rasch(0.5).unwrap();
    for p in 0..10 {
        for k in 0..4 {
            builder
                .add(&format!("p{p}"), "G", 0, item, (p * 4 + k) % 10 < 3)
                .unwrap();
        }
    }
    let report = super::report(&builder.finish(), &Config::default());
    let level = report.groups[0].cells[0].stats().unwrap().level;
    let p: f64 = 0.3;
    assert!(
        (level.theta - (0.5 + (p / (1.0 - p)).ln())).abs() < 1e-6,
        "{level:?}"
    );
    assert!((level.se - 1.0 / (40.0 * p * (1.0 - p)).sqrt()).abs() < 1e-6);
    assert!((level.share_typical - 0.3).abs() < 1e-6);
}

// The same group against a fixed standard: the comparison's SE is the person-clustered one,
// √(Σₚ uₚ² · G/(G − 1)) / I with uₚ = rₚ − 4P each person's score (Rasch) and I = 40·P(1 − P).
#[test]
fn absolute_se_is_clustered_by_person() {
    let mut builder = ResponsesBuilder::new(1);
    let item = ItemParams::rasch(0.5).unwrap();
    let mut right = Vec::new();
    for p in 0..10 {
        let mut r = 0.0;
        for k in 0..4 {
            let correct = (p * 4 + k) % 10 < 3;
            r += f64::from(u8::from(correct));
            builder
                .add(&format!("p{p}"), "G", 0, item, correct)
                .unwrap();
        }
        right.push(r);
    }
    let config = Config {
        reference: Reference::Standard(0.0),
        ..Config::default()
    };
    let report = super::report(&builder.finish(), &config);
    let stats = report.groups[0].cells[0].stats().unwrap();
    let p: f64 = 0.3;
    let information = 40.0 * p * (1.0 - p);
    let scores: f64 = right.iter().map(|r| (r - 4.0 * p).powi(2)).sum();
    let clustered = (scores * 10.0 / 9.0).sqrt() / information;
    assert!(clustered > 1.0 / information.sqrt(), "people differ here");
    assert!(
        (stats.absolute.se - clustered).abs() < 1e-6,
        "{stats:?} vs {clustered}"
    );
    assert!((stats.level.se - 1.0 / information.sqrt()).abs() < 1e-6);
}

#[test]
fn trend_differences_levels_with_independent_errors() {
    let before = build(&[("A", 10), ("B", 10)], 2, 6, |p, t, k| {
        (p + t + k) % 3 != 0
    });
    let after = build(&[("A", 10), ("B", 10)], 2, 6, alternate);
    let (r0, r1) = (
        super::report(&before, &Config::default()),
        super::report(&after, &Config::default()),
    );
    let trends = r1.trends(&r0);
    assert_eq!(trends.len(), 4);
    let (path, t, trend) = &trends[0];
    let now = r1.groups[0].cells[*t].stats().unwrap();
    let then = r0.groups[0].cells[*t].stats().unwrap();
    assert_eq!(path, "A");
    assert!((trend.level.difference - (now.level.theta - then.level.theta)).abs() < 1e-12);
    assert!((trend.level.se - now.level.se.hypot(then.level.se)).abs() < 1e-12);
    assert!(trend.level.difference < 0.0);
    assert!(super::trend(&Cell::Suppressed, &r0.groups[0].cells[0]).is_none());
}

#[test]
fn report_is_deterministic() {
    let responses = build(
        &[("A", 7), ("B", 12), ("C/D", 6), ("C/E", 9)],
        3,
        4,
        |p, t, k| (p * 7 + t * 3 + k) % 5 < 3,
    );
    let config = Config {
        level: 1,
        ..Config::default()
    };
    assert_eq!(
        super::report(&responses, &config),
        super::report(&responses, &config)
    );
}

// The chunks are fixed by the number of people, so one thread and four give the same report,
// bit for bit (here about 40 chunks' worth of people over five groups).
#[test]
fn report_does_not_depend_on_the_thread_count() {
    let responses = build(
        &[("A", 90), ("B", 120), ("C/D", 60), ("C/E", 75), ("F", 40)],
        4,
        3,
        |p, t, k| (p * 7 + t * 3 + k * 5 + p / 11) % 7 < 4,
    );
    let config = Config {
        level: 1,
        ..Config::default()
    };
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| super::report(&responses, &config))
    };
    let one = on(1);
    assert!(
        one.groups
            .iter()
            .any(|g| g.cells.iter().any(|c| c.stats().is_some()))
    );
    assert_eq!(one, on(4));
}

// A level interval on a topic in expected shares right on the topic's typical item; no shares for
// a topic the organisation has no figures for.
#[test]
fn level_shares_are_the_typical_items_probabilities() {
    let responses = build(&[("A", 12), ("B", 12)], 2, 4, alternate);
    let report = super::report(&responses, &Config::default());
    let org = report.organisation[1].as_ref().unwrap();
    let interval = Interval {
        low: -0.5,
        high: 0.75,
    };
    let (low, high) = report.level_shares(1, &interval).unwrap();
    assert_eq!(low, org.typical_item.p(-0.5));
    assert_eq!(high, org.typical_item.p(0.75));
    // The typical item of Rasch items is Rasch: P(−0.5) = σ(−0.5 − b) for its difficulty b.
    let b = org.typical_item.b();
    assert!((low - 1.0 / (1.0 + (0.5 + b).exp())).abs() < 1e-12);
    assert!(low < high);
    assert_eq!(report.level_shares(2, &interval), None);
    let mut without = report.clone();
    without.organisation[0] = None;
    assert_eq!(without.level_shares(0, &interval), None);
}

#[test]
fn builder_refuses_bad_input() {
    let mut builder = ResponsesBuilder::new(2);
    let item = ItemParams::rasch(0.0).unwrap();
    assert!(matches!(
        builder.add("x", "A", 2, item, true),
        Err(InputError::TopicOutOfRange {
            topic: 2,
            n_topics: 2
        })
    ));
    builder.add("x", "A", 0, item, true).unwrap();
    assert!(matches!(
        builder.add("x", "B", 0, item, true),
        Err(InputError::PersonInTwoGroups { .. })
    ));
    assert_eq!(
        builder.answer(Answer {
            person: 5,
            item: 0,
            correct: true
        }),
        Err(InputError::NoSuchPerson(5))
    );
}

// The ranked summary: a group weak in one topic gets one topic action (flagged by both
// statistics), ranked before nothing else; a group weak in every topic gets one
// department-wide action instead of one per topic.
#[test]
fn actions_rank_flagged_cells_and_pool_a_uniformly_weak_group() {
    use super::summary::{ActionKind, actions, worth_a_look};
    let responses = build(
        &[("Weak", 20), ("B", 20), ("C", 20), ("D", 20)],
        4,
        8,
        |p, t, k| {
            if p < 20 && t == 3 {
                k % 4 == 0
            } else {
                (p + k) % 2 == 0
            }
        },
    );
    let report = super::report(&responses, &Config::default());
    let ranked = actions(&report);
    assert_eq!(ranked.len(), 1, "{ranked:?}");
    assert_eq!(report.groups[ranked[0].row].path, "Weak");
    assert_eq!(
        ranked[0].what,
        ActionKind::Topic {
            topic: 3,
            relative: true,
            absolute: true
        }
    );
    assert!(ranked[0].points > 0.0 && ranked[0].share < ranked[0].expected);
    assert!(worth_a_look(&report, 3).iter().all(|&(_, _, p)| p >= 0.0));

    let responses = build(&[("Low", 25), ("B", 25), ("C", 25)], 3, 8, |p, _, k| {
        if p < 25 { k % 4 == 0 } else { (p + k) % 2 == 0 }
    });
    let report = super::report(&responses, &Config::default());
    let ranked = actions(&report);
    assert_eq!(ranked.len(), 1, "{ranked:?}");
    assert_eq!(
        ranked[0].what,
        ActionKind::Department {
            flagged: 3,
            shown: 3
        }
    );
    assert!(ranked[0].expected - ranked[0].share > 0.1);
}
