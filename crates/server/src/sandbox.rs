//! The embedded sandbox as the server reaches it for `/api/v1/sandbox`: its simulated phones, and
//! for tests its clock and faults, asked over one HTTP client kept for the server's life.

use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use switchboard_sandbox::RunningSandbox;

use crate::error::{AppError, Sentence, said};
use crate::state::AppState;

#[derive(Clone)]
pub struct SandboxLink {
    base: String,
    account_sid: String,
    auth_token: SecretString,
    http: reqwest::Client,
}

impl SandboxLink {
    pub fn new(sandbox: &RunningSandbox) -> Self {
        SandboxLink {
            base: sandbox.base_url(),
            account_sid: sandbox.account_sid.clone(),
            auth_token: sandbox.auth_token.clone(),
            http: reqwest::Client::new(),
        }
    }
}

/// Sends `method path` (with `form` as the body) to the sandbox and answers with its JSON; a
/// refusal becomes a 404 or 422 with the sandbox's sentence.
pub async fn forward(
    state: &AppState,
    method: Method,
    path: &str,
    form: Option<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    forward_saying(state, method, path, form, |_| None).await
}

/// As `forward`, but a refusal whose Twilio `code` `say` words from the catalog of refusals is
/// answered with that sentence instead of the sandbox's English.
pub async fn forward_saying(
    state: &AppState,
    method: Method,
    path: &str,
    form: Option<Vec<(String, String)>>,
    say: impl FnOnce(u64) -> Option<Sentence>,
) -> Result<Response, AppError> {
    let Some(sandbox) = &state.sandbox else {
        return Err(AppError::not_found(said!(sandbox_only)));
    };
    let mut request = sandbox
        .http
        .request(method, format!("{}{path}", sandbox.base))
        .basic_auth(
            &sandbox.account_sid,
            Some(sandbox.auth_token.expose_secret()),
        );
    if let Some(form) = form {
        request = request.form(&form);
    }
    let response = request
        .send()
        .await
        .map_err(|e| AppError::Internal(format!("the sandbox did not answer: {e}")))?;
    let status =
        StatusCode::from_u16(response.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    if status == StatusCode::NO_CONTENT {
        return Ok(status.into_response());
    }
    let body: Value = response.json().await.unwrap_or(Value::Null);
    if status.is_success() {
        return Ok((status, axum::Json(body)).into_response());
    }
    if let Some(sentence) = body.get("code").and_then(Value::as_u64).and_then(say) {
        return Err(match status {
            StatusCode::NOT_FOUND => AppError::not_found(sentence),
            _ => AppError::invalid(sentence),
        });
    }
    let message = body
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("The sandbox refused this.")
        .to_owned();
    Err(AppError::Sandbox(status, message))
}
