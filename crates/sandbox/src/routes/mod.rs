mod conversations;
mod form;

use axum::Router;
use axum::http::{HeaderMap, header::HOST};

use crate::{SandboxState, TwilioError};

pub fn router() -> Router<SandboxState> {
    Router::new()
        .route(
            "/v1/Conversations",
            axum::routing::get(conversations::list).post(conversations::create),
        )
        .fallback(|uri: axum::http::Uri| async move { TwilioError::not_found(uri.path()) })
}

/// `http://HOST`: the origin the client called, for the absolute URLs in responses.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}
