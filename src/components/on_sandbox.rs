//! Content shown only when the server runs on the sandbox.

use leptos::prelude::*;

use crate::server_info::ServerFacts;

/// Shows its children only when the server runs on the sandbox (simulated phones exist).
#[component]
pub fn OnSandbox(children: ChildrenFn) -> impl IntoView {
    let server = ServerFacts::get();
    view! { <Show when=move || server.on_sandbox()>{children()}</Show> }
}
