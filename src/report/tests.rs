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

/// One topic, one Rasch item (b = 0.5): `people` people in group `path` with 4 answers each,
/// person p's k-th right when `right(p, k)`; returns each person's number right.
fn one_item(
    builder: &mut ResponsesBuilder,
    path: &str,
    people: usize,
    right: impl Fn(usize, usize) -> bool,
) -> Vec<f64> {
    let item = ItemParams::rasch(0.5).unwrap();
    (0..people)
        .map(|p| {
            let mut r = 0.0;
            for k in 0..4 {
                r += f64::from(u8::from(right(p, k)));
                builder
                    .add(&format!("{path}{p}"), path, 0, item, right(p, k))
                    .unwrap();
            }
            r
        })
        .collect()
}

/// The closed forms of a group's absolute level on one Rasch item (b = 0.5) with `right[p]` of
/// 4 right per person: with one topic every prediction θ̂₋ₜ is the group's prior mean, so the
/// deviations dₚ are 0, L = ō + δ̂ solves Σ(r − 4P(L)) = 0, i.e. L = b + logit(p̄), and
/// V = Σₚ sₚ² / I² · n/(n − 1) with sₚ = rₚ − 4P and I = 4n·P(1 − P), floored at 1/I.
fn closed_form(right: &[f64]) -> (f64, f64) {
    let n = right.len() as f64;
    let p = right.iter().sum::<f64>() / (4.0 * n);
    let information = 4.0 * n * p * (1.0 - p);
    let scores: f64 = right.iter().map(|r| (r - 4.0 * p).powi(2)).sum();
    let var = (scores / information.powi(2) * n / (n - 1.0)).max(1.0 / information);
    (0.5 + (p / (1.0 - p)).ln(), var)
}

#[test]
fn absolute_level_and_se_are_the_closed_form_for_one_rasch_item() {
    // 10 people, 12 of 40 right, people differing (0 to 2 right each): L = 0.5 + logit(0.3).
    let mut builder = ResponsesBuilder::new(1);
    let right = one_item(&mut builder, "G", 10, |p, k| (p * 4 + k) % 10 < 3);
    let config = Config {
        reference: Reference::Standard(0.0),
        scope: Scope::Population,
        ..Config::default()
    };
    let report = super::report(&builder.finish(), &config);
    let stats = report.groups[0].cells[0].stats().unwrap();
    let (level, var) = closed_form(&right);
    assert!((level - (0.5 + (0.3f64 / 0.7).ln())).abs() < 1e-12);
    assert!((stats.level.theta - level).abs() < 1e-6, "{stats:?}");
    assert!(
        (stats.level.se - var.sqrt()).abs() < 1e-6,
        "{stats:?} vs {var}"
    );
    assert!(
        var > 1.0 / (40.0 * 0.3 * 0.7),
        "people differ here: above the model-based SE"
    );
    assert!((stats.level.share_typical - 0.3).abs() < 1e-6);
    // Against a standard of 0 the comparison is the level itself, with the same SE.
    assert!((stats.absolute.difference - stats.level.theta).abs() < 1e-12);
    assert!((stats.absolute.se - stats.level.se).abs() < 1e-12);
    // L = mean prediction + shift, the two parts the relative statistic shows.
    assert!((stats.level.theta - (stats.own_level + stats.relative.difference)).abs() < 1e-12);
}

