//! Ending many conversations from the list in one confirmed step: the ones chosen, or all that match
//! the filters, with a progress bar while the server ends them and the ones it could not, with why.

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use switchboard_core::api::{BulkEndProgress, BulkEndRequest, BulkEndRowState};

use crate::api::{self, ApiError, ListFilter};
use crate::components::confirm::ConfirmButton;
use crate::components::toasts::Toasts;
use crate::i18n::{self, t, tr};

/// How often a running bulk end's progress is read.
const POLL: Duration = Duration::from_millis(500);

/// The conversations chosen in the list, by SID.
pub type Chosen = RwSignal<BTreeSet<String>>;

#[component]
pub fn BulkEnd(
    chosen: Chosen,
    #[prop(into)] filter: Signal<ListFilter>,
    /// Open conversations matching the filters (active and inactive), when the mirror counts them.
    #[prop(into)]
    matching: Signal<Option<u64>>,
) -> impl IntoView {
    let toasts = Toasts::get();
    let start = Action::new_local(move |request: &BulkEndRequest| {
        let request = request.clone();
        async move {
            let started = api::start_bulk_end(request).await;
            if let Err(error) = &started {
                toasts.failed(error.message.clone());
            } else {
                chosen.set(BTreeSet::new());
            }
            started
        }
    });
    let running = Signal::derive(move || {
        start
            .value()
            .with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).map(|p| p.id))
    });
    let tick = RwSignal::new(0u32);
    let progress = LocalResource::new(move || {
        tick.track();
        let id = running.get();
        async move {
            match id {
                Some(id) => api::bulk_end(id).await.map(Some),
                None => Ok::<_, ApiError>(None),
            }
        }
    });
    // Read again while one runs, and no more once it has finished.
    let unfinished = move || {
        running.get_untracked().is_some()
            && !progress
                .get_untracked()
                .and_then(Result::ok)
                .flatten()
                .is_some_and(|p| p.finished)
    };
    if let Ok(clock) = set_interval_with_handle(
        move || {
            if unfinished() {
                tick.update(|n| *n += 1);
            }
        },
        POLL,
    ) {
        on_cleanup(move || clock.clear());
    }
    let end_chosen = move || {
        let sids: Vec<String> = chosen.get_untracked().into_iter().collect();
        start.dispatch(BulkEndRequest {
            sids,
            matching: None,
        });
    };
    let end_matching = move || {
        let mut query = filter.get_untracked();
        query.page = String::new();
        let matching = api::query_string(&query.pairs())
            .trim_start_matches('?')
            .to_owned();
        start.dispatch(BulkEndRequest {
            sids: Vec::new(),
            matching: Some(matching),
        });
    };
    let busy = move || start.pending().get();
    view! {
        <div class="bulk-end">
            <p role="status">{move || i18n::bulk_chosen(chosen.with(BTreeSet::len), matching.get().unwrap_or(0))}</p>
            {move || {
                let count = chosen.with(BTreeSet::len) as u64;
                view! {
                    <ConfirmButton
                        label=|t| t.end_chosen
                        title=i18n::bulk_end_question(count)
                        consequence=t().bulk_end_consequence.to_owned()
                        confirm_label=|t| t.bulk_end_confirm
                        on_confirm=end_chosen
                        disabled=Signal::derive(move || count == 0 || busy())
                    />
                }
            }}
            {move || matching.get().filter(|n| *n > 0).map(|count| view! {
                <ConfirmButton
                    label=|t| t.end_matching
                    title=i18n::bulk_end_question(count)
                    consequence=t().bulk_end_consequence.to_owned()
                    confirm_label=|t| t.bulk_end_confirm
                    on_confirm=end_matching
                    disabled=Signal::derive(busy)
                />
            })}
            {move || progress.get().and_then(Result::ok).flatten().map(|p| view! { <Progress progress=p/> })}
        </div>
    }
}

#[component]
fn Progress(progress: BulkEndProgress) -> impl IntoView {
    let done = progress.ended + progress.failed;
    let failures = progress
        .rows
        .iter()
        .filter(|row| row.state == BulkEndRowState::Failed)
        .map(|row| {
            let name = row.friendly_name.clone().unwrap_or_else(|| row.conversation_sid.clone());
            let reason = row.note.clone().unwrap_or_default();
            view! {
                <li><a href=format!("/conversations/{}", row.conversation_sid)>{i18n::bulk_failed_row(&name, &reason)}</a></li>
            }
        })
        .collect_view();
    view! {
        <section class="bulk-progress" aria-label=tr(|t| t.bulk_end_title)>
            <progress max=progress.total.to_string() value=done.to_string() aria-label=tr(|t| t.bulk_end_title)></progress>
            <p role="status">{i18n::bulk_end_progress(progress.ended, progress.failed, progress.total, progress.finished)}</p>
            <ul class="bulk-failures">{failures}</ul>
        </section>
    }
}
