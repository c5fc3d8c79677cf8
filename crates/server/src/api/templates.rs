use std::collections::BTreeMap;

use axum::extract::State;
use switchboard_core::api::{TemplatePreview, TemplatePreviewRequest, TemplateView};
use switchboard_core::template;
use switchboard_twilio::wire::ContentAndApprovals;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/api/v1/templates",
    tag = "templates",
    responses((status = 200, body = Vec<TemplateView>), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 502, description = "Twilio refused or failed", body = switchboard_core::api::ErrorBody))
)]
pub async fn templates_list(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<Vec<TemplateView>>, AppError> {
    Ok(Json(
        state
            .twilio
            .templates()
            .await?
            .into_iter()
            .map(view)
            .collect(),
    ))
}

/// The template filled in as the phone will show it, with every rule broken: the same code the
/// browser runs for its live preview.
#[utoipa::path(
    post,
    path = "/api/v1/templates/preview",
    tag = "templates",
    request_body = TemplatePreviewRequest,
    responses((status = 200, body = TemplatePreview), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 404, description = "Not found", body = switchboard_core::api::ErrorBody), (status = 422, description = "An input is wrong; the message says which", body = switchboard_core::api::ErrorBody), (status = 502, description = "Twilio refused or failed", body = switchboard_core::api::ErrorBody))
)]
pub async fn templates_preview(
    State(state): State<AppState>,
    _user: CurrentUser,
    Json(request): Json<TemplatePreviewRequest>,
) -> Result<Json<TemplatePreview>, AppError> {
    let found = find(&state, &request.content_sid).await?;
    Ok(Json(preview(&found, &request.values)))
}

pub fn preview(template: &TemplateView, values: &BTreeMap<String, String>) -> TemplatePreview {
    let rendered = template::render(template.body.as_deref().unwrap_or(""), values);
    TemplatePreview {
        messages: rendered.problems.iter().map(ToString::to_string).collect(),
        text: rendered.text,
        problems: rendered.problems,
    }
}

pub async fn find(state: &AppState, content_sid: &str) -> Result<TemplateView, AppError> {
    let templates = state.twilio.templates().await?;
    templates
        .into_iter()
        .find(|t| t.sid == content_sid)
        .map(view)
        .ok_or_else(|| {
            AppError::NotFound(format!(
                "There is no template {content_sid}: pick one from the list."
            ))
        })
}

fn view(template: ContentAndApprovals) -> TemplateView {
    let body = template.body().map(str::to_owned);
    TemplateView {
        placeholders: body
            .as_deref()
            .map(template::placeholders)
            .unwrap_or_default(),
        whatsapp_status: template.whatsapp_status().to_owned(),
        samples: template.variables.clone().unwrap_or_default(),
        sid: template.sid,
        name: template.friendly_name,
        language: template.language,
        body,
    }
}
