use leptos::prelude::*;
use switchboard_core::api::UpstreamMode;

use crate::api;
use crate::i18n::t;

/// Tells the operator, on every page, when nothing they do reaches a real phone.
#[component]
pub fn SandboxBadge() -> impl IntoView {
    let info = LocalResource::new(api::server_info);
    let on_sandbox =
        move || matches!(info.get(), Some(Ok(info)) if info.upstream == UpstreamMode::Sandbox);
    view! {
        <Show when=on_sandbox>
            <span class="badge badge-sandbox" role="status" title=t().sandbox_badge_hint>
                {t().sandbox_badge}
            </span>
        </Show>
    }
}