// Two departments of known abilities on one Rasch item: A gets 30 % right, B 50 %. Against the
// organisation (the people-weighted mean, w = 1/2 each) A's difference is (1 − w)(L_A − L_B) and
// its variance (1 − w)² V_A + w² V_B, the two departments' people being disjoint.
#[test]
fn absolute_difference_against_the_organisation_has_the_known_value_and_se() {
    let mut builder = ResponsesBuilder::new(1);
    let right_a = one_item(&mut builder, "A", 10, |p, k| (p * 4 + k) % 10 < 3);
    let right_b = one_item(&mut builder, "B", 10, |p, k| (p * 4 + k) % 10 < 5);
    let config = Config {
        scope: Scope::Population,
        ..Config::default()
    };
    let report = super::report(&builder.finish(), &config);
    let ((level_a, var_a), (level_b, var_b)) = (closed_form(&right_a), closed_form(&right_b));
    assert!((level_b - 0.5).abs() < 1e-12);
    let a = report.groups[0].cells[0].stats().unwrap();
    let b = report.groups[1].cells[0].stats().unwrap();
    assert!(
        (a.absolute.difference - 0.5 * (level_a - level_b)).abs() < 1e-6,
        "{a:?}"
    );
    assert!(
        (b.absolute.difference - 0.5 * (level_b - level_a)).abs() < 1e-6,
        "{b:?}"
    );
    let se = (0.25 * var_a + 0.25 * var_b).sqrt();
    assert!((a.absolute.se - se).abs() < 1e-6, "{a:?} vs {se}");
    assert!((b.absolute.se - se).abs() < 1e-6);
    // The organisation's reference in shares is the level at L − difference.
    let reference = 0.5 * (level_a + level_b);
    let org = report.organisation[0].as_ref().unwrap();
    assert!((summary::reference_share(&report, 0, a) - org.typical_item.p(reference)).abs() < 1e-6);
}

// Hand-computed: 4 people with predictions −1, 0, 1, 2 (ō = 0.5, so d = −1.5, −0.5, 0.5, 1.5),
// scores −0.2, 0.1, 0.3, −0.2 and information 2: ψ = d/4 + s/2 = −0.475, −0.075, 0.275, 0.275,
// Σψ² = 0.3825, times 4/3 = 0.51 (above the floor 1/I = 0.5).
#[test]
fn level_variance_is_the_clustered_sandwich_of_known_influences() {
    let d = [-1.5, -0.5, 0.5, 1.5];
    let s = [-0.2, 0.1, 0.3, -0.2];
    let sum = |f: &dyn Fn(usize) -> f64| (0..4).map(f).sum::<f64>();
    let (dd, ds, ss) = (
        sum(&|p| d[p] * d[p]),
        sum(&|p| d[p] * s[p]),
        sum(&|p| s[p] * s[p]),
    );
    assert!((level_variance(4, dd, ds, ss, 2.0) - 0.51).abs() < 1e-12);
    // Alike people with scores near 0: the model-based 1/I.
    assert!((level_variance(4, 0.0, 0.0, 1e-6, 2.0) - 0.5).abs() < 1e-12);
    assert!((level_variance(1, 0.0, 0.0, 0.0, 4.0) - 0.25).abs() < 1e-12);
    assert_eq!(level_variance(0, 0.0, 0.0, 0.0, 2.0), f64::INFINITY);
    assert_eq!(level_variance(3, 1.0, 0.0, 1.0, 0.0), f64::INFINITY);
}

// The same 10 people, 12 of 40 right, as an estimate of *their own* mean level (the default
// scope): with one topic every prediction is the group's prior mean, every person has the same
// information 4P(1 − P), so wₚ = 1/n and the variance is the model-based 1/I = 1/(40 · 0.3 · 0.7),
// below the population's, whatever the spread of the people.
#[test]
fn the_peoples_own_level_has_the_model_based_se_when_information_is_equal() {
    let mut builder = ResponsesBuilder::new(1);
    let right = one_item(&mut builder, "G", 10, |p, k| (p * 4 + k) % 10 < 3);
    let config = Config {
        reference: Reference::Standard(0.0),
        ..Config::default()
    };
    assert_eq!(config.scope, Scope::People);
    let report = super::report(&builder.finish(), &config);
    let stats = report.groups[0].cells[0].stats().unwrap();
    let (level, population_var) = closed_form(&right);
    assert!((stats.level.theta - level).abs() < 1e-6, "{stats:?}");
    let var: f64 = 1.0 / (40.0 * 0.3 * 0.7);
    assert!((stats.level.se - var.sqrt()).abs() < 1e-6, "{stats:?}");
    assert!((stats.absolute.se - stats.level.se).abs() < 1e-12);
    assert!(var < population_var);
}

