//! The DIF statistic on simulated data: every item answered by 2,400 simulated caseworkers of
//! known ability, half in bokmål and half in nynorsk, with one item's nynorsk form made harder.
//! The author statistics must flag that item (ETS class C, nynorsk harder) and no other.

use std::path::Path;

use forvalt::app::authoring::{DifClass, Flag, MIN_ANSWERS_PER_FORM, Observed, item_statistics};
use forvalt::bank::{self, Form};
use forvalt::irt::ItemParams;
use forvalt::simulate::simulee_rng;
use rand::RngExt;
use statrs::distribution::Normal;

const PLANTED: &str = "hab-003";

#[test]
fn a_planted_harder_nynorsk_form_is_flagged_and_the_others_are_not() {
    let today = jiff::civil::date(2026, 11, 23);
    let bank = bank::load(Path::new("tests/fixtures/bank-nn"), today)
        .bank
        .unwrap();
    let normal = Normal::standard();
    let tests: Vec<Vec<Observed>> = (0..2400)
        .map(|person| {
            let mut rng = simulee_rng(19, person);
            let theta: f64 = rng.sample(normal);
            let form = if person % 2 == 0 { Form::Nb } else { Form::Nn };
            bank.items
                .iter()
                .map(|item| {
                    let p = item.params;
                    // The planted item's nynorsk form: one logit harder at every ability.
                    let params = if item.id == PLANTED && form == Form::Nn {
                        ItemParams::new(p.a(), p.b() + 1.0, p.c()).unwrap()
                    } else {
                        p
                    };
                    Observed {
                        item_id: item.id.to_string(),
                        correct: rng.random::<f64>() < params.p(theta),
                        response_ms: 20_000,
                        form,
                    }
                })
                .collect()
        })
        .collect();
    let stats = item_statistics(&bank, &tests, today, 5);
    let mut report = String::new();
    let mut others = Vec::new();
    for s in &stats.items {
        let forms = s.forms.expect("both forms answered");
        assert_eq!((forms.n_nb, forms.n_nn), (1200, 1200));
        let dif = forms.dif.expect("enough answers per form");
        report += &format!(
            "{} {:?} Δ {:.2} χ² {:.1}\n",
            s.id, dif.class, dif.delta, dif.chi_square
        );
        let flagged = s.flags.iter().any(|f| {
            matches!(
                f,
                Flag::FormHarder {
                    harder: Form::Nn,
                    ..
                }
            )
        });
        if s.id == PLANTED {
            assert_eq!(dif.class, DifClass::C, "{report}");
            assert!(dif.delta < -1.5, "{report}");
            assert!(flagged, "{:?}", s.flags);
        } else {
            assert_eq!(dif.class, DifClass::A, "{}: {report}", s.id);
            others.push(dif.delta);
            assert!(!s.flags.iter().any(|f| matches!(f, Flag::FormHarder { .. })));
        }
    }
    println!("{report}");
    // The harder form lowers the θ̂ of everyone who got it; matched on θ̂ without it (the
    // second stage), the other items show no systematic difference (about +0.17 without).
    let mean = others.iter().sum::<f64>() / others.len() as f64;
    assert!(
        mean.abs() < 0.1,
        "mean Δ of the other items {mean:.3}: {report}"
    );

    // Below the minimum per form there is no comparison yet, only the counts.
    let few: Vec<Vec<Observed>> = tests
        .into_iter()
        .take(2 * MIN_ANSWERS_PER_FORM - 2)
        .collect();
    let stats = item_statistics(&bank, &few, today, 5);
    let forms = stats.items[0].forms.unwrap();
    assert_eq!(forms.n_nn, MIN_ANSWERS_PER_FORM - 1);
    assert_eq!(forms.dif, None);
}
