//! Selection: which item comes next.
//!
//! Maximum Fisher information at the current estimate (Lord 1980; Weiss 1982), restricted to
//! items the blueprint still allows, then passed through exposure control.

use rand::{Rng, RngExt};

use super::{Pool, Rules, Session};

/// Exposure control: how selection keeps the most informative items from being seen by everyone.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Exposure {
    /// Always the most informative item.
    #[default]
    None,
    /// A uniformly random one among the `k` most informative (Kingsbury & Zara 1989).
    Randomesque { k: usize },
    /// Sympson & Hetter (1985): going down the items in order of information, each is
    /// administered with probability K_i (one per pool item, from an iterative simulation, see
    /// `crate::simulate::sympson_hetter`); an item that loses its lottery is not offered to this
    /// candidate again.
    SympsonHetter { k: Vec<f64> },
}

/// The outcome of one selection step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The item to show.
    pub item: usize,
    /// Items the Sympson–Hetter lottery turned down on the way.
    pub rejected: Vec<usize>,
}

/// Pick the next item for `session`, or `None` when no allowed item is left.
///
/// The blueprint is met by construction: a topic at its maximum is closed, and once the items
/// left before the maximum length are no more than the topic minimums still unmet, only topics
/// below their minimum are open. Exposure control never turns down an item its topic needs to
/// reach its minimum.
pub fn next_item(
    pool: &Pool,
    rules: &Rules,
    session: &Session,
    rng: &mut impl Rng,
) -> Option<Selection> {
    let theta = session.estimate().theta;
    let blueprint = &rules.blueprint;
    let counts = session.topic_counts();
    let remaining = blueprint
        .max_items()
        .saturating_sub(session.n_administered());
    let forced = session.topic_deficit(pool, rules) >= remaining;

    let open = |t: usize, forced: bool| {
        counts[t] < blueprint.topic(t).max
            && (!forced || session.topic_shortfall(pool, rules, t) > 0)
    };
    let candidates = |forced: bool| -> Vec<(usize, f64)> {
        pool.items()
            .iter()
            .enumerate()
            .filter(|&(ix, item)| !session.is_blocked(ix) && open(item.topic, forced))
            .map(|(ix, item)| (ix, item.params.information(theta)))
            .collect()
    };
    let mut ranked = candidates(forced);
    if ranked.is_empty() && forced {
        // Enemies can empty a topic that still has a shortfall; fill with what is allowed.
        ranked = candidates(false);
    }
    if ranked.is_empty() {
        return None;
    }
    let by_information =
        |x: &(usize, f64), y: &(usize, f64)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));

    match &rules.exposure {
        Exposure::None => {
            let best = ranked.iter().min_by(|x, y| by_information(x, y))?;
            Some(Selection {
                item: best.0,
                rejected: Vec::new(),
            })
        }
        Exposure::Randomesque { k } => {
            let k = (*k).clamp(1, ranked.len());
            if k < ranked.len() {
                ranked.select_nth_unstable_by(k - 1, by_information);
                ranked.truncate(k);
            }
            ranked.sort_unstable_by(by_information);
            let pick = rng.random_range(0..ranked.len());
            Some(Selection {
                item: ranked[pick].0,
                rejected: Vec::new(),
            })
        }
        Exposure::SympsonHetter { k } => {
            ranked.sort_unstable_by(by_information);
            let mut rejected = Vec::new();
            for &(ix, _) in &ranked {
                let topic = pool.item(ix).topic;
                let needed = blueprint.topic(topic).min.saturating_sub(counts[topic]);
                rejected.push(ix);
                let protected = needed > 0 && session.capacity(pool, topic, &rejected) < needed;
                let probability = k.get(ix).copied().unwrap_or(1.0);
                if protected || rng.random::<f64>() < probability {
                    rejected.pop();
                    return Some(Selection { item: ix, rejected });
                }
            }
            // Every candidate lost its lottery: take the most informative rather than stop early.
            let best = ranked[0].0;
            rejected.retain(|&ix| ix != best);
            Some(Selection {
                item: best,
                rejected,
            })
        }
    }
}
