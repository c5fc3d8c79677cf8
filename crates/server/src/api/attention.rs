//! `/api/v1/attention`: what needs an operator now.

use axum::extract::State;
use switchboard_core::api::Attention;

use crate::attention;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// Deliveries failed in the last 24 hours (not since delivered), with the reason and the fix;
/// WhatsApp windows closing within the hour in active conversations; opt-ins waiting for the
/// customer. Read from the account mirror, so it covers what the mirror has seen.
#[utoipa::path(
    get,
    path = "/api/v1/attention",
    tag = "conversations",
    responses((status = 200, body = Attention))
)]
pub async fn attention_get(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<Attention>, AppError> {
    let now_ms = (state.clock.now().unix_timestamp_nanos() / 1_000_000) as i64;
    Ok(Json(attention::read(&state.db, now_ms).await?))
}
