//! The privacy notice's facts: who is responsible, whom to ask, the legal basis (from the
//! configuration, with defaults the agency is expected to replace), and what the settings in
//! force mean for who sees what and how long it is kept.

/// What the `/personvern` page says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyNotice {
    /// The controller (behandlingsansvarlig), e.g. the agency's name.
    pub controller: String,
    /// Whom to contact about the processing (the data protection officer).
    pub contact: String,
    /// The legal basis, in the agency's words.
    pub legal_basis: String,
    /// k: the smallest group HR and leaders see a figure for.
    pub min_people: usize,
    /// Personal data of this many most recent cycles is kept (`None`: until deleted by hand).
    pub keep_cycles: Option<usize>,
}

/// The configurable part of the notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyConfig {
    pub controller: String,
    pub contact: String,
    pub legal_basis: String,
}

impl Default for PrivacyConfig {
    fn default() -> PrivacyConfig {
        PrivacyConfig {
            controller: "Virksomheten du er ansatt i".to_string(),
            contact: "personvernombudet i virksomheten".to_string(),
            legal_basis: "Testen er en del av virksomhetens opplæring av saksbehandlere. \
                          Behandlingen av personopplysninger skjer for å utføre en oppgave i \
                          allmennhetens interesse (personvernforordningen artikkel 6 nr. 1 \
                          bokstav e), som ledd i arbeidsgivers ansvar for at saksbehandlingen \
                          er forsvarlig."
                .to_string(),
        }
    }
}
