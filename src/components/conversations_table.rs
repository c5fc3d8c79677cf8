//! The conversations list as a table, and how a conversation's state is shown.

use leptos::prelude::*;
use switchboard_core::api::{ConversationRow, ConversationState};

use crate::format::local_time;
use crate::i18n::{self, t};
use crate::people::{conversation_name, pairing, side, window_badge};

/// The conversations list: one row per conversation, or a sentence when there are none.
#[component]
pub fn ConversationsTable(
    rows: Vec<ConversationRow>,
    /// Whether a search or filter is narrowing the list, which changes what "nothing" means.
    #[prop(optional)]
    filtered: bool,
) -> impl IntoView {
    if rows.is_empty() {
        let sentence = if filtered {
            t().no_matching_conversations
        } else {
            t().no_conversations
        };
        return view! { <p class="empty">{sentence}</p> }.into_any();
    }
    view! {
        <table class="conversations">
            <thead>
                <tr>
                    <th scope="col">{t().column_name}</th>
                    <th scope="col">{t().column_state}</th>
                    <th scope="col">{t().column_window}</th>
                    <th scope="col">{t().column_last_activity}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! { <Row row/> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn Row(row: ConversationRow) -> impl IntoView {
    let name = conversation_name(&row);
    let (label, class) = state_label(row.state);
    let last = row.date_updated.clone().unwrap_or(row.date_created.clone());
    let windows = row
        .participants
        .iter()
        .filter_map(|p| {
            window_badge(p.window.as_ref()).map(|(words, class)| {
                view! { <span class=format!("badge {class}")>{i18n::labelled(&side(p), words)}</span> }
            })
        })
        .collect_view();
    view! {
        <tr data-sid=row.sid.clone()>
            <td>
                <a href=format!("/conversations/{}", row.sid)>{name}</a>
                <div class="pairing">{pairing(&row.participants)}</div>
            </td>
            <td>
                <span class=format!("state {class}")>{label}</span>
            </td>
            <td class="windows">{windows}</td>
            <td>
                <time datetime=last.clone()>{local_time(&last)}</time>
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
