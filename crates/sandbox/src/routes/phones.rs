//! Sandbox-only: simulated handsets and the webhook delivery log.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use serde::Deserialize;
use serde_json::{Value, json};

use super::form::Fields;
use super::list_url;
use crate::paging::{PageQuery, page};
use crate::store::phones::handset_message_json;
use crate::store::{Channel, Inbound};
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
    Ok((StatusCode::CREATED, Json(handset_message_json(&sent))))
}

pub async fn list(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    uri: Uri,
    Query(paging): Query<PageQuery>,
) -> Result<Json<Value>, TwilioError> {
    let request = paging.validate(50, 1000)?;
    let store = state.store.lock().await;
    let handsets = store.handsets();
    Ok(Json(page(
        &handsets,
        request,
        &list_url(&headers, &uri),
        "phones",
        |(address, count, last)| {
            json!({
                "address": address,
                "channel": Channel::of(address).as_str(),
                "messages": count,
                "last_activity": format(*last),
            })
        },
    )))
}

/// `GET /sandbox/v1/Phones/{address}/Messages`: what the handset received and sent, oldest first.
pub async fn messages(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    uri: Uri,
    Path(address): Path<String>,
    Query(paging): Query<PageQuery>,
) -> Result<Json<Value>, TwilioError> {
    let request = paging.validate(50, 1000)?;
    let store = state.store.lock().await;
    let items: Vec<_> = store.handset_messages(&address).collect();
    Ok(Json(page(
        &items,
        request,
        &list_url(&headers, &uri),
        "messages",
        |m| handset_message_json(m),
    )))
}

#[derive(Deserialize)]
pub struct DeliveryFilter {
    #[serde(rename = "ConversationSid")]
    conversation_sid: Option<String>,
    #[serde(rename = "WebhookSid")]
    webhook_sid: Option<String>,
}

/// `GET /sandbox/v1/Webhooks/Deliveries`: every webhook request sent, oldest first.
pub async fn deliveries(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    uri: Uri,
    Query(paging): Query<PageQuery>,
    Query(filter): Query<DeliveryFilter>,
) -> Result<Json<Value>, TwilioError> {
    let request = paging.validate(50, 1000)?;
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
    Ok(Json(page(
        &items,
        request,
        &list_url(&headers, &uri),
        "deliveries",
        |d| {
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
        },
    )))
}
