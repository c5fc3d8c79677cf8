//! The `/api/v1` JSON API the UI talks to. Shaped for the UI, not a pass-through of Twilio's.

mod conversations;
mod info;

use axum::Router;
use axum::extract::OriginalUri;
use axum::http::Method;
use axum::routing::get;

use crate::error::AppError;
use crate::startup::AppState;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/info", get(info::info_get))
        .route("/conversations", get(conversations::conversations_list))
        .fallback(|method: Method, OriginalUri(uri): OriginalUri| async move {
            AppError::NoRoute(format!("{method} {}", uri.path()))
        })
        .with_state(state)
}
