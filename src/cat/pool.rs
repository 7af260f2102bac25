//! The items a test can draw from, in the form the adaptive algorithm needs.

use crate::irt::{self, ItemParams, NodeTable};

/// One item as the CAT sees it: parameters, topic (an index into the blueprint) and enemies
/// (indexes of items that must not appear in the same test).
#[derive(Debug, Clone, PartialEq)]
pub struct PoolItem {
    pub params: ItemParams,
    pub topic: usize,
    pub enemies: Vec<usize>,
}

/// The item pool: items addressed by their index. Invariants, checked by [`Pool::new`]: every
/// topic index is below `n_topics`, every enemy index is a valid item other than the item itself,
/// and enemy relations are symmetric (made so if the input lists only one direction).
#[derive(Debug, Clone)]
pub struct Pool {
    items: Vec<PoolItem>,
    n_topics: usize,
    topic_sizes: Vec<usize>,
    /// Per topic: whether two of its items are enemies of each other.
    topic_has_enemies: Vec<bool>,
    /// Per item: log P and log Q at the quadrature nodes, so posterior updates are additions.
    tables: Vec<NodeTable>,
    /// Item information at the quadrature nodes, node-major (`[k * len + ix]`), so selection can
    /// rank thousands of items by interpolation before computing the leaders exactly.
    information_grid: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PoolError {
    #[error("item {item} has topic index {topic}, but there are only {n_topics} topics")]
    Topic {
        item: usize,
        topic: usize,
        n_topics: usize,
    },
    #[error("item {item} lists enemy {enemy}, which is not another item of the pool")]
    Enemy { item: usize, enemy: usize },
}

impl Pool {
    pub fn new(mut items: Vec<PoolItem>, n_topics: usize) -> Result<Pool, PoolError> {
        let n = items.len();
        let mut topic_sizes = vec![0; n_topics];
        let mut reverse = Vec::new();
        for (ix, item) in items.iter().enumerate() {
            if item.topic >= n_topics {
                return Err(PoolError::Topic {
                    item: ix,
                    topic: item.topic,
                    n_topics,
                });
            }
            topic_sizes[item.topic] += 1;
            for &enemy in &item.enemies {
                if enemy >= n || enemy == ix {
                    return Err(PoolError::Enemy { item: ix, enemy });
                }
                reverse.push((enemy, ix));
            }
        }
        for (item, enemy) in reverse {
            if !items[item].enemies.contains(&enemy) {
                items[item].enemies.push(enemy);
            }
        }
        let mut topic_has_enemies = vec![false; n_topics];
        for item in &items {
            if item.enemies.iter().any(|&e| items[e].topic == item.topic) {
                topic_has_enemies[item.topic] = true;
            }
        }
        let tables = items
            .iter()
            .map(|item| NodeTable::new(item.params))
            .collect();
        let information_grid = (0..irt::NODES)
            .flat_map(|k| {
                items
                    .iter()
                    .map(move |item| item.params.information(irt::node(k)))
            })
            .collect();
        Ok(Pool {
            items,
            n_topics,
            topic_sizes,
            topic_has_enemies,
            tables,
            information_grid,
        })
    }

    pub fn items(&self) -> &[PoolItem] {
        &self.items
    }

    pub fn item(&self, ix: usize) -> &PoolItem {
        &self.items[ix]
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn n_topics(&self) -> usize {
        self.n_topics
    }

    /// Item `ix`'s log-probabilities at the quadrature nodes.
    pub fn table(&self, ix: usize) -> &NodeTable {
        &self.tables[ix]
    }

    /// Item information at `theta` for every item, by linear interpolation between quadrature
    /// nodes 0.1 apart (relative error well under 1 % for a ≤ 2). Returns the two node rows and
    /// the weight of the upper one: information ≈ `lower[ix] · (1 − w) + upper[ix] · w`.
    pub fn information_rows(&self, theta: f64) -> (&[f64], &[f64], f64) {
        let (k, w) = irt::grid_position(theta);
        let n = self.items.len();
        (
            &self.information_grid[k * n..(k + 1) * n],
            &self.information_grid[(k + 1) * n..(k + 2) * n],
            w,
        )
    }

    /// Whether topic `t` has items that are enemies of each other.
    pub fn topic_has_enemies(&self, t: usize) -> bool {
        self.topic_has_enemies[t]
    }

    /// Number of items per topic.
    pub fn topic_sizes(&self) -> &[usize] {
        &self.topic_sizes
    }
}
