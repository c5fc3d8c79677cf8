//! `/api/v1/templates`: the WhatsApp templates and their preview.

use axum::extract::State;
use switchboard_core::api::{TemplatePreview, TemplatePreviewRequest, TemplateView};

use super::openapi::{Invalid, NotFound, Upstream};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;
use crate::templates;

#[utoipa::path(
    get,
    path = "/api/v1/templates",
    tag = "templates",
    responses(
        (status = 200, body = Vec<TemplateView>),
        Upstream,
    )
)]
pub async fn templates_list(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<Vec<TemplateView>>, AppError> {
    Ok(Json(templates::list(&state).await?))
}

/// The template filled in as the phone will show it, with every rule broken: the same code the
/// browser runs for its live preview.
#[utoipa::path(
    post,
    path = "/api/v1/templates/preview",
    tag = "templates",
    request_body = TemplatePreviewRequest,
    responses(
        (status = 200, body = TemplatePreview),
        NotFound, Invalid, Upstream,
    )
)]
pub async fn templates_preview(
    State(state): State<AppState>,
    _user: CurrentUser,
    Json(request): Json<TemplatePreviewRequest>,
) -> Result<Json<TemplatePreview>, AppError> {
    let found = templates::find(&state, &request.content_sid).await?;
    Ok(Json(templates::preview(&found, &request.values)))
}
