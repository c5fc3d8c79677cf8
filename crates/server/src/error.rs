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
            AppError::Upstream(Twilio::Api(error)) => (
                StatusCode::BAD_GATEWAY,
                body(
                    "twilio_error",
                    format!(
                        "Twilio refused the request (error {}): {}",
                        error.code, error.message
                    ),
                ),
            ),
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

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, body) = self.status_and_body();
        (status, Json(body)).into_response()
    }
}
