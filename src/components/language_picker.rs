//! The language switch: each language named in itself; choosing one redraws the page in it at once,
//! keeping what is typed, and keeps the choice with the signed-in person's account.

use leptos::prelude::*;
use switchboard_core::Language;

use crate::components::toasts::Toasts;
use crate::i18n::{self, tr};
use crate::session::Session;

#[component]
pub fn LanguagePicker() -> impl IntoView {
    let session = Session::get();
    let toasts = Toasts::get();
    let choose = Action::new_local(move |language: &Language| {
        let language = *language;
        let signed_in = session.user.with_untracked(Option::is_some);
        async move {
            if let Err(error) = i18n::choose_language(language, signed_in).await {
                toasts.failed(error.message);
            }
        }
    });
    view! {
        <select
            class="language-picker"
            aria-label=tr(|t| t.language_label)
            disabled=choose.pending()
            on:change=move |event| {
                if let Some(language) = Language::from_tag(&event_target_value(&event)) {
                    choose.dispatch(language);
                }
            }
        >
            {Language::ALL
                .into_iter()
                .map(|language| {
                    view! {
                        <option
                            value=language.tag()
                            lang=language.tag()
                            selected=move || i18n::language() == language
                        >
                            {language.own_name()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}
