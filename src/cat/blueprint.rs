//! The content blueprint: how many items each topic and the whole test may have.

/// Minimum and maximum number of items from one topic in one test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopicRange {
    pub min: usize,
    pub max: usize,
}

/// Per-topic and overall length bounds. Invariants, checked by [`Blueprint::new`]: each topic has
/// min ≤ max, the overall bounds satisfy 1 ≤ min_items ≤ max_items, and the topic minimums fit in
/// the maximum length (Σ min ≤ max_items), so a test that ends at max_items can always have met them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blueprint {
    topics: Vec<TopicRange>,
    min_items: usize,
    max_items: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlueprintError {
    #[error("topic {topic}: minimum {min} is above maximum {max}")]
    TopicRange {
        topic: usize,
        min: usize,
        max: usize,
    },
    #[error(
        "minimum length {min_items} must be at least 1 and at most the maximum length {max_items}"
    )]
    Length { min_items: usize, max_items: usize },
    #[error("the topic minimums add up to {sum}, more than the maximum length {max_items}")]
    MinimumsTooLarge { sum: usize, max_items: usize },
}

impl Blueprint {
    pub fn new(
        topics: Vec<TopicRange>,
        min_items: usize,
        max_items: usize,
    ) -> Result<Blueprint, BlueprintError> {
        for (topic, range) in topics.iter().enumerate() {
            if range.min > range.max {
                return Err(BlueprintError::TopicRange {
                    topic,
                    min: range.min,
                    max: range.max,
                });
            }
        }
        if min_items == 0 || min_items > max_items {
            return Err(BlueprintError::Length {
                min_items,
                max_items,
            });
        }
        // Saturating: minimums that add up past the largest number are too large all the same.
        let sum = topics
            .iter()
            .fold(0, |sum: usize, t| sum.saturating_add(t.min));
        if sum > max_items {
            return Err(BlueprintError::MinimumsTooLarge { sum, max_items });
        }
        Ok(Blueprint {
            topics,
            min_items,
            max_items,
        })
    }

    /// The same minimum for every topic and no per-topic maximum (`--topic-min N`).
    pub fn uniform(
        n_topics: usize,
        topic_min: usize,
        min_items: usize,
        max_items: usize,
    ) -> Result<Blueprint, BlueprintError> {
        let range = TopicRange {
            min: topic_min,
            max: usize::MAX,
        };
        Blueprint::new(vec![range; n_topics], min_items, max_items)
    }

    pub fn topics(&self) -> &[TopicRange] {
        &self.topics
    }

    pub fn topic(&self, topic: usize) -> TopicRange {
        self.topics[topic]
    }

    pub fn min_items(&self) -> usize {
        self.min_items
    }

    pub fn max_items(&self) -> usize {
        self.max_items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_inconsistent_bounds() {
        let r = |min, max| TopicRange { min, max };
        assert_eq!(
            Blueprint::new(vec![r(3, 2)], 5, 10),
            Err(BlueprintError::TopicRange {
                topic: 0,
                min: 3,
                max: 2
            })
        );
        assert_eq!(
            Blueprint::new(vec![r(1, 2)], 11, 10),
            Err(BlueprintError::Length {
                min_items: 11,
                max_items: 10
            })
        );
        assert_eq!(
            Blueprint::new(vec![r(6, 8), r(5, 8)], 5, 10),
            Err(BlueprintError::MinimumsTooLarge {
                sum: 11,
                max_items: 10
            })
        );
        assert!(Blueprint::new(vec![r(5, 8), r(5, 8)], 5, 10).is_ok());
    }
}
