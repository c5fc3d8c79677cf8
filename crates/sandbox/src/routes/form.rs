//! Form-encoded request bodies, and the header that says whether a REST change fires webhooks.

use axum::extract::{FromRequest, Request};
use axum::http::HeaderMap;
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

    pub fn owned(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_owned)
    }

    /// Every value of a repeated field (`Configuration.Filters=a&Configuration.Filters=b`);
    /// `None` when the field is absent.
    pub fn all(&self, name: &str) -> Option<Vec<String>> {
        let values: Vec<String> = self
            .0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .collect();
        (!values.is_empty()).then_some(values)
    }

    pub fn int(&self, name: &str) -> Result<Option<i64>, TwilioError> {
        self.get(name)
            .map(|text| {
                text.parse().map_err(|_| {
                    TwilioError::invalid_parameter(format!("{name} must be a whole number"))
                })
            })
            .transpose()
    }

    pub fn date(&self, name: &str) -> Result<Option<time::OffsetDateTime>, TwilioError> {
        self.get(name)
            .map(|text| {
                time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
                    .map_err(|_| {
                        TwilioError::invalid_parameter(format!(
                            "{name} must be an ISO 8601 date and time, e.g. 2024-05-01T10:00:00Z"
                        ))
                    })
            })
            .transpose()
    }
}

/// Whether a REST change should fire webhooks: only with `X-Twilio-Webhook-Enabled: true`.
pub fn webhooks_enabled(headers: &HeaderMap) -> bool {
    headers
        .get("X-Twilio-Webhook-Enabled")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
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
