//! The privacy notice's facts: who is responsible, whom to ask, the legal basis (from the
//! configuration; where the agency has set none, the page says it in the reader's language from
//! the text catalogue, and the agency is expected to replace it), and what the settings in force
//! mean for who sees what and how long it is kept.

/// What the `/personvern` page says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyNotice {
    /// The controller (behandlingsansvarlig), e.g. the agency's name.
    pub controller: Option<String>,
    /// Whom to contact about the processing (the data protection officer).
    pub contact: Option<String>,
    /// The legal basis, in the agency's words.
    pub legal_basis: Option<String>,
    /// k: the smallest group HR and leaders see a figure for.
    pub min_people: usize,
    /// Personal data of this many most recent cycles is kept (`None`: until deleted by hand).
    pub keep_cycles: Option<usize>,
}

/// The configurable part of the notice (`None`: the catalogue's default text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrivacyConfig {
    pub controller: Option<String>,
    pub contact: Option<String>,
    pub legal_basis: Option<String>,
}
