//! A conversation's messages and their delivery receipts, with their wire shapes.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};

use super::form::{Fields, webhooks_enabled};
use super::paging::Listing;
use super::wire::{Wire, fetch as fetch_one};
use crate::store::{Message, MessageUpdate, NewMessage, Receipt, ReceiptStatus};
use crate::time_format::format;
use crate::{SandboxState, TwilioError};

pub async fn create(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(conversation): Path<String>,
    fields: Fields,
) -> Result<(StatusCode, Json<Value>), TwilioError> {
    if fields.get("MediaSid").is_some() {
        return Err(TwilioError::invalid_parameter(
            "MediaSid is not supported by the sandbox",
        ));
    }
    let new = NewMessage {
        author: fields.owned("Author"),
        body: fields.owned("Body"),
        attributes: fields.owned("Attributes"),
        content_sid: fields.owned("ContentSid"),
        content_variables: fields.owned("ContentVariables"),
        date_created: fields.date("DateCreated")?,
    };
    let mut store = state.store.lock().await;
    let message = store.add_message(&conversation, new, "API")?;
    let body = Wire::new(&store, &headers).message(&message);
    state.commit(&mut store, webhooks_enabled(&headers)).await?;
    Ok((StatusCode::CREATED, Json(body)))
}

#[derive(Deserialize)]
pub struct ListOrder {
    #[serde(rename = "Order")]
    order: Option<String>,
}

pub async fn list(
    State(state): State<SandboxState>,
    Path(conversation): Path<String>,
    Query(order): Query<ListOrder>,
    listing: Listing<100>,
) -> Result<Json<Value>, TwilioError> {
    let descending = match order.order.as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(TwilioError::invalid_parameter("Order must be asc or desc")),
    };
    let store = state.store.lock().await;
    let sid = &store.conversation(&conversation)?.sid;
    let mut items: Vec<_> = store.messages_of(sid).collect();
    if descending {
        items.reverse();
    }
    Ok(listing.page(&store, &items, "messages", |wire, m| wire.message(m)))
}

pub async fn fetch(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path((conversation, sid)): Path<(String, String)>,
) -> Result<Json<Value>, TwilioError> {
    fetch_one(
        &state,
        &headers,
        |s| s.message(&conversation, &sid),
        |wire, m| wire.message(m),
    )
    .await
}

pub async fn update(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path((conversation, sid)): Path<(String, String)>,
    fields: Fields,
) -> Result<Json<Value>, TwilioError> {
    let update = MessageUpdate {
        author: fields.owned("Author"),
        body: fields.owned("Body"),
        attributes: fields.owned("Attributes"),
    };
    let mut store = state.store.lock().await;
    let message = store.update_message(&conversation, &sid, update)?;
    let body = Wire::new(&store, &headers).message(&message);
    state.commit(&mut store, webhooks_enabled(&headers)).await?;
    Ok(Json(body))
}

pub async fn delete(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path((conversation, sid)): Path<(String, String)>,
) -> Result<StatusCode, TwilioError> {
    let mut store = state.store.lock().await;
    store.remove_message(&conversation, &sid)?;
    state.commit(&mut store, webhooks_enabled(&headers)).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn receipts(
    State(state): State<SandboxState>,
    Path((conversation, sid)): Path<(String, String)>,
    listing: Listing<100>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let message = store.message(&conversation, &sid)?;
    Ok(
        listing.page(&store, &message.receipts, "delivery_receipts", |wire, r| {
            wire.receipt(message, r)
        }),
    )
}

pub async fn receipt(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path((conversation, sid, receipt)): Path<(String, String, String)>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let (message, found) = store.receipt(&conversation, &sid, &receipt)?;
    Ok(Json(Wire::new(&store, &headers).receipt(message, found)))
}

impl Wire<'_> {
    pub fn message(&self, m: &Message) -> Value {
        let url = self.url(&format!(
            "/v1/Conversations/{}/Messages/{}",
            m.conversation_sid, m.sid
        ));
        json!({
            "account_sid": self.account_sid(),
            "conversation_sid": m.conversation_sid,
            "sid": m.sid,
            "index": m.index,
            "author": m.author,
            "body": m.body,
            "media": null,
            "attributes": m.attributes,
            "participant_sid": m.participant_sid,
            "date_created": format(m.date_created),
            "date_updated": m.date_updated.map(format),
            "url": url,
            "delivery": delivery_summary(&m.receipts),
            "links": {
                "delivery_receipts": format!("{url}/Receipts"),
                "channel_metadata": format!("{url}/ChannelMetadata"),
            },
            "content_sid": m.content_sid,
        })
    }

    pub fn receipt(&self, m: &Message, r: &Receipt) -> Value {
        json!({
            "account_sid": self.account_sid(),
            "conversation_sid": m.conversation_sid,
            "sid": r.sid,
            "message_sid": m.sid,
            "channel_message_sid": r.channel_message_sid,
            "participant_sid": r.participant_sid,
            "status": r.status.as_str(),
            "error_code": r.error_code,
            "date_created": format(r.date_created),
            "date_updated": format(r.date_updated),
            "url": self.url(&format!("/v1/Conversations/{}/Messages/{}/Receipts/{}", m.conversation_sid, m.sid, r.sid)),
        })
    }
}

/// Twilio's aggregate: how many recipients, and whether all, some or none reached each status.
fn delivery_summary(receipts: &[Receipt]) -> Value {
    if receipts.is_empty() {
        return Value::Null;
    }
    let share = |reached: &dyn Fn(ReceiptStatus) -> bool| {
        let n = receipts.iter().filter(|r| reached(r.status)).count();
        match n {
            0 => "none",
            n if n == receipts.len() => "all",
            _ => "some",
        }
    };
    use ReceiptStatus::*;
    json!({
        "total": receipts.len(),
        "sent": share(&|s| matches!(s, Sent | Delivered | Read)),
        "delivered": share(&|s| matches!(s, Delivered | Read)),
        "read": share(&|s| s == Read),
        "failed": share(&|s| s == Failed),
        "undelivered": share(&|s| s == Undelivered),
    })
}
