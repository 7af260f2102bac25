//! Law references: "forvaltningsloven § 6 første ledd bokstav b" (Norwegian) or
//! "forvaltningsloven § 19, stk. 2, nr. 1" (Danish), and where to read them: Lovdata, or the
//! act's address on Retsinformation.

use std::fmt;

use super::Act;

/// A parsed reference to one section of an act, as written by an author.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LawRef {
    /// The act's short name as in `laws.toml` (e.g. "forvaltningsloven").
    pub act: String,
    /// The section, lower-cased: a number with an optional letter ("11a").
    pub section: String,
    /// Ledd, punktum, bokstav as written ("første ledd bokstav b"); may be empty.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    #[error("reference \"{0}\" must be written \"<act> § <section>[ <ledd/bokstav>]\"")]
    Shape(String),
    #[error(
        "reference \"{0}\" has section \"{1}\": expected a number with an optional letter, e.g. 11a"
    )]
    Section(String, String),
}

impl LawRef {
    pub fn parse(text: &str) -> Result<LawRef, RefError> {
        let shape = || RefError::Shape(text.to_string());
        let (act, rest) = text.split_once('§').ok_or_else(shape)?;
        let act = act.trim();
        let mut words = rest.split_whitespace().peekable();
        // Danish references put a comma after the section: "§ 19, stk. 2, nr. 1".
        let first = words.next().ok_or_else(shape)?;
        let mut section = first.trim_end_matches(',').to_lowercase();
        // The official texts write a section's letter apart ("§ 11 a", "§ 15 a, stk. 1"): read it
        // as "11a". No detail starts with a lone letter, so this cannot swallow one.
        if !first.ends_with(',') && section.bytes().all(|b| b.is_ascii_digit()) {
            let letter = words.peek().map(|w| w.trim_end_matches(','));
            if let Some(letter) =
                letter.filter(|l| l.len() == 1 && l.as_bytes()[0].is_ascii_alphabetic())
            {
                section.push_str(&letter.to_lowercase());
                words.next();
            }
        }
        if act.is_empty() || act.contains('§') || rest.contains('§') {
            return Err(shape());
        }
        if !is_section(&section) {
            return Err(RefError::Section(text.to_string(), section));
        }
        let detail = words.collect::<Vec<_>>().join(" ");
        Ok(LawRef {
            act: act.to_string(),
            section,
            detail,
        })
    }

    /// Whether this reference falls under `query`: the same act and section, and, if the query
    /// names a ledd or bokstav, a detail that starts with it ("§ 6" matches "§ 6 første ledd").
    pub fn matches(&self, query: &LawRef) -> bool {
        self.act.eq_ignore_ascii_case(&query.act)
            && self.section == query.section
            && self
                .detail
                .to_lowercase()
                .starts_with(&query.detail.to_lowercase())
    }

    /// "act § section", without ledd or bokstav: the key the bank statistics group by.
    pub fn section_key(&self) -> String {
        format!("{} § {}", self.act, self.section)
    }

    /// The ledd (Danish: stk.) this reference names, if it names any: `Some` when the detail
    /// has the word "ledd", with the numbers of the ordinals written just before it ("første og
    /// andre ledd" gives [1, 2]; "siste ledd" gives an empty list), or "stk." with the number
    /// after it ("stk. 2, nr. 1" gives `[2]`). `None` when none is named.
    pub fn ledd(&self) -> Option<Vec<u32>> {
        let words: Vec<String> = self
            .detail
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if let Some(at) = words.iter().position(|w| w == "stk.") {
            return Some(
                words
                    .get(at + 1)
                    .and_then(|n| n.parse().ok())
                    .into_iter()
                    .collect(),
            );
        }
        let at = words.iter().position(|w| w == "ledd")?;
        Some(
            words[..at]
                .iter()
                .rev()
                .take_while(|w| ordinal(w).is_some() || *w == "og")
                .filter_map(|w| ordinal(w))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect(),
        )
    }

