//! What a failed call is: Twilio's error body, or the transport's failure.

use serde::Deserialize;

/// Twilio's error body: `{"code": 20404, "message": "...", "more_info": "...", "status": 404}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TwilioErrorBody {
    pub code: u32,
    pub message: String,
    #[serde(default)]
    pub more_info: Option<String>,
    pub status: u16,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Twilio answered with an error body; `code` is Twilio's (e.g. 50416 for a number pair in use).
    #[error("Twilio error {code} (HTTP {status}): {message}", code = .0.code, status = .0.status, message = .0.message)]
    Api(TwilioErrorBody),
    /// Twilio answered with a status and a body that is not Twilio's error shape.
    #[error("Twilio answered HTTP {status} with an unexpected body")]
    UnexpectedStatus { status: u16 },
    /// The request did not complete: connection refused, timeout, TLS.
    #[error("could not reach Twilio: {0}")]
    Transport(#[source] reqwest::Error),
    /// A success response whose body is not what the API promises.
    #[error("Twilio's answer could not be read: {0}")]
    Decode(#[source] serde_json::Error),
}

impl Error {
    /// Twilio's numeric error code, when Twilio sent one.
    pub fn twilio_code(&self) -> Option<u32> {
        match self {
            Error::Api(body) => Some(body.code),
            _ => None,
        }
    }
}
