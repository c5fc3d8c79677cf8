//! `/api/v1/pairings/imports`: pairings from a CSV, previewed, then made in the background.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use switchboard_core::api::{ImportPreview, ImportProgress, ImportRequest};

use super::openapi::{Invalid, NotFound};
use crate::audit::Outcome;
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::extract::{Json, Path};
use crate::imports;
use crate::state::AppState;

/// Every row of a CSV read as a pairing, with what to fix in each; nothing is created.
#[utoipa::path(
    post,
    path = "/api/v1/pairings/imports/preview",
    tag = "pairings",
    request_body = ImportRequest,
    responses(
        (status = 200, body = ImportPreview),
        Invalid,
    )
)]
pub async fn imports_preview(
    _user: CurrentUser,
    Json(request): Json<ImportRequest>,
) -> Result<Json<ImportPreview>, AppError> {
    Ok(Json(imports::parse::preview(&request.csv)?))
}

#[utoipa::path(
    post,
    path = "/api/v1/pairings/imports",
    tag = "pairings",
    request_body = ImportRequest,
    responses(
        (status = 202, body = ImportProgress),
        Invalid,
    )
)]
pub async fn imports_create(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(request): Json<ImportRequest>,
) -> Result<(StatusCode, Json<ImportProgress>), AppError> {
    user.require(Role::Operator)?;
    let result = imports::start(&state, &request.csv, &user.username).await;
    let detail = json!({ "rows": result.as_ref().ok().map(|p| p.total) });
    let target = result.as_ref().ok().map(|p| p.id.to_string());
    state
        .audit
        .record(
            &user,
            "import.start",
            target.as_deref(),
            Outcome::of(&result),
            detail,
        )
        .await;
    result.map(|progress| (StatusCode::ACCEPTED, Json(progress)))
}

#[utoipa::path(
    get,
    path = "/api/v1/pairings/imports/{id}",
    tag = "pairings",
    params(("id" = i64, Path, description = "The import's id")),
    responses(
        (status = 200, body = ImportProgress),
        NotFound,
    )
)]
pub async fn imports_get(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ImportProgress>, AppError> {
    Ok(Json(imports::progress(&state.db, id).await?))
}