    /// Where to read the cited provision: the act's own `url` where `laws.toml` gives one (a
    /// Danish act's page on Retsinformation, which has no per-section address we rely on),
    /// else the section on Lovdata from the act's id (see [`lovdata_url`]). `None` for an act
    /// `acts` does not list, or one with neither.
    pub fn url(&self, acts: &[Act]) -> Option<String> {
        let act = acts
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(&self.act))?;
        act.url
            .clone()
            .or_else(|| lovdata_url(&act.id, &self.section))
    }
}

/// Whether `detail` is written as Danish references are: empty, or comma-separated parts, each
/// "stk. N", "nr. N", "N. pkt." or "litra x", in that order ("stk. 2, nr. 1, 2. pkt.").
pub(crate) fn is_danish_detail(detail: &str) -> bool {
    let number = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let mut last = 0;
    detail.trim().is_empty()
        || detail.split(',').all(|part| {
            let rank = match part.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["stk.", n] if number(n) => 1,
                ["nr.", n] if number(n) => 2,
                [n, "pkt."] if n.strip_suffix('.').is_some_and(number) => 3,
                ["litra", x] if x.len() == 1 && x.chars().all(|c| c.is_ascii_lowercase()) => 4,
                _ => return false,
            };
            let in_order = rank > last;
            last = rank;
            in_order
        })
}

/// Whether `section` is how the bank writes a section: a number with an optional lower-case
/// letter ("11", "11a").
pub(crate) fn is_section(section: &str) -> bool {
    let digits = section.trim_end_matches(|c: char| c.is_ascii_lowercase());
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && section.len() - digits.len() <= 1
}

/// A Norwegian ordinal as used for ledd (bokmål and nynorsk), as a number.
fn ordinal(word: &str) -> Option<u32> {
    Some(match word {
        "første" | "fyrste" => 1,
        "andre" | "annet" | "anna" => 2,
        "tredje" => 3,
        "fjerde" => 4,
        "femte" => 5,
        "sjette" => 6,
        "sjuende" | "syvende" | "sjuande" => 7,
        "åttende" | "åttande" => 8,
        "niende" | "niande" => 9,
        "tiende" | "tiande" => 10,
        _ => return None,
    })
}

/// The Lovdata address of `section` (a number with an optional letter, as in [`LawRef`]) of the
/// act or regulation with Lovdata id `act_id`:
///
/// - an act, `LOV-1967-02-10` or `LOV-2006-05-19-16`:
///   `https://lovdata.no/dokument/NL/lov/1967-02-10/§11`
/// - a central regulation, `FOR-2006-12-15-1456`:
///   `https://lovdata.no/dokument/SF/forskrift/2006-12-15-1456/§2`
///
/// The address opens the section itself (Lovdata's per-section page). `None` when the id has
/// neither shape, so a typo in `laws.toml` never becomes a broken link.
pub fn lovdata_url(act_id: &str, section: &str) -> Option<String> {
    let (kind, date) = act_id.split_once('-')?;
    let (base, path) = match kind {
        "LOV" => ("NL", "lov"),
        "FOR" => ("SF", "forskrift"),
        _ => return None,
    };
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.chars().all(|c| c.is_ascii_digit());
    let date_ok =
        matches!(parts.as_slice(), [y, m, d, ..] if digits(y, 4) && digits(m, 2) && digits(d, 2));
    let number_ok = match parts.len() {
        3 => kind == "LOV",
        4 => !parts[3].is_empty() && parts[3].chars().all(|c| c.is_ascii_digit()),
        _ => false,
    };
    (date_ok && number_ok && is_section(section))
        .then(|| format!("https://lovdata.no/dokument/{base}/{path}/{date}/§{section}"))
}

