//! `/api/v1/conversations/{sid}/webhooks`: a conversation's scoped webhooks.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use switchboard_core::api::{WebhookRequest, WebhookView};
use switchboard_core::{ConversationSid, WebhookSid};

use super::openapi::{Conflict, Invalid, NotFound, Upstream};
use crate::audit::Outcome;
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::extract::{Json, SidPath};
use crate::state::AppState;
use crate::webhooks;

#[utoipa::path(
    get,
    path = "/api/v1/conversations/{sid}/webhooks",
    tag = "webhooks",
    params(("sid" = String, Path, description = "Conversation SID (CH…)")),
    responses(
        (status = 200, body = Vec<WebhookView>),
        NotFound, Upstream,
    )
)]
pub async fn webhooks_list(
    State(state): State<AppState>,
    _user: CurrentUser,
    SidPath(sid): SidPath<ConversationSid>,
) -> Result<Json<Vec<WebhookView>>, AppError> {
    Ok(Json(webhooks::list(&state, &sid).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/conversations/{sid}/webhooks",
    tag = "webhooks",
    params(("sid" = String, Path, description = "Conversation SID (CH…)")),
    request_body = WebhookRequest,
    responses(
        (status = 201, body = WebhookView),
        NotFound, Conflict, Invalid, Upstream,
    )
)]
pub async fn webhooks_create(
    State(state): State<AppState>,
    user: CurrentUser,
    SidPath(sid): SidPath<ConversationSid>,
    Json(request): Json<WebhookRequest>,
) -> Result<(StatusCode, Json<WebhookView>), AppError> {
    user.require(Role::Operator)?;
    let result = webhooks::create(&state, &sid, &request).await;
    let detail =
        json!({ "target": request.target, "url": request.url, "filters": request.filters });
    state
        .audit
        .record(
            &user,
            "webhook.create",
            Some(sid.as_str()),
            Outcome::of(&result),
            detail,
        )
        .await;
    result.map(|view| (StatusCode::CREATED, Json(view)))
}

#[utoipa::path(
    put,
    path = "/api/v1/conversations/{sid}/webhooks/{webhook}",
    tag = "webhooks",
    params(("sid" = String, Path, description = "Conversation SID (CH…)"), ("webhook" = String, Path, description = "Webhook SID (WH…)")),
    request_body = WebhookRequest,
    responses(
        (status = 200, body = WebhookView),
        NotFound, Conflict, Invalid, Upstream,
    )
)]
pub async fn webhooks_update(
    State(state): State<AppState>,
    user: CurrentUser,
    SidPath((sid, webhook)): SidPath<(ConversationSid, WebhookSid)>,
    Json(request): Json<WebhookRequest>,
) -> Result<Json<WebhookView>, AppError> {
    user.require(Role::Operator)?;
    let result = webhooks::update(&state, &sid, &webhook, &request).await;
    let detail = json!({ "webhook": webhook, "url": request.url, "filters": request.filters });
    state
        .audit
        .record(
            &user,
            "webhook.update",
            Some(sid.as_str()),
            Outcome::of(&result),
            detail,
        )
        .await;
    result.map(Json)
}

#[utoipa::path(
    delete,
    path = "/api/v1/conversations/{sid}/webhooks/{webhook}",
    tag = "webhooks",
    params(("sid" = String, Path, description = "Conversation SID (CH…)"), ("webhook" = String, Path, description = "Webhook SID (WH…)")),
    responses(
        (status = 204, description = "Deleted"),
        NotFound, Conflict, Upstream,
    )
)]
pub async fn webhooks_delete(
    State(state): State<AppState>,
    user: CurrentUser,
    SidPath((sid, webhook)): SidPath<(ConversationSid, WebhookSid)>,
) -> Result<StatusCode, AppError> {
    user.require(Role::Operator)?;
    let result = webhooks::delete(&state, &sid, &webhook).await;
    state
        .audit
        .record(
            &user,
            "webhook.delete",
            Some(sid.as_str()),
            Outcome::of(&result),
            json!({ "webhook": webhook }),
        )
        .await;
    result.map(|()| StatusCode::NO_CONTENT)
}