// Unequal information: person A answers the Rasch item (b = 0.5) twice with 1 right, B six times
// with 2 right. L̂ solves Σ(r − mP) = 0, so P(L̂) = 3/8 and L̂ = 0.5 + logit(3/8); I = 8 · 3/8 · 5/8
// = 1.875, w = 2/8 and 6/8. With one topic the predictions rest on the prior alone (J = 0, so
// v = σ² = 1): Var = 1/I + (1/2 − 1/4)² + (1/2 − 3/4)² = 0.533… + 0.125 = 0.658….
#[test]
fn the_peoples_own_level_counts_unequal_weights_on_the_predictions() {
    let mut builder = ResponsesBuilder::new(1);
    let item = ItemParams::rasch(0.5).unwrap();
    for (person, answers) in [
        ("a", [true, false].as_slice()),
        ("b", &[true, true, false, false, false, false]),
    ] {
        for &correct in answers {
            builder.add(person, "G", 0, item, correct).unwrap();
        }
    }
    let config = Config {
        reference: Reference::Standard(0.0),
        min_people: 1,
        ..Config::default()
    };
    let report = super::report(&builder.finish(), &config);
    let stats = report.groups[0].cells[0].stats().unwrap();
    assert!(
        (stats.level.theta - (0.5 + (3.0f64 / 5.0).ln())).abs() < 1e-6,
        "{stats:?}"
    );
    let var: f64 = 1.0 / 1.875 + 0.125;
    assert!(
        (stats.level.se - var.sqrt()).abs() < 1e-6,
        "{stats:?} vs {var}"
    );
}

// Hand-computed: 3 people with information 1, 2, 5 (I = 8, w = 1/8, 2/8, 5/8) and prediction
// variances 0.4, 0.2, 0.1: 1/I = 0.125 plus (1/3 − 1/8)² 0.4 + (1/3 − 1/4)² 0.2 + (1/3 − 5/8)² 0.1
// = 0.017361… + 0.001388… + 0.008506… = 0.027256…, so 0.152256….
#[test]
fn people_variance_is_the_measurement_error_of_known_weights() {
    let (info, v) = ([1.0, 2.0, 5.0], [0.4, 0.2, 0.1]);
    let sum = |f: &dyn Fn(usize) -> f64| (0..3).map(f).sum::<f64>();
    let (sv, siv, siiv) = (
        sum(&|p| v[p]),
        sum(&|p| info[p] * v[p]),
        sum(&|p| info[p] * info[p] * v[p]),
    );
    let expected = 0.125
        + (1.0f64 / 3.0 - 0.125).powi(2) * 0.4
        + (1.0f64 / 3.0 - 0.25).powi(2) * 0.2
        + (1.0f64 / 3.0 - 0.625).powi(2) * 0.1;
    assert!((expected - 0.152_256_944_4).abs() < 1e-9);
    assert!((people_variance(3, 8.0, sv, siv, siiv) - expected).abs() < 1e-12);
    // Equal weights: the predictions' errors cancel between ō and δ̂, leaving 1/I.
    assert!((people_variance(2, 4.0, 2.0, 4.0, 8.0) - 0.25).abs() < 1e-12);
    assert!((people_variance(1, 4.0, 1.0, 4.0, 16.0) - 0.25).abs() < 1e-12);
    assert_eq!(people_variance(0, 0.0, 0.0, 0.0, 0.0), f64::INFINITY);
    assert_eq!(people_variance(2, 0.0, 1.0, 0.0, 0.0), f64::INFINITY);
}

// A group with a quarter of the people (V = 0.04) beside the rest (V = 0.02 for three
// quarters): Σw²V = 0.0025 + 0.01125, and Var = 0.75² · 0.04 + 0.01125 = 0.03375.
#[test]
fn difference_variance_removes_the_group_from_the_reference() {
    let reference = 0.25f64.powi(2) * 0.04 + 0.75f64.powi(2) * 0.02;
    assert!((difference_variance(0.25, 0.04, reference) - 0.03375).abs() < 1e-12);
    // A group that is the whole organisation has nothing to differ from.
    assert_eq!(difference_variance(1.0, 0.04, 0.04), 0.0);
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