impl fmt::Display for LawRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} § {}", self.act, self.section)?;
        if !self.detail.is_empty() {
            write!(f, " {}", self.detail)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_act_section_and_detail() {
        let r = LawRef::parse("forvaltningsloven § 6 første ledd bokstav b").unwrap();
        assert_eq!(r.act, "forvaltningsloven");
        assert_eq!(r.section, "6");
        assert_eq!(r.detail, "første ledd bokstav b");
        assert_eq!(
            LawRef::parse("forvaltningsloven §11A").unwrap().section,
            "11a"
        );
        assert_eq!(r.to_string(), "forvaltningsloven § 6 første ledd bokstav b");
    }

    #[test]
    fn a_section_letter_written_apart_belongs_to_the_section() {
        let nb = LawRef::parse("forvaltningsloven § 11 a tredje ledd").unwrap();
        assert_eq!(
            (nb.section.as_str(), nb.detail.as_str()),
            ("11a", "tredje ledd")
        );
        assert_eq!(
            nb,
            LawRef::parse("forvaltningsloven § 11a tredje ledd").unwrap()
        );
        let da = LawRef::parse("forvaltningsloven § 15 a, stk. 1").unwrap();
        assert_eq!((da.section.as_str(), da.detail.as_str()), ("15a", "stk. 1"));
        assert_eq!(da.ledd(), Some(vec![1]));
        let bare = LawRef::parse("offentlighedsloven § 7 B").unwrap();
        assert_eq!((bare.section.as_str(), bare.detail.as_str()), ("7b", ""));
        // A detail is never swallowed: a letter comes only right after the number.
        let comma = LawRef::parse("forvaltningsloven § 19, stk. 2, nr. 1").unwrap();
        assert_eq!(
            (comma.section.as_str(), comma.detail.as_str()),
            ("19", "stk. 2, nr. 1")
        );
        let letter = LawRef::parse("forvaltningsloven § 6 første ledd bokstav e").unwrap();
        assert_eq!(letter.detail, "første ledd bokstav e");
    }

    #[test]
    fn refuses_malformed_references() {
        assert!(matches!(
            LawRef::parse("forvaltningsloven 6"),
            Err(RefError::Shape(_))
        ));
        assert!(matches!(LawRef::parse("§ 6"), Err(RefError::Shape(_))));
        assert!(matches!(
            LawRef::parse("forvaltningsloven §"),
            Err(RefError::Shape(_))
        ));
        assert!(matches!(
            LawRef::parse("fvl § 6 § 7"),
            Err(RefError::Shape(_))
        ));
        assert!(matches!(
            LawRef::parse("forvaltningsloven § ledd"),
            Err(RefError::Section(..))
        ));
        assert!(matches!(
            LawRef::parse("forvaltningsloven § 11ab"),
            Err(RefError::Section(..))
        ));
    }

    #[test]
    fn ledd_are_read_from_the_detail() {
        let ledd = |text: &str| LawRef::parse(text).unwrap().ledd();
        assert_eq!(ledd("forvaltningsloven § 6"), None);
        assert_eq!(ledd("forvaltningsloven § 6 bokstav b"), None);
        assert_eq!(
            ledd("forvaltningsloven § 6 første ledd bokstav b"),
            Some(vec![1])
        );
        assert_eq!(ledd("forvaltningsloven § 11 Fjerde ledd"), Some(vec![4]));
        assert_eq!(ledd("offentleglova § 14 andre ledd"), Some(vec![2]));
        assert_eq!(ledd("forvaltningsloven § 29 annet ledd"), Some(vec![2]));
        assert_eq!(
            ledd("forvaltningsloven § 11 tredje og fjerde ledd"),
            Some(vec![3, 4])
        );
        assert_eq!(ledd("forvaltningsloven § 11 siste ledd"), Some(vec![]));
    }

    #[test]
    fn lovdata_urls_for_acts_and_regulations() {
        assert_eq!(
            lovdata_url("LOV-1967-02-10", "11").as_deref(),
            Some("https://lovdata.no/dokument/NL/lov/1967-02-10/§11")
        );
        assert_eq!(
            lovdata_url("LOV-1967-02-10", "11a").as_deref(),
            Some("https://lovdata.no/dokument/NL/lov/1967-02-10/§11a")
        );
        assert_eq!(
            lovdata_url("LOV-2006-05-19-16", "32").as_deref(),
            Some("https://lovdata.no/dokument/NL/lov/2006-05-19-16/§32")
        );
        assert_eq!(
            lovdata_url("FOR-2006-12-15-1456", "2").as_deref(),
            Some("https://lovdata.no/dokument/SF/forskrift/2006-12-15-1456/§2")
        );
        // Ids Lovdata does not use, and sections that are not a number with one letter.
        for (id, section) in [
            ("FOR-2006-12-15", "2"),
            ("LOV-67-02-10", "11"),
            ("LOV-1967-2-10", "11"),
            ("LOV-1967-02-10-x", "11"),
            ("DOM-2006-12-15-1", "2"),
            ("LOV1967", "11"),
            ("LOV-1967-02-10", "ab"),
            ("LOV-1967-02-10", "11ab"),
            ("LOV-1967-02-10", ""),
        ] {
            assert_eq!(lovdata_url(id, section), None, "{id} § {section}");
        }
    }

    #[test]
    fn reference_links_through_the_acts_id() {
        let acts = vec![Act {
            name: "forvaltningsloven".into(),
            id: "LOV-1967-02-10".into(),
            title: "Forvaltningsloven".into(),
            in_force: true,
            repealed: false,
            ledd: Default::default(),
            replaces: None,
            url: None,
        }];
        let r = LawRef::parse("Forvaltningsloven § 11 fjerde ledd").unwrap();
        assert_eq!(
            r.url(&acts).as_deref(),
            Some("https://lovdata.no/dokument/NL/lov/1967-02-10/§11")
        );
        let unknown = LawRef::parse("offentleglova § 3").unwrap();
        assert_eq!(unknown.url(&acts), None);
    }

    #[test]
    fn matching_is_by_section_and_detail_prefix() {
        let r = LawRef::parse("forvaltningsloven § 11a første ledd").unwrap();
        assert!(r.matches(&LawRef::parse("forvaltningsloven § 11a").unwrap()));
        assert!(r.matches(&LawRef::parse("Forvaltningsloven § 11A første ledd").unwrap()));
        assert!(!r.matches(&LawRef::parse("forvaltningsloven § 11").unwrap()));
        assert!(!r.matches(&LawRef::parse("forvaltningsloven § 11a andre ledd").unwrap()));
        assert!(!r.matches(&LawRef::parse("offentleglova § 11a").unwrap()));
    }

    /// Danish references: the comma after the section, stk. as the ledd, the act's own address.
    #[test]
    fn danish_references_parse_count_stk_and_link_to_the_act() {
        let r = LawRef::parse("forvaltningsloven § 19, stk. 2, nr. 1").unwrap();
        assert_eq!(
            (r.section.as_str(), r.detail.as_str()),
            ("19", "stk. 2, nr. 1")
        );
        assert_eq!(r.ledd(), Some(vec![2]));
        assert_eq!(
            LawRef::parse("offentlighedsloven § 13").unwrap().ledd(),
            None
        );
        assert!(r.matches(&LawRef::parse("forvaltningsloven § 19, stk. 2").unwrap()));
        let acts = vec![Act {
            name: "forvaltningsloven".into(),
            id: "LBK nr 433 af 22/04/2014".into(),
            title: "Bekendtgørelse af forvaltningsloven".into(),
            in_force: true,
            repealed: false,
            ledd: Default::default(),
            replaces: None,
            url: Some("https://www.retsinformation.dk/eli/lta/2014/433".into()),
        }];
        assert_eq!(
            r.url(&acts).as_deref(),
            Some("https://www.retsinformation.dk/eli/lta/2014/433")
        );
    }

    #[test]
    fn danish_details_are_stk_nr_pkt_litra_in_order() {
        for good in [
            "",
            "stk. 2",
            "stk. 2, nr. 1",
            "stk. 1, 2. pkt.",
            "nr. 3",
            "stk. 3, litra a",
        ] {
            assert!(is_danish_detail(good), "{good:?}");
        }
        for bad in [
            "første ledd",
            "stk 2",
            "nr. 1, stk. 2",
            "stk. 2 nr. 1",
            "stk. to",
            "litra ab",
        ] {
            assert!(!is_danish_detail(bad), "{bad:?}");
        }
    }
}
