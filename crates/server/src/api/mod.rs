//! The `/api/v1` JSON API the UI talks to. Shaped for the UI, not a pass-through of Twilio's.

mod audit;
mod conversations;
mod imports;
mod info;
mod messages;
pub mod openapi;
mod opt_in;
mod pairings;
mod sandbox;
mod session;
pub(crate) mod templates;
mod users;
mod webhooks;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::OriginalUri;
use axum::http::Method;
use axum::middleware;
use axum::routing::{delete, get, patch, post, put};

/// A 10,000-row pairing CSV fits well within this.
const CSV_LIMIT: usize = 8 * 1024 * 1024;

use crate::error::AppError;
use crate::state::AppState;
use crate::{auth, metrics};

/// Every route needs a session except those in `public`; routes for operators or admins refuse
/// anyone below before reading the body.
pub fn router(state: AppState) -> Router {
    let public = Router::new()
        .route("/info", get(info::info_get))
        .route("/openapi.json", get(openapi::openapi_json))
        .route("/setup", post(session::setup_create))
        .route("/session", post(session::session_create));
    let signed_in = Router::new()
        .route(
            "/session",
            get(session::session_get).delete(session::session_delete),
        )
        .route("/session/password", post(session::password_update))
        .route(
            "/users",
            get(users::users_list)
                .post(users::users_create)
                .route_layer(middleware::from_fn(auth::admins_only)),
        )
        .route(
            "/users/{id}",
            patch(users::users_update).route_layer(middleware::from_fn(auth::admins_only)),
        )
        .route("/audit", get(audit::audit_list))
        .route("/conversations", get(conversations::conversations_list))
        .route(
            "/conversations/{sid}",
            get(conversations::conversations_get).merge(
                delete(conversations::conversations_delete)
                    .route_layer(middleware::from_fn(auth::admins_only)),
            ),
        )
        .route(
            "/conversations/{sid}/close",
            post(conversations::conversations_close)
                .route_layer(middleware::from_fn(auth::operators_only)),
        )
        .route(
            "/conversations/{sid}/messages",
            post(messages::messages_create).route_layer(middleware::from_fn(auth::operators_only)),
        )
        .route(
            "/conversations/{sid}/participants/{participant}/reassign",
            post(pairings::participants_reassign)
                .route_layer(middleware::from_fn(auth::operators_only)),
        )
        .route(
            "/conversations/{sid}/webhooks",
            get(webhooks::webhooks_list).merge(
                post(webhooks::webhooks_create)
                    .route_layer(middleware::from_fn(auth::operators_only)),
            ),
        )
        .route(
            "/conversations/{sid}/webhooks/{webhook}",
            put(webhooks::webhooks_update)
                .delete(webhooks::webhooks_delete)
                .route_layer(middleware::from_fn(auth::operators_only)),
        )
        .route(
            "/conversations/{sid}/opt-in",
            post(opt_in::opt_in_create).route_layer(middleware::from_fn(auth::operators_only)),
        )
        .route(
            "/pairings",
            post(pairings::pairings_create).route_layer(middleware::from_fn(auth::operators_only)),
        )
        .route("/pairings/check", post(pairings::pairings_check))
        .route(
            "/pairings/imports",
            post(imports::imports_create)
                .layer(DefaultBodyLimit::max(CSV_LIMIT))
                .route_layer(middleware::from_fn(auth::operators_only)),
        )
        .route(
            "/pairings/imports/preview",
            post(imports::imports_preview).layer(DefaultBodyLimit::max(CSV_LIMIT)),
        )
        .route("/pairings/imports/{id}", get(imports::imports_get))
        .route("/numbers", get(pairings::numbers_list))
        .route("/sandbox/phones", get(sandbox::phones_list))
        .route(
            "/sandbox/phones/messages",
            post(sandbox::phone_send).route_layer(middleware::from_fn(auth::operators_only)),
        )
        .route(
            "/sandbox/phones/{address}/messages",
            get(sandbox::phone_messages),
        )
        .route(
            "/sandbox/webhook-deliveries",
            get(sandbox::webhook_deliveries),
        )
        .route(
            "/sandbox/controls/{*rest}",
            get(sandbox::controls)
                .post(sandbox::controls)
                .delete(sandbox::controls),
        )
        .route("/templates", get(templates::templates_list))
        .route("/templates/preview", post(templates::templates_preview))
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
        .layer(middleware::from_fn(
            crate::error::explain_method_not_allowed,
        ))
        .with_state(state)
}
