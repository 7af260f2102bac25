//! The written forms the product speaks, and every text a caseworker reads, one file per form.
//!
//! [`Form`] is a written language: a person's målform (bokmål or nynorsk) in a Norwegian
//! installation, or Danish, the one language of an installation with a Danish item bank. [`Texts`] holds the texts of the
//! caseworker pages (layout, login, home, question, result, errors shown to caseworkers);
//! [`nb`] and [`nn`] each give one complete `Texts`, so the compiler checks that every form has
//! every text, and a third language is one more file and one more [`Form`] variant.
//! Item and topic texts are not here: they are in the item bank (`[nn]` tables).

use serde::{Deserialize, Serialize};

pub mod author;
pub mod da;
pub mod hr;
pub mod nb;
pub mod nn;
pub mod refusal;
pub mod service;

/// A written language: a form of Norwegian (a person's målform) or Danish; the form an item
/// was shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// Bokmål: the default, and the form every item has.
    #[default]
    Nb,
    /// Nynorsk.
    Nn,
    /// Danish: the language of a Danish bank and its installation (no målform there).
    Da,
}

impl Form {
    /// Every form, bokmål first.
    pub const ALL: [Form; 3] = [Form::Nb, Form::Nn, Form::Da];

    /// The two written forms of Norwegian, between which a person in a Norwegian installation
    /// chooses (målform).
    pub const NORWEGIAN: [Form; 2] = [Form::Nb, Form::Nn];

    /// `nb`, `nn` or `da`, as in a roster, the configuration, a form field or a bank.
    pub fn parse(text: &str) -> Option<Form> {
        match text.trim().to_lowercase().as_str() {
            "nb" | "bokmål" | "bokmal" => Some(Form::Nb),
            "nn" | "nynorsk" => Some(Form::Nn),
            "da" | "dansk" => Some(Form::Da),
            _ => None,
        }
    }

    /// Whether this is a form of Norwegian, where a person's målform applies.
    pub fn is_norwegian(&self) -> bool {
        matches!(self, Form::Nb | Form::Nn)
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
            Form::Da => "da",
        }
    }

    /// The form's own name for itself.
    pub fn name(&self) -> &'static str {
        match self {
            Form::Nb => "bokmål",
            Form::Nn => "nynorsk",
            Form::Da => "dansk",
        }
    }

    /// The texts of the caseworker pages in this form.
    pub fn texts(&self) -> &'static Texts {
        match self {
            Form::Nb => &nb::TEXTS,
            Form::Nn => &nn::TEXTS,
            Form::Da => &da::TEXTS,
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
    /// The author pages (`/forfatter…`).
    pub author: author::Author,
    pub admin: Admin,
    /// The set-password page (`/passord/{token}`) and the e-mail that carries its link.
    pub password: PasswordTexts,
    /// The report pages: HR's, the unit leaders' and the completion certificate.
    pub reports: hr::ReportTexts,
    /// The administrator's start page, the e-mail outbox, the audit log and the privacy notice.
    pub service: service::ServiceTexts,
    /// Refusals of the rules and roster row problems, in every page's language.
    pub refusals: refusal::Refusals,
}

