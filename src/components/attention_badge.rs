//! The header's link to Needs attention with how many things wait there, read again when the
//! server tells of a delivery, a message, a changed conversation or an opt-in step, and every
//! minute (windows close with time).

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::i18n::{self, tr};
use crate::live::{changes_attention, refresh_on};

/// A burst of events is counted with one read, this long after the first of them.
const GAP: Duration = Duration::from_millis(400);
/// Windows close with time alone, which no event tells of.
const CLOCK: Duration = Duration::from_secs(60);

#[component]
pub fn AttentionBadge() -> impl IntoView {
    let told = refresh_on(changes_attention, GAP);
    let minute = RwSignal::new(0u32);
    if let Ok(clock) = set_interval_with_handle(move || minute.update(|n| *n += 1), CLOCK) {
        on_cleanup(move || clock.clear());
    }
    let attention = LocalResource::new(move || {
        told.track();
        minute.track();
        api::attention()
    });
    // The last count read stays while it is read again; a failed read shows no number.
    let count = Memo::new(move |last: Option<&Option<usize>>| match attention.get() {
        Some(Ok(found)) => Some(found.count()),
        Some(Err(_)) => None,
        None => last.copied().flatten(),
    });
    view! {
        <A href="/attention" attr:class="attention-link">
            {tr(|t| t.nav_attention)}
            " "
            // Always there, so the header never moves when the number arrives.
            <span
                class="badge attention-count"
                data-count=move || count.get()
                title=move || count.get().map(i18n::attention_count)
            >
                {move || count.get().filter(|n| *n > 0).map(|n| n.to_string())}
            </span>
        </A>
    }
}
