//! The report's input: scored responses, each tied to a person, the person's group in the
//! department tree, and the item's topic and parameters.
//!
//! Paths, people and items are interned once, so the maths works on dense indices: a cycle with
//! 10 M responses is a few flat vectors.

use std::collections::HashMap;

use crate::irt::ItemParams;

/// Why a response could not be added.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    #[error("topic {topic} is out of range (the report has {n_topics} topics)")]
    TopicOutOfRange { topic: usize, n_topics: usize },
    #[error("person {person:?} is in group {first:?} and in group {second:?}")]
    PersonInTwoGroups {
        person: String,
        first: String,
        second: String,
    },
    #[error("person index {0} does not exist")]
    NoSuchPerson(u32),
    #[error("item index {0} does not exist")]
    NoSuchItem(u32),
}

/// One group of the department tree. The root (index 0, empty path, depth 0) is the whole
/// organisation; "BUF/Område Nord/Team 3" is at depth 3.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub path: String,
    pub parent: Option<u32>,
    pub depth: usize,
    pub children: Vec<u32>,
}

/// The department tree, built from the paths seen.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupTree {
    groups: Vec<Group>,
    index: HashMap<String, u32>,
}

impl GroupTree {
    fn new() -> GroupTree {
        let root = Group {
            path: String::new(),
            parent: None,
            depth: 0,
            children: Vec::new(),
        };
        GroupTree {
            groups: vec![root],
            index: HashMap::from([(String::new(), 0)]),
        }
    }

    /// The group for `path` ("A/B/C"; blank segments and surrounding spaces ignored), creating
    /// it and its ancestors as needed.
    fn intern(&mut self, path: &str) -> u32 {
        let mut current = 0u32;
        let mut prefix = String::new();
        for segment in path.split('/').map(str::trim).filter(|s| !s.is_empty()) {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(segment);
            current = match self.index.get(&prefix) {
                Some(&ix) => ix,
                None => {
                    let ix = self.groups.len() as u32;
                    let depth = self.groups[current as usize].depth + 1;
                    self.groups.push(Group {
                        path: prefix.clone(),
                        parent: Some(current),
                        depth,
                        children: Vec::new(),
                    });
                    self.groups[current as usize].children.push(ix);
                    self.index.insert(prefix.clone(), ix);
                    ix
                }
            };
        }
        current
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    pub fn get(&self, ix: u32) -> &Group {
        &self.groups[ix as usize]
    }

    pub fn find(&self, path: &str) -> Option<u32> {
        let normal: Vec<&str> = path
            .split('/')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        self.index.get(&normal.join("/")).copied()
    }

    /// The ancestor of `group` at `depth` (the group itself at its own depth), or `None` when
    /// the group sits above that depth.
    pub fn ancestor_at(&self, mut group: u32, depth: usize) -> Option<u32> {
        if self.get(group).depth < depth {
            return None;
        }
        while self.get(group).depth > depth {
            group = self.get(group).parent.expect("only the root has no parent");
        }
        Some(group)
    }
}

/// An item as the report sees it: its topic and its (fixed) parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportItem {
    pub topic: usize,
    pub params: ItemParams,
}

/// One scored answer by dense indices (see [`ResponsesBuilder`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub person: u32,
    pub item: u32,
    pub correct: bool,
}

/// Validated responses of one cycle, ready for [`super::report`].
#[derive(Debug, Clone)]
pub struct Responses {
    pub(super) n_topics: usize,
    pub(super) tree: GroupTree,
    /// The group of each person.
    pub(super) people: Vec<u32>,
    pub(super) items: Vec<ReportItem>,
    pub(super) answers: Vec<Answer>,
}

impl Responses {
    pub fn n_topics(&self) -> usize {
        self.n_topics
    }

    pub fn tree(&self) -> &GroupTree {
        &self.tree
    }

    pub fn n_people(&self) -> usize {
        self.people.len()
    }

    pub fn n_answers(&self) -> usize {
        self.answers.len()
    }
}

/// Collects responses. Either call [`ResponsesBuilder::add`] per response (interning names and
/// parameters), or register people and items once and add [`Answer`]s by index (faster for
/// millions of rows).
#[derive(Debug, Clone)]
pub struct ResponsesBuilder {
    inner: Responses,
    person_index: HashMap<String, u32>,
    item_index: HashMap<(usize, [u64; 3]), u32>,
}

impl ResponsesBuilder {
    pub fn new(n_topics: usize) -> ResponsesBuilder {
        ResponsesBuilder {
            inner: Responses {
                n_topics,
                tree: GroupTree::new(),
                people: Vec::new(),
                items: Vec::new(),
                answers: Vec::new(),
            },
            person_index: HashMap::new(),
            item_index: HashMap::new(),
        }
    }

    /// The index of person `id` in group `group_path`. A person belongs to one group per cycle.
    pub fn person(&mut self, id: &str, group_path: &str) -> Result<u32, InputError> {
        let group = self.inner.tree.intern(group_path);
        if let Some(&ix) = self.person_index.get(id) {
            let first = self.inner.people[ix as usize];
            if first != group {
                return Err(InputError::PersonInTwoGroups {
                    person: id.to_string(),
                    first: self.inner.tree.get(first).path.clone(),
                    second: self.inner.tree.get(group).path.clone(),
                });
            }
            return Ok(ix);
        }
        let ix = self.inner.people.len() as u32;
        self.inner.people.push(group);
        self.person_index.insert(id.to_string(), ix);
        Ok(ix)
    }

    /// The index of the item with these parameters in `topic` (items with equal parameters and
    /// topic are one item as far as the report is concerned).
    pub fn item(&mut self, topic: usize, params: ItemParams) -> Result<u32, InputError> {
        if topic >= self.inner.n_topics {
            return Err(InputError::TopicOutOfRange {
                topic,
                n_topics: self.inner.n_topics,
            });
        }
        let key = (
            topic,
            [
                params.a().to_bits(),
                params.b().to_bits(),
                params.c().to_bits(),
            ],
        );
        let items = &mut self.inner.items;
        Ok(*self.item_index.entry(key).or_insert_with(|| {
            items.push(ReportItem { topic, params });
            (items.len() - 1) as u32
        }))
    }

    /// Add an answer by indices from [`ResponsesBuilder::person`] and [`ResponsesBuilder::item`].
    pub fn answer(&mut self, answer: Answer) -> Result<(), InputError> {
        if answer.person as usize >= self.inner.people.len() {
            return Err(InputError::NoSuchPerson(answer.person));
        }
        if answer.item as usize >= self.inner.items.len() {
            return Err(InputError::NoSuchItem(answer.item));
        }
        self.inner.answers.push(answer);
        Ok(())
    }

    /// Add one scored response.
    pub fn add(
        &mut self,
        person: &str,
        group_path: &str,
        topic: usize,
        params: ItemParams,
        correct: bool,
    ) -> Result<(), InputError> {
        let person = self.person(person, group_path)?;
        let item = self.item(topic, params)?;
        self.answer(Answer {
            person,
            item,
            correct,
        })
    }

    pub fn finish(self) -> Responses {
        self.inner
    }
}
