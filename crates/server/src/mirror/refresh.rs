//! Storing what a read of Twilio found for one conversation, and `refresh_conversation`: read one
//! conversation again and store it, as the server's own writes and the reconcile do.

use std::collections::HashMap;

use serde_json::Value;
use sqlx::Row;
use switchboard_core::api::Event;
use switchboard_twilio::wire::Message;

use super::MirrorError;
use super::failures::{self, Failure};
use super::read::{self, Budget, Snapshot};
use super::row::{self, millis};
use super::store;
use crate::db::{Db, now_millis};
use crate::state::AppState;

/// What a refresh did to the mirror's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Unchanged,
    Changed,
    Removed,
}

/// Reads one conversation from Twilio and stores it (or its removal), telling open pages when the
/// row changed. A failure to read leaves the row as it was, for the reconcile to mend.
pub async fn refresh_conversation(state: &AppState, sid: &str) -> Outcome {
    match refresh_with(state, sid, &Budget::unlimited()).await {
        Ok(outcome) => outcome,
        Err(error) => {
            tracing::warn!(%error, "could not refresh a conversation of the mirror");
            Outcome::Unchanged
        }
    }
}

pub(super) async fn refresh_with(
    state: &AppState,
    sid: &str,
    budget: &Budget,
) -> Result<Outcome, MirrorError> {
    match read::fetch(&state.twilio, sid, budget).await? {
        Some(snapshot) => Ok(store_snapshot(state, &snapshot).await?),
        None => Ok(note_removed(state, sid).await?),
    }
}

/// Twilio no longer has the conversation: its row is kept as removed.
pub async fn note_removed(state: &AppState, sid: &str) -> Result<Outcome, sqlx::Error> {
    if store::remove_conversation(&state.db, sid, now_millis()).await? {
        state.events.publish(Event::ConversationRemoved {
            conversation_sid: sid.to_owned(),
        });
        return Ok(Outcome::Removed);
    }
    Ok(Outcome::Unchanged)
}

/// Stores a read conversation, publishing `ConversationChanged` when its row differs after.
pub async fn store_snapshot(state: &AppState, snapshot: &Snapshot) -> Result<Outcome, sqlx::Error> {
    let sid = snapshot.conversation.sid.as_str();
    let before = digest(&state.db, sid).await?;
    write(&state.db, snapshot).await?;
    let after = digest(&state.db, sid).await?;
    if before == after {
        return Ok(Outcome::Unchanged);
    }
    state.events.publish(Event::ConversationChanged {
        conversation_sid: sid.to_owned(),
    });
    Ok(Outcome::Changed)
}

/// Writes every column a read of Twilio determines, one read of a conversation at a time; a read
/// older than the one the row holds (a refresh that waited behind a reconcile) is left out.
pub async fn write(db: &Db, snapshot: &Snapshot) -> Result<(), sqlx::Error> {
    let now = now_millis();
    let conversation = row::conversation(&snapshot.conversation);
    let sid = conversation.sid.as_str();
    let _one_at_a_time = store::writing(sid).await;
    if !store::read_is_newest(db, sid, snapshot.read_ms).await? {
        return Ok(());
    }
    store::upsert_conversation(db, &conversation, snapshot.read_ms, true).await?;
    store::confirm(db, sid, snapshot.read_ms).await?;
    let mut present = Vec::new();
    for (position, p) in snapshot.participants.iter().enumerate() {
        let mut person = row::participant(p);
        // Twilio lists people in the order they were added, which within one second of
        // `date_created` is all that tells them apart; the list shows them in that order.
        person.created_ms += position as i64;
        store::upsert_participant(db, &person, true).await?;
        present.push(p.sid.as_str());
    }
    for gone in store::participant_sids(db, sid).await? {
        if !present.contains(&gone.as_str()) {
            store::remove_participant(db, sid, &gone, now).await?;
        }
    }
    let last = snapshot.messages.first().map(row::last_message);
    store::set_last_message(db, sid, last.as_ref(), false).await?;
    for (participant, at) in last_own_messages(&snapshot.messages) {
        store::note_inbound(db, participant, at).await?;
    }
    write_failures(db, snapshot, now).await?;
    store::recompute(db, sid).await
}

