//! The message templates: plain-text files the agency can edit (`mail-templates/` in the
//! repository, built in; a directory of its own through the `mail_templates` setting).
//!
//! A template is `Emne: <subject>`, an empty line, and the body. `{name}` placeholders are
//! filled in when a message is decided; each purpose has its own set, and an unknown
//! placeholder is refused when the templates are loaded, naming the file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a message is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Purpose {
    /// A cycle has opened.
    Invitation,
    /// The deadline is near and the test is not completed.
    Reminder,
    /// The weekly completion summary for a unit leader.
    Digest,
}

impl Purpose {
    pub const ALL: [Purpose; 3] = [Purpose::Invitation, Purpose::Reminder, Purpose::Digest];

    pub fn as_str(&self) -> &'static str {
        match self {
            Purpose::Invitation => "invitation",
            Purpose::Reminder => "reminder",
            Purpose::Digest => "digest",
        }
    }

    /// The placeholders its template may use.
    pub fn placeholders(&self) -> &'static [&'static str] {
        match self {
            Purpose::Invitation => &["navn", "syklus", "åpner", "frist", "lenke", "personvern"],
            Purpose::Reminder => &["navn", "syklus", "frist", "dager_igjen", "lenke"],
            Purpose::Digest => &[
                "navn",
                "syklus",
                "frist",
                "enhet",
                "fullført",
                "totalt",
                "oversikt",
                "lenke",
            ],
        }
    }
}

/// The languages templates exist in: bokmål, nynorsk and Danish.
pub const LANGUAGES: [&str; 3] = ["nb", "nn", "da"];

/// The built-in templates, `(language, purpose, text)`.
const BUILT_IN: [(&str, Purpose, &str); 9] = [
    (
        "nb",
        Purpose::Invitation,
        include_str!("../../mail-templates/nb/invitation.txt"),
    ),
    (
        "nb",
        Purpose::Reminder,
        include_str!("../../mail-templates/nb/reminder.txt"),
    ),
    (
        "nb",
        Purpose::Digest,
        include_str!("../../mail-templates/nb/digest.txt"),
    ),
    (
        "nn",
        Purpose::Invitation,
        include_str!("../../mail-templates/nn/invitation.txt"),
    ),
    (
        "nn",
        Purpose::Reminder,
        include_str!("../../mail-templates/nn/reminder.txt"),
    ),
    (
        "nn",
        Purpose::Digest,
        include_str!("../../mail-templates/nn/digest.txt"),
    ),
    (
        "da",
        Purpose::Invitation,
        include_str!("../../mail-templates/da/invitation.txt"),
    ),
    (
        "da",
        Purpose::Reminder,
        include_str!("../../mail-templates/da/reminder.txt"),
    ),
    (
        "da",
        Purpose::Digest,
        include_str!("../../mail-templates/da/digest.txt"),
    ),
];

/// One checked template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    subject: String,
    body: String,
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

