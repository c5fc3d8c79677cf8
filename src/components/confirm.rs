//! A button for a destructive action: it asks first, naming what will be lost.

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::html;
use leptos::prelude::*;

use crate::i18n::{Words, t, tr};

/// Keeps each dialog's title id unique on the page.
static NEXT_ID: AtomicU32 = AtomicU32::new(0);

/// `label` opens a modal dialog with `title` and `consequence`; only `confirm_label` acts.
#[component]
pub fn ConfirmButton(
    label: Words,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] consequence: Signal<String>,
    confirm_label: Words,
    on_confirm: impl Fn() + Clone + 'static,
    #[prop(optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let open = move |_| {
        if let Some(dialog) = dialog.get() {
            let _ = dialog.show_modal();
        }
    };
    let close = move || {
        if let Some(dialog) = dialog.get() {
            dialog.close();
        }
    };
    let title_id = format!("confirm-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
    let labelled_by = title_id.clone();
    view! {
        <button type="button" class="button-danger" on:click=open disabled=disabled>
            {move || label(t())}
        </button>
        <dialog node_ref=dialog class="confirm" aria-labelledby=labelled_by>
            <h2 id=title_id>{title}</h2>
            <p>{consequence}</p>
            <div class="actions">
                <button type="button" class="button-quiet" on:click=move |_| close()>
                    {tr(|t| t.cancel)}
                </button>
                <button
                    type="button"
                    class="button-danger"
                    on:click=move |_| {
                        close();
                        on_confirm();
                    }
                >
                    {move || confirm_label(t())}
                </button>
            </div>
        </dialog>
    }
}
