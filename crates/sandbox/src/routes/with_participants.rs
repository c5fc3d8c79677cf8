//! `POST /v1/ConversationWithParticipants`: a conversation and up to ten participants, all or
//! nothing.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::Value;

use super::conversations::new_conversation;
use super::form::{Fields, webhooks_enabled};
use super::wire::Wire;
use crate::store::NewParticipant;
use crate::{SandboxState, TwilioError};

/// One `Participant` field: a JSON object with snake_case participant parameters.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParticipantJson {
    identity: Option<String>,
    messaging_binding: Option<BindingJson>,
    attributes: Option<String>,
    role_sid: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BindingJson {
    address: Option<String>,
    proxy_address: Option<String>,
    projected_address: Option<String>,
}

pub async fn create(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    fields: Fields,
) -> Result<(StatusCode, Json<Value>), TwilioError> {
    let conversation = new_conversation(&fields)?;
    let given = fields.all("Participant").unwrap_or_default();
    let participants = given.iter().map(|text| parse(text));
    let mut store = state.store.lock().await;
    let created = store.create_with_participants(conversation, participants)?;
    let body = Wire::new(&store, &headers).conversation(&created);
    state.commit(&mut store, webhooks_enabled(&headers)).await?;
    Ok((StatusCode::CREATED, Json(body)))
}

fn parse(text: &str) -> Result<NewParticipant, TwilioError> {
    let json: ParticipantJson = serde_json::from_str(text).map_err(|e| {
        TwilioError::invalid_parameter(format!(
            "Participant must be a JSON object such as {{\"messaging_binding\":{{\"address\":\"+15550100001\",\"proxy_address\":\"+15550109001\"}}}}: {e}"
        ))
    })?;
    let binding = json.messaging_binding;
    if binding
        .as_ref()
        .is_some_and(|b| b.projected_address.is_some())
    {
        return Err(TwilioError::invalid_parameter(
            "messaging_binding.projected_address (group MMS) is not supported by the sandbox",
        ));
    }
    Ok(NewParticipant {
        identity: json.identity,
        address: binding.as_ref().and_then(|b| b.address.clone()),
        proxy_address: binding.and_then(|b| b.proxy_address),
        attributes: json.attributes,
        role_sid: json.role_sid,
    })
}
