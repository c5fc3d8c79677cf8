use leptos::prelude::*;
use switchboard_core::api::{ConversationRow, ConversationState};

use crate::format::local_time;
use crate::i18n::t;

/// The conversations list: one row per conversation, or a sentence when there are none.
#[component]
pub fn ConversationsTable(rows: Vec<ConversationRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{t().no_conversations}</p> }.into_any();
    }
    view! {
        <table class="conversations">
            <thead>
                <tr>
                    <th scope="col">{t().column_name}</th>
                    <th scope="col">{t().column_state}</th>
                    <th scope="col">{t().column_created}</th>
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
    let name = row
        .friendly_name
        .or(row.unique_name)
        .unwrap_or_else(|| t().unnamed_conversation.to_owned());
    let (label, class) = state_label(row.state);
    view! {
        <tr data-sid=row.sid>
            <td>{name}</td>
            <td>
                <span class=format!("state {class}")>{label}</span>
            </td>
            <td>
                <time datetime=row.date_created.clone()>{local_time(&row.date_created)}</time>
            </td>
        </tr>
    }
}

fn state_label(state: ConversationState) -> (&'static str, &'static str) {
    match state {
        ConversationState::Initializing => (t().state_initializing, "state-initializing"),
        ConversationState::Active => (t().state_active, "state-active"),
        ConversationState::Inactive => (t().state_inactive, "state-inactive"),
        ConversationState::Closed => (t().state_closed, "state-closed"),
    }
}
