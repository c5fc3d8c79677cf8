//! A conversation's participants, and `ParticipantConversations` (which conversations an address
//! is in), with their wire shapes.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};

use super::conversations::timers;
use super::form::{Fields, webhooks_enabled};
use super::paging::Listing;
use super::wire::{Wire, fetch as fetch_one};
use crate::store::{Binding, NewParticipant, Participant, ParticipantUpdate};
use crate::time_format::format;
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
    let body = Wire::new(&store, &headers).participant(&participant);
    state.commit(&mut store, webhooks_enabled(&headers)).await?;
    Ok((StatusCode::CREATED, Json(body)))
}

pub async fn list(
    State(state): State<SandboxState>,
    Path(conversation): Path<String>,
    listing: Listing<100>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let sid = &store.conversation(&conversation)?.sid;
    let items: Vec<_> = store.participants_of(sid).collect();
    Ok(listing.page(&store, &items, "participants", |wire, p| {
        wire.participant(p)
    }))
}

pub async fn fetch(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path((conversation, sid)): Path<(String, String)>,
) -> Result<Json<Value>, TwilioError> {
    fetch_one(
        &state,
        &headers,
        |s| s.participant(&conversation, &sid),
        |wire, p| wire.participant(p),
    )
    .await
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
    let body = Wire::new(&store, &headers).participant(&participant);
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
    Query(lookup): Query<Lookup>,
    listing: Listing<50>,
) -> Result<Json<Value>, TwilioError> {
    if lookup.address.is_some() == lookup.identity.is_some() {
        return Err(TwilioError::invalid_parameter(
            "Give either Address or Identity, not both",
        ));
    }
    let store = state.store.lock().await;
    let items: Vec<_> = store
        .participant_conversations(lookup.address.as_deref(), lookup.identity.as_deref())
        .collect();
    Ok(listing.page(&store, &items, "conversations", |wire, p| {
        wire.participant_conversation(p)
    }))
}

impl Wire<'_> {
    pub fn participant(&self, p: &Participant) -> Value {
        json!({
            "account_sid": self.account_sid(),
            "conversation_sid": p.conversation_sid,
            "sid": p.sid,
            "identity": p.identity,
            "attributes": p.attributes,
            "messaging_binding": binding(p.binding.as_ref()),
            "role_sid": p.role_sid,
            "date_created": format(p.date_created),
            "date_updated": format(p.date_updated),
            "url": self.url(&format!("/v1/Conversations/{}/Participants/{}", p.conversation_sid, p.sid)),
            "last_read_message_index": p.last_read_message_index,
            "last_read_timestamp": p.last_read_timestamp,
        })
    }

    /// One `ParticipantConversations` row: the participant with its conversation.
    pub fn participant_conversation(&self, p: &Participant) -> Value {
        let c = self
            .store
            .conversation(&p.conversation_sid)
            .expect("participants belong to a conversation");
        json!({
            "account_sid": self.account_sid(),
            "chat_service_sid": self.store.meta.chat_service_sid,
            "participant_sid": p.sid,
            "participant_user_sid": null,
            "participant_identity": p.identity,
            "participant_messaging_binding": binding(p.binding.as_ref()),
            "conversation_sid": c.sid,
            "conversation_unique_name": c.unique_name,
            "conversation_friendly_name": c.friendly_name,
            "conversation_attributes": c.attributes,
            "conversation_date_created": format(c.date_created),
            "conversation_date_updated": format(c.date_updated),
            "conversation_created_by": "system",
            "conversation_state": c.state.as_str(),
            "conversation_timers": timers(&c.timers),
            "links": {
                "participant": self.url(&format!("/v1/Conversations/{}/Participants/{}", c.sid, p.sid)),
                "conversation": self.url(&format!("/v1/Conversations/{}", c.sid)),
            },
        })
    }
}

fn binding(binding: Option<&Binding>) -> Value {
    match binding {
        Some(b) => json!({
            "type": b.channel().as_str(),
            "address": b.address,
            "proxy_address": b.proxy_address,
        }),
        None => Value::Null,
    }
}
