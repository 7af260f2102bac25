//! The HR exports: rows of the exported tables (the page tables show the same numbers), as CSV
//! through the one CSV writer or as JSON.

use super::*;
/// A table as CSV, CSV for Norwegian Excel or `.xlsx` (one header row, one record per row),
/// or as JSON (`json()`).
pub(super) fn export<T: Serialize>(
    format: Format,
    name: &str,
    rows: &[T],
    json: impl FnOnce() -> serde_json::Value,
) -> Result<Response, WebError> {
    match format {
        Format::Sheet(sheet) => download::table(sheet, name, rows),
        Format::Json | Format::Html => Ok(axum::Json(json()).into_response()),
    }
}

// ---------------------------------------------------------------------------------------------
// Rows of the exported tables (the page tables show the same numbers).

/// One department × topic cell. Suppressed cells carry no numbers at all.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TopicRow {
    department: String,
    topic_id: String,
    topic: String,
    /// `false`: fewer than k people (or hidden so that it cannot be worked out).
    shown: bool,
    people: Option<usize>,
    answers: Option<usize>,
    level_words: Option<&'static str>,
    /// Expected share right on the topic's typical item at the department's level, and its 95 %
    /// interval.
    level_share: Option<f64>,
    level_share_low: Option<f64>,
    level_share_high: Option<f64>,
    /// The topic against the department's own level (logits), 95 % interval, flag and words.
    relative_difference: Option<f64>,
    relative_low: Option<f64>,
    relative_high: Option<f64>,
    relative_weak: Option<bool>,
    relative_words: Option<&'static str>,
    share_own_level: Option<f64>,
    share_topic: Option<f64>,
    /// The department's topic level against the organisation's (logits).
    absolute_difference: Option<f64>,
    absolute_low: Option<f64>,
    absolute_high: Option<f64>,
    absolute_weak: Option<bool>,
    absolute_words: Option<&'static str>,
    /// Secondary: confounded by which items the adaptive test chose.
    raw_share_correct: Option<f64>,
    /// Change of the level since the previous cycle (logits), when both cycles show the cell.
    trend_difference: Option<f64>,
    trend_low: Option<f64>,
    trend_high: Option<f64>,
}

/// The rows of the topic export. The column names are stable machine names (documented with the
/// exports); the words in the `*_words` columns are the viewer's language, as on the page.
pub(super) fn topic_rows(texts: &crate::text::Texts, report: &TopicReport) -> Vec<TopicRow> {
    let bands = &texts.reports.bands;
    let mut rows = Vec::new();
    for group in &report.report.groups {
        for (t, cell) in group.cells.iter().enumerate() {
            let topic = &report.topics[t];
            let mut row = TopicRow {
                department: group.path.clone(),
                topic_id: topic.id.clone(),
                topic: topic.name.clone(),
                shown: false,
                people: None,
                answers: None,
                level_words: None,
                level_share: None,
                level_share_low: None,
                level_share_high: None,
                relative_difference: None,
                relative_low: None,
                relative_high: None,
                relative_weak: None,
                relative_words: None,
                share_own_level: None,
                share_topic: None,
                absolute_difference: None,
                absolute_low: None,
                absolute_high: None,
                absolute_weak: None,
                absolute_words: None,
                raw_share_correct: None,
                trend_difference: None,
                trend_low: None,
                trend_high: None,
            };
            if let Cell::Published(s) = cell {
                let (low, high) = report.report.level_shares(t, &s.level.interval).unzip();
                let trend = report.trend(&group.path, t);
                row = TopicRow {
                    shown: true,
                    people: Some(s.people),
                    answers: Some(s.answers),
                    level_words: Some(texts.result.levels[Level::of(s.level.theta) as usize]),
                    level_share: Some(s.level.share_typical),
                    level_share_low: low,
                    level_share_high: high,
                    relative_difference: Some(s.relative.difference),
                    relative_low: Some(s.relative.interval.low),
                    relative_high: Some(s.relative.interval.high),
                    relative_weak: Some(s.relative.weak),
                    relative_words: Some(bands.words(s.relative.band, Question::Relative)),
                    share_own_level: Some(s.share_own_level),
                    share_topic: Some(s.share_topic),
                    absolute_difference: Some(s.absolute.difference),
                    absolute_low: Some(s.absolute.interval.low),
                    absolute_high: Some(s.absolute.interval.high),
                    absolute_weak: Some(s.absolute.weak),
                    absolute_words: Some(bands.words(s.absolute.band, Question::Absolute)),
                    raw_share_correct: Some(s.raw_share_correct),
                    trend_difference: trend.map(|x| x.level.difference),
                    trend_low: trend.map(|x| x.level.interval.low),
                    trend_high: trend.map(|x| x.level.interval.high),
                    ..row
                };
            }
            rows.push(row);
        }
    }
    rows
}

/// One topic of a department's follow-up plan, flat.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PlanExportRow {
    department: String,
    rank: usize,
    topic_id: String,
    topic: String,
    relative_difference: f64,
    relative_low: f64,
    relative_high: f64,
    weak: bool,
    words: &'static str,
    share_own_level: f64,
    share_topic: f64,
    reflection: String,
}

pub(super) fn plan_rows(
    texts: &ReportTexts,
    report: &TopicReport,
    plan: &[PlanRow],
) -> Vec<PlanExportRow> {
    plan.iter()
        .flat_map(|row| {
            row.topics.iter().enumerate().map(|(rank, p)| {
                let topic = &report.topics[p.topic];
                PlanExportRow {
                    department: row.department.clone(),
                    rank: rank + 1,
                    topic_id: topic.id.clone(),
                    topic: topic.name.clone(),
                    relative_difference: p.relative,
                    relative_low: p.low,
                    relative_high: p.high,
                    weak: p.weak,
                    words: texts.bands.words(p.band, Question::Relative),
                    share_own_level: p.share_own_level,
                    share_topic: p.share_topic,
                    reflection: topic.reflection.join(" | "),
                }
            })
        })
        .collect()
}
