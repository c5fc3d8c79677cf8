//! `POST /api/v1/conversations/{sid}/messages`: a message or a template into a conversation.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use switchboard_core::ConversationSid;
use switchboard_core::api::{MessageContent, MessageView, SendMessage};

use super::openapi::{Conflict, Invalid, NotFound, Upstream};
use crate::audit::Outcome;
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::extract::{Json, SidPath};
use crate::messages;
use crate::state::AppState;

#[utoipa::path(
    post,
    path = "/api/v1/conversations/{sid}/messages",
    tag = "messages",
    params(("sid" = String, Path, description = "Conversation SID (CH…)")),
    request_body = SendMessage,
    responses(
        (status = 201, body = MessageView),
        NotFound, Conflict, Invalid, Upstream,
    )
)]
pub async fn messages_create(
    State(state): State<AppState>,
    user: CurrentUser,
    SidPath(sid): SidPath<ConversationSid>,
    body: Result<Json<SendMessage>, AppError>,
) -> Result<(StatusCode, Json<MessageView>), AppError> {
    user.require(Role::Operator)?;
    let request = body.map(|Json(request)| request);
    let detail = match &request {
        Ok(request) => json!({
            "template": match &request.content {
                MessageContent::Template { template } => Some(&template.content_sid),
                MessageContent::Text { .. } => None,
            },
            "author_participant_sid": request.author_participant_sid,
        }),
        Err(_) => json!({}),
    };
    let result = messages::send(&state, &sid, request, &user.username).await;
    state
        .audit
        .record(
            &user,
            "message.send",
            Some(sid.as_str()),
            Outcome::of(&result),
            detail,
        )
        .await;
    result.map(|message| (StatusCode::CREATED, Json(message)))
}
