use axum::extract::State;
use switchboard_core::api::{AuditPage, AuditQuery};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::startup::AppState;

/// Every role may read the audit log.
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "audit",
    params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody))
)]
pub async fn audit_list(
    State(state): State<AppState>,
    _user: CurrentUser,
    Query(query): Query<AuditQuery>,
) -> Result<Json<AuditPage>, AppError> {
    Ok(Json(state.audit.list(&query).await?))
}
