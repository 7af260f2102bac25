//! The written forms the product speaks, and every text a caseworker reads, one file per form.
//!
//! [`Form`] is a person's målform (bokmål or nynorsk). [`Texts`] holds the texts of the
//! caseworker pages (layout, login, home, question, result, errors shown to caseworkers);
//! [`nb`] and [`nn`] each give one complete `Texts`, so the compiler checks that every form has
//! every text, and a third language is one more file and one more [`Form`] variant.
//! Item and topic texts are not here: they are in the item bank (`[nn]` tables).

use serde::{Deserialize, Serialize};

pub mod nb;
pub mod nn;

/// A written form of Norwegian: a person's målform, and the form an item was shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// Bokmål: the default, and the form every item has.
    #[default]
    Nb,
    /// Nynorsk.
    Nn,
}

impl Form {
    /// Every form, bokmål first.
    pub const ALL: [Form; 2] = [Form::Nb, Form::Nn];

    /// `nb` or `nn`, as in a roster, the configuration or a form field.
    pub fn parse(text: &str) -> Option<Form> {
        match text.trim().to_lowercase().as_str() {
            "nb" | "bokmål" | "bokmal" => Some(Form::Nb),
            "nn" | "nynorsk" => Some(Form::Nn),
            _ => None,
        }
    }

    /// Whether this is bokmål (the default, which stored records leave out).
    pub fn is_nb(&self) -> bool {
        *self == Form::Nb
    }

    /// The language code (BCP 47), for `<html lang>` and files.
    pub fn code(&self) -> &'static str {
        match self {
            Form::Nb => "nb",
            Form::Nn => "nn",
        }
    }

    /// The form's own name for itself.
    pub fn name(&self) -> &'static str {
        match self {
            Form::Nb => "bokmål",
            Form::Nn => "nynorsk",
        }
    }

    /// The texts of the caseworker pages in this form.
    pub fn texts(&self) -> &'static Texts {
        match self {
            Form::Nb => &nb::TEXTS,
            Form::Nn => &nn::TEXTS,
        }
    }
}

impl std::fmt::Display for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Every text of the caseworker pages. Fixed texts are `&'static str`; texts with numbers or
/// names in them are functions.
#[derive(Debug)]
pub struct Texts {
    pub layout: Layout,
    pub errors: Errors,
    pub login: Login,
    pub home: Home,
    pub question: Question,
    pub result: ResultTexts,
}

/// The frame of every page.
#[derive(Debug)]
pub struct Layout {
    pub skip_link: &'static str,
    /// After a page's title in the browser tab: "Spørsmål 3 – Forvalt".
    pub site: &'static str,
    pub log_out: &'static str,
    pub to_home: &'static str,
    /// The link to the privacy notice.
    pub privacy_link: &'static str,
}

/// Error pages and messages shown to caseworkers.
#[derive(Debug)]
pub struct Errors {
    pub title_not_found: &'static str,
    pub title_forbidden: &'static str,
    pub title_too_many: &'static str,
    pub title_unauthorized: &'static str,
    pub title_bad_request: &'static str,
    pub title_error: &'static str,
    pub log_in_first: &'static str,
    pub bad_credentials: &'static str,
    /// Too many failed logins; try again in this many minutes.
    pub rate_limited: fn(u64) -> String,
    /// On the login page, where the wait is not told.
    pub rate_limited_login: &'static str,
    pub csrf: &'static str,
    pub forbidden: &'static str,
    pub not_found: &'static str,
    /// The request could not be handled, and why.
    pub bad_request: fn(&str) -> String,
    pub too_large: &'static str,
    pub unavailable: &'static str,
    pub internal: &'static str,
}

#[derive(Debug)]
pub struct Login {
    pub title: &'static str,
    pub employee_id: &'static str,
    pub password: &'static str,
    pub submit: &'static str,
    /// The single sign-on button: "Logg inn med {provider}".
    pub sso_button: fn(&str) -> String,
    /// Above the password form when single sign-on is offered too.
    pub password_heading: &'static str,
    /// The provider cannot be reached (discovery or its token endpoint failed).
    pub sso_unavailable: fn(&str) -> String,
    /// The password form was sent although password login is switched off.
    pub password_off: &'static str,
    /// The provider's answer belongs to no login in progress (expired, used, other browser).
    pub sso_expired: &'static str,
    /// The person cancelled at the provider, or it refused.
    pub sso_denied: fn(&str) -> String,
    /// The provider's answer did not pass the checks (signature, audience, expiry, nonce).
    pub sso_rejected: fn(&str) -> String,
    /// The provider did not say who the person is (no employee-id claim).
    pub sso_no_claim: fn(&str) -> String,
    /// "Feilkode: …", for support.
    pub sso_error_code: fn(&str) -> String,
    /// The page for someone the provider knows but the roster does not, or who is deactivated.
    pub no_access_title: &'static str,
    /// Provider, employee id.
    pub not_in_roster: fn(&str, &str) -> String,
    pub deactivated: &'static str,
    /// A link to log out at the provider (to sign in as someone else).
    pub sso_log_out_there: fn(&str) -> String,
    /// The page between the provider and the home page (it sets the session cookie).
    pub signed_in_title: &'static str,
    pub continue_link: &'static str,
    /// After logging out, on the way to the provider's logout.
    pub logged_out_title: &'static str,
    pub logged_out: &'static str,
}

