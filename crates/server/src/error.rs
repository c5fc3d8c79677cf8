//! `AppError`: every failure a handler can answer with, as a JSON body with a sentence.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use switchboard_core::api::ErrorBody;

/// Every failure an API handler can return. Each becomes a JSON `ErrorBody` whose message tells the
/// operator what to do; causes that are ours (500) are logged, not shown.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("there is no API route {0}")]
    NoRoute(String),
    #[error(transparent)]
    Upstream(#[from] switchboard_twilio::Error),
    #[error("Sign in to continue: your session is missing, ended or expired.")]
    Unauthenticated,
    /// Wrong username or password, or a disabled account.
    #[error("{0}")]
    SignInRefused(String),
    /// The sentence says what the person may not do and who may.
    #[error("{0}")]
    Forbidden(String),
    #[error(
        "This change was refused because it did not come from the Switchboard page itself. Reload the page and try again."
    )]
    CrossSite,
    /// The sentence says which input is wrong and how to fix it.
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    /// The sentence names what was not found.
    #[error("{0}")]
    NotFound(String),
    #[error(
        "The request is larger than this route accepts. Send less at once: a CSV import takes up to 10,000 rows per file."
    )]
    TooLarge,
    #[error("Too many failed sign-ins. Wait {0} seconds, then try again.")]
    Throttled(u64),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    fn status_and_body(&self) -> (StatusCode, ErrorBody) {
        use switchboard_twilio::Error as Twilio;
        let body = |code: &str, message: String| ErrorBody {
            code: code.to_owned(),
            message,
        };
        match self {
            AppError::NoRoute(_) => (StatusCode::NOT_FOUND, body("not_found", format!("{self}."))),
            AppError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                body("unauthenticated", self.to_string()),
            ),
            AppError::SignInRefused(_) => (
                StatusCode::UNAUTHORIZED,
                body("sign_in_refused", self.to_string()),
            ),
            AppError::Forbidden(_) => (StatusCode::FORBIDDEN, body("forbidden", self.to_string())),
            AppError::CrossSite => (StatusCode::FORBIDDEN, body("cross_site", self.to_string())),
            AppError::Invalid(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                body("invalid", self.to_string()),
            ),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, body("not_found", self.to_string())),
            AppError::Conflict(_) => (StatusCode::CONFLICT, body("conflict", self.to_string())),
            AppError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                body("too_large", self.to_string()),
            ),
            AppError::Throttled(_) => (
                StatusCode::TOO_MANY_REQUESTS,
                body("throttled", self.to_string()),
            ),
            AppError::Database(error) if crate::db::is_unreachable(error) => {
                tracing::warn!(%error, "the database could not be reached");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    body("database_unavailable", "The server cannot reach its database just now. Try again in a few seconds.".to_owned()),
                )
            }
            AppError::Database(_) | AppError::Internal(_) => {
                tracing::error!(error = %self, "request failed inside the server");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    body("internal", "The server could not finish this. Try again; if it persists, check the server log.".to_owned()),
                )
            }
            AppError::Upstream(Twilio::Api(error)) => {
                let (status, code, sentence) = crate::twilio_errors::explain(error);
                (status, body(code, sentence))
            }
            AppError::Upstream(Twilio::Transport(_)) => (
                StatusCode::SERVICE_UNAVAILABLE,
                body(
                    "twilio_unreachable",
                    "Twilio could not be reached. Try again in a minute.".to_owned(),
                ),
            ),
            AppError::Upstream(_) => {
                tracing::error!(error = %self, "unexpected answer from upstream");
                (
                    StatusCode::BAD_GATEWAY,
                    body("twilio_unexpected", "Twilio gave an answer the server could not read. Try again; if it persists, check the server log.".to_owned()),
                )
            }
        }
    }
}

/// Layer that gives axum's bare 405 a JSON body that says where to look (axum adds `Allow` after it).
pub async fn explain_method_not_allowed(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let method = request.method().clone();
    let response = next.run(request).await;
    if response.status() != StatusCode::METHOD_NOT_ALLOWED {
        return response;
    }
    let body = ErrorBody {
        code: "method_not_allowed".into(),
        message: format!(
            "This route does not take {method}: use a method its Allow header names, as /api/v1/openapi.json describes."
        ),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    let mut explained = (StatusCode::METHOD_NOT_ALLOWED, Json(body)).into_response();
    for (name, value) in &parts.headers {
        explained.headers_mut().entry(name).or_insert(value.clone());
    }
    explained
}

/// Seconds a client is asked to wait when the database cannot be reached.
const DATABASE_RETRY_AFTER: u64 = 2;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, body) = self.status_and_body();
        let mut response = (status, Json(body)).into_response();
        let retry_after = match &self {
            AppError::Throttled(seconds) => Some(*seconds),
            AppError::Database(error) if crate::db::is_unreachable(error) => {
                Some(DATABASE_RETRY_AFTER)
            }
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}
