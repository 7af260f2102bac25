//! Pretest items in live tests: seeded at random positions before `min_items`, unscored, never
//! in the caseworker's score or result nor in any report (even after the item is made active),
//! and no longer seeded once they have `pretest_target` answers.

use forvalt::app::simulee::{caseworker, enrol, take_test};
use forvalt::app::{App, Config, Principal};
use forvalt::bank::{ItemBank, Status};
use forvalt::store::{CycleId, ResponseRecord, Store, TestId, UserId};

use crate::web::{TempDir, fixture_bank, seed};

/// The fixture bank with hab-005 and kla-006 as pretest items.
pub(crate) const PRETEST: [&str; 2] = ["hab-005", "kla-006"];

pub(crate) fn bank_with_pretest(target: usize) -> ItemBank {
    let mut bank = fixture_bank();
    for item in bank.items.iter_mut() {
        if PRETEST.contains(&item.id.as_str()) {
            item.status = Status::Pretest;
        }
    }
    bank.test.pretest_per_test = 2;
    bank.test.pretest_target = target;
    bank
}

fn principal(service: &App, login: &str) -> Principal {
    Principal {
        user: service.store().user_by_login(login).unwrap().unwrap(),
        csrf: String::new(),
    }
}

/// Take a whole test: scored items right when their id ends in an even digit, pretest items
/// right or wrong as `pretest_right` says. Returns the test's responses.
fn take(service: &App, who: &Principal, test_id: u64, pretest_right: bool) -> Vec<ResponseRecord> {
    let now = jiff::Timestamp::now();
    take_test(
        &service.test_taking,
        who,
        TestId(test_id),
        now,
        usize::MAX,
        |shown| {
            let right = if shown.pretest {
                pretest_right
            } else {
                shown.item.id.as_str().ends_with(['0', '2', '4', '6', '8'])
            };
            if right {
                shown.right(4000)
            } else {
                shown.wrong(4000)
            }
        },
    )
    .unwrap();
    service.store().history(TestId(test_id)).unwrap().0
}

#[test]
fn pretest_items_are_seeded_before_min_items_and_flagged() {
    let dir = TempDir::new("web");
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let service = App::new(store, bank_with_pretest(300), Config::default());
    let kari = principal(&service, "kari");
    let test = service
        .test_taking
        .start_test(&kari, CycleId(1), jiff::Timestamp::now())
        .unwrap();
    let answers = take(&service, &kari, test.id, false);
    let pretest: Vec<&ResponseRecord> = answers.iter().filter(|r| r.pretest).collect();
    assert_eq!(pretest.len(), 2, "{answers:?}");
    let min_items = service.bank().test.min_items as u32;
    for r in &pretest {
        assert!(PRETEST.contains(&r.item_id.as_str()), "{r:?}");
        assert!((1..min_items).contains(&r.position), "{r:?}");
    }
    // No scored answer is to a pretest item, and the scored part still follows the blueprint.
    let scored = answers.iter().filter(|r| !r.pretest).count();
    let rules = &service.bank().test;
    assert!(
        (rules.min_items..=rules.max_items).contains(&scored),
        "{scored}"
    );
    // The result counts scored answers only.
    let result = service.test_taking.result(&kari, TestId(test.id)).unwrap();
    assert_eq!(result.n_answered, scored);
    // Pretest items were all answered wrongly, and none is among the missed.
    let missed = answers.iter().filter(|r| !r.pretest && !r.correct).count();
    assert_eq!(result.missed.len(), missed);
}

