//! The sandbox's simulated phones (and, for tests, its clock and faults), offered through the server
//! so the browser talks to one origin. Present only when the sandbox is the upstream.

use axum::extract::{Path, RawQuery, State};
use axum::http::Method;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::extract::Json;
use crate::sandbox::forward;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct PhoneMessage {
    /// The handset writing: `+1555…` or `whatsapp:+34…`.
    from: String,
    /// The business number it writes to.
    to: String,
    body: String,
}

pub async fn phones_list(
    State(state): State<AppState>,
    _user: CurrentUser,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    forward(
        &state,
        Method::GET,
        &with_query("/sandbox/v1/Phones", query),
        None,
    )
    .await
}

pub async fn phone_messages(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(address): Path<String>,
) -> Result<Response, AppError> {
    let path = format!(
        "/sandbox/v1/Phones/{}/Messages?PageSize=200",
        encode(&address)
    );
    forward(&state, Method::GET, &path, None).await
}

/// A simulated handset writes to one of the business numbers.
pub async fn phone_send(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(message): Json<PhoneMessage>,
) -> Result<Response, AppError> {
    user.require(Role::Operator)?;
    let form = vec![
        ("From".into(), message.from),
        ("To".into(), message.to),
        ("Body".into(), message.body),
    ];
    forward(
        &state,
        Method::POST,
        "/sandbox/v1/Phones/Messages",
        Some(form),
    )
    .await
}

pub async fn webhook_deliveries(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Response, AppError> {
    forward(&state, Method::GET, "/sandbox/v1/Webhooks/Deliveries", None).await
}

/// `GET|POST|DELETE /api/v1/sandbox/controls/{Clock|Faults…}`: the test-only controls, for admins;
/// the sandbox answers 404 unless the server was started with them on. A JSON object body becomes
/// the form fields, e.g. `{"Advance": "PT25H"}`.
pub async fn controls(
    State(state): State<AppState>,
    user: CurrentUser,
    method: Method,
    Path(rest): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    user.require(Role::Admin)?;
    let form = if body.is_empty() {
        None
    } else {
        let fields: Map<String, Value> = serde_json::from_slice(&body)
            .map_err(|_| AppError::Invalid("Send the control's fields as a JSON object.".into()))?;
        Some(
            fields
                .into_iter()
                .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
                .collect(),
        )
    };
    forward(&state, method, &format!("/sandbox/v1/{rest}"), form).await
}

fn with_query(path: &str, query: Option<String>) -> String {
    match query {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    }
}

fn encode(segment: &str) -> String {
    url::form_urlencoded::byte_serialize(segment.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
