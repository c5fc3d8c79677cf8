//! The account's configuration (`/v1/Configuration`) and its post-event webhook settings at the
//! account level (`/v1/Configuration/Webhooks`) and the service level
//! (`/v1/Services/{ChatServiceSid}/Configuration/Webhooks`), with their wire shapes.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

use super::form::Fields;
use crate::store::event_config::Level;
use crate::store::{EventHooks, EventHooksUpdate};
use crate::{SandboxState, TwilioError};

/// `GET /v1/Configuration`: where a client finds the default conversation service's SID.
pub async fn fetch(State(state): State<SandboxState>, headers: HeaderMap) -> Json<Value> {
    let store = state.store.lock().await;
    let wire = super::wire::Wire::new(&store, &headers);
    let service = &store.meta.chat_service_sid;
    Json(json!({
        "account_sid": wire.account_sid(),
        "default_chat_service_sid": service,
        "default_messaging_service_sid": store.meta.messaging_service_sid,
        "default_inactive_timer": null,
        "default_closed_timer": null,
        "url": wire.url("/v1/Configuration"),
        "links": {
            "service": wire.url(&format!("/v1/Services/{service}/Configuration")),
            "webhooks": wire.url("/v1/Configuration/Webhooks"),
        },
    }))
}

fn update_of(fields: &Fields, level: Level) -> EventHooksUpdate {
    EventHooksUpdate {
        method: fields.owned("Method"),
        filters: fields.all("Filters"),
        pre_webhook_url: fields.owned("PreWebhookUrl"),
        post_webhook_url: fields.owned("PostWebhookUrl"),
        target: match level {
            Level::Account => fields.owned("Target"),
            Level::Service => None,
        },
    }
}

pub async fn account_webhooks(
    State(state): State<SandboxState>,
    headers: HeaderMap,
) -> Json<Value> {
    let store = state.store.lock().await;
    let url = super::wire::Wire::new(&store, &headers).url("/v1/Configuration/Webhooks");
    Json(account_shape(
        &store.account_sid,
        store.account_event_hooks(),
        url,
    ))
}

pub async fn update_account_webhooks(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    fields: Fields,
) -> Result<Json<Value>, TwilioError> {
    let mut store = state.store.lock().await;
    let hooks = store.update_event_hooks(Level::Account, update_of(&fields, Level::Account))?;
    let url = super::wire::Wire::new(&store, &headers).url("/v1/Configuration/Webhooks");
    let body = account_shape(&store.account_sid, &hooks, url);
    state.commit(&mut store, false).await?;
    Ok(Json(body))
}

pub async fn service_webhooks(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(service): Path<String>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let hooks = store.service_event_hooks(&service)?;
    Ok(Json(service_shape(&store, &headers, hooks)))
}

pub async fn update_service_webhooks(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(service): Path<String>,
    fields: Fields,
) -> Result<Json<Value>, TwilioError> {
    let mut store = state.store.lock().await;
    store.service_event_hooks(&service)?;
    let hooks = store.update_event_hooks(Level::Service, update_of(&fields, Level::Service))?;
    let body = service_shape(&store, &headers, &hooks);
    state.commit(&mut store, false).await?;
    Ok(Json(body))
}

fn account_shape(account_sid: &str, hooks: &EventHooks, url: String) -> Value {
    json!({
        "account_sid": account_sid,
        "method": hooks.method,
        "filters": hooks.filters,
        "pre_webhook_url": hooks.pre_webhook_url,
        "post_webhook_url": hooks.post_webhook_url,
        "target": hooks.target,
        "url": url,
    })
}

fn service_shape(store: &crate::store::Store, headers: &HeaderMap, hooks: &EventHooks) -> Value {
    let service = &store.meta.chat_service_sid;
    let wire = super::wire::Wire::new(store, headers);
    json!({
        "account_sid": wire.account_sid(),
        "chat_service_sid": service,
        "pre_webhook_url": hooks.pre_webhook_url,
        "post_webhook_url": hooks.post_webhook_url,
        "filters": hooks.filters,
        "method": hooks.method,
        "url": wire.url(&format!("/v1/Services/{service}/Configuration/Webhooks")),
    })
}
