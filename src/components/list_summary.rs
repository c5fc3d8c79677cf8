//! What the conversations list covers and how many conversations each state holds, above the list.

use leptos::prelude::*;
use switchboard_core::api::{ListSource, StateCounts};

use crate::api::{ListFilter, query_string};
use crate::format::count;
use crate::i18n::{self, t, tr};

/// One line saying what a search covers, from where the rows came.
#[component]
pub fn Coverage(#[prop(into)] source: Signal<Option<ListSource>>) -> impl IntoView {
    move || {
        source.get().map(|source| {
            let (kind, words) = match source {
                ListSource::Mirror => ("mirror", t().coverage_mirror.to_owned()),
                ListSource::Twilio => ("twilio", t().coverage_twilio.to_owned()),
                ListSource::Filling { done } => ("filling", i18n::coverage_filling(&count(done))),
            };
            view! { <p class="hint coverage" data-source=kind>{words}</p> }
        })
    }
}

/// Links that show every conversation or those of one state, each with how many there are; the
/// other filters stay as they are.
#[component]
pub fn StateTabs(
    #[prop(into)] filter: Signal<ListFilter>,
    #[prop(into)] counts: Signal<Option<StateCounts>>,
) -> impl IntoView {
    move || {
        counts.get().map(|counts| {
            let all = counts.active + counts.inactive + counts.closed;
            let stopped = |n: u64| counts.stopped_at(n);
            let tabs = [
                (
                    "",
                    t().state_all,
                    all,
                    [counts.active, counts.inactive, counts.closed]
                        .into_iter()
                        .any(stopped),
                ),
                (
                    "active",
                    t().state_active,
                    counts.active,
                    stopped(counts.active),
                ),
                (
                    "inactive",
                    t().state_inactive,
                    counts.inactive,
                    stopped(counts.inactive),
                ),
                (
                    "closed",
                    t().state_closed,
                    counts.closed,
                    stopped(counts.closed),
                ),
            ];
            let current = filter.with(|f| f.state.clone());
            let links = tabs
                .into_iter()
                .map(|(state, label, n, stopped)| {
                    // A search that matches very many is counted only so far: "1,000+".
                    let n = if stopped {
                        format!("{}+", count(n))
                    } else {
                        count(n)
                    };
                    let href = format!(
                        "/conversations{}",
                        query_string(&filter.with(|f| f.in_state(state)).pairs())
                    );
                    let here = (current == state).then_some("page");
                    view! {
                        <li>
                            <a href=href aria-current=here data-state=state>
                                {i18n::state_count(label, &n)}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <nav class="state-tabs" aria-label=tr(|t| t.counts_label)>
                    <ul>{links}</ul>
                </nav>
            }
        })
    }
}
