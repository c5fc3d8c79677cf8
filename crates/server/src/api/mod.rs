//! The `/api/v1` JSON API the UI talks to. Shaped for the UI, not a pass-through of Twilio's.

mod audit;
mod conversations;
mod info;
mod session;
mod users;

use axum::Router;
use axum::extract::OriginalUri;
use axum::http::Method;
use axum::middleware;
use axum::routing::{get, patch, post};

use crate::error::AppError;
use crate::startup::AppState;
use crate::{auth, metrics};

/// Every route needs a session except those in `public`.
pub fn router(state: AppState) -> Router {
    let public = Router::new()
        .route("/info", get(info::info_get))
        .route("/setup", post(session::setup_create))
        .route("/session", post(session::session_create));
    let signed_in = Router::new()
        .route(
            "/session",
            get(session::session_get).delete(session::session_delete),
        )
        .route("/session/password", post(session::password_update))
        .route("/users", get(users::users_list).post(users::users_create))
        .route("/users/{id}", patch(users::users_update))
        .route("/audit", get(audit::audit_list))
        .route("/conversations", get(conversations::conversations_list))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_session,
        ));
    public
        .merge(signed_in)
        .route_layer(middleware::from_fn(metrics::note_route))
        .fallback(|method: Method, OriginalUri(uri): OriginalUri| async move {
            AppError::NoRoute(format!("{method} {}", uri.path()))
        })
        .with_state(state)
}
