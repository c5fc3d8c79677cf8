use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use switchboard_core::api::ServerInfo;

use crate::api;
use crate::i18n::t;
use crate::session::Session;

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = Session::get();
    let query = use_query_map();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let info = LocalResource::new(api::server_info);
    let setup_required = move || {
        matches!(
            info.get(),
            Some(Ok(ServerInfo {
                setup_required: true,
                ..
            }))
        )
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let navigate = navigate.clone();
        let next = api::after_sign_in(query.with_untracked(|q| q.get("next")));
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::sign_in(
                username.get_untracked().trim().to_owned(),
                password.get_untracked(),
            )
            .await
            {
                Ok(info) => {
                    session.signed_in(info);
                    navigate(&next, Default::default());
                }
                Err(e) => {
                    password.set(String::new());
                    error.set(Some(e.message));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <section class="page page-narrow" aria-labelledby="page-title">
            <h1 id="page-title">{t().sign_in_title}</h1>
            <Show when=setup_required>
                <p class="notice">{t().setup_pending}</p>
            </Show>
            <form class="form" on:submit=submit>
                <label for="username">{t().username}</label>
                <input id="username" name="username" autocomplete="username" required
                    prop:value=username on:input=move |e| username.set(event_target_value(&e))/>
                <label for="password">{t().password}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    prop:value=password on:input=move |e| password.set(event_target_value(&e))/>
                {move || error.get().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
                <button type="submit" class="button" disabled=busy>{t().sign_in}</button>
            </form>
        </section>
    }
}
