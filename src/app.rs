use leptos::prelude::*;
use leptos_router::components::{A, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::sandbox_badge::SandboxBadge;
use crate::i18n::t;
use crate::pages::conversations::ConversationsPage;
use crate::pages::not_found::NotFound;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <a class="skip-link" href="#main">{t().skip_to_content}</a>
            <header class="topbar">
                <a class="brand" href="/conversations">{t().brand}</a>
                <nav aria-label=t().nav_label>
                    <A href="/conversations">{t().nav_conversations}</A>
                </nav>
                <SandboxBadge/>
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <Redirect path="/conversations"/> }/>
                    <Route path=path!("/conversations") view=ConversationsPage/>
                </Routes>
            </main>
        </Router>
    }
}
