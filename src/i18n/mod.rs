//! Every sentence the operator reads comes from the catalog of their language (`switchboard-catalog`):
//! `t()` gives the current catalog, and the functions of `sentences` fill a sentence's named parts, so
//! a language can put them in its own order.
//!
//! `t()` is reactive: a view that reads it inside a closure is redrawn in place when the language
//! changes, so nothing typed is lost. English is built in; the others are fetched when chosen.

mod choice;
mod ending;
mod sentences;

use leptos::prelude::*;
pub use switchboard_catalog::{EN, Messages};
pub use switchboard_core::Language;

pub use choice::{choose_language, language_of_account, start_in_preferred_language};
pub use ending::*;
pub use sentences::*;

/// Which words of the catalog a component shows, given by the page that uses it: `|t| t.cancel`.
pub type Words = fn(&'static Messages) -> &'static str;

thread_local! {
    static CURRENT: ArcRwSignal<(Language, &'static Messages)> = ArcRwSignal::new((Language::English, &EN));
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
