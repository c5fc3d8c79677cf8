//! Content v1, read side: templates, and their WhatsApp approval.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use serde_json::Value;

use super::{list_url, origin};
use crate::paging::{PageQuery, page};
use crate::{SandboxState, TwilioError};

pub async fn list(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    uri: Uri,
    Query(paging): Query<PageQuery>,
) -> Result<Json<Value>, TwilioError> {
    let request = paging.validate(50, 1000)?;
    let store = state.store.lock().await;
    let origin = origin(&headers);
    Ok(Json(page(
        store.contents(),
        request,
        &list_url(&headers, &uri),
        "contents",
        |c| store.content_json(c, &origin),
    )))
}

pub async fn with_approvals(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    uri: Uri,
    Query(paging): Query<PageQuery>,
) -> Result<Json<Value>, TwilioError> {
    let request = paging.validate(50, 1000)?;
    let store = state.store.lock().await;
    Ok(Json(page(
        store.contents(),
        request,
        &list_url(&headers, &uri),
        "contents",
        |c| store.content_and_approvals_json(c),
    )))
}

pub async fn fetch(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(sid): Path<String>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let content = store.content(&sid)?;
    Ok(Json(store.content_json(content, &origin(&headers))))
}

pub async fn approvals(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(sid): Path<String>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let content = store.content(&sid)?;
    Ok(Json(store.approval_fetch_json(content, &origin(&headers))))
}