#[test]
fn pretest_answers_never_change_the_score() {
    // Two caseworkers with the same test seed answer every scored item alike; one gets the
    // pretest items right, the other wrong. Same items, same estimate, same result.
    let dir = TempDir::new("web");
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let service = App::new(store, bank_with_pretest(300), Config::default());
    let now = jiff::Timestamp::now();
    let mut finals = Vec::new();
    for (login, pretest_right) in [("kari", true), ("ola", false)] {
        let who = principal(&service, login);
        let test = service
            .store()
            .test_for_or_create(UserId(who.user.id), CycleId(1), 4242, now)
            .unwrap();
        let answers = take(&service, &who, test.id, pretest_right);
        assert_eq!(answers.iter().filter(|r| r.pretest).count(), 2);
        let finished = service
            .store()
            .test(TestId(test.id))
            .unwrap()
            .unwrap()
            .finished
            .unwrap();
        let result = service.test_taking.result(&who, TestId(test.id)).unwrap();
        let items: Vec<String> = answers.iter().map(|r| r.item_id.clone()).collect();
        finals.push((
            items,
            finished.theta,
            finished.standard_error,
            result.n_correct,
        ));
    }
    assert_eq!(finals[0], finals[1]);
}

#[test]
fn pretest_answers_never_count_in_reports_even_after_the_item_is_made_active() {
    let dir = TempDir::new("web");
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let now = jiff::Timestamp::now();
    let service = App::new(store, bank_with_pretest(300), Config::default());
    let users: Vec<forvalt::store::UserInput> = (1..=8)
        .map(|i| {
            caseworker(
                format!("p{i}"),
                format!("Person {i}"),
                "Etat/A",
                "example.no",
            )
        })
        .collect();
    for who in &enrol(service.store(), &users, now).unwrap() {
        let test = service
            .test_taking
            .start_test(who, CycleId(1), now)
            .unwrap();
        take(&service, who, test.id, false);
    }
    let hanne = principal(&service, "hanne");
    let before = service.reports.topic_report(&hanne, CycleId(1), 1).unwrap();

    // The same database with the pretest items promoted to active.
    drop(service);
    let mut promoted = bank_with_pretest(300);
    for item in promoted.items.iter_mut() {
        if PRETEST.contains(&item.id.as_str()) {
            item.status = Status::Active;
        }
    }
    let service = App::new(Store::open(&dir.db()).unwrap(), promoted, Config::default());
    let after = service.reports.topic_report(&hanne, CycleId(1), 1).unwrap();
    assert_eq!(before.report, after.report);
    // Item rows are shown once the cycle's deadline (30 days on) is past.
    let after_deadline = now + jiff::SignedDuration::from_hours(24 * 32);
    let drill = service
        .reports
        .topic_drill(&hanne, CycleId(1), 1, "Etat", "habilitet", after_deadline)
        .unwrap();
    assert!(drill.shown);
    assert!(
        drill.rows.iter().all(|r| r.key != "hab-005"),
        "{:?}",
        drill.rows
    );
}

#[test]
fn pretest_items_stop_being_seeded_at_their_answer_target() {
    let dir = TempDir::new("web");
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let service = App::new(store, bank_with_pretest(1), Config::default());
    let now = jiff::Timestamp::now();
    let kari = principal(&service, "kari");
    let first = service
        .test_taking
        .start_test(&kari, CycleId(1), now)
        .unwrap();
    let answers = take(&service, &kari, first.id, true);
    assert_eq!(answers.iter().filter(|r| r.pretest).count(), 2);
    let ola = principal(&service, "ola");
    let second = service
        .test_taking
        .start_test(&ola, CycleId(1), now)
        .unwrap();
    let answers = take(&service, &ola, second.id, true);
    assert_eq!(
        answers.iter().filter(|r| r.pretest).count(),
        0,
        "{answers:?}"
    );

    // A restarted server counts the stored answers and keeps not seeding them.
    drop(service);
    let service = App::new(
        Store::open(&dir.db()).unwrap(),
        bank_with_pretest(1),
        Config::default(),
    );
    let hanne_is_hr = principal(&service, "hanne");
    assert_ne!(hanne_is_hr.user.role, forvalt::store::Role::Caseworker);
    let users = [caseworker(
        "per".into(),
        "Per".into(),
        "Etat/A",
        "example.no",
    )];
    let per = enrol(service.store(), &users, now).unwrap().remove(0);
    let third = service
        .test_taking
        .start_test(&per, CycleId(1), now)
        .unwrap();
    let answers = take(&service, &per, third.id, true);
    assert_eq!(answers.iter().filter(|r| r.pretest).count(), 0);
}
