//! Sandbox only: every simulated handset side by side, to play both people of a conversation. The
//! handsets read again when the server tells of a message or a delivery, never on a timer.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_query;
use leptos_router::params::Params;
use switchboard_core::api::Event;

use crate::api::{self, Phone};
use crate::components::error_notice::ErrorNotice;
use crate::components::handset::{Handset, Handsets};
use crate::i18n::tr;
use crate::links::opened;
use crate::live::refresh_on;

/// A message is shown at most this long after the server tells of it (a burst, with one read).
const GAP: Duration = Duration::from_millis(150);

/// The page's URL query: the handsets to open (see `links::opened`).
#[derive(Params, Debug, Clone, Default, PartialEq)]
struct PhonesQuery {
    open: Option<String>,
}

#[component]
pub fn PhonesPage() -> impl IntoView {
    let told = refresh_on(
        |event| {
            matches!(
                event,
                Event::MessageAdded { .. } | Event::DeliveryUpdated { .. }
            )
        },
        GAP,
    );
    let phones = LocalResource::new(api::phones);
    let pool = LocalResource::new(api::numbers);
    let numbers = Signal::derive(move || match pool.get() {
        Some(Ok(pool)) => [pool.whatsapp, pool.sms].concat(),
        _ => Vec::new(),
    });
    let handsets = Handsets::new(told, numbers);
    let query = use_query::<PhonesQuery>();
    let asked = query.get_untracked().ok().and_then(|q| q.open);
    let shown = RwSignal::new(opened(&asked.unwrap_or_default()));
    view! {
        <section class="page page-wide" aria-labelledby="page-title">
            <h1 id="page-title">{tr(|t| t.phones_title)}</h1>
            <p class="hint">{tr(|t| t.phones_intro)}</p>
            <Transition fallback=|| view! { <p class="loading" role="status">{tr(|t| t.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorNotice errors/> }>
                    {move || Suspend::new(async move {
                        phones.await.map(|list| view! { <PhonePicker list shown/> })
                    })}
                </ErrorBoundary>
            </Transition>
            <div class="handsets">
                <For each=move || shown.get() key=|(address, _)| address.clone() let:phone>
                    <Handset address=phone.0 proxy=phone.1 handsets shown/>
                </For>
            </div>
        </section>
    }
}

#[component]
fn PhonePicker(list: Vec<Phone>, shown: RwSignal<Vec<(String, Option<String>)>>) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let open = move |address: String| {
        let address = address.trim().to_owned();
        if !address.is_empty() {
            shown.update(|s| {
                if !s.iter().any(|(a, _)| a == &address) {
                    s.push((address, None));
                }
            });
        }
    };
    let options = list
        .iter()
        .map(|phone| view! { <option value=phone.address.clone()></option> })
        .collect_view();
    view! {
        <form class="form form-inline" on:submit=move |ev| {
            ev.prevent_default();
            open(typed.get_untracked());
            typed.set(String::new());
        }>
            <label for="phone-address">{tr(|t| t.phone_address)}</label>
            <input id="phone-address" list="known-phones" bind:value=typed placeholder="whatsapp:+34600000001"/>
            <datalist id="known-phones">{options}</datalist>
            <button type="submit" class="button">{tr(|t| t.open_phone)}</button>
        </form>
    }
}
