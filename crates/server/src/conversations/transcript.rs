//! A conversation's transcript to keep or hand on: every message, oldest first, with each
//! recipient's delivery outcome read from Twilio's receipts, as JSON or as CSV (one line per message
//! and recipient).

use futures_util::future::try_join_all;
use switchboard_core::ConversationSid;
use switchboard_core::api::{ParticipantView, Transcript};

use super::not_found_as;
use crate::error::AppError;
use crate::state::AppState;
use crate::views;

/// The most messages one transcript holds.
pub const MAX_MESSAGES: usize = 20_000;

pub async fn read(state: &AppState, sid: &ConversationSid) -> Result<Transcript, AppError> {
    let twilio = &state.twilio;
    let (conversation, participants, messages) = tokio::try_join!(
        twilio.fetch_conversation(sid.as_str()),
        twilio.list_participants(sid.as_str()),
        twilio.all_messages(sid.as_str(), MAX_MESSAGES),
    )
    .map_err(|e| not_found_as(e, sid))?;
    let now = state.clock.now();
    let people = participants
        .into_iter()
        .map(|p| views::participant(p, &messages, now))
        .collect();
    let messages = try_join_all(messages.into_iter().map(|m| async move {
        let receipts = twilio.message_receipts(sid.as_str(), &m.sid).await?;
        Ok::<_, switchboard_twilio::Error>(views::message(m, receipts))
    }))
    .await?;
    Ok(Transcript {
        conversation: views::conversation_row(conversation, people),
        exported_at: views::rfc3339(now),
        messages,
    })
}

const COLUMNS: [&str; 14] = [
    "message_index",
    "message_sid",
    "sent_at",
    "author",
    "author_name",
    "sent_by",
    "body",
    "template_sid",
    "recipient_sid",
    "recipient",
    "recipient_name",
    "status",
    "error_code",
    "reason",
];

/// The transcript as CSV: one line per message and recipient; a message nobody received (a chat
/// message, or one in a conversation without phones) has one line with the recipient left empty.
pub fn csv(transcript: &Transcript) -> Result<String, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS).map_err(internal)?;
    let people = &transcript.conversation.participants;
    for message in &transcript.messages {
        let author_name = message
            .participant_sid
            .as_deref()
            .and_then(|sid| person(people, sid))
            .and_then(|p| p.name.clone());
        let start = [
            message.index.to_string(),
            message.sid.clone(),
            message.date_created.clone().unwrap_or_default(),
            message.author.clone().unwrap_or_default(),
            author_name.unwrap_or_default(),
            message.sent_by.clone().unwrap_or_default(),
            message.body.clone().unwrap_or_default(),
            message.template_sid.clone().unwrap_or_default(),
        ];
        if message.deliveries.is_empty() {
            writer
                .write_record(
                    start
                        .iter()
                        .cloned()
                        .chain(std::iter::repeat_n(String::new(), 6)),
                )
                .map_err(internal)?;
        }
        for delivery in &message.deliveries {
            let recipient = delivery
                .participant_sid
                .as_deref()
                .and_then(|sid| person(people, sid));
            let line = [
                delivery.participant_sid.clone().unwrap_or_default(),
                recipient
                    .and_then(|p| p.address.clone())
                    .unwrap_or_default(),
                recipient.and_then(|p| p.name.clone()).unwrap_or_default(),
                delivery.status.clone(),
                delivery
                    .error_code
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                delivery.reason.clone().unwrap_or_default(),
            ];
            writer
                .write_record(start.iter().cloned().chain(line))
                .map_err(internal)?;
        }
    }
    let bytes = writer.into_inner().map_err(|e| internal(e.into_error()))?;
    String::from_utf8(bytes).map_err(internal)
}

fn person<'a>(people: &'a [ParticipantView], sid: &str) -> Option<&'a ParticipantView> {
    people.iter().find(|p| p.sid == sid)
}

fn internal(error: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("could not write the transcript: {error}"))
}
