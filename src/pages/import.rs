//! Bulk pairing: paste or choose a CSV, see every row with what to fix, then import the good rows
//! and watch each one's result arrive (read again as the server's events tell of each row done).

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use switchboard_core::api::{Event, ImportPreview, ImportProgress, ImportRowState};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::api::{self, ApiError};
use crate::components::toasts::Toasts;
use crate::i18n::{self, t, tr};

/// A running import's progress is read again as soon as the server tells of a row done, but never
/// sooner than this after the last read, however fast rows finish…
const MIN_GAP_MS: i32 = 250;
/// …and at the latest this long after it, whether or not the event stream is up.
const MAX_GAP_MS: i32 = 2000;

#[component]
pub fn ImportPage() -> impl IntoView {
    let toasts = Toasts::get();
    let csv = RwSignal::new(String::new());
    let progress = RwSignal::new(None::<ImportProgress>);
    let check = Action::new_local(move |csv: &String| {
        let csv = csv.clone();
        async move {
            api::preview_import(csv)
                .await
                .inspect_err(|e| toasts.failed(e.message.clone()))
        }
    });
    let start = Action::new_local(move |csv: &String| run_import(csv.clone(), progress, toasts));
    let read_file = Action::new_local(move |file: &web_sys::File| {
        let text = JsFuture::from(file.text());
        async move {
            match text.await.ok().and_then(|text| text.as_string()) {
                Some(text) => {
                    csv.set(text);
                    check.clear();
                }
                None => toasts.failed(t().import_file_unreadable),
            }
        }
    });
    let on_file = move |event: web_sys::Event| {
        let input: web_sys::HtmlInputElement =
            event.target().expect("a file input").unchecked_into();
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            read_file.dispatch_local(file);
        }
    };
    let preview = move || check.value().get().and_then(Result::ok);
    let ready = move || {
        preview().is_some_and(|p| p.valid > 0)
            && progress.with(Option::is_none)
            && !start.pending().get()
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{tr(|t| t.import_title)}</h1>
            <p class="hint">{tr(|t| t.import_intro)}</p>
            <div class="form">
                <label for="import-file">{tr(|t| t.import_file_label)}</label>
                <input id="import-file" type="file" accept=".csv,text/csv,text/plain" on:change=on_file/>
                <label for="import-csv">{tr(|t| t.import_csv_label)}</label>
                <textarea id="import-csv" class="import-csv" rows="8" spellcheck="false"
                    prop:value=move || csv.get()
                    on:input=move |e| { csv.set(event_target_value(&e)); check.clear(); }
                ></textarea>
            </div>
            <div class="actions">
                <button type="button" class="button-quiet"
                    on:click=move |_| { check.dispatch(csv.get_untracked()); }
                    disabled=move || csv.with(|c| c.trim().is_empty()) || check.pending().get()>
                    {tr(|t| t.import_check)}
                </button>
                <button type="button" class="button"
                    on:click=move |_| { start.dispatch(csv.get_untracked()); }
                    disabled=move || !ready()>
                    {tr(|t| t.import_start)}
                </button>
            </div>
            {move || progress.get().map(|p| view! { <Progress progress=p/> }.into_any())
                .or_else(|| preview().map(|p| view! { <Preview preview=p/> }.into_any()))}
        </section>
    }
}

/// Starts the import and shows its progress until it is finished (or the page is left), read again
/// whenever the server tells of a row done; a refused start is told in a toast.
async fn run_import(
    csv: String,
    progress: RwSignal<Option<ImportProgress>>,
    toasts: Toasts,
) -> Result<ImportProgress, ApiError> {
    let news = News::default();
    let heard = news.clone();
    let _feed = api::follow_events(move |event| heard.heard(&event));
    let mut now = api::start_import(csv)
        .await
        .inspect_err(|e| toasts.failed(e.message.clone()))?;
    news.follow(now.id);
    loop {
        progress.set(Some(now.clone()));
        if now.finished || progress.is_disposed() {
            return Ok(now);
        }
        pause(MIN_GAP_MS).await;
        news.wait(MAX_GAP_MS - MIN_GAP_MS).await;
        now = api::import_progress(now.id).await?;
    }
}

