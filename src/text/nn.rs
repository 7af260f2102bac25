//! Nynorsk.

use super::*;

pub static TEXTS: Texts = Texts {
    layout: Layout {
        skip_link: "Hopp til innhaldet",
    },
};