#[derive(Debug)]
pub struct Home {
    pub title: &'static str,
    pub greeting: fn(&str) -> String,
    pub your_tests: &'static str,
    pub no_cycles: &'static str,
    /// "Syklus 2026–2027".
    pub cycle: fn(&str) -> String,
    /// Opening day and deadline, as dates.
    pub opens_deadline: fn(&str, &str) -> String,
    pub status: &'static str,
    pub upcoming: &'static str,
    pub due: &'static str,
    pub in_progress: &'static str,
    pub completed: &'static str,
    pub overdue: &'static str,
    /// " (N spørsmål besvart)".
    pub answered: fn(usize) -> String,
    pub see_result: &'static str,
    /// The link to the completion certificate (followed by the cycle's name).
    pub certificate: &'static str,
    pub resume: &'static str,
    pub start_note: &'static str,
    pub start: &'static str,
    /// The målform switch.
    pub form_heading: &'static str,
    /// Which form the pages and questions are in now.
    pub form_now: &'static str,
    pub form_legend: &'static str,
    pub form_save: &'static str,
    pub form_note: &'static str,
    /// The switch was sent without a choice.
    pub form_missing: &'static str,
}

#[derive(Debug)]
pub struct Question {
    /// "Spørsmål 3": the page title and heading, and the heading of a missed item.
    pub title: fn(u32) -> String,
    /// Answered, the most a test has, topics touched, topics.
    pub progress: fn(usize, usize, usize, usize) -> String,
    pub answer: &'static str,
    pub choose_one: &'static str,
}

#[derive(Debug)]
pub struct ResultTexts {
    pub title: &'static str,
    pub heading: fn(&str) -> String,
    /// Right, answered.
    pub n_correct: fn(usize, usize) -> String,
    pub overall: &'static str,
    pub level: fn(&str) -> String,
    /// The level bands, lowest first (`app::Level` order).
    pub levels: [&'static str; 5],
    pub precise: &'static str,
    /// The bands a 90 % interval spans.
    pub range: fn(&str, &str) -> String,
    pub compared: &'static str,
    pub by_topic: &'static str,
    pub topic_caveat: &'static str,
    /// Right, items.
    pub topic_score: fn(usize, usize) -> String,
    pub too_few: &'static str,
    pub weaker: &'static str,
    pub as_expected: &'static str,
    pub stronger: &'static str,
    pub reflect: &'static str,
    pub missed_heading: &'static str,
    pub all_right: &'static str,
    pub you_answered: &'static str,
    pub right_answer: &'static str,
    pub explanation: &'static str,
    pub references: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_parse_and_name_themselves() {
        for form in Form::ALL {
            assert_eq!(Form::parse(form.code()), Some(form));
            assert_eq!(Form::parse(form.name()), Some(form));
        }
        assert_eq!(Form::parse(" NN "), Some(Form::Nn));
        assert_eq!(Form::parse("da"), None);
        assert_eq!(Form::default(), Form::Nb);
        assert_eq!(serde_json::to_string(&Form::Nn).unwrap(), "\"nn\"");
    }

    /// The two forms differ where the languages do: a nynorsk text identical to the bokmål one
    /// in these places would be a text someone forgot to translate.
    #[test]
    fn nynorsk_texts_are_nynorsk() {
        let (nb, nn) = (Form::Nb.texts(), Form::Nn.texts());
        for (b, n) in [
            (nb.layout.skip_link, nn.layout.skip_link),
            (nb.home.your_tests, nn.home.your_tests),
            (nb.question.choose_one, nn.question.choose_one),
            (nb.result.topic_caveat, nn.result.topic_caveat),
            (nb.result.weaker, nn.result.weaker),
            (nb.errors.csrf, nn.errors.csrf),
            (nb.errors.unavailable, nn.errors.unavailable),
        ] {
            assert_ne!(b, n);
        }
        assert_eq!((nn.question.title)(3), "Spørsmål 3");
        assert_eq!(
            (nn.question.progress)(2, 8, 1, 3),
            "2 svara (testen har høgst 8 spørsmål). 1 av 3 tema er rørt ved."
        );
        assert_eq!(
            (nb.question.progress)(2, 8, 1, 3),
            "2 besvart (testen har høyst 8 spørsmål). 1 av 3 temaer er berørt."
        );
    }
}
