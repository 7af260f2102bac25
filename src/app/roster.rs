//! `forvalt users import`: a roster CSV turned into users, checked row by row.
//!
//! Columns (header required, any order, extra columns ignored):
//! `employee_id,name,email,department,role`, and optionally `malform` (`nb`/`nn`). Every row is checked before anything is written,
//! and the import is one transaction, so a roster with a bad row imports nothing.

use std::collections::HashMap;

use crate::store::{Role, UserInput};
use crate::text::Form;

/// A problem with one row; `line` is the line number in the file (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

const COLUMNS: [&str; 5] = ["employee_id", "name", "email", "department", "role"];

/// Parse and check a roster. Imported users get no password; an admin sets one with
/// `forvalt users reset-password`.
pub fn parse(text: &str) -> Result<Vec<UserInput>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(vec![RowError {
                line: 1,
                message: e.to_string(),
            }]);
        }
    };
    let mut index = HashMap::new();
    let mut errors = Vec::new();
    for column in COLUMNS {
        match header.iter().position(|h| h.eq_ignore_ascii_case(column)) {
            Some(ix) => {
                index.insert(column, ix);
            }
            None => errors.push(RowError {
                line: 1,
                message: format!("missing column \"{column}\""),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut users = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(RowError {
                    line,
                    message: e.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let field = |name: &str| record.get(index[name]).unwrap_or("").to_string();
        let mut problems = Vec::new();
        let employee_id = field("employee_id").to_lowercase();
        if employee_id.is_empty() {
            problems.push("employee_id is empty".to_string());
        } else if employee_id.chars().any(char::is_whitespace) {
            problems.push(format!(
                "employee_id \"{employee_id}\" contains white space"
            ));
        } else if let Some(first) = seen.insert(employee_id.clone(), line) {
            problems.push(format!(
                "employee_id \"{employee_id}\" also on line {first}"
            ));
        }
        let name = field("name");
        if name.is_empty() {
            problems.push("name is empty".to_string());
        }
        let email = field("email");
        if !email.contains('@') {
            problems.push(format!("email \"{email}\" is not an e-mail address"));
        }
        let department = field("department");
        if let Err(message) = check_department(&department) {
            problems.push(message);
        }
        let role = Role::parse(&field("role"));
        if role.is_none() {
            problems.push(format!(
                "role \"{}\" is not one of caseworker, hr, author, admin",
                field("role")
            ));
        }
        match (problems.is_empty(), role) {
            (true, Some(role)) => users.push(UserInput {
                employee_id,
                name,
                email,
                department,
                role,
                password_hash: None,
            }),
            _ => errors.extend(
                problems
                    .into_iter()
                    .map(|message| RowError { line, message }),
            ),
        }
    }
    if errors.is_empty() {
        Ok(users)
    } else {
        Err(errors)
    }
}

/// An employee id and the department the person leads (`None`: none).
pub type Leads = (String, Option<String>);

/// The optional `leads` column: for each row, the department the person leads (empty: none).
/// `Ok(None)` when the roster has no such column (leaders are then left as they are). Checked
/// like the departments, before anything is written.
pub fn parse_leads(text: &str) -> Result<Option<Vec<Leads>>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let Ok(header) = reader.headers().cloned() else {
        return Ok(None);
    };
    let (Some(id_ix), Some(leads_ix)) = (
        header
            .iter()
            .position(|h| h.eq_ignore_ascii_case("employee_id")),
        header.iter().position(|h| h.eq_ignore_ascii_case("leads")),
    ) else {
        return Ok(None);
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records().flatten() {
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let employee_id = record.get(id_ix).unwrap_or("").to_lowercase();
        let unit = record.get(leads_ix).unwrap_or("").to_string();
        if unit.is_empty() {
            out.push((employee_id, None));
        } else {
            match check_department(&unit) {
                Ok(()) => out.push((employee_id, Some(unit))),
                Err(message) => errors.push(RowError {
                    line,
                    message: format!("leads: {message}"),
                }),
            }
        }
    }
    if errors.is_empty() {
        Ok(Some(out))
    } else {
        Err(errors)
    }
}

/// (employee id, målform or none) per roster row.
pub type RosterForms = Vec<(String, Option<Form>)>;

/// The optional `malform` column (`nb`, `nn` or empty): the written form each person gets
/// unless they choose another on the home page. `None` when the roster has no such column (then
/// an import leaves every person's form as it is); an empty cell clears the roster's form.
pub fn parse_malform(text: &str) -> Result<Option<RosterForms>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let Ok(header) = reader.headers().cloned() else {
        return Ok(None); // `parse` reports the header
    };
    let column = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(id_ix), Some(form_ix)) = (column("employee_id"), column("malform")) else {
        return Ok(None);
    };
    let mut forms = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records().flatten() {
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let value = record.get(form_ix).unwrap_or("");
        let form = match value {
            "" => None,
            text => match Form::parse(text).filter(Form::is_norwegian) {
                Some(form) => Some(form),
                None => {
                    errors.push(RowError {
                        line,
                        message: format!("malform \"{text}\" is not nb or nn"),
                    });
                    continue;
                }
            },
        };
        let employee_id = record.get(id_ix).unwrap_or("").to_lowercase();
        forms.push((employee_id, form));
    }
    if errors.is_empty() {
        Ok(Some(forms))
    } else {
        Err(errors)
    }
}

/// A department is a path of non-empty names separated by `/`.
pub fn check_department(path: &str) -> Result<(), String> {
    if path.trim().is_empty() {
        return Err("department is empty".to_string());
    }
    if path.split('/').any(|part| part.trim().is_empty()) {
        return Err(format!(
            "department \"{path}\" has an empty part (write it like \"BUF/Område Nord/Team 3\")"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_roster_parses() {
        let users = parse(
            "employee_id,name,email,department,role\n\
             A1,Kari,kari@x.no,BUF/Nord/Team 3,caseworker\n\
             b2,Ola,ola@x.no,BUF,HR\n",
        )
        .unwrap();
        assert_eq!(users.len(), 2);
        assert_eq!(users[0].employee_id, "a1");
        assert_eq!(users[1].role, Role::Hr);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let errors = parse(
            "employee_id,name,email,department,role\n\
             a1,Kari,kari@x.no,BUF//Team,caseworker\n\
             a2,Ola,ola,BUF,boss\n\
             a1,Per,per@x.no,BUF,hr\n",
        )
        .unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 3, 4], "{errors:?}");
    }

    #[test]
    fn the_optional_leads_column_names_the_unit_a_person_leads() {
        let text = "employee_id,name,email,department,role,leads\n\
                    A1,Kari,kari@x.no,BUF/Nord/Team 3,caseworker,BUF/Nord\n\
                    b2,Ola,ola@x.no,BUF,hr,\n";
        assert_eq!(
            parse_leads(text).unwrap().unwrap(),
            vec![
                ("a1".to_string(), Some("BUF/Nord".to_string())),
                ("b2".to_string(), None)
            ]
        );
        assert_eq!(parse_leads("employee_id,name\na1,Kari\n").unwrap(), None);
        let errors = parse_leads("employee_id,leads\na1,BUF//Nord\n").unwrap_err();
        assert_eq!(errors[0].line, 2);
    }

    #[test]
    fn malform_column_is_optional_and_checked() {
        let header = "employee_id,name,email,department,role";
        assert_eq!(
            parse_malform(&format!("{header}\na1,K,k@x.no,BUF,hr\n")),
            Ok(None)
        );
        let forms = parse_malform(&format!(
            "{header},malform\nA1,K,k@x.no,BUF,hr,nn\na2,O,o@x.no,BUF,hr,\na3,P,p@x.no,BUF,hr,NB\n"
        ))
        .unwrap()
        .unwrap();
        assert_eq!(
            forms,
            vec![
                ("a1".to_string(), Some(Form::Nn)),
                ("a2".to_string(), None),
                ("a3".to_string(), Some(Form::Nb)),
            ]
        );
        let errors =
            parse_malform(&format!("{header},malform\na1,K,k@x.no,BUF,hr,da\n")).unwrap_err();
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].message.contains("\"da\""), "{errors:?}");
    }

    #[test]
    fn missing_column_is_reported() {
        let errors = parse("employee_id,name,email,role\n").unwrap_err();
        assert_eq!(errors[0].message, "missing column \"department\"");
    }
}
