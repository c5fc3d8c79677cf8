//! Every sentence the operator reads comes from the catalog of their language (`switchboard-catalog`):
//! `t()` gives the current catalog, and the functions of `sentences` fill a sentence's named parts, so
//! a language can put them in its own order.
//!
//! `t()` is reactive: a view that reads it inside a closure is redrawn in place when the language
//! changes, so nothing typed is lost. English is built in; the others are fetched when chosen.

mod choice;
mod sentences;

use leptos::prelude::*;
pub use switchboard_catalog::{EN, Messages};
pub use switchboard_core::Language;

pub use choice::{choose_language, language_of_account, start_in_preferred_language};
pub use sentences::*;

thread_local! {
    static CURRENT: ArcRwSignal<(Language, &'static Messages)> = ArcRwSignal::new((Language::English, &EN));
}

/// The catalog of the operator's language. Read inside a view's closure, it redraws on a switch.
pub fn t() -> &'static Messages {
    CURRENT.with(|current| current.get().1)
}

/// The operator's language, tracked like `t()`.
pub fn language() -> Language {
    CURRENT.with(|current| current.get().0)
}

/// The operator's language without subscribing to it (for formatters built once per language).
pub fn language_untracked() -> Language {
    CURRENT.with(|current| current.get_untracked().0)
}

fn show(language: Language, messages: &'static Messages) {
    CURRENT.with(|current| current.set((language, messages)));
}
