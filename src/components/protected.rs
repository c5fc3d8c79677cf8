//! A page guarded by role.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use switchboard_core::api::Role;

use crate::i18n::{t, tr};
use crate::session::Session;

/// Shows its children only to a signed-in person with at least `role`; sends anyone else to sign in
/// (and back here after), or says which role the page needs.
#[component]
pub fn Protected(
    children: ChildrenFn,
    #[prop(default = Role::Viewer)] role: Role,
) -> impl IntoView {
    let session = Session::get();
    let location = use_location();
    move || {
        if !session.checked.get() {
            return view! { <p class="loading" role="status">{tr(|t| t.loading)}</p> }.into_any();
        }
        if session.user.with(Option::is_none) {
            if location.pathname.get_untracked() == "/sign-in" {
                return ().into_any();
            }
            // Untracked: the redirect itself changes the location while this view is still mounted.
            let search = location.search.get_untracked();
            let search = if search.is_empty() || search.starts_with('?') {
                search
            } else {
                format!("?{search}")
            };
            let here = format!("{}{search}", location.pathname.get_untracked());
            let path = format!("/sign-in?next={}", js_sys::encode_uri_component(&here));
            return view! { <Redirect path/> }.into_any();
        }
        if !session.allows(role) {
            let needed = match role {
                Role::Admin => t().needs_admin,
                _ => t().needs_operator,
            };
            return view! {
                <section class="page" aria-labelledby="page-title">
                    <h1 id="page-title">{tr(|t| t.not_allowed_title)}</h1>
                    <p class="notice notice-error" role="alert">{needed}</p>
                </section>
            }
            .into_any();
        }
        children().into_any()
    }
}
