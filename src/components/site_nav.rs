//! The header's navigation: a row of links on a wide screen; below 40rem a Menu button that opens
//! them as a list, closed again by Escape (focus back on the button) or by following a link.

use leptos::html;
use leptos::prelude::*;

use crate::i18n::tr;

#[component]
pub fn SiteNav(children: Children) -> impl IntoView {
    let open = RwSignal::new(false);
    let button = NodeRef::<html::Button>::new();
    let close_on_escape = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    // A followed link closes the menu; the new page is what the person wanted to see.
    let close_on_link = move |ev: web_sys::MouseEvent| {
        let on_link = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|e| e.closest("a").ok().flatten())
            .is_some();
        if on_link {
            open.set(false);
        }
    };
    view! {
        <button
            type="button"
            class="menu-button button-quiet"
            node_ref=button
            aria-controls="site-nav"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
            on:keydown=close_on_escape
        >
            {tr(|t| t.menu)}
        </button>
        <nav
            id="site-nav"
            aria-label=tr(|t| t.nav_label)
            class:open=move || open.get()
            on:keydown=close_on_escape
            on:click=close_on_link
        >
            {children()}
        </nav>
    }
}