/// Whether the server told of a change to the followed import since the last read, and the wait
/// to cut short when it does.
#[derive(Clone, Default)]
struct News(Rc<RefCell<NewsState>>);

#[derive(Default)]
struct NewsState {
    import: Option<i64>,
    fresh: bool,
    wake: Option<js_sys::Function>,
}

impl News {
    fn follow(&self, import: i64) {
        self.0.borrow_mut().import = Some(import);
    }

    fn heard(&self, event: &Event) {
        let mut state = self.0.borrow_mut();
        let ours = matches!(event, Event::Missed { .. })
            || event.import_id().is_some_and(|id| Some(id) == state.import);
        if ours {
            state.fresh = true;
            if let Some(wake) = state.wake.take() {
                let _ = wake.call0(&JsValue::NULL);
            }
        }
    }

    /// Returns once there is news, or after `ms` milliseconds without.
    async fn wait(&self, ms: i32) {
        if !self.0.borrow().fresh {
            let promise = js_sys::Promise::new(&mut |resolve, _| {
                if let Some(window) = web_sys::window() {
                    let _ =
                        window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
                }
                self.0.borrow_mut().wake = Some(resolve);
            });
            let _ = JsFuture::from(promise).await;
        }
        let mut state = self.0.borrow_mut();
        state.fresh = false;
        state.wake = None;
    }
}

/// Waits `ms` milliseconds without holding up the page.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

#[component]
fn Preview(preview: ImportPreview) -> impl IntoView {
    let summary = i18n::import_summary(preview.valid, preview.invalid);
    let rows = preview
        .rows
        .into_iter()
        .map(|row| {
            let name = row.friendly_name;
            let problems = if row.problems.is_empty() {
                t().import_row_ok.to_owned()
            } else {
                i18n::refusals_or(&row.said, row.problems.join(" "))
            };
            let class = if row.problems.is_empty() {
                "row-ok"
            } else {
                "row-problem"
            };
            view! {
                <tr class=class>
                    <td>{row.line}</td>
                    <td>{name}</td>
                    <td>{problems}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p role="status">{summary}</p>
        <table class="data import-preview">
            <thead>
                <tr>
                    <th scope="col">{tr(|t| t.column_line)}</th>
                    <th scope="col">{tr(|t| t.column_name)}</th>
                    <th scope="col">{tr(|t| t.column_result)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn Progress(progress: ImportProgress) -> impl IntoView {
    let done = progress.created + progress.failed;
    let headline = if progress.finished {
        i18n::import_finished(progress.created, progress.failed)
    } else {
        i18n::import_running(done, progress.total)
    };
    let rows = progress
        .rows
        .into_iter()
        .map(|row| {
            let (label, class) = state_label(row.state);
            let result = match (&row.conversation_sid, &row.error) {
                (Some(sid), _) => {
                    view! { <a href=format!("/conversations/{sid}")>{sid.clone()}</a> }.into_any()
                }
                (None, Some(error)) => {
                    view! { <span>{i18n::refusals_or(&row.said, error.clone())}</span> }.into_any()
                }
                _ => ().into_any(),
            };
            view! {
                <tr class=class>
                    <td>{row.line}</td>
                    <td>{row.friendly_name}</td>
                    <td><span class="state">{label}</span>" "{result}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p role="status">{headline}</p>
        <progress max=progress.total.to_string() value=done.to_string() aria-label=tr(|t| t.import_title)></progress>
        <table class="data import-results">
            <thead>
                <tr>
                    <th scope="col">{tr(|t| t.column_line)}</th>
                    <th scope="col">{tr(|t| t.column_name)}</th>
                    <th scope="col">{tr(|t| t.column_result)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn state_label(state: ImportRowState) -> (&'static str, &'static str) {
    match state {
        ImportRowState::Pending => (t().import_state_pending, "row-pending"),
        ImportRowState::Running => (t().import_state_running, "row-pending"),
        ImportRowState::Created => (t().import_state_created, "row-ok"),
        ImportRowState::Failed => (t().import_state_failed, "row-problem"),
    }
}
