//! Which language the dashboard speaks: the last one chosen in this browser, else the browser's
//! preferences, until someone signs in; then their account's choice, else their browser's.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::pin::Pin;

use switchboard_core::Language;

use super::{EN, Messages, Refusals, speak, speak_refusals};
use crate::api;

/// Where this browser keeps the last language chosen in it (read by index.html's script too).
const STORED: &str = "switchboard.language";

thread_local! {
    static LOADED: RefCell<Vec<(Language, Loaded)>> = const { RefCell::new(Vec::new()) };
}

/// Shows the page in this browser's language before the first view: a catalog that cannot be
/// fetched leaves it in English rather than holding the page back.
pub async fn start_in_preferred_language() {
    switch_to(stored().unwrap_or_else(browser_preference)).await;
}

/// Switches to `language` at once, everywhere on the page, and remembers it in this browser and,
/// when `keep` (someone chose it while signed in), with their account.
pub async fn choose_language(language: Language, keep: bool) -> Result<(), api::ApiError> {
    if !switch_to(language).await {
        return Err(api::ApiError {
            message: super::t().server_unreachable.to_owned(),
            code: String::new(),
        });
    }
    store(language);
    if keep {
        api::save_language(language).await?;
    }
    Ok(())
}

/// The language of someone who just signed in: their account's, else their browser's preference.
pub fn language_of_account(chosen: Option<Language>) -> Language {
    chosen.unwrap_or_else(browser_preference)
}

/// A language's words: the dashboard's catalog and the server's refusals.
type Loaded = (&'static Messages, &'static Refusals);

/// English's refusals are the server's own sentences, so it has none of its own.
static ENGLISH_REFUSALS: Refusals = BTreeMap::new();

/// Shows the page in `language`, its words fetched first when they are not here yet; `false` when
/// they could not be. Boxed, so the page's code holds one copy of it for both its callers.
fn switch_to(language: Language) -> Pin<Box<dyn Future<Output = bool>>> {
    Box::pin(async move {
        let loaded = catalog(language).await;
        if let Some(loaded) = loaded {
            show_in(language, loaded);
        }
        loaded.is_some()
    })
}

async fn catalog(language: Language) -> Option<Loaded> {
    if language == Language::English {
        return Some((&EN, &ENGLISH_REFUSALS));
    }
    if let Some(loaded) = LOADED.with(|loaded| {
        loaded
            .borrow()
            .iter()
            .find(|(known, _)| *known == language)
            .map(|(_, loaded)| *loaded)
    }) {
        return Some(loaded);
    }
    let sent = api::language_catalog(language).await.ok()?;
    let loaded = (
        Messages::read(sent.keys, sent.texts)?,
        &*Box::leak(Box::new(sent.problems)),
    );
    LOADED.with(|known| known.borrow_mut().push((language, loaded)));
    Some(loaded)
}

fn show_in(language: Language, (messages, refusals): Loaded) {
    speak(language, messages);
    speak_refusals(refusals);
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("lang", language.tag());
        let _ = root.set_attribute(
            "dir",
            if language.right_to_left() {
                "rtl"
            } else {
                "ltr"
            },
        );
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn stored() -> Option<Language> {
    let tag = storage()?.get_item(STORED).ok()??;
    Language::ALL
        .into_iter()
        .find(|language| language.tag() == tag)
}

fn store(language: Language) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORED, language.tag());
    }
}

fn browser_preference() -> Language {
    let languages = web_sys::window()
        .map(|window| window.navigator().languages())
        .unwrap_or_default();
    let tags: Vec<String> = languages.iter().filter_map(|tag| tag.as_string()).collect();
    Language::preferred(tags.iter().map(String::as_str))
}
