//! Needs attention: failed deliveries with the fix at hand, WhatsApp windows closing within the
//! hour and opt-ins waiting, read again when the server tells of a change and every minute.

use std::time::Duration;

use leptos::prelude::*;
use switchboard_core::api::Attention;

use crate::api;
use crate::components::attention_list::AttentionList;
use crate::format::now_ms;
use crate::i18n::tr;
use crate::live::{changes_attention, refresh_on};

const GAP: Duration = Duration::from_millis(300);
/// Windows close with time alone, which no event tells of.
const CLOCK: Duration = Duration::from_secs(60);

#[component]
pub fn AttentionPage() -> impl IntoView {
    let told = refresh_on(changes_attention, GAP);
    let minute = RwSignal::new(0u32);
    if let Ok(clock) = set_interval_with_handle(move || minute.update(|n| *n += 1), CLOCK) {
        on_cleanup(move || clock.clear());
    }
    let fetched = LocalResource::new(move || {
        told.track();
        minute.track();
        api::attention()
    });
    let shown: Signal<Option<Attention>> =
        Memo::new(move |last: Option<&Option<_>>| match fetched.get() {
            Some(Ok(found)) => Some(found),
            _ => last.cloned().flatten(),
        })
        .into();
    let error = move || fetched.get().and_then(Result::err).map(|e| e.message);
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{tr(|t| t.attention_title)}</h1>
            <p class="hint">{tr(|t| t.attention_intro)}</p>
            {move || error().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
            {move || match shown.get() {
                Some(attention) => view! { <AttentionList attention now_ms=now_ms()/> }.into_any(),
                None if error().is_none() => view! { <p class="loading" role="status">{tr(|t| t.loading)}</p> }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}
