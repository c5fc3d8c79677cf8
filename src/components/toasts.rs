//! Results of what the operator did, shown briefly in one corner and read out by screen readers.

use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u32,
    pub text: String,
    pub failed: bool,
}

/// The toast service, in context: `Toasts::get().done("Sent.")`.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: StoredValue<u32>,
}

const SHOWN_MS: u32 = 6_000;

impl Toasts {
    pub fn provide() -> Toasts {
        let toasts = Toasts {
            list: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        };
        provide_context(toasts);
        toasts
    }

    pub fn get() -> Toasts {
        expect_context::<Toasts>()
    }

    pub fn done(&self, text: impl Into<String>) {
        self.push(text.into(), false);
    }

    pub fn failed(&self, text: impl Into<String>) {
        self.push(text.into(), true);
    }

    /// A result either way: the success sentence, or the error's own sentence.
    pub fn outcome<T, E: std::fmt::Display>(&self, result: &Result<T, E>, success: &str) {
        match result {
            Ok(_) => self.done(success),
            Err(error) => self.failed(error.to_string()),
        }
    }

    pub fn dismiss(&self, id: u32) {
        self.list.update(|list| list.retain(|toast| toast.id != id));
    }

    fn push(&self, text: String, failed: bool) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.list
            .update(|list| list.push(Toast { id, text, failed }));
        let toasts = *self;
        set_timeout(
            move || toasts.dismiss(id),
            std::time::Duration::from_millis(u64::from(SHOWN_MS)),
        );
    }

    pub fn current(&self) -> Vec<Toast> {
        self.list.get()
    }
}

/// Where toasts appear; one per app.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = Toasts::get();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.current() key=|toast| toast.id let:toast>
                <div class=if toast.failed { "toast toast-failed" } else { "toast" }>
                    <span>{toast.text.clone()}</span>
                    <button
                        type="button"
                        class="toast-close"
                        aria-label=crate::i18n::t().dismiss
                        on:click=move |_| toasts.dismiss(toast.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
