use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;

use crate::TwilioError;

/// A form-encoded Twilio request body, kept as ordered pairs so repeated fields survive.
pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = TwilioError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_none_or(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(TwilioError::invalid_parameter(
                "Send parameters as application/x-www-form-urlencoded",
            ));
        }
        let body = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|_| TwilioError::invalid_parameter("The request body could not be read"))?;
        serde_urlencoded::from_bytes(&body)
            .map(Fields)
            .map_err(|_| {
                TwilioError::invalid_parameter("The request body is not valid form encoding")
            })
    }
}
