//! Links from one page to another whose query both pages must read the same way.

use crate::api::query_string;

/// The link that opens both people of a conversation on the phones page.
pub fn phones_link(pairs: &[(String, String)]) -> String {
    let param = pairs
        .iter()
        .map(|(person, business)| format!("{person}>{business}"))
        .collect::<Vec<_>>()
        .join(",");
    format!("/phones{}", query_string(&[("open", param)]))
}

/// The handsets a link asks to open: `person>business,person>business`, the business number optional.
pub fn opened(param: &str) -> Vec<(String, Option<String>)> {
    param
        .split(',')
        .filter(|item| !item.trim().is_empty())
        .map(|item| match item.split_once('>') {
            Some((person, business)) => {
                (person.trim().to_owned(), Some(business.trim().to_owned()))
            }
            None => (item.trim().to_owned(), None),
        })
        .collect()
}
