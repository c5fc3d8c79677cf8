//! The language switch, and the signed-in person's name and role with the sign-out button.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::components::language_picker::LanguagePicker;
use crate::i18n::{t, tr};
use crate::session::Session;

#[component]
pub fn AccountMenu() -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let sign_out = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            // Closed first: the server ends the stream at sign-out, and the browser's reconnection
            // would be refused.
            api::stop_events();
            let _ = api::sign_out().await;
            navigate("/sign-in", Default::default());
            session.signed_out();
        }
    });
    let signed_in = move || {
        session.user.get().map(|user| {
            view! {
                    <span class="account-name">
                        {user.username.clone()}
                        <span class="account-role">{move || t().role_name(user.role)}</span>
                    </span>
                    <button
                        type="button"
                        class="button-quiet"
                        on:click=move |_| {
                            sign_out.dispatch(());
                        }
                        disabled=sign_out.pending()
                    >
                        {tr(|t| t.sign_out)}
                    </button>
            }
        })
    };
    view! {
        <div class="account">
            <LanguagePicker/>
            {signed_in}
        </div>
    }
}
