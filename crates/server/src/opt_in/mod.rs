//! The two-sided WhatsApp opt-in relay, built in: what the seed builds by hand with the CLI and a
//! serverless Function. Its state lives in the database, so a restart loses nothing.

pub mod hook;
mod store;

use serde_json::json;
use switchboard_core::ConversationSid;
use switchboard_core::api::{OptInRequest, OptInState, OptInStatus};
use switchboard_core::template;
use switchboard_twilio::{NewMessage, WebhookParams};

use crate::conversations::not_found_as;
use crate::error::AppError;
use crate::state::AppState;
use crate::templates;
use store::Relay;
pub use store::status;

/// What the customer reads when they accept.
pub const GREETING: &str = "Great! Just a moment while we connect you…";
/// Where Twilio posts the conversation's messages while the relay waits.
pub const HOOK_PATH: &str = "/hooks/twilio/opt-in";

/// Starts the relay: the scoped webhook first (so the answer cannot be missed), then the invitation.
/// If either fails, whatever was made is removed and the relay is marked failed.
pub async fn start(
    state: &AppState,
    conversation: &ConversationSid,
    request: &OptInRequest,
    started_by: &str,
) -> Result<OptInStatus, AppError> {
    if state.webhook_token.is_none() {
        return Err(AppError::Invalid(
            "The opt-in needs TWILIO_AUTH_TOKEN to check Twilio's signatures; with an API key alone it is off.".into(),
        ));
    }
    let relay = checked_relay(state, conversation, request).await?;
    store::insert(&state.db, &relay, started_by).await?;
    state.events.publish(crate::events::Event::opt_in(
        conversation.as_str(),
        OptInState::Starting,
    ));
    let invitation = NewMessage {
        author: Some(relay.rider_address),
        content_sid: Some(request.customer_template.content_sid.clone()),
        content_variables: Some(template::content_variables(
            &request.customer_template.values,
        )),
        ..NewMessage::default()
    };
    let sid = conversation.as_str();
    hook_and_invite(state, sid, &invitation).await?;
    store::status(&state.db, sid)
        .await?
        .ok_or_else(|| AppError::Internal("the opt-in row vanished".into()))
}

/// The relay to store, once both people are SMS or WhatsApp participants of the conversation, the
/// customer is on WhatsApp and both templates can be sent.
async fn checked_relay(
    state: &AppState,
    conversation: &ConversationSid,
    request: &OptInRequest,
) -> Result<Relay, AppError> {
    let sid = conversation.as_str();
    let participants = state
        .twilio
        .list_participants(sid)
        .await
        .map_err(|e| not_found_as(e, conversation))?;
    let address_of = |participant_sid: &str, role: &str| {
        participants
            .iter()
            .find(|p| p.sid == participant_sid)
            .and_then(|p| p.messaging_binding.as_ref()?.address.clone())
            .ok_or_else(|| {
                AppError::Invalid(format!(
                    "The {role} must be an SMS or WhatsApp participant of this conversation."
                ))
            })
    };
    let customer_address = address_of(&request.customer_participant_sid, "customer")?;
    let rider_address = address_of(&request.rider_participant_sid, "rider")?;
    if !customer_address.starts_with("whatsapp:") {
        return Err(AppError::Invalid(
            "The customer must be on WhatsApp: the opt-in starts with a WhatsApp template.".into(),
        ));
    }
    templates::sendable(state, &request.customer_template).await?;
    templates::sendable(state, &request.rider_template).await?;
    Ok(Relay {
        conversation_sid: sid.to_owned(),
        webhook_sid: None,
        customer_participant_sid: request.customer_participant_sid.clone(),
        customer_address,
        rider_participant_sid: request.rider_participant_sid.clone(),
        rider_address,
        rider_template_sid: request.rider_template.content_sid.clone(),
        rider_template_values: template::content_variables(&request.rider_template.values),
    })
}

/// Makes the scoped webhook, then sends the invitation, recording each step; on a failure removes
/// the webhook if it was made and marks the relay failed.
async fn hook_and_invite(
    state: &AppState,
    sid: &str,
    invitation: &NewMessage,
) -> Result<(), AppError> {
    let webhook = WebhookParams {
        target: "webhook".into(),
        url: Some(format!("{}{HOOK_PATH}", state.public_base)),
        method: Some("post".into()),
        filters: vec!["onMessageAdded".into()],
        ..WebhookParams::default()
    };
    let mut made_webhook = None;
    let outcome = async {
        let created = state.twilio.create_webhook(sid, &webhook).await?;
        made_webhook = Some(created.sid.clone());
        store::set_webhook(&state.db, sid, &created.sid).await?;
        state.twilio.send_message(sid, invitation).await?;
        store::set_state(&state.db, sid, OptInState::Waiting, None).await?;
        state
            .events
            .publish(crate::events::Event::opt_in(sid, OptInState::Waiting));
        Ok::<_, AppError>(())
    }
    .await;
    if let Err(error) = outcome {
        if let Some(webhook_sid) = made_webhook {
            let _ = state.twilio.delete_webhook(sid, &webhook_sid).await;
        }
        let _ =
            store::set_state(&state.db, sid, OptInState::Failed, Some(&error.to_string())).await;
        state
            .events
            .publish(crate::events::Event::opt_in(sid, OptInState::Failed));
        return Err(error);
    }
    Ok(())
}

/// The customer answered: greet them, send the rider their template, and remove the webhook. Runs
/// once per relay however often Twilio delivers the event.
pub async fn connect(state: &AppState, conversation_sid: &str) -> Result<bool, AppError> {
    let Some(relay) = store::claim(&state.db, conversation_sid).await? else {
        return Ok(false);
    };
    state.events.publish(crate::events::Event::opt_in(
        conversation_sid,
        OptInState::Connecting,
    ));
    let greeting = NewMessage {
        author: Some(relay.rider_address.clone()),
        body: Some(GREETING.into()),
        ..NewMessage::default()
    };
    let rider_template = NewMessage {
        author: Some(relay.customer_address.clone()),
        content_sid: Some(relay.rider_template_sid.clone()),
        content_variables: Some(relay.rider_template_values.clone()),
        ..NewMessage::default()
    };
    let outcome = async {
        state
            .twilio
            .send_message(conversation_sid, &greeting)
            .await?;
        state
            .twilio
            .send_message(conversation_sid, &rider_template)
            .await?;
        if let Some(webhook_sid) = &relay.webhook_sid {
            state
                .twilio
                .delete_webhook(conversation_sid, webhook_sid)
                .await?;
        }
        Ok::<_, AppError>(())
    }
    .await;
    let (new_state, error) = match &outcome {
        Ok(()) => (OptInState::Connected, None),
        Err(error) => (OptInState::Failed, Some(error.to_string())),
    };
    store::set_state(&state.db, conversation_sid, new_state, error.as_deref()).await?;
    state
        .events
        .publish(crate::events::Event::opt_in(conversation_sid, new_state));
    let detail =
        json!({ "customer": relay.customer_participant_sid, "rider": relay.rider_participant_sid });
    state
        .audit
        .record_as(
            None,
            "twilio",
            "opt_in.connect",
            Some(conversation_sid),
            crate::audit::Outcome::of(&outcome),
            detail,
        )
        .await;
    outcome.map(|()| true)
}
