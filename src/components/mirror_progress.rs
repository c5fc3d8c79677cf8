//! How far the mirror's first walk of the account has got: a progress bar and a sentence.

use leptos::prelude::*;
use switchboard_core::api::WalkProgress;

use crate::format::{count, local_time};
use crate::i18n::{self, tr};

/// The walk as it stands. While it runs the total is unknown, so the bar moves without an end
/// and the sentence counts what was read; once finished the bar is full.
#[component]
pub fn MirrorProgress(#[prop(into)] walk: Signal<WalkProgress>) -> impl IntoView {
    move || {
        match walk.get() {
        WalkProgress::NotStarted => view! {
            <p class="walk" data-walk="not_started">{tr(|t| t.mirror_not_started)}</p>
        }
        .into_any(),
        WalkProgress::Running { done, .. } => {
            let said = i18n::mirror_running(done);
            view! {
                <div class="walk" data-walk="running">
                    <progress aria-label=tr(|t| t.mirror_reading) aria-valuetext=said.clone()></progress>
                    <p role="status">{said}</p>
                </div>
            }
            .into_any()
        }
        WalkProgress::Finished {
            done, finished_at, ..
        } => view! {
            <div class="walk" data-walk="finished">
                <progress aria-label=tr(|t| t.mirror_reading) max="1" value="1"></progress>
                <p role="status">{i18n::mirror_finished(&count(done), &local_time(&finished_at))}</p>
            </div>
        }
        .into_any(),
    }
    }
}
