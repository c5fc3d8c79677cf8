//! The pages whose code a browser loads only when it first shows them, or when a link to them is
//! pointed at or focused. With the `split` feature (the release build) their code is cut out of the
//! build by `cargo xtask` into four modules of pages used together: the conversation page, pairing
//! (new and import), tools (templates, phones, attention,
//! numbers) and admin (users, account events, audit,
//! settings, setup). Fewer, larger modules compress better than one per page. Without the feature (the
//! component tests) each is an ordinary route. Sign-in and the conversations list are not here: they
//! are the first page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::LazyRoute;
use switchboard_core::api::Role;

use crate::components::protected::Protected;
use crate::i18n::tr;
use crate::pages::account_events::AccountEventsPage;
use crate::pages::attention::AttentionPage;
use crate::pages::audit::AuditPage;
use crate::pages::conversation::ConversationPage;
use crate::pages::import::ImportPage;
use crate::pages::new_pairing::NewPairingPage;
use crate::pages::numbers::NumbersPage;
use crate::pages::phones::PhonesPage;
use crate::pages::settings::SettingsPage;
use crate::pages::setup::SetupPage;
use crate::pages::templates::TemplatesPage;
use crate::pages::users::UsersPage;

/// `on_demand!(Route, module, draw_fn, preload_fn, view)`: a route drawing `view` with `draw_fn`
/// from the wasm module `split_<module>.wasm`. A module that cannot be fetched leaves the app running
/// and says so; the next visit tries again.
macro_rules! on_demand {
    ($route:ident, $module:ident, $draw:ident, $preload:ident, $view:expr) => {
        pub struct $route;

        #[cfg(feature = "split")]
        #[wasm_split_helpers::wasm_split($module, fallible, preload($preload))]
        fn $draw() -> Result<AnyView, wasm_split_helpers::SplitLoaderError> {
            Ok($view.into_any())
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_route: Self) -> AnyView {
                #[cfg(feature = "split")]
                return $draw()
                    .await
                    .unwrap_or_else(|_| view! { <CodeMissing/> }.into_any());
                #[cfg(not(feature = "split"))]
                return $view.into_any();
            }

            async fn preload() {
                // A failed fetch is not kept: showing the page fetches again.
                #[cfg(feature = "split")]
                let _ = $preload().await;
            }
        }
    };
}

on_demand!(
    ConversationRoute,
    conversation,
    draw_conversation,
    preload_conversation,
    view! {
        <Protected><ConversationPage/></Protected>
    }
);
on_demand!(
    NewPairingRoute,
    pairing,
    draw_new_pairing,
    preload_new_pairing,
    view! {
        <Protected role=Role::Operator><NewPairingPage/></Protected>
    }
);
on_demand!(
    ImportRoute,
    pairing,
    draw_import,
    preload_import,
    view! {
        <Protected role=Role::Operator><ImportPage/></Protected>
    }
);
on_demand!(
    TemplatesRoute,
    tools,
    draw_templates,
    preload_templates,
    view! {
        <Protected><TemplatesPage/></Protected>
    }
);
on_demand!(
    PhonesRoute,
    tools,
    draw_phones,
    preload_phones,
    view! {
        <Protected><PhonesPage/></Protected>
    }
);
on_demand!(
    NumbersRoute,
    tools,
    draw_numbers,
    preload_numbers,
    view! {
        <Protected><NumbersPage/></Protected>
    }
);
on_demand!(
    AttentionRoute,
    tools,
    draw_attention,
    preload_attention,
    view! {
        <Protected><AttentionPage/></Protected>
    }
);
on_demand!(
    AccountEventsRoute,
    admin,
    draw_account_events,
    preload_account_events,
    view! {
        <Protected role=Role::Admin><AccountEventsPage/></Protected>
    }
);
on_demand!(
    AuditRoute,
    admin,
    draw_audit,
    preload_audit,
    view! {
        <Protected><AuditPage/></Protected>
    }
);
on_demand!(
    UsersRoute,
    admin,
    draw_users,
    preload_users,
    view! {
        <Protected role=Role::Admin><UsersPage/></Protected>
    }
);
on_demand!(
    SettingsRoute,
    admin,
    draw_settings,
    preload_settings,
    view! {
        <Protected role=Role::Admin><SettingsPage/></Protected>
    }
);
on_demand!(
    SetupRoute,
    admin,
    draw_setup,
    preload_setup,
    view! { <SetupPage/> }
);

/// Starts fetching the code of the page at `path` (an address of this site), if it loads on demand,
/// so that following the link shows the page at once.
pub fn prefetch(path: &str) {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        ["conversations", _] => spawn_local(ConversationRoute::preload()),
        ["pairings", "new"] => spawn_local(NewPairingRoute::preload()),
        ["pairings", "import"] => spawn_local(ImportRoute::preload()),
        ["templates"] => spawn_local(TemplatesRoute::preload()),
        ["phones"] => spawn_local(PhonesRoute::preload()),
        ["attention"] => spawn_local(AttentionRoute::preload()),
        ["numbers"] => spawn_local(NumbersRoute::preload()),
        ["settings", "events"] => spawn_local(AccountEventsRoute::preload()),
        ["settings"] => spawn_local(SettingsRoute::preload()),
        ["audit"] => spawn_local(AuditRoute::preload()),
        ["users"] => spawn_local(UsersRoute::preload()),
        ["setup"] => spawn_local(SetupRoute::preload()),
        _ => {}
    }
}

/// What a page shows when its code could not be fetched.
#[component]
fn CodeMissing() -> impl IntoView {
    let reload = |_| {
        let _ = window().location().reload();
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{tr(|t| t.page_code_missing_title)}</h1>
            <p>{tr(|t| t.page_code_missing)}</p>
            <button type="button" on:click=reload>{tr(|t| t.reload)}</button>
        </section>
    }
}
