//! The problems the browser and the server find with the same code (`switchboard-core`): each names
//! a refusal of this catalog, with the same parts, and English says it as the problem's own sentence.

use std::collections::BTreeSet;

use switchboard_core::AddressError;
use switchboard_core::api::{AccountProblem, Said};
use switchboard_core::template::Problem;

use super::EN;

/// One of every problem; a new kind of problem does not compile until it is added here.
fn every_problem() -> Vec<(Said, String)> {
    let address = [
        AddressError::Empty,
        AddressError::MissingCountryCode,
        AddressError::InvalidCharacter,
        AddressError::WrongLength(4),
        AddressError::LeadingZero,
    ];
    for problem in &address {
        match problem {
            AddressError::Empty
            | AddressError::MissingCountryCode
            | AddressError::InvalidCharacter
            | AddressError::WrongLength(_)
            | AddressError::LeadingZero => {}
        }
    }
    let key = || "1".to_owned();
    let template = [
        Problem::MalformedPlaceholder {
            text: "{{a b}}".into(),
        },
        Problem::Missing { key: key() },
        Problem::Empty { key: key() },
        Problem::LineBreakOrTab { key: key() },
        Problem::TooManySpaces { key: key() },
        Problem::ValueTooLong {
            key: key(),
            chars: 300,
        },
        Problem::BodyTooLong { chars: 1100 },
        Problem::Unknown { key: key() },
    ];
    for problem in &template {
        match problem {
            Problem::MalformedPlaceholder { .. }
            | Problem::Missing { .. }
            | Problem::Empty { .. }
            | Problem::LineBreakOrTab { .. }
            | Problem::TooManySpaces { .. }
            | Problem::ValueTooLong { .. }
            | Problem::BodyTooLong { .. }
            | Problem::Unknown { .. } => {}
        }
    }
    let account = [
        AccountProblem::UsernameLength,
        AccountProblem::UsernameCharacters,
        AccountProblem::PasswordShort,
        AccountProblem::PasswordLong,
    ];
    for problem in &account {
        match problem {
            AccountProblem::UsernameLength
            | AccountProblem::UsernameCharacters
            | AccountProblem::PasswordShort
            | AccountProblem::PasswordLong => {}
        }
    }
    let address = address.iter().map(|p| (p.said(), p.to_string()));
    let template = template.iter().map(|p| (p.said(), p.to_string()));
    let account = account.iter().map(|p| (p.said(), p.to_string()));
    address.chain(template).chain(account).collect()
}

/// A problem's text as a sentence: a capital first letter and a full stop.
fn as_sentence(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_uppercase().to_string());
    let stop = if text.ends_with('.') { "" } else { "." };
    format!("{}{}{stop}", first.unwrap_or_default(), chars.as_str())
}

fn fill(pattern: &str, said: &Said) -> String {
    said.values
        .iter()
        .fold(pattern.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

#[test]
fn every_shared_problem_is_a_refusal_with_its_parts_and_englishs_words() {
    let problems = every_problem();
    assert_eq!(problems.len(), 17);
    for (said, english) in problems {
        let pattern = EN
            .get(&said.key)
            .unwrap_or_else(|| panic!("`{}` is not a refusal of the catalog", said.key));
        let parts: BTreeSet<&str> = said.values.keys().map(String::as_str).collect();
        assert_eq!(
            super::super::tests::placeholders(pattern),
            parts,
            "`{}` names other parts than its problem gives",
            said.key
        );
        assert_eq!(
            fill(pattern, &said),
            as_sentence(&english),
            "`{}`",
            said.key
        );
    }
}
