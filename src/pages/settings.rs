//! Admins: the end every new pairing gets unless the person pairing chooses another.

use leptos::prelude::*;
use switchboard_core::api::{PairingEnd, Settings};

use crate::api::{self, ApiError};
use crate::components::pairing_end::{EndChoice, EndSelect};
use crate::components::toasts::Toasts;
use crate::i18n::{t, tr};

type Save = Action<Settings, Result<Settings, ApiError>>;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let toasts = Toasts::get();
    let save: Save = Action::new_local(move |settings: &Settings| {
        let settings = *settings;
        async move {
            let result = api::save_settings(settings).await;
            toasts.outcome(&result, t().settings_saved);
            result
        }
    });
    let saved = LocalResource::new(move || {
        save.version().track();
        api::settings()
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{tr(|t| t.settings_title)}</h1>
            <p class="hint">{tr(|t| t.settings_intro)}</p>
            {move || match saved.get() {
                None => view! { <p>{tr(|t| t.loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="notice notice-error" role="alert">{e.message}</p> }.into_any(),
                Some(Ok(settings)) => view! { <SettingsForm settings save/> }.into_any(),
            }}
        </section>
    }
}

/// The form, filled with what is saved; drawn again once a save is answered.
#[component]
fn SettingsForm(settings: Settings, save: Save) -> impl IntoView {
    let end = settings.pairing_end;
    let close = RwSignal::new(EndChoice::of(end.close_after_minutes));
    let inactive = RwSignal::new(EndChoice::of(end.inactive_after_minutes));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(Settings {
            pairing_end: PairingEnd {
                inactive_after_minutes: inactive.get_untracked().minutes(),
                close_after_minutes: close.get_untracked().minutes(),
            },
        });
    };
    view! {
        <form class="form" on:submit=submit>
            <label for="settings-close">{tr(|t| t.settings_close_after)}</label>
            <EndSelect id="settings-close" chosen=close never=|t| t.end_never/>
            <p class="hint">{tr(|t| t.settings_close_hint)}</p>
            <label for="settings-inactive">{tr(|t| t.settings_inactive_after)}</label>
            <EndSelect id="settings-inactive" chosen=inactive never=|t| t.inactive_never/>
            <p class="hint">{tr(|t| t.settings_inactive_hint)}</p>
            <button type="submit" class="button" disabled=move || save.pending().get()>{tr(|t| t.settings_save)}</button>
        </form>
    }
}
