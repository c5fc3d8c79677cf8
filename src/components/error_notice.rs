//! What an `ErrorBoundary` shows.

use leptos::prelude::*;

/// What an `ErrorBoundary` shows: each error's sentence, announced to screen readers.
#[component]
pub fn ErrorNotice(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <div class="notice notice-error" role="alert">
            {move || {
                errors.get().into_iter().map(|(_, error)| view! { <p>{error.to_string()}</p> }).collect_view()
            }}
        </div>
    }
}
