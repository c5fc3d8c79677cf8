//! Every sentence the operator reads comes from the catalog of their language (`switchboard-catalog`):
//! `t()` gives the current catalog, and the functions of `sentences` fill a sentence's named parts, so
//! a language can put them in its own order.
//!
//! `t()` is reactive: a view that reads it inside a closure is redrawn in place when the language
//! changes, so nothing typed is lost. English is built in; the others are fetched when chosen.

mod choice;
mod ending;
mod sentences;

use std::cell::Cell;
use std::collections::BTreeMap;

use leptos::prelude::*;
pub use switchboard_catalog::{EN, Messages};
pub use switchboard_core::Language;
use switchboard_core::api::{Role, Said};

pub use choice::{choose_language, language_of_account, start_in_preferred_language};
pub use ending::*;
pub use sentences::*;

/// Which words of the catalog a component shows, given by the page that uses it: `|t| t.cancel`.
pub type Words = fn(&'static Messages) -> &'static str;

/// The server's refusals in one language, by key.
pub type Refusals = BTreeMap<String, String>;

thread_local! {
    static CURRENT: ArcRwSignal<(Language, &'static Messages)> = ArcRwSignal::new((Language::English, &EN));
    static REFUSALS: Cell<Option<&'static Refusals>> = const { Cell::new(None) };
}

/// The catalog of the operator's language. Read inside a view's closure, it redraws on a switch.
pub fn t() -> &'static Messages {
    CURRENT.with(|current| current.get().1)
}

/// The words `words` picks from the catalog, as a view's text or attribute that follows the
/// operator's language: `{tr(|t| t.loading)}`. Every use shares one type, so the page's code holds
/// one copy of what redraws it.
pub fn tr(words: Words) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || words(t())
}

/// The operator's language, tracked like `t()`.
pub fn language() -> Language {
    CURRENT.with(|current| current.get().0)
}

/// The operator's language without subscribing to it (for formatters built once per language).
pub fn language_untracked() -> Language {
    CURRENT.with(|current| current.get_untracked().0)
}

/// Speaks `language` with `messages` from now on; `choose_language` fetches them, a test passes its own.
pub fn speak(language: Language, messages: &'static Messages) {
    CURRENT.with(|current| current.set((language, messages)));
}

/// Says the server's refusals with `refusals` from now on; `choose_language` fetches them, a test
/// passes its own.
pub fn speak_refusals(refusals: &'static Refusals) {
    REFUSALS.with(|current| current.set(Some(refusals)));
}

/// A refusal of the server in the operator's language, from its key and values (`ErrorBody.said`);
/// `None` when the language has no words for it, and in English, whose words the server sends.
pub fn refusal(said: &Said) -> Option<String> {
    let pattern = REFUSALS.with(Cell::get)?.get(&said.key)?;
    let within: BTreeMap<&str, String> = said
        .within
        .iter()
        .filter_map(|(name, inner)| Some((name.as_str(), refusal(inner)?)))
        .collect();
    let values: Vec<(&str, &str)> = said
        .values
        .iter()
        .map(|(name, value)| {
            let words = within.get(name.as_str()).map(String::as_str);
            (
                name.as_str(),
                words.unwrap_or_else(|| in_words(name, value)),
            )
        })
        .collect();
    Some(fill(pattern, &values))
}

/// Problems the server kept (an import row's) in the operator's words when the catalog of
/// refusals has them all, else in the server's English.
pub fn refusals_or(said: &[Said], english: String) -> String {
    let words: Option<Vec<String>> = said.iter().map(refusal).collect();
    words
        .filter(|words| !words.is_empty())
        .map_or(english, |words| words.join(" "))
}

/// A problem found by code the browser shares with the server (`switchboard-core`) in the
/// operator's words: the catalog of refusals' sentence, or in English the problem's own.
pub fn problem(said: &Said, english: impl std::fmt::Display) -> String {
    refusal(said).unwrap_or_else(|| as_sentence(&english.to_string()))
}

/// `text` with a capital first letter and a full stop.
fn as_sentence(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_uppercase().to_string());
    let stop = if text.ends_with('.') { "" } else { "." };
    format!("{}{}{stop}", first.unwrap_or_default(), chars.as_str())
}

/// A refusal's value in the operator's words where it is one of ours: a role is sent by its name.
fn in_words<'a>(name: &str, value: &'a str) -> &'a str {
    match Role::parse(value) {
        Some(role) if name == "needed" || name == "role" => t().role_name(role),
        _ => value,
    }
}
