//! A conversation's scoped webhooks, and their wire shape.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use super::form::Fields;
use super::paging::Listing;
use super::wire::{Wire, fetch as fetch_one};
use crate::store::{Webhook, WebhookConfig};
use crate::time_format::format;
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
    let body = Wire::new(&store, &headers).webhook(&hook);
    // A replay (`Configuration.ReplayAfter`) is sent whatever the webhook header says.
    state.commit(&mut store, true).await?;
    Ok((StatusCode::CREATED, Json(body)))
}

pub async fn list(
    State(state): State<SandboxState>,
    Path(conversation): Path<String>,
    listing: Listing<100>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let sid = &store.conversation(&conversation)?.sid;
    let items: Vec<_> = store.webhooks_of(sid).collect();
    Ok(listing.page(&store, &items, "webhooks", |wire, w| wire.webhook(w)))
}

pub async fn fetch(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path((conversation, sid)): Path<(String, String)>,
) -> Result<Json<Value>, TwilioError> {
    fetch_one(
        &state,
        &headers,
        |s| s.webhook(&conversation, &sid),
        |wire, w| wire.webhook(w),
    )
    .await
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
    let body = Wire::new(&store, &headers).webhook(&hook);
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

impl Wire<'_> {
    pub fn webhook(&self, w: &Webhook) -> Value {
        json!({
            "sid": w.sid,
            "account_sid": self.account_sid(),
            "conversation_sid": w.conversation_sid,
            "target": w.target,
            "url": self.url(&format!("/v1/Conversations/{}/Webhooks/{}", w.conversation_sid, w.sid)),
            "configuration": {
                "url": w.url,
                "method": w.method,
                "filters": w.filters,
                "triggers": w.triggers,
                "flow_sid": w.flow_sid,
                "replay_after": w.replay_after,
            },
            "date_created": format(w.date_created),
            "date_updated": format(w.date_updated),
        })
    }
}
