//! `/api/v1/info`: what the server runs on, for anyone.

use axum::Json;
use axum::extract::State;
use switchboard_core::api::ServerInfo;

use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/api/v1/info",
    security(()),
    tag = "session",
    responses(
        (status = 200, body = ServerInfo),
    )
)]
pub async fn info_get(State(state): State<AppState>) -> Json<ServerInfo> {
    Json(ServerInfo {
        upstream: state.upstream,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        setup_required: state.auth.setup.is_open(),
    })
}
