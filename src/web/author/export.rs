//! The author area's export: the item statistics table as CSV records.

use super::*;

/// The header and one record per item of the statistics table (the same numbers the page shows).
pub(super) fn statistics_records(data: &Data) -> Vec<Vec<String>> {
    let mut records = vec![
        [
            "id",
            "topic",
            "status",
            "source",
            "a",
            "b",
            "c",
            "n",
            "proportion_correct",
            "point_biserial",
            "exposure",
            "infit",
            "outfit",
            "median_response_ms",
            "population_expected",
            "flags",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (item, s) in data
        .bank
        .items
        .iter()
        .zip(&data.statistics.statistics.items)
    {
        let number = |x: Option<f64>| x.map(|x| format!("{x:.4}")).unwrap_or_default();
        let flags: Vec<&str> = s.flags.iter().map(|f| f.code()).collect();
        records.push(vec![
            item.id.to_string(),
            s.topic.clone(),
            item.status.as_str().to_string(),
            source_code(&item.source).to_string(),
            format!("{}", item.params.a()),
            format!("{}", item.params.b()),
            format!("{}", item.params.c()),
            s.n.to_string(),
            number(s.proportion_correct),
            number(s.point_biserial),
            number(s.exposure),
            number(s.infit),
            number(s.outfit),
            number(s.median_response_ms),
            number(s.population_expected),
            flags.join(";"),
        ]);
    }
    records
}
