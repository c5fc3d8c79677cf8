//! `/api/v1/settings`: what admins decide for every pairing (the end a new pairing gets).

use axum::extract::State;
use serde_json::json;
use switchboard_core::api::Settings;

use super::openapi::Invalid;
use crate::audit::Outcome;
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::extract::Json;
use crate::settings;
use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/api/v1/settings",
    tag = "settings",
    responses((status = 200, body = Settings))
)]
pub async fn settings_get(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<Settings>, AppError> {
    Ok(Json(settings::load(&state.db).await?))
}

#[utoipa::path(
    put,
    path = "/api/v1/settings",
    tag = "settings",
    request_body = Settings,
    responses((status = 200, body = Settings), Invalid)
)]
pub async fn settings_update(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(request): Json<Settings>,
) -> Result<Json<Settings>, AppError> {
    user.require(Role::Admin)?;
    let result = settings::save(&state.db, &request).await;
    state
        .audit
        .record(
            &user,
            "settings.update",
            None,
            Outcome::of(&result),
            json!({ "pairing_end": request.pairing_end }),
        )
        .await;
    result.map(|()| Json(request))
}
