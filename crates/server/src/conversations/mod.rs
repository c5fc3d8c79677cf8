//! Conversations as the UI sees them: the list and its searches (from the mirror once it is
//! ready, `mirrored`; else Twilio's, `list`), one conversation in detail, closing and deleting,
//! and each person's WhatsApp window read from recent messages.

pub mod filters;
mod list;
mod mirror_rows;
pub mod mirrored;
mod source;
pub mod transcript;

use futures_util::future::try_join_all;
use switchboard_core::ConversationSid;
use switchboard_core::api::{ConversationDetail, MessageView, ParticipantView};
use switchboard_twilio::wire::{Message, Participant};
use switchboard_twilio::{ConversationParams, MessageOrder};

use crate::error::{AppError, said};
use crate::state::AppState;
use crate::views;
pub use list::{Cursor, Search, page, page_size, parse_state, search};
pub use mirror_rows::rfc3339_ms;
pub use source::list_source;

/// Messages shown in the detail's timeline.
const TIMELINE_MESSAGES: u32 = 50;

/// Twilio's 404 for the conversation, as a sentence that names it.
pub fn not_found_as(error: switchboard_twilio::Error, sid: &ConversationSid) -> AppError {
    match error.twilio_code() {
        Some(20404) => AppError::not_found(said!(no_conversation, sid = sid)),
        _ => error.into(),
    }
}

/// The conversation's participants, each with the WhatsApp window its `recent` newest messages show.
pub async fn participants(
    state: &AppState,
    sid: &str,
    recent: u32,
) -> Result<Vec<ParticipantView>, switchboard_twilio::Error> {
    let (participants, messages) = tokio::try_join!(
        state.twilio.list_participants(sid),
        state
            .twilio
            .messages_page(sid, MessageOrder::NewestFirst, recent),
    )?;
    Ok(with_windows(state, participants, &messages.items))
}

fn with_windows(
    state: &AppState,
    participants: Vec<Participant>,
    messages: &[Message],
) -> Vec<ParticipantView> {
    let now = state.clock.now();
    participants
        .into_iter()
        .map(|p| views::participant(p, messages, now))
        .collect()
}

pub async fn detail(
    state: &AppState,
    sid: &ConversationSid,
) -> Result<ConversationDetail, AppError> {
    let twilio = &state.twilio;
    let (conversation, participants, messages, webhooks) = tokio::try_join!(
        twilio.fetch_conversation(sid.as_str()),
        twilio.list_participants(sid.as_str()),
        twilio.messages_page(sid.as_str(), MessageOrder::NewestFirst, TIMELINE_MESSAGES),
        twilio.list_webhooks(sid.as_str()),
    )
    .map_err(|e| not_found_as(e, sid))?;
    let participants = with_windows(state, participants, &messages.items);
    let messages = try_join_all(
        messages
            .items
            .into_iter()
            .rev()
            .map(|m| message_with_receipts(state, sid, m)),
    )
    .await?;
    let attributes = conversation.attributes.clone();
    let end = crate::mirror::row::end(attributes.as_deref());
    Ok(ConversationDetail {
        conversation: views::conversation_row(conversation, participants),
        attributes,
        messages,
        webhooks: webhooks.into_iter().map(views::webhook).collect(),
        opt_in: crate::opt_in::status(&state.db, sid.as_str()).await?,
        end,
        now: Some(views::rfc3339(state.clock.now())),
    })
}

/// Receipts are read only for messages whose summary shows a failure: the rest need no extra call.
async fn message_with_receipts(
    state: &AppState,
    conversation: &ConversationSid,
    message: Message,
) -> Result<MessageView, AppError> {
    let receipts = if views::has_failures(&message) {
        state
            .twilio
            .message_receipts(conversation.as_str(), &message.sid)
            .await?
    } else {
        Vec::new()
    };
    Ok(views::message(message, receipts))
}

/// Closes the conversation for good, which frees its number pairs.
pub async fn close(state: &AppState, sid: &ConversationSid) -> Result<(), AppError> {
    let params = ConversationParams {
        state: Some("closed".into()),
        ..ConversationParams::default()
    };
    state
        .twilio
        .update_conversation(sid.as_str(), &params)
        .await
        .map(drop)
        .map_err(|e| not_found_as(e, sid))?;
    crate::mirror::note_changed(state, sid.as_str());
    Ok(())
}

pub async fn delete(state: &AppState, sid: &ConversationSid) -> Result<(), AppError> {
    state
        .twilio
        .delete_conversation(sid.as_str())
        .await
        .map_err(|e| not_found_as(e, sid))?;
    crate::mirror::note_deleted(state, sid.as_str());
    Ok(())
}
