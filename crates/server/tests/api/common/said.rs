//! A refusal's sentence as the API names it: its key, its values, and the English they fill in.

use std::collections::BTreeMap;

use reqwest::Response;
use switchboard_catalog::problems;
use switchboard_core::Language;
use switchboard_core::api::{ErrorBody, Said};

use super::expect;

/// `pattern` with each `{name}` replaced by its value.
pub fn filled(pattern: &str, values: &BTreeMap<String, String>) -> String {
    values
        .iter()
        .fold(pattern.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

pub fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

/// A refusal with `status`: the sentence it names, checked to be the English it was sent with.
pub async fn refused_saying(response: Response, status: u16) -> Said {
    let refusal: ErrorBody = expect(response, status).await;
    let said = refusal.said.expect("the refusal names its sentence");
    let english = problems(Language::English)
        .get(&said.key)
        .unwrap_or_else(|| panic!("{} is a refusal of the catalog", said.key));
    assert_eq!(refusal.message, filled(english, &said.values));
    said
}
