use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use serde::Deserialize;
use serde_json::Value;

use super::form::{Fields, webhooks_enabled};
use super::{list_url, origin};
use crate::paging::{PageQuery, page};
use crate::store::{MessageUpdate, NewMessage};
use crate::{SandboxState, TwilioError};

const BODY_MAX: usize = 1600;

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
    if new
        .body
        .as_ref()
        .is_some_and(|b| b.chars().count() > BODY_MAX)
    {
        return Err(TwilioError::new(
            400,
            50505,
            "Body must be at most 1600 characters",
        ));
    }
    let mut store = state.store.lock().await;
    let message = store.add_message(&conversation, new, "API")?;
    let body = store.message_json(&message, &origin(&headers));
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
    headers: HeaderMap,
    uri: Uri,
    Path(conversation): Path<String>,
    Query(paging): Query<PageQuery>,
    Query(order): Query<ListOrder>,
) -> Result<Json<Value>, TwilioError> {
    let request = paging.validate(50, 100)?;
    let descending = match order.order.as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(TwilioError::invalid_parameter("Order must be asc or desc")),
    };
    let store = state.store.lock().await;
    let sid = store.conversation(&conversation)?.sid.clone();
    let mut items: Vec<_> = store.messages_of(&sid).collect();
    if descending {
        items.reverse();
    }
    let origin = origin(&headers);
    Ok(Json(page(
        &items,
        request,
        &list_url(&headers, &uri),
        "messages",
        |m| store.message_json(m, &origin),
    )))
}

pub async fn fetch(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path((conversation, sid)): Path<(String, String)>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let conversation = store.conversation(&conversation)?.sid.clone();
    let message = store.message(&conversation, &sid)?;
    Ok(Json(store.message_json(message, &origin(&headers))))
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
    let body = store.message_json(&message, &origin(&headers));
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
    headers: HeaderMap,
    uri: Uri,
    Path((conversation, sid)): Path<(String, String)>,
    Query(paging): Query<PageQuery>,
) -> Result<Json<Value>, TwilioError> {
    let request = paging.validate(50, 100)?;
    let store = state.store.lock().await;
    let conversation = store.conversation(&conversation)?.sid.clone();
    let message = store.message(&conversation, &sid)?;
    let origin = origin(&headers);
    Ok(Json(page(
        &message.receipts,
        request,
        &list_url(&headers, &uri),
        "delivery_receipts",
        |r| store.receipt_json(message, r, &origin),
    )))
}

pub async fn receipt(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path((conversation, sid, receipt)): Path<(String, String, String)>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let conversation = store.conversation(&conversation)?.sid.clone();
    let message = store.message(&conversation, &sid)?;
    let found = message
        .receipts
        .iter()
        .find(|r| r.sid == receipt)
        .ok_or_else(|| {
            TwilioError::not_found(&format!(
                "/v1/Conversations/{conversation}/Messages/{sid}/Receipts/{receipt}"
            ))
        })?;
    Ok(Json(store.receipt_json(message, found, &origin(&headers))))
}
