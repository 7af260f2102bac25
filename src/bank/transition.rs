//! What happens to the bank when an adopted act enters into force and replaces the one items
//! cite now (`replaces` in `laws.toml`): which items would be retired, what replaces them, which
//! are kept with their `future_references` as the new references, and whether every topic would
//! still have its minimum of active items. Pure: it reads a loaded bank and changes nothing.

use std::fmt::Write;

use jiff::civil::Date;

use super::{Item, ItemBank, ItemId, LawRef, Status};

/// Why an item in use would be retired.
#[derive(Debug, Clone, PartialEq)]
pub enum RetireReason {
    /// The right answer changes in substance (the item's `future_change`).
    AnswerChanges(String),
    /// The item cites the replaced act and records no counterpart in the new one.
    NoCounterpart,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Retired {
    pub id: ItemId,
    pub topic: usize,
    pub reason: RetireReason,
    /// Drafts with `successor_of` this item.
    pub successors: Vec<ItemId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Remapped {
    pub id: ItemId,
    /// The references that would replace those to the old act.
    pub references: Vec<LawRef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicOutcome {
    pub id: String,
    pub active_now: usize,
    /// Active items not retired.
    pub kept: usize,
    /// `kept` plus the successor drafts of retired items in the topic, once reviewed and activated.
    pub with_successors: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub act: String,
    pub replaces: String,
    pub date: Date,
    pub retired: Vec<Retired>,
    pub remapped: Vec<Remapped>,
    pub topics: Vec<TopicOutcome>,
    pub min_active_per_topic: usize,
}

impl Plan {
    /// Whether every topic keeps its minimum without the successors.
    pub fn topics_ok_without_successors(&self) -> bool {
        self.topics
            .iter()
            .all(|t| t.kept >= self.min_active_per_topic)
    }

    /// Whether every topic keeps its minimum once the successors are activated.
    pub fn topics_ok_with_successors(&self) -> bool {
        self.topics
            .iter()
            .all(|t| t.with_successors >= self.min_active_per_topic)
    }
}

/// The plan for `act` (a name or Lovdata id in `laws.toml`) entering into force on `date`.
pub fn plan(bank: &ItemBank, act: &str, date: Date) -> Result<Plan, String> {
    let act = super::lawchange::find_act(&bank.acts, act).map_err(|e| e.to_string())?;
    if act.in_force {
        return Err(format!("\"{}\" is already in force", act.name));
    }
    let Some(replaces) = act.replaces.clone() else {
        return Err(format!(
            "\"{}\" replaces no act: add replaces = \"<act>\" to it in laws.toml",
            act.name
        ));
    };
    let in_use = |i: &&Item| matches!(i.status, Status::Active | Status::Pretest);
    let mut retired = Vec::new();
    let mut remapped = Vec::new();
    for item in bank.items.iter().filter(in_use) {
        if !item.references.iter().any(|r| r.act == replaces) {
            continue;
        }
        let counterparts: Vec<LawRef> = item
            .future_references
            .iter()
            .filter(|r| r.act == act.name)
            .cloned()
            .collect();
        let reason = match (&item.future_change, counterparts.is_empty()) {
            (Some(change), _) => RetireReason::AnswerChanges(change.clone()),
            (None, true) => RetireReason::NoCounterpart,
            (None, false) => {
                let references = item
                    .references
                    .iter()
                    .filter(|r| r.act != replaces)
                    .cloned()
                    .chain(counterparts)
                    .collect();
                remapped.push(Remapped {
                    id: item.id.clone(),
                    references,
                });
                continue;
            }
        };
        let successors = bank
            .items
            .iter()
            .filter(|s| s.successor_of.as_ref() == Some(&item.id))
            .filter(|s| s.status != Status::Retired)
            .map(|s| s.id.clone())
            .collect();
        retired.push(Retired {
            id: item.id.clone(),
            topic: item.topic,
            reason,
            successors,
        });
    }
    let topics = bank
        .topics
        .iter()
        .enumerate()
        .map(|(ix, topic)| {
            let active_now = bank
                .items
                .iter()
                .filter(|i| i.topic == ix && i.status == Status::Active)
                .count();
            let lost = retired
                .iter()
                .filter(|r| {
                    r.topic == ix && bank.item(&r.id).map(|i| i.status) == Some(Status::Active)
                })
                .count();
            let successors: usize = retired
                .iter()
                .flat_map(|r| &r.successors)
                .filter(|s| bank.item(s).is_some_and(|s| s.topic == ix))
                .count();
            TopicOutcome {
                id: topic.id.clone(),
                active_now,
                kept: active_now - lost,
                with_successors: active_now - lost + successors,
            }
        })
        .collect();
    Ok(Plan {
        act: act.name.clone(),
        replaces,
        date,
        retired,
        remapped,
        topics,
        min_active_per_topic: bank.min_active_per_topic,
    })
}

/// The plan as the dry run prints it.
pub fn render(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Dry run: \"{}\" enters into force on {} and replaces \"{}\". Nothing is written.",
        plan.act, plan.date, plan.replaces
    );
    let _ = writeln!(out, "\nWould be retired ({}):", plan.retired.len());
    for r in &plan.retired {
        let why = match &r.reason {
            RetireReason::AnswerChanges(note) => format!("the answer changes: {note}"),
            RetireReason::NoCounterpart => format!("no counterpart in \"{}\" recorded", plan.act),
        };
        let by = if r.successors.is_empty() {
            "no successor".to_string()
        } else {
            format!("replaced by {}", r.successors.join(", "))
        };
        let _ = writeln!(out, "  {}\t{by}\t{why}", r.id);
    }
    let _ = writeln!(
        out,
        "\nWould be kept, citing the new act ({}):",
        plan.remapped.len()
    );
    for r in &plan.remapped {
        let refs: Vec<String> = r.references.iter().map(|r| r.to_string()).collect();
        let _ = writeln!(out, "  {}\t{}", r.id, refs.join("; "));
    }
    let _ = writeln!(
        out,
        "\nActive items per topic (bank minimum {})\n{:<20} {:>6} {:>6} {:>11}  status",
        plan.min_active_per_topic, "topic", "now", "kept", "+successors"
    );
    for t in &plan.topics {
        let status = if t.kept >= plan.min_active_per_topic {
            "ok"
        } else if t.with_successors >= plan.min_active_per_topic {
            "ok once successors are active"
        } else {
            "BELOW MINIMUM"
        };
        let _ = writeln!(
            out,
            "{:<20} {:>6} {:>6} {:>11}  {status}",
            t.id, t.active_now, t.kept, t.with_successors
        );
    }
    let verdict = if plan.topics_ok_without_successors() {
        "every topic keeps its minimum"
    } else if plan.topics_ok_with_successors() {
        "every topic keeps its minimum once the successor drafts are reviewed and activated"
    } else {
        "some topics fall below the minimum even with every successor activated"
    };
    let _ = writeln!(out, "\n{verdict}");
    out
}
