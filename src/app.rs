//! The router and the layout around every page.

use leptos::prelude::*;
use leptos_router::components::{A, Redirect, Route, Router, Routes};
use leptos_router::path;
use switchboard_core::api::Role;

use crate::components::account_menu::AccountMenu;
use crate::components::attention_badge::AttentionBadge;
use crate::components::on_sandbox::OnSandbox;
use crate::components::protected::Protected;
use crate::components::sandbox_badge::SandboxBadge;
use crate::components::site_nav::SiteNav;
use crate::components::toasts::{ToastRegion, Toasts};
use crate::i18n::t;
use crate::pages::account_events::AccountEventsPage;
use crate::pages::attention::AttentionPage;
use crate::pages::audit::AuditPage;
use crate::pages::conversation::ConversationPage;
use crate::pages::conversations::ConversationsPage;
use crate::pages::import::ImportPage;
use crate::pages::new_pairing::NewPairingPage;
use crate::pages::not_found::NotFound;
use crate::pages::phones::PhonesPage;
use crate::pages::setup::SetupPage;
use crate::pages::sign_in::SignInPage;
use crate::pages::templates::TemplatesPage;
use crate::pages::users::UsersPage;
use crate::server_info::ServerFacts;
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    let session = Session::provide();
    let server = ServerFacts::provide();
    Toasts::provide();
    let signed_in = move || session.user.with(Option::is_some);
    // The page is drawn once who is signed in and what the server runs on are known: the header's
    // links and badge would otherwise appear late and push the page down (they wrap on a phone).
    let known = move || session.checked.get() && server.known();
    view! {
        <Router>
            <Show when=known>
                <a class="skip-link" href="#main">{t().skip_to_content}</a>
                <header class="topbar">
                    <a class="brand" href="/conversations">{t().brand}</a>
                    <SiteNav>
                        <Show when=signed_in>
                            <A href="/conversations">{t().nav_conversations}</A>
                            <AttentionBadge/>
                            <A href="/pairings/new">{t().new_pairing}</A>
                            <A href="/templates">{t().nav_templates}</A>
                            <OnSandbox>
                                <A href="/phones">{t().nav_phones}</A>
                            </OnSandbox>
                            <A href="/audit">{t().nav_audit}</A>
                            <Show when=move || session.allows(Role::Admin)>
                                <A href="/users">{t().nav_users}</A>
                                <A href="/settings/events">{t().nav_account_events}</A>
                            </Show>
                        </Show>
                    </SiteNav>
                    <SandboxBadge/>
                    <AccountMenu/>
                </header>
                <main id="main" tabindex="-1">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=|| view! { <Redirect path="/conversations"/> }/>
                        <Route path=path!("/sign-in") view=SignInPage/>
                        <Route path=path!("/setup") view=SetupPage/>
                        <Route
                            path=path!("/conversations")
                            view=|| view! { <Protected><ConversationsPage/></Protected> }
                        />
                        <Route
                            path=path!("/conversations/:sid")
                            view=|| view! { <Protected><ConversationPage/></Protected> }
                        />
                        <Route
                            path=path!("/pairings/new")
                            view=|| view! { <Protected role=Role::Operator><NewPairingPage/></Protected> }
                        />
                        <Route
                            path=path!("/pairings/import")
                            view=|| view! { <Protected role=Role::Operator><ImportPage/></Protected> }
                        />
                        <Route path=path!("/templates") view=|| view! { <Protected><TemplatesPage/></Protected> }/>
                        <Route path=path!("/phones") view=|| view! { <Protected><PhonesPage/></Protected> }/>
                        <Route path=path!("/attention") view=|| view! { <Protected><AttentionPage/></Protected> }/>
                        <Route
                            path=path!("/settings/events")
                            view=|| view! { <Protected role=Role::Admin><AccountEventsPage/></Protected> }
                        />
                        <Route path=path!("/audit") view=|| view! { <Protected><AuditPage/></Protected> }/>
                        <Route
                            path=path!("/users")
                            view=|| view! { <Protected role=Role::Admin><UsersPage/></Protected> }
                        />
                    </Routes>
                </main>
            </Show>
            <ToastRegion/>
        </Router>
    }
}
