use std::collections::BTreeMap;

use axum::extract::State;
use serde::Deserialize;
use switchboard_core::api::{TemplatePreview, TemplateView};
use switchboard_core::template;
use switchboard_twilio::wire::ContentAndApprovals;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::startup::AppState;

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

#[derive(Deserialize)]
pub struct PreviewRequest {
    content_sid: String,
    #[serde(default)]
    values: BTreeMap<String, String>,
}

/// The template filled in as the phone will show it, with every rule broken: the same code the
/// browser runs for its live preview.
pub async fn templates_preview(
    State(state): State<AppState>,
    _user: CurrentUser,
    Json(request): Json<PreviewRequest>,
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
