//! Differential item functioning between two groups: the Mantel–Haenszel procedure with the
//! ETS A/B/C classification. Used to check that an item's two written forms (bokmål, the
//! reference group; nynorsk, the focal group) are equally hard for people of equal ability.
//!
//! People are matched on ability: the answers are split into strata by θ̂, and each stratum
//! gives a 2 × 2 table (group × right/wrong). With, in stratum k, A_k / B_k the reference
//! group's right / wrong, C_k / D_k the focal group's, and N_k the total
//! (Holland & Thayer 1988; Zwick 2012, ETS RR-12-08):
//!
//! - common odds ratio α = Σ (A_k D_k / N_k) / Σ (B_k C_k / N_k): the odds of a right answer in
//!   the reference group over those in the focal group, at equal ability;
//! - ETS delta Δ = −2.35 ln α: negative when the item is harder for the focal group;
//! - MH χ² = (|Σ A_k − Σ E(A_k)| − ½)² / Σ Var(A_k), with E(A_k) = n_Rk m_1k / N_k and
//!   Var(A_k) = n_Rk n_Fk m_1k m_0k / (N_k² (N_k − 1)) (n: group sizes, m: right/wrong totals);
//! - the standard error of ln α by Robins, Breslow & Greenland (1986);
//! - class **A** (negligible) when |Δ| < 1 or χ² is not significant at 5 % (χ² < 3.84);
//!   **C** (large) when |Δ| ≥ 1.5 and |Δ| is significantly above 1 (one-sided, 5 %);
//!   **B** (moderate) otherwise.
//!
//! Strata without both groups, or with fewer than two answers, carry no information and are
//! left out.

/// One answer to the item studied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DifAnswer {
    /// The matching ability (θ̂ of the person's test).
    pub theta: f64,
    /// In the focal group (for forms: shown in nynorsk).
    pub focal: bool,
    pub correct: bool,
}

/// One stratum's 2 × 2 table.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Table {
    pub reference_right: f64,
    pub reference_wrong: f64,
    pub focal_right: f64,
    pub focal_wrong: f64,
}

impl Table {
    fn total(&self) -> f64 {
        self.reference_right + self.reference_wrong + self.focal_right + self.focal_wrong
    }
}

/// ETS size classes of DIF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DifClass {
    /// Negligible.
    A,
    /// Slight to moderate.
    B,
    /// Moderate to large.
    C,
}

/// The Mantel–Haenszel statistics of one item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MantelHaenszel {
    /// Common odds ratio α (reference over focal).
    pub alpha: f64,
    /// ETS delta, −2.35 ln α: negative when the item is harder for the focal group.
    pub delta: f64,
    /// Standard error of `delta` (Robins–Breslow–Greenland).
    pub delta_se: f64,
    /// MH χ² with continuity correction (1 degree of freedom).
    pub chi_square: f64,
    pub class: DifClass,
}

/// χ²(1) at 5 %.
const CHI_SQUARE_05: f64 = 3.841;
/// One-sided z at 5 %.
const Z_05: f64 = 1.645;

/// Split `answers` into strata of θ̂ of width `width` (the outermost open-ended at ±3).
pub fn stratify(answers: &[DifAnswer], width: f64) -> Vec<Table> {
    let edge = 3.0;
    let n = (2.0 * edge / width).ceil() as usize;
    let mut tables = vec![Table::default(); n];
    for a in answers {
        let k = ((a.theta.clamp(-edge, edge) + edge) / width).floor() as usize;
        let t = &mut tables[k.min(n - 1)];
        match (a.focal, a.correct) {
            (false, true) => t.reference_right += 1.0,
            (false, false) => t.reference_wrong += 1.0,
            (true, true) => t.focal_right += 1.0,
            (true, false) => t.focal_wrong += 1.0,
        }
    }
    tables
}

