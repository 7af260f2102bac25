//! The sign-in pages: the login page (password form, single sign-on button), the pages around
//! single sign-on, and choosing a password with a set-password link.

use maud::{Markup, html};

use super::Notice;
use crate::text::Form as Malform;
use crate::web::views::page;

/// The login page without single sign-on: the password form alone.
pub(super) fn login_page(
    form: Malform,
    csrf: &str,
    employee_id: &str,
    error: Option<&str>,
) -> Markup {
    let t = &form.texts().login;
    page(
        form,
        t.title,
        None,
        html! {
            h1 { (t.title) }
            (password_form(form, csrf, employee_id, error))
        },
    )
}

/// What the login page offers when single sign-on is configured.
pub(super) struct Choices<'a> {
    /// The provider's name on the button.
    pub provider: &'a str,
    /// Whether the provider's metadata could be fetched.
    pub available: bool,
    /// Whether the password form is shown.
    pub password: bool,
}

/// The login page with the single sign-on button first and, where enabled, the password form.
/// The button is a link, not a form: the page's CSP allows forms to post to this site only,
/// and the browser applies that to the redirect to the provider too.
pub(super) fn login_page_with_sso(
    form: Malform,
    choices: &Choices,
    csrf: &str,
    employee_id: &str,
    error: Option<&str>,
    notice: Option<&Notice>,
) -> Markup {
    let t = &form.texts().login;
    page(
        form,
        t.title,
        None,
        html! {
            h1 { (t.title) }
            @if let Some(notice) = notice {
                div role="alert" {
                    p.error { (notice.message) }
                    @if let Some(code) = notice.code {
                        p { ((t.sso_error_code)(code)) }
                    }
                }
            } @else if !choices.available {
                p.error role="alert" { ((t.sso_unavailable)(choices.provider)) }
            }
            p {
                a href="/logg-inn/sso" style=(SSO_BUTTON_STYLE) {
                    ((t.sso_button)(choices.provider))
                }
            }
            @if choices.password {
                h2 { (t.password_heading) }
                (password_form(form, csrf, employee_id, error))
            }
        },
    )
}

/// The link that starts single sign-on, looking like the site's buttons (contrast 8.6:1).
const SSO_BUTTON_STYLE: &str = "display: inline-block; background: #0b4f8a; color: #fff; \
     border: 2px solid #0b4f8a; border-radius: 4px; padding: 0.4rem 1.2rem; \
     text-decoration: none; font-weight: bold;";

/// The password form (as on the login page without single sign-on).
fn password_form(form: Malform, csrf: &str, employee_id: &str, error: Option<&str>) -> Markup {
    let t = &form.texts().login;
    html! {
        form method="post" action="/logg-inn" novalidate {
            input type="hidden" name="csrf" value=(csrf);
            @if let Some(error) = error {
                p.error id="innlogging-feil" role="alert" { (error) }
            }
            div.field {
                label for="employee_id" { (t.employee_id) }
                br;
                input type="text" id="employee_id" name="employee_id" value=(employee_id)
                    autocomplete="username" required
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| "innlogging-feil")];
            }
            div.field {
                label for="password" { (t.password) }
                br;
                input type="password" id="password" name="password"
                    autocomplete="current-password" required
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| "innlogging-feil")];
            }
            button type="submit" { (t.submit) }
        }
    }
}

/// Logged out here, on the way to the provider's logout (a link where the browser does not
/// follow the `Refresh` header).
pub(super) fn logged_out_page(form: Malform, url: &str, provider: &str) -> Markup {
    let t = &form.texts().login;
    page(
        form,
        t.logged_out_title,
        None,
        html! {
            h1 { (t.logged_out_title) }
            p { (t.logged_out) }
            p { a href=(url) { ((t.sso_log_out_there)(provider)) } }
        },
    )
}

/// Signed in by single sign-on: on to `return_to` (the `Refresh` header moves on by itself).
pub(super) fn signed_in_page(form: Malform, return_to: &str) -> Markup {
    let t = &form.texts().login;
    page(
        form,
        t.signed_in_title,
        None,
        html! {
            h1 { (t.signed_in_title) }
            p { a href=(return_to) { (t.continue_link) } }
        },
    )
}

/// Known to the provider, but not allowed in: not in the roster, or deactivated.
pub(super) fn no_access_page(
    form: Malform,
    message: &str,
    logout: Option<&str>,
    provider: &str,
) -> Markup {
    let t = &form.texts().login;
    page(
        form,
        t.no_access_title,
        None,
        html! {
            h1 { (t.no_access_title) }
            p role="alert" { (message) }
            @if let Some(logout) = logout {
                p { a href=(logout) { ((t.sso_log_out_there)(provider)) } }
            }
        },
    )
}

/// The set-password form of link `token` for `name`; `error` says why the last try failed.
pub(super) fn password_page(
    form: Malform,
    token: &str,
    csrf: &str,
    name: &str,
    min_length: usize,
    error: Option<&str>,
) -> Markup {
    let t = &form.texts().password;
    let body = html! {
        h1 { (t.title) }
        p { ((t.intro)(name)) }
        @if let Some(error) = error {
            p.error role="alert" id="passord-feil" { (error) }
        }
        form method="post" action={ "/passord/" (token) } {
            input type="hidden" name="csrf" value=(csrf);
            p id="passord-regel" { ((t.policy)(min_length)) }
            p {
                label for="password" { (t.new_password) }
                input type="password" id="password" name="password" autocomplete="new-password"
                    required minlength=(min_length) aria-describedby="passord-regel";
            }
            p {
                label for="repeat" { (t.repeat) }
                input type="password" id="repeat" name="repeat" autocomplete="new-password"
                    required minlength=(min_length);
            }
            button type="submit" { (t.submit) }
        }
    };
    page(form, t.title, None, body)
}

/// The password is chosen: on to the login page.
pub(super) fn password_chosen(form: Malform) -> Markup {
    let t = &form.texts().password;
    let body = html! {
        h1 { (t.done_title) }
        p role="status" { (t.done) }
        p { a href="/logg-inn" { (t.log_in) } }
    };
    page(form, t.done_title, None, body)
}

/// Why a set-password link cannot be used (`message`), with the way to the login page.
pub(super) fn link_refused(form: Malform, message: &str) -> Markup {
    let t = &form.texts().password;
    let body = html! {
        h1 { (t.refused_title) }
        p role="alert" { (message) }
        p { a href="/logg-inn" { (t.log_in) } }
    };
    page(form, t.refused_title, None, body)
}
