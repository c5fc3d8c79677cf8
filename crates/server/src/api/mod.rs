//! The `/api/v1` JSON API the UI talks to. Shaped for the UI, not a pass-through of Twilio's.

mod attention;
mod audit;
mod conversations;
mod events;
mod imports;
mod info;
mod languages;
mod messages;
mod mirror;
mod openapi;
mod opt_in;
mod pairings;
mod routes;
mod sandbox;
mod session;
mod settings;
pub(crate) mod templates;
mod users;
mod webhooks;

use axum::Router;
use axum::extract::OriginalUri;
use axum::http::{Method, header};
use axum::middleware;
use axum::routing::{any, get};

use crate::error::AppError;
use crate::metrics;
use crate::state::AppState;

/// The API under `/api/v1`, made from the route table, with its document at
/// `/api/v1/openapi.json`; any other `/api/…` path is a JSON 404, never the UI.
pub fn router(state: AppState) -> Router {
    let (router, document) = routes::table(&state).split_for_parts();
    let document = serde_json::to_string(&document).expect("the OpenAPI document serializes");
    router
        .route(
            "/api/v1/openapi.json",
            get(move || async move { ([(header::CONTENT_TYPE, "application/json")], document) }),
        )
        .route_layer(middleware::from_fn(metrics::note_route))
        .route("/api", any(no_route))
        .route("/api/{*rest}", any(no_route))
        .layer(middleware::from_fn(
            crate::error::explain_method_not_allowed,
        ))
        .with_state(state)
}

async fn no_route(method: Method, OriginalUri(uri): OriginalUri) -> AppError {
    AppError::NoRoute(format!("{method} {}", uri.path()))
}
