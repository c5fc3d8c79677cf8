use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use serde_json::Value;

use super::form::Fields;
use super::{list_url, origin};
use crate::paging::{PageQuery, page};
use crate::store::WebhookConfig;
use crate::{SandboxState, TwilioError};

fn config(fields: &Fields) -> Result<WebhookConfig, TwilioError> {
    Ok(WebhookConfig {
        url: fields.owned("Configuration.Url"),
        method: fields.owned("Configuration.Method"),
        filters: fields.all("Configuration.Filters"),
        triggers: fields.all("Configuration.Triggers"),
        flow_sid: fields.owned("Configuration.FlowSid"),
        replay_after: fields.int("Configuration.ReplayAfter")?,
    })
}

pub async fn create(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(conversation): Path<String>,
    fields: Fields,
) -> Result<(StatusCode, Json<Value>), TwilioError> {
    let target = fields
        .get("Target")
        .ok_or_else(|| TwilioError::invalid_parameter("Target is required"))?;
    let config = config(&fields)?;
    let mut store = state.store.lock().await;
    let hook = store.add_webhook(&conversation, target, config)?;
    let body = store.webhook_json(&hook, &origin(&headers));
    // A replay (`Configuration.ReplayAfter`) is sent whatever the webhook header says.
    state.commit(&mut store, true).await?;
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
    let items: Vec<_> = store.webhooks_of(&sid).collect();
    let origin = origin(&headers);
    Ok(Json(page(
        &items,
        request,
        &list_url(&headers, &uri),
        "webhooks",
        |w| store.webhook_json(w, &origin),
    )))
}

pub async fn fetch(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path((conversation, sid)): Path<(String, String)>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let conversation = store.conversation(&conversation)?.sid.clone();
    let hook = store.webhook(&conversation, &sid)?;
    Ok(Json(store.webhook_json(hook, &origin(&headers))))
}

pub async fn update(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path((conversation, sid)): Path<(String, String)>,
    fields: Fields,
) -> Result<Json<Value>, TwilioError> {
    let config = config(&fields)?;
    let mut store = state.store.lock().await;
    let hook = store.update_webhook(&conversation, &sid, config)?;
    let body = store.webhook_json(&hook, &origin(&headers));
    state.commit(&mut store, false).await?;
    Ok(Json(body))
}

pub async fn delete(
    State(state): State<SandboxState>,
    Path((conversation, sid)): Path<(String, String)>,
) -> Result<StatusCode, TwilioError> {
    let mut store = state.store.lock().await;
    store.remove_webhook(&conversation, &sid)?;
    state.commit(&mut store, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
