//! Messaging v1, just enough for a client to discover the account's numbers; served under
//! `/messaging` because Conversations has a `/v1/Services` of its own.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use serde_json::Value;

use super::{list_url, origin};
use crate::paging::{PageQuery, page};
use crate::store::{Channel, Store};
use crate::{SandboxState, TwilioError};

fn check_service(store: &Store, sid: &str) -> Result<(), TwilioError> {
    if sid == store.messaging_service_sid() {
        Ok(())
    } else {
        Err(TwilioError::not_found(&format!("/v1/Services/{sid}")))
    }
}

pub async fn services(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    uri: Uri,
    Query(paging): Query<PageQuery>,
) -> Result<Json<Value>, TwilioError> {
    let request = paging.validate(50, 1000)?;
    let store = state.store.lock().await;
    let origin = origin(&headers);
    Ok(Json(page(
        &[()],
        request,
        &list_url(&headers, &uri),
        "services",
        |_| store.messaging_service_json(&origin),
    )))
}

pub async fn service(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(sid): Path<String>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    check_service(&store, &sid)?;
    Ok(Json(store.messaging_service_json(&origin(&headers))))
}

pub async fn phone_numbers(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    uri: Uri,
    Path(sid): Path<String>,
    Query(paging): Query<PageQuery>,
) -> Result<Json<Value>, TwilioError> {
    let request = paging.validate(50, 1000)?;
    let store = state.store.lock().await;
    check_service(&store, &sid)?;
    let items: Vec<_> = store.numbers(Channel::Sms).collect();
    let origin = origin(&headers);
    Ok(Json(page(
        &items,
        request,
        &list_url(&headers, &uri),
        "phone_numbers",
        |n| store.phone_number_json(n, &origin),
    )))
}

pub async fn channel_senders(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    uri: Uri,
    Path(sid): Path<String>,
    Query(paging): Query<PageQuery>,
) -> Result<Json<Value>, TwilioError> {
    let request = paging.validate(50, 1000)?;
    let store = state.store.lock().await;
    check_service(&store, &sid)?;
    let items: Vec<_> = store.numbers(Channel::Whatsapp).collect();
    let origin = origin(&headers);
    Ok(Json(page(
        &items,
        request,
        &list_url(&headers, &uri),
        "senders",
        |n| store.channel_sender_json(n, &origin),
    )))
}
