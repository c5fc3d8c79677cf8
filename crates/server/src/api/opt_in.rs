//! `POST /api/v1/conversations/{sid}/opt-in`: starts the two-sided WhatsApp opt-in.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use switchboard_core::ConversationSid;
use switchboard_core::api::{OptInRequest, OptInStatus};

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
    responses((status = 201, body = OptInStatus), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 403, description = "The role may not do this", body = switchboard_core::api::ErrorBody), (status = 404, description = "Not found", body = switchboard_core::api::ErrorBody), (status = 409, description = "Conflicts with what exists; the message says what to do", body = switchboard_core::api::ErrorBody), (status = 422, description = "An input is wrong; the message says which", body = switchboard_core::api::ErrorBody), (status = 502, description = "Twilio refused or failed", body = switchboard_core::api::ErrorBody))
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
