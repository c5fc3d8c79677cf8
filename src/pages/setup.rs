use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use switchboard_core::api::{password_problem, username_problem};

use crate::api;
use crate::i18n::t;
use crate::session::Session;

/// First run: the one-time link the server printed opens this page to create the first admin.
#[component]
pub fn SetupPage() -> impl IntoView {
    let session = Session::get();
    let query = use_query_map();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let token = move || query.with(|q| q.get("token")).unwrap_or_default();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let name = username.get_untracked().trim().to_owned();
        let chosen = password.get_untracked();
        let problem = username_problem(&name)
            .or_else(|| password_problem(&chosen))
            .or((chosen != repeat.get_untracked()).then_some(t().passwords_differ));
        if let Some(problem) = problem {
            error.set(Some(problem.to_owned()));
            return;
        }
        let navigate = navigate.clone();
        let token = token();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::set_up(token, name, chosen).await {
                Ok(info) => {
                    session.signed_in(info);
                    navigate("/conversations", Default::default());
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="page page-narrow" aria-labelledby="page-title">
            <h1 id="page-title">{t().setup_title}</h1>
            <p>{t().setup_intro}</p>
            <Show when=move || token().is_empty()>
                <p class="notice notice-error" role="alert">{t().setup_no_token}</p>
            </Show>
            <form class="form" on:submit=submit>
                <label for="username">{t().username}</label>
                <input id="username" name="username" autocomplete="username" required
                    prop:value=username on:input=move |e| username.set(event_target_value(&e))/>
                <label for="password">{t().new_password}</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required
                    aria-describedby="password-hint"
                    prop:value=password on:input=move |e| password.set(event_target_value(&e))/>
                <p id="password-hint" class="hint">{t().password_hint}</p>
                <label for="repeat">{t().repeat_password}</label>
                <input id="repeat" name="repeat" type="password" autocomplete="new-password" required
                    prop:value=repeat on:input=move |e| repeat.set(event_target_value(&e))/>
                {move || error.get().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
                <button type="submit" class="button" disabled=busy>{t().create_admin}</button>
            </form>
        </section>
    }
}
