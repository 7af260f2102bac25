//! The ranked summary's findings as sentences in the reader's language: the pure core
//! (`report::summary`) gives the structure, the catalogue (`text::hr`) the words.

use crate::report::summary::{Action, ActionKind, Question, percent};
use crate::report::{Band, CellStats};
use crate::text::hr::ReportTexts;

/// The sentence of a finding, to forward as it is: "Område Sør/Team 2: partsinnsyn – tydelig
/// svakere enn avdelingens andre temaer: 48 % riktige der 64 % var ventet ut fra avdelingens
/// eget nivå." A flagged cell's words are those of [`Band::ClearlyBelow`].
pub(super) fn action(
    t: &ReportTexts,
    action: &Action,
    department: &str,
    topic_name: impl Fn(usize) -> String,
) -> String {
    let (share, expected) = (percent(action.share), percent(action.expected));
    match &action.what {
        ActionKind::Department { flagged, shown } => {
            (t.hr.department_action)(department, *flagged, *shown, &share, &expected)
        }
        ActionKind::Topic {
            topic,
            relative,
            absolute,
        } => {
            let name = topic_name(*topic);
            if *relative {
                let words = t.bands.words(Band::ClearlyBelow, Question::Relative);
                (t.hr.relative_action)(department, &name, words, &share, &expected, *absolute)
            } else {
                let words = t.bands.words(Band::ClearlyBelow, Question::Absolute);
                (t.hr.absolute_action)(department, &name, words, &share, &expected)
            }
        }
    }
}

/// The sentence of a cell worth a look (not flagged): its own relative words and shares.
pub(super) fn look(t: &ReportTexts, department: &str, topic: &str, s: &CellStats) -> String {
    (t.hr.look)(
        department,
        topic,
        t.bands.words(s.relative.band, Question::Relative),
        &percent(s.share_topic),
        &percent(s.share_own_level),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Form;

    fn finding(relative: bool, absolute: bool) -> Action {
        Action {
            row: 0,
            what: ActionKind::Topic {
                topic: 3,
                relative,
                absolute,
            },
            points: 16.0,
            share: 0.48,
            expected: 0.64,
        }
    }

    fn department(flagged: usize, shown: usize) -> Action {
        Action {
            what: ActionKind::Department { flagged, shown },
            ..finding(true, false)
        }
    }

    fn sentence(form: Form, action: &Action, unit: &str) -> String {
        super::action(&form.texts().reports, action, unit, |_| {
            "partsinnsyn".into()
        })
    }

    #[test]
    fn bokmal_sentences_read_as_the_issue_asks() {
        let nb = Form::Nb;
        assert_eq!(
            sentence(nb, &finding(true, false), "Område Sør/Team 2"),
            "Område Sør/Team 2: partsinnsyn – tydelig svakere enn avdelingens andre temaer: \
             48 % riktige der 64 % var ventet ut fra avdelingens eget nivå."
        );
        assert!(
            sentence(nb, &finding(true, true), "Sør")
                .ends_with(" Også tydelig svakere enn organisasjonen.")
        );
        assert_eq!(
            sentence(nb, &finding(false, true), "Sør"),
            "Sør: partsinnsyn – tydelig svakere enn organisasjonen: 48 % riktige der organisasjonen har 64 %."
        );
        assert!(sentence(nb, &department(9, 12), "Nord").starts_with(
            "Nord: tydelig svakere enn organisasjonen i 9 av 12 temaer – opplæring i hele faget"
        ));
    }

    #[test]
    fn nynorsk_sentences_are_nynorsk() {
        let nn = Form::Nn;
        assert_eq!(
            sentence(nn, &finding(true, false), "Sør"),
            "Sør: partsinnsyn – tydeleg svakare enn dei andre temaa i avdelinga: 48 % rette der \
             64 % var venta ut frå avdelinga sitt eige nivå."
        );
        assert_eq!(
            sentence(nn, &finding(false, true), "Sør"),
            "Sør: partsinnsyn – tydeleg svakare enn organisasjonen: 48 % rette der organisasjonen har 64 %."
        );
        assert!(sentence(nn, &department(9, 12), "Nord").starts_with(
            "Nord: tydeleg svakare enn organisasjonen i 9 av 12 tema – opplæring i heile faget"
        ));
    }

    #[test]
    fn danish_sentences_are_danish() {
        let da = Form::Da;
        assert_eq!(
            sentence(da, &finding(true, true), "Syd"),
            "Syd: partsinnsyn – tydeligt svagere end afdelingens andre emner: 48 % rigtige, hvor \
             64 % var forventet ud fra afdelingens eget niveau. Også tydeligt svagere end \
             organisationen."
        );
        assert_eq!(
            sentence(da, &finding(false, true), "Syd"),
            "Syd: partsinnsyn – tydeligt svagere end organisationen: 48 % rigtige, hvor \
             organisationen har 64 %."
        );
        assert!(sentence(da, &department(9, 12), "Nord").starts_with(
            "Nord: tydeligt svagere end organisationen i 9 af 12 emner – undervisning i hele faget"
        ));
    }
}
