//! The router and the layout around every page.

use leptos::prelude::*;
use leptos_router::Lazy;
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
use crate::i18n::tr;
use crate::pages::conversations::ConversationsPage;
use crate::pages::not_found::NotFound;
use crate::pages::on_demand::{
    self, AccountEventsRoute, AttentionRoute, AuditRoute, ConversationRoute, ImportRoute,
    NewPairingRoute, NumbersRoute, PhonesRoute, SettingsRoute, SetupRoute, TemplatesRoute,
    UsersRoute,
};
use crate::pages::sign_in::SignInPage;
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
    prefetch_on_pointing();
    // True while the router fetches a page's code and data: the bar shows, and `main` is busy.
    let routing = RwSignal::new(false);
    view! {
        <Router set_is_routing=routing>
            <div class="route-progress" aria-hidden="true" class:shown=move || routing.get()></div>
            <Show when=known>
                <a class="skip-link" href="#main">{tr(|t| t.skip_to_content)}</a>
                <header class="topbar">
                    <a class="brand" href="/conversations">{tr(|t| t.brand)}</a>
                    <SiteNav>
                        <Show when=signed_in>
                            <A href="/conversations">{tr(|t| t.nav_conversations)}</A>
                            <AttentionBadge/>
                            <A href="/pairings/new">{tr(|t| t.new_pairing)}</A>
                            <A href="/templates">{tr(|t| t.nav_templates)}</A>
                            <A href="/numbers">{tr(|t| t.nav_numbers)}</A>
                            <OnSandbox>
                                <A href="/phones">{tr(|t| t.nav_phones)}</A>
                            </OnSandbox>
                            <A href="/audit">{tr(|t| t.nav_audit)}</A>
                            <Show when=move || session.allows(Role::Admin)>
                                <A href="/users">{tr(|t| t.nav_users)}</A>
                                <A href="/settings/events">{tr(|t| t.nav_account_events)}</A>
                                <A href="/settings">{tr(|t| t.nav_settings)}</A>
                            </Show>
                        </Show>
                    </SiteNav>
                    <SandboxBadge/>
                    <AccountMenu/>
                </header>
                <main id="main" tabindex="-1" aria-busy=move || routing.get().to_string()>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=|| view! { <Redirect path="/conversations"/> }/>
                        <Route path=path!("/sign-in") view=SignInPage/>
                        <Route path=path!("/setup") view={Lazy::<SetupRoute>::new()}/>
                        <Route
                            path=path!("/conversations")
                            view=|| view! { <Protected><ConversationsPage/></Protected> }
                        />
                        <Route path=path!("/conversations/:sid") view={Lazy::<ConversationRoute>::new()}/>
                        <Route path=path!("/pairings/new") view={Lazy::<NewPairingRoute>::new()}/>
                        <Route path=path!("/pairings/import") view={Lazy::<ImportRoute>::new()}/>
                        <Route path=path!("/templates") view={Lazy::<TemplatesRoute>::new()}/>
                        <Route path=path!("/phones") view={Lazy::<PhonesRoute>::new()}/>
                        <Route path=path!("/attention") view={Lazy::<AttentionRoute>::new()}/>
                        <Route path=path!("/numbers") view={Lazy::<NumbersRoute>::new()}/>
                        <Route path=path!("/settings/events") view={Lazy::<AccountEventsRoute>::new()}/>
                        <Route path=path!("/settings") view={Lazy::<SettingsRoute>::new()}/>
                        <Route path=path!("/audit") view={Lazy::<AuditRoute>::new()}/>
                        <Route path=path!("/users") view={Lazy::<UsersRoute>::new()}/>
                    </Routes>
                </main>
            </Show>
            <ToastRegion/>
        </Router>
    }
}

/// A link pointed at or focused starts fetching its page's code, so following it shows the page at
/// once.
fn prefetch_on_pointing() {
    let prefetch = |target: Option<web_sys::EventTarget>| {
        let link = target
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|a| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlAnchorElement>(a).ok());
        if let Some(link) =
            link.filter(|a| a.origin() == window().location().origin().unwrap_or_default())
        {
            on_demand::prefetch(&link.pathname());
        }
    };
    let on_pointer =
        window_event_listener(leptos::ev::pointerover, move |ev| prefetch(ev.target()));
    let on_focus = window_event_listener(leptos::ev::focusin, move |ev| prefetch(ev.target()));
    on_cleanup(move || {
        on_pointer.remove();
        on_focus.remove();
    });
}
