//! `POST /api/v1/conversations/{sid}/opt-in`: starts the two-sided WhatsApp opt-in.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use switchboard_core::ConversationSid;
use switchboard_core::api::{OptInRequest, OptInStatus};

use super::openapi::{Conflict, Invalid, NotFound, Upstream};
use crate::audit::Outcome;
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::extract::{Json, SidPath};
use crate::opt_in;
use crate::state::AppState;

/// Starts the two-sided WhatsApp opt-in in one call; it finishes by itself when the customer answers.
#[utoipa::path(
    post,
    path = "/api/v1/conversations/{sid}/opt-in",
    tag = "messages",
    params(("sid" = String, Path, description = "Conversation SID (CH…)")),
    request_body = OptInRequest,
    responses(
        (status = 201, body = OptInStatus),
        NotFound, Conflict, Invalid, Upstream,
    )
)]
pub async fn opt_in_create(
    State(state): State<AppState>,
    user: CurrentUser,
    SidPath(sid): SidPath<ConversationSid>,
    Json(request): Json<OptInRequest>,
) -> Result<(StatusCode, Json<OptInStatus>), AppError> {
    user.require(Role::Operator)?;
    let result = opt_in::start(&state, &sid, &request, &user.username).await;
    let detail = json!({
        "customer": request.customer_participant_sid,
        "rider": request.rider_participant_sid,
        "templates": [request.customer_template.content_sid, request.rider_template.content_sid],
    });
    state
        .audit
        .record(
            &user,
            "opt_in.start",
            Some(sid.as_str()),
            Outcome::of(&result),
            detail,
        )
        .await;
    result.map(|status| (StatusCode::CREATED, Json(status)))
}
