//! Signing in, then going back to the page that asked for it.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query};
use leptos_router::params::Params;
use switchboard_core::api::ServerInfo;

use crate::api::{self, ApiError};
use crate::i18n::tr;
use crate::session::Session;

/// The page's URL query: where to go once signed in.
#[derive(Params, Debug, Clone, Default, PartialEq)]
struct SignInQuery {
    next: Option<String>,
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = Session::get();
    let query = use_query::<SignInQuery>();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let sign_in = Action::new_local(move |(name, secret): &(String, String)| {
        let (name, secret) = (name.clone(), secret.clone());
        let next = api::after_sign_in(query.get_untracked().ok().and_then(|q| q.next));
        let navigate = navigate.clone();
        async move {
            let info = api::sign_in(name, secret).await.inspect_err(|_| {
                password.set(String::new());
            })?;
            session.signed_in(info);
            navigate(&next, Default::default());
            Ok::<_, ApiError>(())
        }
    });
    let error = move || sign_in.value().get().and_then(Result::err);
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
        sign_in.dispatch((
            username.get_untracked().trim().to_owned(),
            password.get_untracked(),
        ));
    };
    view! {
        <section class="page page-narrow" aria-labelledby="page-title">
            <h1 id="page-title">{tr(|t| t.sign_in_title)}</h1>
            <Show when=setup_required>
                <p class="notice">{tr(|t| t.setup_pending)}</p>
            </Show>
            <form class="form" on:submit=submit>
                <label for="username">{tr(|t| t.username)}</label>
                <input id="username" name="username" autocomplete="username" required
                    prop:value=username on:input=move |e| username.set(event_target_value(&e))/>
                <label for="password">{tr(|t| t.password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    prop:value=password on:input=move |e| password.set(event_target_value(&e))/>
                {move || error().map(|e| view! { <p class="notice notice-error" role="alert">{e.message}</p> })}
                <button type="submit" class="button" disabled=sign_in.pending()>{tr(|t| t.sign_in)}</button>
            </form>
        </section>
    }
}
