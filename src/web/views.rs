//! Pages, as functions returning `Markup`. Plain HTML forms, no JavaScript.
//!
//! Shared by every audience: the frame around a page ([`page`]), error pages, the question as
//! a caseworker sees it (also the authors' preview) and data tables ([`Table`]). Each
//! audience's own pages are in its module's `views`. Texts come from the catalogue in
//! [`crate::text`], in the reader's målform.
//!
//! Accessibility (WCAG 2.1 AA): `lang` of the form shown (and on an item shown in another form
//! than the page), a page title per page, a skip link, one `h1`,
//! labels for every field, the options as a radio group in a `fieldset` with the question as
//! `legend`, errors tied to their field with `aria-describedby`, a visible focus outline and
//! colours with at least 4.5:1 contrast.

use axum::http::StatusCode;
use maud::{DOCTYPE, Markup, PreEscaped, Render, html};

use crate::app::Principal;
use crate::bank::Item;
use crate::text::Form;

const CSS: &str = r#"
body { font-family: system-ui, sans-serif; font-size: 1.125rem; line-height: 1.5; color: #1a1a1a; background: #fff; margin: 0; }
header, main, footer { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
header { display: flex; justify-content: space-between; align-items: center; border-bottom: 1px solid #6b6b6b; }
header p { margin: 0.75rem 0; font-weight: bold; }
a { color: #0b4f8a; }
.skip { position: absolute; left: -10000px; top: 0; background: #fff; padding: 0.5rem; }
.skip:focus { left: 0.5rem; }
:focus-visible { outline: 3px solid #b3470b; outline-offset: 2px; }
button { font: inherit; background: #0b4f8a; color: #fff; border: 2px solid #0b4f8a; border-radius: 4px; padding: 0.4rem 1.2rem; cursor: pointer; }
button.secondary { background: #fff; color: #0b4f8a; }
input[type=text], input[type=password] { font: inherit; padding: 0.3rem; border: 2px solid #4a4a4a; border-radius: 4px; width: 100%; max-width: 22rem; box-sizing: border-box; }
fieldset { border: 1px solid #6b6b6b; border-radius: 4px; padding: 1rem; margin: 1rem 0; }
legend { font-weight: bold; padding: 0 0.25rem; }
.option { display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.6rem 0; }
.option input { margin-top: 0.35rem; width: 1.1rem; height: 1.1rem; }
.error { color: #a10000; font-weight: bold; }
.field { margin: 1rem 0; }
.status { font-weight: bold; }
.caveat { border-left: 4px solid #0b4f8a; padding-left: 0.75rem; }
.missed { border-top: 1px solid #6b6b6b; margin-top: 1.5rem; }
body:has(.wide) header, main:has(.wide) { max-width: 80rem; }
.wide { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 1rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #6b6b6b; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
select { font: inherit; padding: 0.2rem; border: 2px solid #4a4a4a; border-radius: 4px; }
@media print { header, .skip, .no-print { display: none; } .plan { break-inside: avoid; } a { color: #1a1a1a; } }
"#;

/// The frame around every page, in `form`.
pub fn page(form: Form, title: &str, user: Option<&Principal>, body: Markup) -> Markup {
    let t = &form.texts().layout;
    html! {
        (DOCTYPE)
        html lang=(form.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – " (t.site) }
                style { (PreEscaped(CSS)) }
            }
            body {
                a.skip href="#hovedinnhold" { (t.skip_link) }
                header {
                    p { a href="/" { (t.site) } }
                    @if let Some(user) = user {
                        form method="post" action="/logg-ut" {
                            input type="hidden" name="csrf" value=(user.csrf);
                            button.secondary type="submit" { (t.log_out) " " (user.user.name) }
                        }
                    }
                }
                main id="hovedinnhold" tabindex="-1" {
                    (body)
                }
            }
        }
    }
}

/// An error page in `form` (`message` is already in it).
pub fn error_page_in(form: Form, status: StatusCode, message: &str) -> Markup {
    let texts = form.texts();
    let e = &texts.errors;
    let title = match status {
        StatusCode::NOT_FOUND => e.title_not_found,
        StatusCode::FORBIDDEN => e.title_forbidden,
        StatusCode::TOO_MANY_REQUESTS => e.title_too_many,
        StatusCode::UNAUTHORIZED => e.title_unauthorized,
        s if s.is_client_error() => e.title_bad_request,
        _ => e.title_error,
    };
    page(
        form,
        title,
        None,
        html! {
            h1 { (title) }
            p { (message) }
            p { a href="/" { (texts.layout.to_home) } }
        },
    )
}

/// The question as a caseworker answers it: the stem as the legend of a radio group, with the
/// error of a refused answer above the options.
pub fn question(stem: &str, options: &[String], error: Option<&str>) -> Markup {
    question_fieldset(stem, options, error, Input::Enabled)
}

/// The question as the authors preview it: the caseworker's markup, disabled (nothing to
/// submit).
pub fn question_preview(stem: &str, options: &[String]) -> Markup {
    question_fieldset(stem, options, None, Input::Disabled)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    Enabled,
    Disabled,
}

fn question_fieldset(stem: &str, options: &[String], error: Option<&str>, input: Input) -> Markup {
    let disabled = input == Input::Disabled;
    html! {
        fieldset aria-describedby=[error.map(|_| "svar-feil")] disabled[disabled] {
            legend { (stem) }
            @if let Some(error) = error {
                p.error id="svar-feil" { (error) }
            }
            @for (i, option) in options.iter().enumerate() {
                div.option {
                    input type="radio" name="option" id=(format!("svar-{i}")) value=(i) required;
                    label for=(format!("svar-{i}")) { (Item::letter(i)) ". " (option) }
                }
            }
        }
    }
}

/// A data table, as every audience's pages show one: in a region labelled by the caption that
/// scrolls sideways on a narrow screen and can be reached with the keyboard (`tabindex="0"`),
/// the caption, one header row of `th scope="col"`, and the rows the caller writes (with
/// `th scope="row"` for the cell that names the row). Numeric columns are right-aligned with
/// tabular figures: their header here, their cells where the rows write `td.num`.
///
/// ```ignore
/// Table::new("gjennomforing-tittel", caption)
///     .text(t.col_department)
///     .number(t.col_total)
///     .rows(html! { @for row in rows { tr { th scope="row" { (row.name) } td.num { (row.total) } } } })
/// ```
pub struct Table {
    id: String,
    caption: Markup,
    columns: Vec<(Markup, Align)>,
    screen_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Text,
    Number,
}

impl Table {
    /// A table whose caption has the id `id` (unique on the page: it labels the region).
    pub fn new(id: &str, caption: impl Render) -> Table {
        Table {
            id: id.to_string(),
            caption: caption.render(),
            columns: Vec::new(),
            screen_only: false,
        }
    }

    /// A column of text.
    pub fn text(mut self, label: impl Render) -> Table {
        self.columns.push((label.render(), Align::Text));
        self
    }

    /// Columns of text, in order.
    pub fn texts<L: Render>(self, labels: impl IntoIterator<Item = L>) -> Table {
        labels.into_iter().fold(self, Table::text)
    }

    /// A column of numbers (right-aligned).
    pub fn number(mut self, label: impl Render) -> Table {
        self.columns.push((label.render(), Align::Number));
        self
    }

    /// Left out when printing (a table that repeats a figure printed anyway).
    pub fn screen_only(mut self) -> Table {
        self.screen_only = true;
        self
    }

    /// The table with `rows` (the `tr`s of its body).
    pub fn rows(self, rows: Markup) -> Markup {
        html! {
            div.wide.no-print[self.screen_only] role="region" aria-labelledby=(self.id) tabindex="0" {
                table {
                    caption id=(self.id) { (self.caption) }
                    thead {
                        tr {
                            @for (label, align) in &self.columns {
                                th scope="col" class=[(*align == Align::Number).then_some("num")] { (label) }
                            }
                        }
                    }
                    tbody { (rows) }
                }
            }
        }
    }
}
