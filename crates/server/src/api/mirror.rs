//! `/api/v1/mirror` and `/api/v1/account-events`: the account mirror's state, walking it again and
//! reconciling it now, and connecting the account's post-event webhooks to this server.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use switchboard_core::api::{AccountEvents, ConnectEvents, MirrorStatus, ReconcileReport};

use super::openapi::{Conflict, Invalid, Upstream};
use crate::audit::Outcome;
use crate::auth::{CurrentUser, Role};
use crate::error::{AppError, said};
use crate::extract::Json;
use crate::mirror::{self, connect, runs, status};
use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/api/v1/mirror",
    tag = "mirror",
    responses((status = 200, body = MirrorStatus))
)]
pub async fn mirror_get(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<MirrorStatus>, AppError> {
    Ok(Json(status::status(&state.db).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/mirror/walk",
    tag = "mirror",
    responses((status = 202, body = MirrorStatus), Conflict)
)]
pub async fn mirror_walk(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<(StatusCode, Json<MirrorStatus>), AppError> {
    user.require(Role::Admin)?;
    let result = match runs::restart_walk(&state.db).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(AppError::conflict(said!(walk_under_way))),
        Err(error) => Err(AppError::Database(error)),
    };
    state
        .audit
        .record(&user, "mirror.walk", None, Outcome::of(&result), json!({}))
        .await;
    result?;
    mirror::take_over(&state).await;
    Ok((StatusCode::ACCEPTED, Json(status::status(&state.db).await?)))
}

#[utoipa::path(
    post,
    path = "/api/v1/mirror/reconcile",
    tag = "mirror",
    responses((status = 200, body = ReconcileReport), Conflict, Upstream)
)]
pub async fn mirror_reconcile(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<ReconcileReport>, AppError> {
    user.require(Role::Admin)?;
    let result = mirror::reconcile_now(&state).await.map_err(AppError::from);
    let detail = match &result {
        Ok(report) => {
            json!({ "checked": report.checked, "fixed": report.fixed, "removed": report.removed })
        }
        Err(_) => json!({}),
    };
    state
        .audit
        .record(
            &user,
            "mirror.reconcile",
            None,
            Outcome::of(&result),
            detail,
        )
        .await;
    result.map(Json)
}

#[utoipa::path(
    get,
    path = "/api/v1/account-events",
    tag = "mirror",
    responses((status = 200, body = AccountEvents), Upstream)
)]
pub async fn account_events_get(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<AccountEvents>, AppError> {
    user.require(Role::Admin)?;
    Ok(Json(connect::account_events(&state).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/account-events/connect",
    tag = "mirror",
    request_body = ConnectEvents,
    responses((status = 200, body = AccountEvents), Invalid, Conflict, Upstream)
)]
pub async fn account_events_connect(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(request): Json<ConnectEvents>,
) -> Result<Json<AccountEvents>, AppError> {
    user.require(Role::Admin)?;
    let result = connect::connect(&state, request.replacing.as_deref())
        .await
        .map_err(AppError::from);
    state
        .audit
        .record(
            &user,
            "account_events.connect",
            None,
            Outcome::of(&result),
            json!({ "replacing": request.replacing, "url": connect::our_url(&state) }),
        )
        .await;
    result.map(Json)
}
