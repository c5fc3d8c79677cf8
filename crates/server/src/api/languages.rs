//! The languages of the dashboard: each one's catalog for the browser, and a person's own choice.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::json;
use switchboard_catalog::{Messages, Problems, catalog, problems};
use switchboard_core::Language;
use switchboard_core::api::{LanguageCatalog, LanguageChoice, StaffUser};

use super::openapi::Invalid;
use crate::audit::Outcome;
use crate::auth::CurrentUser;
use crate::error::{AppError, said};
use crate::extract::Json;
use crate::staff;
use crate::state::AppState;
use switchboard_core::api::ErrorBody;

/// Every text of the catalog in `language`, in key order, with the keys' fingerprint, and its
/// refusals by key.
fn catalog_json(language: Language) -> String {
    let refusals = problems(language);
    let catalog = LanguageCatalog {
        keys: Messages::FINGERPRINT,
        texts: catalog(language)
            .texts()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        problems: Problems::KEYS
            .iter()
            .filter_map(|key| Some(((*key).to_owned(), refusals.get(key)?.to_owned())))
            .collect(),
    };
    serde_json::to_string(&catalog).expect("a catalog is plain JSON")
}

/// One language's catalog, every text in key order; the browser loads it when that language is chosen.
#[utoipa::path(
    get,
    path = "/api/v1/languages/{tag}",
    tag = "session",
    security(()),
    params(("tag" = String, Path, description = "`en`, `es`, `pt-BR`, `fr` or `ar`")),
    responses(
        (status = 200, description = "Each key's text, in key order", body = LanguageCatalog),
        (status = 404, description = "Not a language of the dashboard", body = ErrorBody),
    )
)]
pub async fn languages_get(Path(tag): Path<String>) -> Result<impl IntoResponse, AppError> {
    let language = Language::ALL
        .into_iter()
        .find(|language| language.tag() == tag)
        .ok_or_else(|| {
            let tags: Vec<&str> = Language::ALL
                .iter()
                .map(|language| language.tag())
                .collect();
            AppError::not_found(said!(no_language, tag = tag, tags = tags.join(", ")))
        })?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        catalog_json(language),
    ))
}

/// Keeps the signed-in person's language with their account, so it follows them to any browser.
#[utoipa::path(
    put,
    path = "/api/v1/session/language",
    tag = "session",
    request_body = LanguageChoice,
    responses(
        (status = 200, body = StaffUser),
        Invalid,
    )
)]
pub async fn session_language_update(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(choice): Json<LanguageChoice>,
) -> Result<Json<StaffUser>, AppError> {
    let result = staff::set_language(&state.db, user.id, choice.language).await;
    state
        .audit
        .record(
            &user,
            "session.language",
            Some(user.username.as_str()),
            Outcome::of(&result),
            json!({ "language": choice.language.tag() }),
        )
        .await;
    Ok(Json(result?))
}
