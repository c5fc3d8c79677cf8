//! `/api/v1/audit`: the audit log, filtered and paged.

use axum::extract::State;
use switchboard_core::api::{AuditPage, AuditQuery};

use crate::auth::CurrentUser;
use crate::error::{AppError, said};
use crate::extract::{Json, Query};
use crate::state::AppState;
use switchboard_core::api::ErrorBody;

/// Every role may read the audit log.
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "audit",
    params(AuditQuery),
    responses(
        (status = 200, body = AuditPage),
        (status = 422, description = "A filter is wrong; the message says which", body = ErrorBody),
    )
)]
pub async fn audit_list(
    State(state): State<AppState>,
    _user: CurrentUser,
    Query(query): Query<AuditQuery>,
) -> Result<Json<AuditPage>, AppError> {
    if query
        .limit
        .is_some_and(|limit| !(1..=crate::audit::MAX_PAGE).contains(&limit))
    {
        return Err(AppError::invalid(said!(
            audit_limit,
            max = crate::audit::MAX_PAGE
        )));
    }
    Ok(Json(state.audit.list(&query).await?))
}
