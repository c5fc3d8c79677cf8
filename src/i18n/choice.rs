//! Which language the dashboard speaks: the last one chosen in this browser, else the browser's
//! preferences, until someone signs in; then their account's choice, else their browser's.

use std::cell::RefCell;

use switchboard_core::Language;

use super::{EN, Messages, speak};
use crate::api;

/// Where this browser keeps the last language chosen in it (read by index.html's script too).
const STORED: &str = "switchboard.language";

thread_local! {
    static LOADED: RefCell<Vec<(Language, &'static Messages)>> = const { RefCell::new(Vec::new()) };
}

/// Shows the page in this browser's language before the first view: a catalog that cannot be
/// fetched leaves it in English rather than holding the page back.
pub async fn start_in_preferred_language() {
    let language = stored().unwrap_or_else(browser_preference);
    if let Some(messages) = catalog(language).await {
        show_in(language, messages);
    }
}

/// Switches to `language` at once, everywhere on the page, and remembers it in this browser and,
/// when `keep` (someone chose it while signed in), with their account.
pub async fn choose_language(language: Language, keep: bool) -> Result<(), api::ApiError> {
    let messages = catalog(language).await.ok_or_else(|| api::ApiError {
        message: super::t().server_unreachable.to_owned(),
        code: String::new(),
    })?;
    show_in(language, messages);
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

async fn catalog(language: Language) -> Option<&'static Messages> {
    if language == Language::English {
        return Some(&EN);
    }
    if let Some(loaded) = LOADED.with(|loaded| {
        loaded
            .borrow()
            .iter()
            .find(|(known, _)| *known == language)
            .map(|(_, m)| *m)
    }) {
        return Some(loaded);
    }
    let texts = api::language_catalog(language).await.ok()?;
    let messages = Messages::read(|key| texts.get(key).cloned()).ok()?;
    LOADED.with(|loaded| loaded.borrow_mut().push((language, messages)));
    Some(messages)
}

fn show_in(language: Language, messages: &'static Messages) {
    speak(language, messages);
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
