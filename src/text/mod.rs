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
}

#[derive(Debug)]
pub struct Layout {
    pub skip_link: &'static str,
}
