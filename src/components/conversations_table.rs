//! The conversations list as a table, and how a conversation's state is shown. Rows are keyed by
//! what they show, so a list read again redraws only the rows that changed and the operator keeps
//! their place and focus.

use std::time::Duration;

use leptos::prelude::*;
use switchboard_core::api::{ConversationRow, ConversationState};

use crate::components::bulk_end::Chosen;
use crate::components::pairing_end::ending_words;
use crate::format::{local_time, now_ms, relative_time};
use crate::i18n::{self, t, tr};
use crate::people::{conversation_name, pairing, phone, side, window_badge};

/// How often "5 minutes ago" is worked out again.
const CLOCK: Duration = Duration::from_secs(30);

/// The conversations list: one row per conversation, or `empty` when there are none.
#[component]
pub fn ConversationsTable(
    #[prop(into)] rows: Signal<Vec<ConversationRow>>,
    /// What an empty list means here; "no conversations yet" when not given.
    #[prop(optional, into)]
    empty: Option<Signal<&'static str>>,
    /// With it, each row has a checkbox that chooses it (for ending many at once).
    #[prop(optional)]
    chosen: Option<Chosen>,
) -> impl IntoView {
    let now = RwSignal::new(now_ms());
    if let Ok(clock) = set_interval_with_handle(move || now.set(now_ms()), CLOCK) {
        on_cleanup(move || clock.clear());
    }
    let empty = move || empty.map_or(t().no_conversations, |e| e.get());
    view! {
        <Show
            when=move || rows.with(|r| !r.is_empty())
            fallback=move || view! { <p class="empty">{empty}</p> }
        >
            <table class="conversations">
                <thead>
                    <tr>
                        {chosen.map(|_| view! { <th scope="col"><span class="visually-hidden">{tr(|t| t.column_choose)}</span></th> })}
                        <th scope="col">{tr(|t| t.column_name)}</th>
                        <th scope="col">{tr(|t| t.column_state)}</th>
                        <th scope="col">{tr(|t| t.column_window)}</th>
                        <th scope="col">{tr(|t| t.column_last_activity)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=row_key let:row>
                        <Row row now=now.into() chosen/>
                    </For>
                </tbody>
            </table>
        </Show>
    }
}

/// A row is drawn again only when something it shows changed.
fn row_key(row: &ConversationRow) -> String {
    crate::api::encode(row).unwrap_or_else(|| row.sid.clone())
}

/// When the conversation last moved: its newest message, else Twilio's last change, else its start.
pub fn last_activity(row: &ConversationRow) -> String {
    row.last_message
        .as_ref()
        .map(|m| m.at.clone())
        .or_else(|| row.date_updated.clone())
        .unwrap_or_else(|| row.date_created.clone())
}

/// The newest message as one short line, with who wrote it.
pub fn preview(row: &ConversationRow) -> Option<String> {
    let message = row.last_message.as_ref()?;
    let text = message.preview.clone().filter(|p| !p.trim().is_empty())?;
    Some(match &message.author {
        Some(author) if author != "system" => {
            let by_person = row
                .participants
                .iter()
                .find(|p| {
                    p.address.as_deref() == Some(author) || p.identity.as_deref() == Some(author)
                })
                .map(side);
            i18n::last_message_by(&by_person.unwrap_or_else(|| phone(author)), &text)
        }
        _ => text,
    })
}

#[component]
fn Row(row: ConversationRow, now: Signal<f64>, chosen: Option<Chosen>) -> impl IntoView {
    let name = conversation_name(&row);
    let (label, class) = state_label(row.state);
    let last = last_activity(&row);
    let shown_last = last.clone();
    let windows = row
        .participants
        .iter()
        .filter_map(|p| {
            window_badge(p.window.as_ref()).map(|(words, class)| {
                view! { <span class=format!("badge {class}")>{i18n::labelled(&side(p), words)}</span> }
            })
        })
        .collect_view();
    let failure = row.last_failure.as_ref().map(|failure| {
        let reason = failure
            .error_code
            .map(i18n::delivery_failure)
            .unwrap_or_else(|| t().delivery_failed.to_owned());
        let title = i18n::failed_mark_title(&reason, &local_time(&failure.at));
        view! { <span class="badge badge-failed" title=title>{tr(|t| t.delivery_failed_mark)}</span> }
    });
    let failed = row.last_failure.is_some().then_some("true");
    let ending = row.ending.clone();
    view! {
        <tr data-sid=row.sid.clone() data-failed=failed>
            {chosen.map(|chosen| {
                let sid = row.sid.clone();
                let shown = sid.clone();
                let label = i18n::choose_conversation(&name);
                view! {
                    <td>
                        <input
                            type="checkbox"
                            aria-label=label
                            prop:checked=move || chosen.with(|c| c.contains(&shown))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|c| {
                                    if on {
                                        c.insert(sid.clone());
                                    } else {
                                        c.remove(&sid);
                                    }
                                });
                            }
                        />
                    </td>
                }
            })}
            <td>
                <a href=format!("/conversations/{}", row.sid)>{name}</a>
                " "
                {failure}
                <div class="pairing">{pairing(&row.participants)}</div>
            </td>
            <td>
                <span class=format!("state {class}")>{label}</span>
                {ending.map(|ending| view! {
                    <div class="ending">{move || { now.track(); ending_words(&ending) }}</div>
                })}
            </td>
            <td class="windows">{windows}</td>
            <td class="activity">
                <time datetime=last.clone() title=local_time(&last)>
                    {move || relative_time(&shown_last, now.get())}
                </time>
                {preview(&row).map(|text| view! { <div class="preview">{text}</div> })}
            </td>
        </tr>
    }
}

pub fn state_label(state: ConversationState) -> (&'static str, &'static str) {
    match state {
        ConversationState::Initializing => (t().state_initializing, "state-initializing"),
        ConversationState::Active => (t().state_active, "state-active"),
        ConversationState::Inactive => (t().state_inactive, "state-inactive"),
        ConversationState::Closed => (t().state_closed, "state-closed"),
    }
}
