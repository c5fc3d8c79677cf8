//! Applying one Twilio event to the mirror and telling open pages. Older facts lose to newer ones
//! (store's conditions); what an event cannot say by itself (a delivery's message index, what a
//! removed message leaves last) is read from Twilio in the background, so the hook answers at once.

use switchboard_core::api::Event;

use super::event::TwilioEvent;
use super::failures::{self, Failure};
use super::refresh::{note_removed, refresh_conversation};
use super::store;
use crate::db::now_millis;
use crate::state::AppState;

pub async fn apply(state: &AppState, event: TwilioEvent) -> Result<(), sqlx::Error> {
    let db = &state.db;
    let changed = |sid: &str| Event::ConversationChanged {
        conversation_sid: sid.to_owned(),
    };
    match event {
        TwilioEvent::ConversationSaved(fields) => {
            if store::event_may_be_news(db, &fields.sid, fields.updated_ms).await?
                && store::upsert_conversation(db, &fields, 0, false).await?
            {
                store::recompute(db, &fields.sid).await?;
                state.events.publish(changed(&fields.sid));
            }
        }
        TwilioEvent::ConversationRemoved { conversation_sid } => {
            note_removed(state, &conversation_sid).await?;
        }
        TwilioEvent::ParticipantSaved(fields) => {
            if !known(state, &fields.conversation_sid).await?
                || !store::event_may_be_news(db, &fields.conversation_sid, fields.updated_ms)
                    .await?
            {
                return Ok(());
            }
            if store::upsert_participant(db, &fields, false).await? {
                store::recompute(db, &fields.conversation_sid).await?;
                state.events.publish(changed(&fields.conversation_sid));
            }
        }
        TwilioEvent::ParticipantRemoved {
            conversation_sid,
            participant_sid,
        } => {
            if store::remove_participant(db, &conversation_sid, &participant_sid, now_millis())
                .await?
            {
                store::recompute(db, &conversation_sid).await?;
                state.events.publish(changed(&conversation_sid));
            }
        }
        TwilioEvent::MessageSaved {
            conversation_sid,
            message,
            written_by,
        } => {
            if known(state, &conversation_sid).await? {
                store::set_last_message(db, &conversation_sid, Some(&message), true).await?;
                store::follow_timers(db, &conversation_sid, message.at_ms).await?;
                if let Some(participant) = written_by {
                    store::note_inbound(db, &participant, message.at_ms).await?;
                }
                store::recompute(db, &conversation_sid).await?;
            }
            // An open page reads Twilio itself: it is told even while the mirror catches up.
            state.events.publish(Event::MessageAdded {
                conversation_sid,
                index: message.index,
            });
        }
        TwilioEvent::MessageRemoved {
            conversation_sid, ..
        } => {
            let state = state.clone();
            tokio::spawn(async move { refresh_conversation(&state, &conversation_sid).await });
        }
        TwilioEvent::DeliveryUpdated {
            conversation_sid,
            message_sid,
            participant_sid,
            status,
            error_code,
            at_ms,
        } => {
            let state = state.clone();
            tokio::spawn(async move {
                let delivery = Delivery {
                    conversation_sid,
                    message_sid,
                    participant_sid,
                    status,
                    error_code,
                    at_ms: at_ms.unwrap_or_else(now_millis),
                };
                if let Err(error) = delivery.apply(&state).await {
                    tracing::warn!(%error, "could not note a delivery in the mirror");
                }
            });
        }
    }
    Ok(())
}

/// Whether the mirror holds the conversation; when it has never heard of it, it is read from
/// Twilio in the background (a missed `onConversationAdded`), and a removed one is left alone.
async fn known(state: &AppState, sid: &str) -> Result<bool, sqlx::Error> {
    let removed: Option<Option<i64>> =
        sqlx::query_scalar("SELECT removed_ms FROM mirror_conversations WHERE sid = $1")
            .bind(sid)
            .fetch_optional(&state.db)
            .await?;
    match removed {
        Some(None) => Ok(true),
        Some(Some(_)) => Ok(false),
        None => {
            let (state, sid) = (state.clone(), sid.to_owned());
            tokio::spawn(async move { refresh_conversation(&state, &sid).await });
            Ok(false)
        }
    }
}

struct Delivery {
    conversation_sid: String,
    message_sid: String,
    participant_sid: String,
    status: String,
    error_code: Option<i64>,
    at_ms: i64,
}

impl Delivery {
    /// Finds the message's index (the event names the message by SID only), then notes the
    /// failure or clears the participant's earlier ones.
    async fn apply(self, state: &AppState) -> Result<(), super::MirrorError> {
        let message = state
            .twilio
            .fetch_message(&self.conversation_sid, &self.message_sid)
            .await?;
        let db = &state.db;
        let sid = self.conversation_sid.as_str();
        match self.status.as_str() {
            "failed" | "undelivered" => {
                let failure = Failure {
                    message_index: message.index,
                    participant_sid: self.participant_sid.clone(),
                    error_code: self.error_code,
                    failed_ms: self.at_ms,
                };
                failures::add(db, sid, &failure).await?;
            }
            "delivered" | "read" => {
                failures::clear_before(db, sid, &self.participant_sid, message.index, self.at_ms)
                    .await?;
            }
            _ => {}
        }
        failures::recompute_last(db, sid).await?;
        state.events.publish(Event::DeliveryUpdated {
            conversation_sid: self.conversation_sid,
            index: message.index,
            status: self.status,
        });
        Ok(())
    }
}
