//! Twilio's error: the value the store's rules and the routes give, and its body
//! `{code, message, more_info, status}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error as Twilio reports it: an HTTP status and a body `{code, message, more_info, status}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct TwilioError {
    pub status: u16,
    pub code: u32,
    pub message: String,
}

impl TwilioError {
    pub fn new(status: u16, code: u32, message: impl Into<String>) -> Self {
        TwilioError {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn not_found(path: &str) -> Self {
        TwilioError::new(
            404,
            20404,
            format!("The requested resource {path} was not found"),
        )
    }

    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        TwilioError::new(400, 20001, message)
    }

    pub fn unauthenticated() -> Self {
        TwilioError::new(401, 20003, "Authenticate")
    }
}

#[derive(Serialize)]
struct Body<'a> {
    code: u32,
    message: &'a str,
    more_info: String,
    status: u16,
}

impl IntoResponse for TwilioError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = Body {
            code: self.code,
            message: &self.message,
            more_info: format!("https://www.twilio.com/docs/errors/{}", self.code),
            status: self.status,
        };
        (status, Json(body)).into_response()
    }
}
