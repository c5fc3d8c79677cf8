//! The sandbox's simulated phones (and, for tests, its clock and faults), offered through the server
//! so the browser talks to one origin. Present only when the sandbox is the upstream; the clock and
//! faults only when it was started with its test controls.

use axum::extract::{Path, RawQuery, State};
use axum::http::Method;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use switchboard_core::{Address, country};

use super::openapi::{Conflict, Invalid, NotFound};
use crate::audit::Outcome;
use crate::auth::CurrentUser;
use crate::error::{AppError, Sentence, said};
use crate::extract::Json;
use crate::pairing::plan::channel_name;
use crate::sandbox::{forward, forward_saying};
use crate::state::AppState;

/// A simulated handset writing to one of the business numbers.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct PhoneMessage {
    /// The handset writing: `+1555…` or `whatsapp:+34…`.
    from: String,
    /// The business number it writes to.
    to: String,
    body: String,
}

/// How far to move the sandbox's clock forward.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ClockAdvance {
    /// An ISO 8601 duration, e.g. `PT25H`.
    advance: String,
}

/// A number the sandbox's account is to own from now on.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct NumberAdd {
    /// `+E.164` for SMS, `whatsapp:+E.164` for a WhatsApp sender.
    address: String,
    /// ISO 3166-1 alpha-2; by default the region of the number's calling code.
    country_code: Option<String>,
}

/// A fault the sandbox injects into matching upstream requests; fields as its `Faults` resource.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct FaultRequest {
    /// A path prefix, e.g. `/v1/Conversations`.
    path: String,
    method: Option<String>,
    /// `latency`, `429`, `5xx`, `drop`, `drop_events` or `unreachable` (then `path` is a handset's address).
    r#type: String,
    rate: Option<f64>,
    count: Option<u32>,
    latency_ms: Option<u64>,
    status: Option<u16>,
    retry_after: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/sandbox/phones", tag = "sandbox",
    responses((status = 200, description = "Every handset seen", body = Value), NotFound))]
pub async fn phones_list(
    State(state): State<AppState>,
    _user: CurrentUser,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let path = match query {
        Some(query) => format!("/sandbox/v1/Phones?{query}"),
        None => "/sandbox/v1/Phones".to_owned(),
    };
    forward(&state, Method::GET, &path, None).await
}

#[utoipa::path(get, path = "/api/v1/sandbox/phones/{address}/messages", tag = "sandbox",
    params(("address" = String, Path, description = "The handset: `+E164` or `whatsapp:+E164`")),
    responses((status = 200, description = "What the handset received and sent", body = Value), NotFound, Invalid))]
pub async fn phone_messages_list(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(address): Path<String>,
) -> Result<Response, AppError> {
    let handset = checked_address(&address, said!(phone_address))?;
    let path = format!(
        "/sandbox/v1/Phones/{}/Messages?PageSize=200",
        encode(&handset.to_string())
    );
    forward(&state, Method::GET, &path, None).await
}

#[utoipa::path(post, path = "/api/v1/sandbox/phones/messages", tag = "sandbox",
    request_body = PhoneMessage,
    responses((status = 201, description = "The handset's message", body = Value), NotFound, Invalid))]
pub async fn phone_messages_create(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(message): Json<PhoneMessage>,
) -> Result<Response, AppError> {
    let detail = json!({ "from": message.from, "to": message.to });
    let result = handset_writes(&state, message).await;
    audited(&state, &user, "sandbox.phone_message", detail, result).await
}

/// The handset's message, sent once it has an address and a body; the sandbox's refusal of a
/// number the account does not own on that channel is said from the catalog too.
async fn handset_writes(state: &AppState, message: PhoneMessage) -> Result<Response, AppError> {
    let from = checked_address(&message.from, said!(phone_address))?;
    if message.body.trim().is_empty() {
        return Err(AppError::invalid(said!(phone_body_empty)));
    }
    let channel = channel_name(from.channel());
    let to = message.to;
    let not_ours = said!(phone_to_not_ours, to = &to, channel = channel);
    let form = vec![
        ("From".into(), from.to_string()),
        ("To".into(), to),
        ("Body".into(), message.body),
    ];
    let path = "/sandbox/v1/Phones/Messages";
    forward_saying(state, Method::POST, path, Some(form), |code| {
        (code == TO_NOT_OURS).then_some(not_ours)
    })
    .await
}

/// The sandbox's (and Twilio's) code for a `To` that is not one of the account's numbers of the
/// sender's channel.
const TO_NOT_OURS: u64 = 21606;

/// A handset's or number's address, `+E.164` or `whatsapp:+E.164`, as the sandbox keys it; else
/// `refusal` with the address's problem as its `problem`.
fn checked_address(typed: &str, refusal: Sentence) -> Result<Address, AppError> {
    Address::parse(typed).map_err(|problem| {
        AppError::invalid(refusal.within("problem", Sentence::of(problem.said())))
    })
}

#[utoipa::path(get, path = "/api/v1/sandbox/webhook-deliveries", tag = "sandbox",
    responses((status = 200, description = "Every webhook request sent", body = Value), NotFound))]
