use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use serde::Deserialize;
use serde_json::Value;

use super::form::{Fields, webhooks_enabled};
use super::{list_url, origin};
use crate::paging::{PageQuery, page};
use crate::store::{NewParticipant, ParticipantUpdate};
use crate::{SandboxState, TwilioError};

pub async fn create(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(conversation): Path<String>,
    fields: Fields,
) -> Result<(StatusCode, Json<Value>), TwilioError> {
    if fields.get("MessagingBinding.ProjectedAddress").is_some() {
        return Err(TwilioError::invalid_parameter(
            "MessagingBinding.ProjectedAddress (group MMS) is not supported by the sandbox",
        ));
    }
    let new = NewParticipant {
        identity: fields.owned("Identity"),
        address: fields.owned("MessagingBinding.Address"),
        proxy_address: fields.owned("MessagingBinding.ProxyAddress"),
        attributes: fields.owned("Attributes"),
        role_sid: fields.owned("RoleSid"),
    };
    let mut store = state.store.lock().await;
    let participant = store.add_participant(&conversation, new, "API")?;
    let body = store.participant_json(&participant, &origin(&headers));
    state.commit(&mut store, webhooks_enabled(&headers)).await?;
    Ok((StatusCode::CREATED, Json(body)))
}

pub async fn list(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    uri: Uri,
    Path(conversation): Path<String>,
    Query(paging): Query<PageQuery>,
) -> Result<Json<Value>, TwilioError> {
    let request = paging.validate(50, 100)?;
    let store = state.store.lock().await;
    let sid = store.conversation(&conversation)?.sid.clone();
    let items: Vec<_> = store.participants_of(&sid).collect();
    let origin = origin(&headers);
    Ok(Json(page(
        &items,
        request,
        &list_url(&headers, &uri),
        "participants",
        |p| store.participant_json(p, &origin),
    )))
}

pub async fn fetch(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path((conversation, sid)): Path<(String, String)>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let conversation = store.conversation(&conversation)?.sid.clone();
    let participant = store.participant(&conversation, &sid)?;
    Ok(Json(store.participant_json(participant, &origin(&headers))))
}

pub async fn update(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path((conversation, sid)): Path<(String, String)>,
    fields: Fields,
) -> Result<Json<Value>, TwilioError> {
    let update = ParticipantUpdate {
        identity: fields.owned("Identity"),
        proxy_address: fields.owned("MessagingBinding.ProxyAddress"),
        attributes: fields.owned("Attributes"),
        role_sid: fields.owned("RoleSid"),
        last_read_message_index: fields.int("LastReadMessageIndex")?,
        last_read_timestamp: fields.owned("LastReadTimestamp"),
    };
    let mut store = state.store.lock().await;
    let participant = store.update_participant(&conversation, &sid, update)?;
    let body = store.participant_json(&participant, &origin(&headers));
    state.commit(&mut store, webhooks_enabled(&headers)).await?;
    Ok(Json(body))
}

pub async fn delete(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path((conversation, sid)): Path<(String, String)>,
) -> Result<StatusCode, TwilioError> {
    let mut store = state.store.lock().await;
    store.remove_participant(&conversation, &sid)?;
    state.commit(&mut store, webhooks_enabled(&headers)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct Lookup {
    #[serde(rename = "Address")]
    address: Option<String>,
    #[serde(rename = "Identity")]
    identity: Option<String>,
}

/// `GET /v1/ParticipantConversations?Address=` (or `Identity=`).
pub async fn by_address(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    uri: Uri,
    Query(paging): Query<PageQuery>,
    Query(lookup): Query<Lookup>,
) -> Result<Json<Value>, TwilioError> {
    let request = paging.validate(50, 50)?;
    if lookup.address.is_some() == lookup.identity.is_some() {
        return Err(TwilioError::invalid_parameter(
            "Give either Address or Identity, not both",
        ));
    }
    let store = state.store.lock().await;
    let items: Vec<_> = store
        .participant_conversations(lookup.address.as_deref(), lookup.identity.as_deref())
        .collect();
    let origin = origin(&headers);
    Ok(Json(page(
        &items,
        request,
        &list_url(&headers, &uri),
        "conversations",
        |p| store.participant_conversation_json(p, &origin),
    )))
}
