//! Sandbox-only: simulated handsets and the webhook delivery log.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::form::Fields;
use super::paging::Listing;
use crate::store::{Channel, Delivery, HandsetMessage, Inbound};
use crate::time_format::format;
use crate::{SandboxState, TwilioError};

/// `POST /sandbox/v1/Phones/Messages`: `From` (the handset) writes `Body` `To` one of the
/// account's numbers.
pub async fn send(
    State(state): State<SandboxState>,
    fields: Fields,
) -> Result<(StatusCode, Json<Value>), TwilioError> {
    let required = |name: &str| {
        fields
            .owned(name)
            .ok_or_else(|| TwilioError::invalid_parameter(format!("{name} is required")))
    };
    let inbound = Inbound {
        from: required("From")?,
        to: required("To")?,
        body: required("Body")?,
    };
    let mut store = state.store.lock().await;
    let sent = store.receive(inbound, state.options.auto_create)?;
    state.commit(&mut store, true).await?;
    Ok((StatusCode::CREATED, Json(handset_message(&sent))))
}

pub async fn list(
    State(state): State<SandboxState>,
    listing: Listing<1000>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let handsets = store.handsets();
    Ok(
        listing.page(&store, &handsets, "phones", |_, (address, count, last)| {
            json!({
                "address": address,
                "channel": Channel::of(address).as_str(),
                "messages": count,
                "last_activity": format(*last),
            })
        }),
    )
}

/// `GET /sandbox/v1/Phones/{address}/Messages`: what the handset received and sent, oldest first.
pub async fn messages(
    State(state): State<SandboxState>,
    Path(address): Path<String>,
    listing: Listing<1000>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let items: Vec<_> = store.handset_messages(&address).collect();
    Ok(listing.page(&store, &items, "messages", |_, m| handset_message(m)))
}

#[derive(Deserialize)]
pub struct DeliveryFilter {
    #[serde(rename = "ConversationSid")]
    conversation_sid: Option<String>,
    #[serde(rename = "WebhookSid")]
    webhook_sid: Option<String>,
}

/// `GET /sandbox/v1/Webhooks/Deliveries`: every webhook request sent (or dropped by a
/// `drop_events` fault), oldest first. A scoped webhook's carry its `WH…` SID as `webhook_sid`;
/// the account and service levels' carry `account` and `service`.
pub async fn deliveries(
    State(state): State<SandboxState>,
    Query(filter): Query<DeliveryFilter>,
    listing: Listing<1000>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let items: Vec<_> = store
        .deliveries()
        .iter()
        .filter(|d| {
            filter
                .conversation_sid
                .as_ref()
                .is_none_or(|c| *c == d.conversation_sid)
        })
        .filter(|d| {
            filter
                .webhook_sid
                .as_ref()
                .is_none_or(|w| *w == d.webhook_sid)
        })
        .collect();
    Ok(listing.page(&store, &items, "deliveries", |_, d| delivery(d)))
}

fn handset_message(m: &HandsetMessage) -> Value {
    json!({
        "sid": m.sid,
        "handset": m.handset,
        "direction": m.direction,
        "from": m.from,
        "to": m.to,
        "body": m.body,
        "conversation_sid": m.conversation_sid,
        "message_sid": m.message_sid,
        "date_created": format(m.date_created),
    })
}

fn delivery(d: &Delivery) -> Value {
    let params: serde_json::Map<String, Value> = d
        .params
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    json!({
        "sid": d.sid,
        "webhook_sid": d.webhook_sid,
        "conversation_sid": d.conversation_sid,
        "event_type": d.event_type,
        "url": d.url,
        "method": d.method,
        "params": params,
        "idempotency_token": d.idempotency_token,
        "status": d.status,
        "error": d.error,
        "latency_ms": d.latency_ms,
        "date_created": format(d.date_created),
    })
}
