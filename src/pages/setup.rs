//! First run: the one-time link the server printed opens this page to create the first admin.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query};
use leptos_router::params::Params;
use switchboard_core::api::{password_problem, username_problem};

use crate::api;
use crate::i18n::{self, t, tr};
use crate::session::Session;

/// The page's URL query: the setup token the server printed.
#[derive(Params, Debug, Clone, Default, PartialEq)]
struct SetupQuery {
    token: Option<String>,
}

/// What the form holds when it is sent.
#[derive(Debug, Clone)]
struct NewAdmin {
    token: String,
    username: String,
    password: String,
    repeat: String,
}

impl NewAdmin {
    /// What to fix before asking the server, if anything.
    fn problem(&self) -> Option<String> {
        let shared = username_problem(&self.username).or_else(|| password_problem(&self.password));
        shared
            .map(|problem| i18n::problem(&problem.said(), problem))
            .or((self.password != self.repeat).then(|| t().passwords_differ.to_owned()))
    }
}

#[component]
pub fn SetupPage() -> impl IntoView {
    let session = Session::get();
    let query = use_query::<SetupQuery>();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let token = move || query.get().ok().and_then(|q| q.token).unwrap_or_default();
    let set_up = Action::new_local(move |admin: &NewAdmin| {
        let admin = admin.clone();
        let navigate = navigate.clone();
        async move {
            if let Some(problem) = admin.problem() {
                return Err(problem);
            }
            let info = api::set_up(admin.token, admin.username, admin.password)
                .await
                .map_err(|e| e.message)?;
            session.signed_in(info);
            navigate("/conversations", Default::default());
            Ok(())
        }
    });
    let error = move || set_up.value().get().and_then(Result::err);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        set_up.dispatch(NewAdmin {
            token: token(),
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            repeat: repeat.get_untracked(),
        });
    };
    view! {
        <section class="page page-narrow" aria-labelledby="page-title">
            <h1 id="page-title">{tr(|t| t.setup_title)}</h1>
            <p>{tr(|t| t.setup_intro)}</p>
            <Show when=move || token().is_empty()>
                <p class="notice notice-error" role="alert">{tr(|t| t.setup_no_token)}</p>
            </Show>
            <form class="form" on:submit=submit>
                <label for="username">{tr(|t| t.username)}</label>
                <input id="username" name="username" autocomplete="username" required
                    prop:value=username on:input=move |e| username.set(event_target_value(&e))/>
                <label for="password">{tr(|t| t.new_password)}</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required
                    aria-describedby="password-hint"
                    prop:value=password on:input=move |e| password.set(event_target_value(&e))/>
                <p id="password-hint" class="hint">{tr(|t| t.password_hint)}</p>
                <label for="repeat">{tr(|t| t.repeat_password)}</label>
                <input id="repeat" name="repeat" type="password" autocomplete="new-password" required
                    prop:value=repeat on:input=move |e| repeat.set(event_target_value(&e))/>
                {move || error().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
                <button type="submit" class="button" disabled=set_up.pending()>{tr(|t| t.create_admin)}</button>
            </form>
        </section>
    }
}