/// The set-password page and its e-mail.
#[derive(Debug)]
pub struct PasswordTexts {
    pub title: &'static str,
    /// Greets the person by name.
    pub intro: fn(&str) -> String,
    /// The rule, with the shortest length.
    pub policy: fn(usize) -> String,
    pub new_password: &'static str,
    pub repeat: &'static str,
    pub submit: &'static str,
    pub mismatch: &'static str,
    pub too_weak: &'static str,
    pub done_title: &'static str,
    pub done: &'static str,
    pub log_in: &'static str,
    /// The title of a page for a link that cannot be used.
    pub refused_title: &'static str,
    pub expired: &'static str,
    pub used: &'static str,
    pub replaced: &'static str,
    pub unknown: &'static str,
    pub deactivated: &'static str,
    pub mail_subject: &'static str,
    /// Name, link, hours the link is valid.
    pub mail_body: fn(&str, &str, u32) -> String,
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
    /// A cycle whose deadline and grace period are over, without a finished test.
    pub closed: &'static str,
    /// A unit leader's link to the leader pages, with the unit's name; the rest of the line.
    pub leader_link: fn(&str) -> String,
    pub leader_link_rest: &'static str,
    /// Someone who is not a caseworker, with the role's name ([`Home::role_hr`] …).
    pub signed_in_as: fn(&str) -> String,
    pub role_caseworker: &'static str,
    pub role_hr: &'static str,
    pub role_author: &'static str,
    pub role_admin: &'static str,
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

/// The administrator's pages for cycles and settings (`/admin/sykluser`, `/admin/innstillinger`).
#[derive(Debug)]
pub struct Admin {
    pub back: &'static str,
    pub cycles_title: &'static str,
    pub cycles_intro: &'static str,
    pub cycles_caption: &'static str,
    pub no_cycles: &'static str,
    pub col_name: &'static str,
    pub col_opens: &'static str,
    pub col_deadline: &'static str,
    pub col_late: &'static str,
    pub col_state: &'static str,
    pub col_done: &'static str,
    pub state_not_open: &'static str,
    pub state_open: &'static str,
    pub state_late: &'static str,
    pub state_grace: fn(&str) -> String,
    pub state_closed: &'static str,
    /// Late completion: allowed?, the cycle's own grace days, the default.
    pub late: fn(bool, Option<u32>, u32) -> String,
    pub done: fn(usize, usize) -> String,
    pub new_heading: &'static str,
    pub label_name: &'static str,
    pub label_opens: &'static str,
    pub label_deadline: &'static str,
    pub date_hint: &'static str,
    pub create: &'static str,
    pub change_heading: fn(&str) -> String,
    pub label_allow_late: &'static str,
    pub label_grace: fn(u32) -> String,
    pub save: &'static str,
    pub deadline_fixed: fn(&str) -> String,
    pub close_help: &'static str,
    pub close: fn(&str) -> String,
    pub created: fn(&str) -> String,
    pub changed: fn(&str) -> String,
    pub closed: fn(&str) -> String,
    pub refused: &'static str,
    pub bad_date: fn(&str, &str) -> String,
    pub bad_days: fn(&str) -> String,
    pub err_empty_name: &'static str,
    pub err_name_too_long: fn(usize) -> String,
    pub err_deadline_before_opening: fn(&str, &str) -> String,
    pub err_duplicate: fn(&str, &str, &str) -> String,
    pub err_no_such_cycle: fn(&str) -> String,
    pub err_deadline_passed: fn(&str, &str) -> String,
    pub err_grace_days: fn(u32) -> String,
    pub err_not_opened: fn(&str, &str) -> String,
    pub err_already_closed: fn(&str) -> String,
    pub settings_title: &'static str,
    pub settings_intro: &'static str,
    pub settings_caption: &'static str,
    pub col_key: &'static str,
    pub col_value: &'static str,
    pub col_source: &'static str,
    pub unset: &'static str,
    pub masked: &'static str,
    pub source_default: &'static str,
    pub source_file: fn(&str, usize) -> String,
    pub source_env: fn(&str) -> String,
    pub source_cli: fn(&str) -> String,
    pub settings_unknown: &'static str,
    pub link_cycles: &'static str,
    pub link_settings: &'static str,
    // The people pages (`/admin/personer`, `/admin/personer/{id}`).
    pub people_title: &'static str,
    pub search_label: &'static str,
    pub search: &'static str,
    /// People found, the search (empty: none), page, pages.
    pub people_found: fn(usize, &str, usize, usize) -> String,
    pub people_caption: &'static str,
    pub col_employee_id: &'static str,
    pub col_department: &'static str,
    pub col_role: &'static str,
    pub pages_nav: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub bad_page: fn(&str) -> String,
    pub role_caseworker: &'static str,
    pub role_hr: &'static str,
    pub role_author: &'static str,
    pub role_admin: &'static str,
    pub status_active: &'static str,
    pub status_no_password: &'static str,
    /// Deactivated on the date given.
    pub status_deactivated: fn(&str) -> String,
    pub label_email: &'static str,
    pub label_leads: &'static str,
    pub role_heading: &'static str,
    pub save_role: &'static str,
    pub unknown_role: fn(&str) -> String,
    pub role_now: fn(&str) -> String,
    pub department_heading: &'static str,
    pub label_department: &'static str,
    pub department_hint: fn(usize) -> String,
    pub save_department: &'static str,
    /// Name, new department.
    pub moved: fn(&str, &str) -> String,
    pub err_department_empty: &'static str,
    pub err_department_empty_part: &'static str,
    pub err_department_control: &'static str,
    pub err_department_too_long: fn(usize) -> String,
    pub deactivate_heading: &'static str,
    pub deactivate_help: &'static str,
    pub deactivate_button: fn(&str) -> String,
    pub deactivated: fn(&str) -> String,
    pub reactivate_heading: &'static str,
    pub reactivate_button: fn(&str) -> String,
    pub reactivated: fn(&str) -> String,
    pub link_heading: &'static str,
    pub link_help: &'static str,
    pub link_button: &'static str,
    /// The link goes by e-mail to the address given.
    pub link_queued: fn(&str) -> String,
    pub outbox_link: &'static str,
    /// No e-mail: name, expiry.
    pub link_show: fn(&str, &str) -> String,
    pub to_people: &'static str,
    // The roster pages (`/admin/roster`).
    pub roster_title: &'static str,
    pub roster_upload_heading: &'static str,
    pub roster_intro: &'static str,
    pub roster_errors_heading: &'static str,
    /// Line number, problem.
    pub roster_line: fn(u64, &str) -> String,
    pub roster_label: &'static str,
    pub roster_help: &'static str,
    pub show_changes: &'static str,
    pub field_name: &'static str,
    pub field_email: &'static str,
    pub field_department_move: &'static str,
    pub field_role: &'static str,
    pub field_leads: &'static str,
    pub field_malform: &'static str,
    pub field_status: &'static str,
    pub value_active: &'static str,
    pub value_deactivated: &'static str,
    /// New, changed, leavers, unchanged.
    pub plan_counts: fn(usize, usize, usize, usize) -> String,
    pub new_caption: &'static str,
    pub changes_caption: &'static str,
    pub col_change: &'static str,
    pub leavers_caption: &'static str,
    pub preview_heading: &'static str,
    pub nothing_changed_yet: &'static str,
    pub roster_matches: &'static str,
    pub apply_changes: &'static str,
    pub upload_another: &'static str,
    pub applied_heading: &'static str,
    pub nothing_changed: &'static str,
    pub changed_since: &'static str,
    pub show_again: &'static str,
    pub self_lockout: &'static str,
    pub back_link: &'static str,
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
        assert_eq!(Form::parse("da"), Some(Form::Da));
        assert_eq!(Form::parse("sv"), None);
        assert_eq!(Form::default(), Form::Nb);
        assert_eq!(serde_json::to_string(&Form::Nn).unwrap(), "\"nn\"");
    }

    /// Danish is Danish: the texts that differ between the Norwegian forms differ from both in
    /// Danish too, and the numbers read as Danish.
    #[test]
    fn danish_texts_are_danish() {
        let da = Form::Da.texts();
        for nor in Form::NORWEGIAN.map(|f| f.texts()) {
            for (d, n) in [
                (da.layout.skip_link, nor.layout.skip_link),
                (da.home.your_tests, nor.home.your_tests),
                (da.question.choose_one, nor.question.choose_one),
                (da.result.topic_caveat, nor.result.topic_caveat),
                (da.errors.csrf, nor.errors.csrf),
                (da.login.employee_id, nor.login.employee_id),
            ] {
                assert_ne!(d, n);
            }
        }
        assert_eq!(
            (da.question.progress)(2, 8, 1, 3),
            "2 besvaret (testen har højst 8 spørgsmål). 1 af 3 emner er berørt."
        );
        assert!(!Form::Da.is_norwegian() && Form::Nn.is_norwegian());
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