impl Template {
    /// Parse and check a template of `purpose`; `origin` names it in errors.
    pub fn parse(text: &str, purpose: Purpose, origin: &str) -> Result<Template, String> {
        let text = text.replace("\r\n", "\n");
        let (first, rest) = text.split_once('\n').unwrap_or((text.as_str(), ""));
        let Some(subject) = first.strip_prefix("Emne:") else {
            return Err(format!(
                "{origin}:1: the first line must be «Emne: …» (the subject)"
            ));
        };
        let body = match rest.strip_prefix('\n') {
            Some(body) => body,
            None if rest.trim().is_empty() => "",
            None => {
                return Err(format!("{origin}:2: an empty line must follow the subject"));
            }
        };
        for (n, line) in text.lines().enumerate() {
            for name in placeholders_in(line) {
                if !purpose.placeholders().contains(&name) {
                    return Err(format!(
                        "{origin}:{}: unknown placeholder {{{name}}} (known in a {} message: {})",
                        n + 1,
                        purpose.as_str(),
                        purpose
                            .placeholders()
                            .iter()
                            .map(|p| format!("{{{p}}}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    ));
                }
            }
        }
        Ok(Template {
            subject: subject.trim().to_string(),
            body: body.trim_end().to_string() + "\n",
        })
    }

    /// Fill in the placeholders. A value in the subject is kept to one line.
    pub fn render(&self, values: &[(&str, String)]) -> Rendered {
        let fill = |text: &str, one_line: bool| {
            let mut out = text.to_string();
            for (name, value) in values {
                let value = if one_line {
                    value.replace(['\r', '\n'], " ")
                } else {
                    value.clone()
                };
                out = out.replace(&format!("{{{name}}}"), &value);
            }
            out
        };
        Rendered {
            subject: fill(&self.subject, true),
            body: fill(&self.body, false),
        }
    }
}

/// `{name}` placeholders in a line (a `{` with no closing `}` is text).
fn placeholders_in(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        out.push(&after[..end]);
        rest = &after[end + 1..];
    }
    out
}

/// Every template, by language and purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    by_key: BTreeMap<(String, Purpose), Template>,
}

impl Default for Templates {
    /// The built-in templates.
    fn default() -> Templates {
        Templates::load(None).expect("the built-in templates are valid")
    }
}

impl Templates {
    /// The built-in templates, each replaced by `dir/<language>/<purpose>.txt` where that file
    /// exists.
    pub fn load(dir: Option<&Path>) -> Result<Templates, String> {
        let mut by_key = BTreeMap::new();
        for (language, purpose, text) in BUILT_IN {
            let file: Option<PathBuf> = dir
                .map(|d| d.join(language).join(format!("{}.txt", purpose.as_str())))
                .filter(|f| f.exists());
            let template = match file {
                Some(file) => {
                    let text = std::fs::read_to_string(&file)
                        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                    Template::parse(&text, purpose, &file.display().to_string())?
                }
                None => Template::parse(
                    text,
                    purpose,
                    &format!("mail-templates/{language}/{}.txt", purpose.as_str()),
                )?,
            };
            by_key.insert((language.to_string(), purpose), template);
        }
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            return Err(format!(
                "mail_templates: {} is not a directory",
                dir.display()
            ));
        }
        Ok(Templates { by_key })
    }

    /// The template of `purpose` in `language` (`nb`, `nn` or `da`; anything else gets bokmål).
    pub fn get(&self, language: &str, purpose: Purpose) -> &Template {
        let language = if LANGUAGES.contains(&language) {
            language
        } else {
            "nb"
        };
        &self.by_key[&(language.to_string(), purpose)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_templates_render_every_placeholder() {
        let templates = Templates::default();
        for language in LANGUAGES {
            for purpose in Purpose::ALL {
                let values: Vec<(&str, String)> = purpose
                    .placeholders()
                    .iter()
                    .map(|p| (*p, format!("<{p}>")))
                    .collect();
                let rendered = templates.get(language, purpose).render(&values);
                let all = format!("{}\n{}", rendered.subject, rendered.body);
                assert!(!all.contains('{'), "{language}/{purpose:?}: {all}");
                assert!(rendered.body.contains("<lenke>"), "{language}/{purpose:?}");
            }
        }
        let nn = templates.get("nn", Purpose::Invitation).render(&[]);
        assert!(nn.body.contains("frå"), "nynorsk is nynorsk: {}", nn.body);
        assert_eq!(
            templates.get("xx", Purpose::Reminder),
            templates.get("nb", Purpose::Reminder)
        );
    }

    #[test]
    fn an_unknown_placeholder_or_a_missing_subject_names_file_and_line() {
        let e = Template::parse(
            "Emne: Hei\n\nHei {navn}\nFrist {fristen}\n",
            Purpose::Reminder,
            "x.txt",
        )
        .unwrap_err();
        assert!(
            e.starts_with("x.txt:4: unknown placeholder {fristen}"),
            "{e}"
        );
        let e = Template::parse("Hei\n\nTekst\n", Purpose::Reminder, "y.txt").unwrap_err();
        assert!(e.starts_with("y.txt:1:"), "{e}");
        let e = Template::parse("Emne: Hei\nTekst\n", Purpose::Reminder, "z.txt").unwrap_err();
        assert!(e.starts_with("z.txt:2:"), "{e}");
    }

    #[test]
    fn a_directory_overrides_only_the_files_it_has() {
        let dir = std::env::temp_dir().join(format!("forvalt-templates-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("nb")).unwrap();
        std::fs::write(
            dir.join("nb/reminder.txt"),
            "Emne: Frist {frist}\n\nHusk testen, {navn}.\n",
        )
        .unwrap();
        let templates = Templates::load(Some(&dir)).unwrap();
        let r = templates
            .get("nb", Purpose::Reminder)
            .render(&[("frist", "1. mai".into()), ("navn", "Kari\nX".into())]);
        assert_eq!(r.subject, "Frist 1. mai");
        assert_eq!(r.body, "Husk testen, Kari\nX.\n");
        assert_eq!(
            templates.get("nb", Purpose::Invitation),
            Templates::default().get("nb", Purpose::Invitation)
        );
        std::fs::write(dir.join("nb/digest.txt"), "Emne: {ukjent}\n\n").unwrap();
        let e = Templates::load(Some(&dir)).unwrap_err();
        assert!(
            e.contains("digest.txt:1: unknown placeholder {ukjent}"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            Templates::load(Some(&dir)).is_err(),
            "a missing directory is an error"
        );
    }
}
