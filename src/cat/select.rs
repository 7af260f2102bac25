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

    let open_topics = |forced: bool| -> Vec<bool> {
        (0..pool.n_topics())
            .map(|t| {
                counts[t] < blueprint.topic(t).max
                    && (!forced || session.topic_shortfall(pool, rules, t) > 0)
            })
            .collect()
    };
    let exact_head = match &rules.exposure {
        Exposure::Randomesque { k } => k + SHORTLIST,
        _ => SHORTLIST,
    };
    let mut open = open_topics(forced);
    let mut ranked = leaders(pool, session, &open, theta, exact_head);
    if ranked.is_empty() && forced {
        // Enemies can empty a topic that still has a shortfall; fill with what is allowed.
        open = open_topics(false);
        ranked = leaders(pool, session, &open, theta, exact_head);
    }
    if ranked.is_empty() {
        return None;
    }

    match &rules.exposure {
        Exposure::None => Some(Selection {
            item: ranked[0],
            rejected: Vec::new(),
        }),
        Exposure::Randomesque { k } => {
            let pick = rng.random_range(0..(*k).clamp(1, ranked.len()));
            Some(Selection {
                item: ranked[pick],
                rejected: Vec::new(),
            })
        }
        Exposure::SympsonHetter { k } => {
            let mut rejected = Vec::new();
            // The lottery for one item: administer it with probability K_i, unless its topic
            // needs it to reach its minimum.
            let mut accept = |ix: usize, rejected: &mut Vec<usize>| {
                let topic = pool.item(ix).topic;
                let needed = blueprint.topic(topic).min.saturating_sub(counts[topic]);
                rejected.push(ix);
                let protected = needed > 0 && session.capacity(pool, topic, rejected) < needed;
                let probability = k.get(ix).copied().unwrap_or(1.0);
                let accepted = protected || rng.random::<f64>() < probability;
                if accepted {
                    rejected.pop();
                }
                accepted
            };
            // The walk almost always ends in the exactly ranked head; only if it does not is
            // the rest put in order.
            if let Some(&ix) = ranked.iter().find(|&&ix| accept(ix, &mut rejected)) {
                return Some(Selection { item: ix, rejected });
            }
            let rest = followers(pool, session, &open, theta, &ranked);
            if let Some(&ix) = rest.iter().find(|&&ix| accept(ix, &mut rejected)) {
                return Some(Selection { item: ix, rejected });
            }
            // Every candidate lost its lottery: take the most informative rather than stop early.
            let best = ranked[0];
            rejected.retain(|&ix| ix != best);
            Some(Selection {
                item: best,
                rejected,
            })
        }
    }
}

/// How many of the candidates leading by interpolated information are ranked by their exact
/// information. Interpolation errors are far below the information gap between the best item
/// and the 24th, so the exact leaders are the true leaders.
const SHORTLIST: usize = 24;

/// The `m` eligible items (not blocked, topic open) most informative at `theta`, most
/// informative first by exact Fisher information (ties by index).
///
/// One pass ranks every item by interpolated information ([`Pool::information_rows`]) keeping
/// the best `m`; only those get their exact information. Computing every item exactly would cost
/// an `exp` per item and step, which dominates selection on banks of thousands of items.
fn leaders(pool: &Pool, session: &Session, open: &[bool], theta: f64, m: usize) -> Vec<usize> {
    let (lower, upper, w) = pool.information_rows(theta);
    let mut top: Vec<(usize, f64)> = Vec::with_capacity(m + 1);
    let mut floor = f64::NEG_INFINITY;
    for (ix, item) in pool.items().iter().enumerate() {
        if session.is_blocked(ix) || !open[item.topic] {
            continue;
        }
        let value = lower[ix] * (1.0 - w) + upper[ix] * w;
        if top.len() < m {
            top.push((ix, value));
            if top.len() == m {
                floor = top.iter().map(|x| x.1).fold(f64::INFINITY, f64::min);
            }
        } else if value > floor {
            let weakest = top
                .iter()
                .enumerate()
                .min_by(|x, y| x.1.1.total_cmp(&y.1.1))
                .map_or(0, |x| x.0);
            top[weakest] = (ix, value);
            floor = top.iter().map(|x| x.1).fold(f64::INFINITY, f64::min);
        }
    }
    for (ix, information) in top.iter_mut() {
        *information = pool.item(*ix).params.information(theta);
    }
    top.sort_unstable_by(by_information);
    top.into_iter().map(|(ix, _)| ix).collect()
}

/// Every other eligible item, not in `leaders`, ordered by interpolated information: the rest
/// of the list for the rare Sympson–Hetter walk that passes all the leaders.
fn followers(
    pool: &Pool,
    session: &Session,
    open: &[bool],
    theta: f64,
    leaders: &[usize],
) -> Vec<usize> {
    let (lower, upper, w) = pool.information_rows(theta);
    let mut rest: Vec<(usize, f64)> = (0..pool.len())
        .filter(|&ix| {
            !session.is_blocked(ix) && open[pool.item(ix).topic] && !leaders.contains(&ix)
        })
        .map(|ix| (ix, lower[ix] * (1.0 - w) + upper[ix] * w))
        .collect();
    rest.sort_unstable_by(by_information);
    rest.into_iter().map(|(ix, _)| ix).collect()
}

fn by_information(x: &(usize, f64), y: &(usize, f64)) -> std::cmp::Ordering {
    y.1.total_cmp(&x.1).then(x.0.cmp(&y.0))
}
