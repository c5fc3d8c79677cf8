//! The demo account an operator finds on first start: the conversations of Switchboard's own stories.

use time::{Duration, OffsetDateTime};

use crate::store::{ConversationState, NewConversation, Store};

/// Oldest first, as Twilio lists them: (friendly name, attributes, state, hours ago).
const DEMO: &[(&str, &str, ConversationState, i64)] = &[
    (
        "Clinic follow-up — patient 2231",
        r#"{"patient":"2231"}"#,
        ConversationState::Closed,
        170,
    ),
    (
        "Viewing 14 Elm St — Chen ⇄ agent Dana",
        r#"{"listing":"14-elm"}"#,
        ConversationState::Inactive,
        50,
    ),
    (
        "Order 8813 — Maria ⇄ Bruno",
        r#"{"order":"8813"}"#,
        ConversationState::Active,
        26,
    ),
    (
        "Order 8812 — Robert ⇄ Alicia",
        r#"{"order":"8812"}"#,
        ConversationState::Active,
        3,
    ),
];

pub fn demo(store: &mut Store) {
    let now = OffsetDateTime::now_utc();
    for (name, attributes, state, hours_ago) in DEMO {
        store.create_conversation(NewConversation {
            friendly_name: Some((*name).to_owned()),
            unique_name: None,
            attributes: Some((*attributes).to_owned()),
            state: Some(*state),
            date_created: Some(now - Duration::hours(*hours_ago)),
        });
    }
}
