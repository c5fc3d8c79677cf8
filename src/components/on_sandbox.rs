use leptos::prelude::*;
use switchboard_core::api::UpstreamMode;

use crate::api;

/// Shows its children only when the server runs on the sandbox (simulated phones exist).
#[component]
pub fn OnSandbox(children: ChildrenFn) -> impl IntoView {
    let info = LocalResource::new(api::server_info);
    let on_sandbox =
        move || matches!(info.get(), Some(Ok(info)) if info.upstream == UpstreamMode::Sandbox);
    view! { <Show when=on_sandbox>{children()}</Show> }
}
