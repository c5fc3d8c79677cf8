use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::json;
use switchboard_core::api::{MessageView, SendMessage, WhatsappWindow};
use switchboard_core::template;
use switchboard_twilio::{MessageOrder, NewMessage};

use super::conversations::not_found_as;
use super::templates;
use crate::audit::Outcome;
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;
use crate::views;

/// Twilio's limit for an outbound SMS/WhatsApp body.
const MAX_BODY_CHARS: usize = 1_600;

#[utoipa::path(
    post,
    path = "/api/v1/conversations/{sid}/messages",
    tag = "messages",
    params(("sid" = String, Path, description = "Conversation SID (CH…)")),
    request_body = SendMessage,
    responses((status = 201, body = MessageView), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 403, description = "The role may not do this", body = switchboard_core::api::ErrorBody), (status = 404, description = "Not found", body = switchboard_core::api::ErrorBody), (status = 422, description = "An input is wrong; the message says which", body = switchboard_core::api::ErrorBody), (status = 502, description = "Twilio refused or failed", body = switchboard_core::api::ErrorBody), (status = 409, description = "Conflicts with what exists, e.g. the conversation is closed; the message says what to do", body = switchboard_core::api::ErrorBody))
)]
pub async fn messages_create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(sid): Path<String>,
    Json(request): Json<SendMessage>,
) -> Result<(StatusCode, Json<MessageView>), AppError> {
    user.require(Role::Operator)?;
    let result = send(&state, &sid, &request).await;
    let detail = json!({
        "template": request.template.as_ref().map(|t| t.content_sid.clone()),
        "author_participant_sid": request.author_participant_sid,
    });
    state
        .audit
        .record(
            &user,
            "message.send",
            Some(&sid),
            Outcome::of(&result),
            detail,
        )
        .await;
    result.map(|message| (StatusCode::CREATED, Json(message)))
}

async fn send(state: &AppState, sid: &str, request: &SendMessage) -> Result<MessageView, AppError> {
    let (participants, recent) = tokio::try_join!(
        state.twilio.list_participants(sid),
        state
            .twilio
            .messages_page(sid, MessageOrder::NewestFirst, 50),
    )
    .map_err(|e| not_found_as(e, sid))?;
    let now = state.clock.now();
    let people: Vec<_> = participants
        .into_iter()
        .map(|p| views::participant(p, &recent.items, now))
        .collect();
    let author = match &request.author_participant_sid {
        None => None,
        Some(author_sid) => {
            let author = people
                .iter()
                .find(|p| &p.sid == author_sid)
                .ok_or_else(|| {
                    AppError::Invalid(format!(
                        "The author {author_sid} is not a participant of this conversation."
                    ))
                })?;
            Some(
                author
                    .address
                    .clone()
                    .or(author.identity.clone())
                    .unwrap_or_else(|| author.sid.clone()),
            )
        }
    };
    let message = match (&request.body, &request.template) {
        (Some(body), None) => {
            let body = body.trim();
            if body.is_empty() {
                return Err(AppError::Invalid("Write a message before sending.".into()));
            }
            if body.chars().count() > MAX_BODY_CHARS {
                return Err(AppError::Invalid(format!(
                    "A message may be at most {MAX_BODY_CHARS} characters."
                )));
            }
            let mut recipients = people
                .iter()
                .filter(|p| Some(&p.sid) != request.author_participant_sid.as_ref());
            if let Some(closed) = recipients.find(|p| p.window == Some(WhatsappWindow::Closed)) {
                let who = closed
                    .name
                    .clone()
                    .or(closed.address.clone())
                    .unwrap_or_else(|| closed.sid.clone());
                return Err(AppError::Invalid(format!(
                    "{who} has not written on WhatsApp in the last 24 hours, so WhatsApp only delivers an approved \
                     template now. Send a template instead."
                )));
            }
            NewMessage {
                author,
                body: Some(body.to_owned()),
                ..NewMessage::default()
            }
        }
        (None, Some(values)) => {
            let found = templates::find(state, &values.content_sid).await?;
            if found.whatsapp_status != "approved" {
                return Err(AppError::Invalid(format!(
                    "The template \"{}\" is {} by WhatsApp: only approved templates can be sent.",
                    found.name.as_deref().unwrap_or(&found.sid),
                    found.whatsapp_status
                )));
            }
            let preview = templates::preview(&found, &values.values);
            if !preview.problems.is_empty() {
                return Err(AppError::Invalid(format!(
                    "The template cannot be sent yet: {}.",
                    preview.messages.join("; ")
                )));
            }
            NewMessage {
                author,
                content_sid: Some(found.sid),
                content_variables: Some(template::content_variables(&values.values)),
                ..NewMessage::default()
            }
        }
        _ => {
            return Err(AppError::Invalid(
                "Send either a message text or a template, not both and not neither.".into(),
            ));
        }
    };
    let sent = state
        .twilio
        .send_message(sid, &message)
        .await
        .map_err(|e| not_found_as(e, sid))?;
    Ok(views::message(sent, Vec::new()))
}
