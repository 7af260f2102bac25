//! Law references: "forvaltningsloven § 6 første ledd bokstav b".

use std::fmt;

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
        let mut words = rest.split_whitespace();
        let section = words.next().ok_or_else(shape)?.to_lowercase();
        if act.is_empty() || act.contains('§') || rest.contains('§') {
            return Err(shape());
        }
        let digits = section.trim_end_matches(|c: char| c.is_ascii_lowercase());
        let letters = &section[digits.len()..];
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || letters.len() > 1 {
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
    fn matching_is_by_section_and_detail_prefix() {
        let r = LawRef::parse("forvaltningsloven § 11a første ledd").unwrap();
        assert!(r.matches(&LawRef::parse("forvaltningsloven § 11a").unwrap()));
        assert!(r.matches(&LawRef::parse("Forvaltningsloven § 11A første ledd").unwrap()));
        assert!(!r.matches(&LawRef::parse("forvaltningsloven § 11").unwrap()));
        assert!(!r.matches(&LawRef::parse("forvaltningsloven § 11a andre ledd").unwrap()));
        assert!(!r.matches(&LawRef::parse("offentleglova § 11a").unwrap()));
    }
}
