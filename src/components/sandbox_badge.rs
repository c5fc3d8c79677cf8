//! The badge that says nothing reaches a real phone.

use leptos::prelude::*;

use crate::i18n::tr;
use crate::server_info::ServerFacts;

/// Tells the operator, on every page, when nothing they do reaches a real phone.
#[component]
pub fn SandboxBadge() -> impl IntoView {
    let server = ServerFacts::get();
    view! {
        <Show when=move || server.on_sandbox()>
            <span class="badge badge-sandbox" role="status" title=tr(|t| t.sandbox_badge_hint)>
                {tr(|t| t.sandbox_badge)}
            </span>
        </Show>
    }
}