/// Each participant's newest message written on their phone among those read, as the conversation
/// page judges the window (`views::written_by`).
fn last_own_messages(messages: &[Message]) -> HashMap<&str, i64> {
    let mut last = HashMap::new();
    for m in messages {
        if let (Some(p), Some(at)) = (
            crate::views::written_by(m),
            millis(m.date_created.as_deref()),
        ) {
            let entry = last.entry(p).or_insert(at);
            *entry = (*entry).max(at);
        }
    }
    last
}

async fn write_failures(db: &Db, snapshot: &Snapshot, now: i64) -> Result<(), sqlx::Error> {
    let sid = snapshot.conversation.sid.as_str();
    let mut seen = Vec::new();
    for (index, receipt) in &snapshot.receipts {
        let Some(participant) = receipt.participant_sid.clone() else {
            continue;
        };
        if matches!(receipt.status.as_str(), "failed" | "undelivered") {
            seen.push(Failure {
                message_index: *index,
                participant_sid: participant,
                error_code: receipt.error_code,
                failed_ms: millis(receipt.date_updated.as_deref()).unwrap_or(now),
            });
        }
    }
    if let Some(oldest) = snapshot.messages.iter().map(|m| m.index).min() {
        failures::forget_unseen(db, sid, oldest, &seen).await?;
    }
    for failure in &seen {
        failures::add(db, sid, failure).await?;
    }
    for (index, receipt) in &snapshot.receipts {
        if let (Some(p), "delivered" | "read") = (&receipt.participant_sid, receipt.status.as_str())
        {
            failures::clear_before(db, sid, p, *index, now).await?;
        }
    }
    for m in &snapshot.messages {
        if reached_everyone(m) {
            for p in &snapshot.participants {
                if m.participant_sid.as_deref() != Some(p.sid.as_str()) {
                    failures::clear_before(db, sid, &p.sid, m.index, now).await?;
                }
            }
        }
    }
    Ok(())
}

/// Whether the message's delivery summary says every recipient got it.
fn reached_everyone(m: &Message) -> bool {
    let Some(delivery) = m.delivery.as_ref() else {
        return false;
    };
    ["delivered", "read"]
        .iter()
        .any(|k| delivery.get(*k).and_then(Value::as_str) == Some("all"))
}

/// The row as the list would show it (all but `confirmed_ms`), to tell whether a write changed it.
pub async fn digest(db: &Db, sid: &str) -> Result<Option<String>, sqlx::Error> {
    let head = sqlx::query(
        "SELECT unique_name, friendly_name, reference, state, created_ms, updated_ms, activity_ms, \
         inactive_at_ms, closed_at_ms, channels, numbers, search, last_message_index, last_message_preview, \
         last_failure_index, last_failure_participant, window_until_ms, removed_ms \
         FROM mirror_conversations WHERE sid = $1",
    )
    .bind(sid)
    .fetch_optional(db)
    .await?;
    let Some(head) = head else {
        return Ok(None);
    };
    let texts = [
        "unique_name",
        "friendly_name",
        "reference",
        "state",
        "channels",
        "numbers",
        "search",
        "last_message_preview",
        "last_failure_participant",
    ]
    .map(|c| head.get::<Option<String>, _>(c));
    let numbers = [
        "created_ms",
        "updated_ms",
        "activity_ms",
        "inactive_at_ms",
        "closed_at_ms",
        "last_message_index",
        "last_failure_index",
        "window_until_ms",
        "removed_ms",
    ]
    .map(|c| head.get::<Option<i64>, _>(c));
    Ok(Some(format!("{texts:?}{numbers:?}")))
}