/// The Mantel–Haenszel statistics over `tables`; `None` when they carry no information on the
/// odds ratio (no stratum with both groups, or α is 0 or infinite).
pub fn mantel_haenszel(tables: &[Table]) -> Option<MantelHaenszel> {
    let (mut r, mut s) = (0.0, 0.0);
    let (mut pr, mut ps_qr, mut qs) = (0.0, 0.0, 0.0);
    let (mut observed, mut expected, mut variance) = (0.0, 0.0, 0.0);
    for t in tables {
        let n = t.total();
        let n_ref = t.reference_right + t.reference_wrong;
        let n_focal = t.focal_right + t.focal_wrong;
        if n < 2.0 || n_ref == 0.0 || n_focal == 0.0 {
            continue;
        }
        let right = t.reference_right + t.focal_right;
        let wrong = t.reference_wrong + t.focal_wrong;
        let r_k = t.reference_right * t.focal_wrong / n;
        let s_k = t.reference_wrong * t.focal_right / n;
        let p_k = (t.reference_right + t.focal_wrong) / n;
        let q_k = (t.reference_wrong + t.focal_right) / n;
        r += r_k;
        s += s_k;
        pr += p_k * r_k;
        ps_qr += p_k * s_k + q_k * r_k;
        qs += q_k * s_k;
        observed += t.reference_right;
        expected += n_ref * right / n;
        variance += n_ref * n_focal * right * wrong / (n * n * (n - 1.0));
    }
    if r <= 0.0 || s <= 0.0 || variance <= 0.0 {
        return None;
    }
    let alpha = r / s;
    let delta = -2.35 * alpha.ln();
    let var_ln_alpha = pr / (2.0 * r * r) + ps_qr / (2.0 * r * s) + qs / (2.0 * s * s);
    let delta_se = 2.35 * var_ln_alpha.sqrt();
    let chi_square = ((observed - expected).abs() - 0.5).max(0.0).powi(2) / variance;
    let size = delta.abs();
    let class = if size < 1.0 || chi_square < CHI_SQUARE_05 {
        DifClass::A
    } else if size >= 1.5 && (size - 1.0) / delta_se > Z_05 {
        DifClass::C
    } else {
        DifClass::B
    };
    Some(MantelHaenszel {
        alpha,
        delta,
        delta_se,
        chi_square,
        class,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::close;
    use super::*;

    fn table(a: f64, b: f64, c: f64, d: f64) -> Table {
        Table {
            reference_right: a,
            reference_wrong: b,
            focal_right: c,
            focal_wrong: d,
        }
    }

    /// Two strata worked by hand:
    /// stratum 1: A = 20, B = 10, C = 15, D = 15 (N = 60);
    /// stratum 2: A = 30, B = 10, C = 20, D = 20 (N = 80).
    /// R = 20·15/60 + 30·20/80 = 5 + 7.5 = 12.5, S = 10·15/60 + 10·20/80 = 2.5 + 2.5 = 5,
    /// α = 2.5, Δ = −2.35 ln 2.5 = −2.15328.
    /// E(A) = 30·35/60 + 40·50/80 = 17.5 + 25 = 42.5, ΣA = 50,
    /// Var = 30·30·35·25/(60²·59) + 40·40·50·30/(80²·79) = 3.70763 + 4.74684 = 8.45446,
    /// χ² = (7.5 − 0.5)² / 8.45446 = 5.79576.
    /// RBG: P = (35/60, 50/80), Q = (25/60, 30/80): ΣPR = 7.60417, Σ(PS + QR) = 7.91667,
    /// ΣQS = 1.97917; Var ln α = 7.60417/312.5 + 7.91667/125 + 1.97917/50 = 0.127250,
    /// SE(Δ) = 2.35 √0.127250 = 0.83830.
    /// |Δ| ≥ 1.5, but (|Δ| − 1)/SE = 1.376 < 1.645, and χ² > 3.84: class B.
    #[test]
    fn worked_example() {
        let mh = mantel_haenszel(&[table(20.0, 10.0, 15.0, 15.0), table(30.0, 10.0, 20.0, 20.0)])
            .unwrap();
        close(mh.alpha, 2.5, 1e-12);
        close(mh.delta, -2.153_283, 1e-6);
        close(mh.chi_square, 5.795_76, 1e-5);
        close(mh.delta_se, 0.838_30, 1e-5);
        assert_eq!(mh.class, DifClass::B);
    }

    #[test]
    fn classes_follow_size_and_significance() {
        // The same tables ten times over: same α and Δ, now significantly above 1: C.
        let big = mantel_haenszel(&[
            table(200.0, 100.0, 150.0, 150.0),
            table(300.0, 100.0, 200.0, 200.0),
        ])
        .unwrap();
        close(big.delta, -2.153_283, 1e-6);
        assert_eq!(big.class, DifClass::C);
        // No difference at all: α = 1, Δ = 0, χ² = 0 (after the continuity correction): A.
        let none = mantel_haenszel(&[table(30.0, 10.0, 30.0, 10.0)]).unwrap();
        close(none.alpha, 1.0, 1e-12);
        assert_eq!((none.chi_square, none.class), (0.0, DifClass::A));
        // Easier for the focal group: positive Δ.
        let easier = mantel_haenszel(&[table(150.0, 150.0, 200.0, 100.0)]).unwrap();
        assert!(easier.delta > 0.0);
    }

    #[test]
    fn strata_without_both_groups_carry_nothing() {
        assert_eq!(mantel_haenszel(&[]), None);
        assert_eq!(mantel_haenszel(&[table(5.0, 5.0, 0.0, 0.0)]), None);
        let with = [table(20.0, 10.0, 15.0, 15.0), table(9.0, 1.0, 0.0, 0.0)];
        assert_eq!(
            mantel_haenszel(&with),
            mantel_haenszel(&with[..1]),
            "a stratum with one group changes nothing"
        );
    }

    #[test]
    fn stratify_bins_by_theta_with_open_ends() {
        let answer = |theta, focal, correct| DifAnswer {
            theta,
            focal,
            correct,
        };
        let tables = stratify(
            &[
                answer(-9.0, false, true),
                answer(-2.9, true, false),
                answer(0.1, false, false),
                answer(0.4, true, true),
                answer(7.0, true, true),
            ],
            0.5,
        );
        assert_eq!(tables.len(), 12);
        assert_eq!(tables[0], table(1.0, 0.0, 0.0, 1.0));
        assert_eq!(tables[6], table(0.0, 1.0, 1.0, 0.0));
        assert_eq!(tables[11], table(0.0, 0.0, 1.0, 0.0));
    }
}