pub async fn webhook_deliveries_list(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Response, AppError> {
    forward(&state, Method::GET, "/sandbox/v1/Webhooks/Deliveries", None).await
}

#[utoipa::path(get, path = "/api/v1/sandbox/controls/clock", tag = "sandbox",
    responses((status = 200, description = "The sandbox's time", body = Value), NotFound))]
pub async fn clock_get(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Response, AppError> {
    forward(&state, Method::GET, "/sandbox/v1/Clock", None).await
}

#[utoipa::path(post, path = "/api/v1/sandbox/controls/clock", tag = "sandbox",
    request_body = ClockAdvance,
    responses((status = 200, description = "The sandbox's new time", body = Value), NotFound, Invalid))]
pub async fn clock_advance(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(clock): Json<ClockAdvance>,
) -> Result<Response, AppError> {
    let detail = json!({ "advance": clock.advance });
    let form = vec![("Advance".into(), clock.advance)];
    let result = forward(&state, Method::POST, "/sandbox/v1/Clock", Some(form)).await;
    audited(&state, &user, "sandbox.clock_advance", detail, result).await
}

#[utoipa::path(post, path = "/api/v1/sandbox/controls/numbers", tag = "sandbox",
    request_body = NumberAdd,
    responses((status = 201, description = "The account owns the number", body = Value), NotFound, Invalid, Conflict))]
pub async fn numbers_add(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(number): Json<NumberAdd>,
) -> Result<Response, AppError> {
    let detail = json!({ "address": number.address });
    let address = match checked_address(&number.address, said!(sandbox_address)) {
        Ok(address) => address.to_string(),
        Err(refused) => {
            return audited(&state, &user, "sandbox.number_add", detail, Err(refused)).await;
        }
    };
    let code = country::calling_code(address.trim_start_matches("whatsapp:"));
    let region = number
        .country_code
        .or_else(|| country::region(code).map(str::to_owned))
        .unwrap_or_default();
    let form = vec![("Address".into(), address), ("CountryCode".into(), region)];
    let result = forward(&state, Method::POST, "/sandbox/v1/Numbers", Some(form)).await;
    if result.is_ok() {
        state.numbers.forget().await;
    }
    audited(&state, &user, "sandbox.number_add", detail, result).await
}

#[utoipa::path(get, path = "/api/v1/sandbox/controls/faults", tag = "sandbox",
    responses((status = 200, description = "The faults injected now", body = Value), NotFound))]
pub async fn faults_list(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Response, AppError> {
    forward(&state, Method::GET, "/sandbox/v1/Faults", None).await
}

#[utoipa::path(post, path = "/api/v1/sandbox/controls/faults", tag = "sandbox",
    request_body = FaultRequest,
    responses((status = 201, description = "The fault, injected from now on", body = Value), NotFound, Invalid))]
pub async fn faults_create(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(fault): Json<FaultRequest>,
) -> Result<Response, AppError> {
    let detail = json!({ "path": fault.path, "type": fault.r#type });
    let optional = [
        ("Method", fault.method),
        ("Rate", fault.rate.map(|v| v.to_string())),
        ("Count", fault.count.map(|v| v.to_string())),
        ("LatencyMs", fault.latency_ms.map(|v| v.to_string())),
        ("Status", fault.status.map(|v| v.to_string())),
        ("RetryAfter", fault.retry_after.map(|v| v.to_string())),
    ];
    let mut form = vec![("Path".into(), fault.path), ("Type".into(), fault.r#type)];
    form.extend(
        optional
            .into_iter()
            .filter_map(|(name, value)| Some((name.to_owned(), value?))),
    );
    let result = forward(&state, Method::POST, "/sandbox/v1/Faults", Some(form)).await;
    audited(&state, &user, "sandbox.fault_create", detail, result).await
}

#[utoipa::path(delete, path = "/api/v1/sandbox/controls/faults", tag = "sandbox",
    responses((status = 204, description = "Every fault removed"), NotFound))]
pub async fn faults_clear(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, AppError> {
    let result = forward(&state, Method::DELETE, "/sandbox/v1/Faults", None).await;
    audited(&state, &user, "sandbox.faults_clear", json!({}), result).await
}

#[utoipa::path(delete, path = "/api/v1/sandbox/controls/faults/{fault}", tag = "sandbox",
    params(("fault" = String, Path, description = "The fault's SID")),
    responses((status = 204, description = "The fault removed"), NotFound))]
pub async fn faults_delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(fault): Path<String>,
) -> Result<Response, AppError> {
    let path = format!("/sandbox/v1/Faults/{}", encode(&fault));
    let result = forward(&state, Method::DELETE, &path, None).await;
    let detail = json!({ "fault": fault });
    audited(&state, &user, "sandbox.fault_delete", detail, result).await
}

async fn audited(
    state: &AppState,
    user: &CurrentUser,
    action: &str,
    detail: Value,
    result: Result<Response, AppError>,
) -> Result<Response, AppError> {
    let outcome = Outcome::of(&result);
    state
        .audit
        .record(user, action, None, outcome, detail)
        .await;
    result
}

fn encode(segment: &str) -> String {
    url::form_urlencoded::byte_serialize(segment.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
