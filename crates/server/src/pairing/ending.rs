//! A pairing's end: Twilio's timers set when it is made, and moved later by *Extend*.

use serde_json::{Value, json};
use switchboard_core::ConversationSid;
use switchboard_core::api::{Ending, PairingEnd};
use switchboard_twilio::ConversationParams;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::{AppError, said};
use crate::state::AppState;

/// The timers of `end` as conversation fields. Twilio refuses timers on a new conversation without
/// a state (50382), so a pairing with an end is made `active` explicitly.
pub fn timers(end: &PairingEnd) -> ConversationParams {
    if end.is_never() {
        return ConversationParams::default();
    }
    let duration = |m: Option<u32>| m.map(|m| format!("PT{m}M"));
    ConversationParams {
        state: Some("active".to_owned()),
        timers_inactive: duration(end.inactive_after_minutes),
        timers_closed: duration(end.close_after_minutes),
        ..ConversationParams::default()
    }
}

/// Pushes the conversation's close `minutes` later: its closed timer becomes the time left plus
/// `minutes`, counted from now, and its attributes' `end` says so, so that the mirror follows the
/// timer as Twilio restarts it with each message.
pub async fn extend(
    state: &AppState,
    sid: &ConversationSid,
    minutes: u32,
) -> Result<Ending, AppError> {
    if minutes == 0 || minutes > switchboard_core::api::MAX_END_MINUTES {
        return Err(AppError::invalid(said!(extend_range)));
    }
    let conversation = state
        .twilio
        .fetch_conversation(sid.as_str())
        .await
        .map_err(|e| crate::conversations::not_found_as(e, sid))?;
    if conversation.state == "closed" {
        return Err(AppError::conflict(said!(already_closed)));
    }
    let closes_at = conversation
        .timers
        .as_ref()
        .and_then(|t| t.date_closed.as_deref())
        .and_then(|at| OffsetDateTime::parse(at, &Rfc3339).ok())
        .ok_or_else(|| AppError::conflict(said!(no_end_to_extend)))?;
    let now = state.clock.now();
    let left_minutes =
        u32::try_from(((closes_at - now).whole_seconds().max(0) + 59) / 60).unwrap_or(u32::MAX);
    let close_after = left_minutes.saturating_add(minutes).clamp(
        switchboard_core::api::MIN_CLOSE_MINUTES,
        switchboard_core::api::MAX_END_MINUTES,
    );
    let mut attributes = conversation
        .attributes
        .as_deref()
        .and_then(|a| serde_json::from_str::<Value>(a).ok())
        .filter(Value::is_object)
        .unwrap_or_else(|| json!({}));
    let mut end = crate::mirror::row::end(conversation.attributes.as_deref()).unwrap_or_default();
    end.close_after_minutes = Some(close_after);
    attributes["end"] = json!(end);
    let params = ConversationParams {
        attributes: Some(attributes.to_string()),
        state: (conversation.state == "inactive").then(|| "active".to_owned()),
        timers_closed: Some(format!("PT{close_after}M")),
        ..ConversationParams::default()
    };
    let updated = state
        .twilio
        .update_conversation(sid.as_str(), &params)
        .await?;
    crate::mirror::note_changed(state, sid.as_str());
    let timers = updated.timers.unwrap_or_default();
    Ok(
        crate::views::ending(timers.date_inactive, timers.date_closed, &updated.state)
            .unwrap_or_default(),
    )
}
