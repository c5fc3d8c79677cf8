//! Sandbox-only test controls, served only when the sandbox was started with them: faults on
//! demand and the simulated clock.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::form::Fields;
use crate::faults::{Fault, FaultKind};
use crate::sid::new_sid;
use crate::time_format::format;
use crate::{SandboxState, TwilioError, duration};

/// `POST /sandbox/v1/Faults`: `Path` (prefix), `Method`, `Type` (latency | 429 | 5xx | drop |
/// drop_events | unreachable), `Rate` (0–1, default 1), `Count`, `LatencyMs`, `Status` (5xx),
/// `RetryAfter` (seconds). A `drop_events` fault drops the webhooks the sandbox sends to URLs whose
/// path starts with `Path` (default `/`: every webhook), each recorded as not delivered. An
/// `unreachable` fault fails the messages to handsets whose address starts with `Path` (e.g.
/// `whatsapp:+34600000001`) with 30003.
pub async fn add_fault(
    State(state): State<SandboxState>,
    fields: Fields,
) -> Result<(StatusCode, Json<Value>), TwilioError> {
    let kind = fields
        .get("Type")
        .and_then(FaultKind::parse)
        .ok_or_else(|| {
            TwilioError::invalid_parameter(
                "Type must be latency, 429, 5xx, drop, drop_events or unreachable",
            )
        })?;
    let path = if kind == FaultKind::Unreachable {
        fields
            .owned("Path")
            .filter(|p| !p.trim().is_empty())
            .ok_or_else(|| {
                TwilioError::invalid_parameter(
                    "Path is required: the handset's address, e.g. whatsapp:+34600000001",
                )
            })?
    } else {
        let default_path = (kind == FaultKind::DropEvents).then(|| "/".to_owned());
        fields
            .owned("Path")
            .or(default_path)
            .filter(|p| p.starts_with('/'))
            .ok_or_else(|| TwilioError::invalid_parameter("Path is required and starts with /"))?
    };
    let rate = match fields.get("Rate") {
        None => 1.0,
        Some(text) => text
            .parse::<f64>()
            .ok()
            .filter(|r| (0.0..=1.0).contains(r))
            .ok_or_else(|| TwilioError::invalid_parameter("Rate must be a number from 0 to 1"))?,
    };
    let count = fields.int("Count")?;
    let status = fields.int("Status")?.unwrap_or(503);
    if kind == FaultKind::ServerError && !(500..=599).contains(&status) {
        return Err(TwilioError::invalid_parameter(
            "Status must be from 500 to 599",
        ));
    }
    let fault = Fault {
        sid: new_sid("FT"),
        path,
        method: fields.owned("Method"),
        kind,
        rate,
        remaining: count.map(|c| c.max(1) as u32),
        latency_ms: fields.int("LatencyMs")?.unwrap_or(1000).max(0) as u64,
        status: status as u16,
        retry_after: fields.int("RetryAfter")?.unwrap_or(1).max(0) as u32,
        injected: 0,
    };
    state.faults.add(fault.clone());
    Ok((StatusCode::CREATED, Json(json!(fault))))
}

pub async fn faults(State(state): State<SandboxState>) -> Json<Value> {
    Json(json!({ "faults": state.faults.list() }))
}

pub async fn clear_faults(State(state): State<SandboxState>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}

pub async fn remove_fault(
    State(state): State<SandboxState>,
    Path(sid): Path<String>,
) -> Result<StatusCode, TwilioError> {
    if state.faults.remove(&sid) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(TwilioError::not_found(&format!("/sandbox/v1/Faults/{sid}")))
    }
}

fn clock_json(state: &SandboxState) -> Value {
    json!({
        "now": format(state.clock.now()),
        "offset_seconds": state.clock.offset_ms() / 1000,
    })
}

pub async fn clock(State(state): State<SandboxState>) -> Json<Value> {
    Json(clock_json(&state))
}

/// `POST /sandbox/v1/Clock` with `Advance` (an ISO 8601 duration such as `PT25H`): moves the
/// sandbox's time forward and runs the conversation timers that fell due.
pub async fn advance_clock(
    State(state): State<SandboxState>,
    fields: Fields,
) -> Result<Json<Value>, TwilioError> {
    let by = fields
        .get("Advance")
        .and_then(duration::parse)
        .ok_or_else(|| {
            TwilioError::invalid_parameter("Advance must be an ISO 8601 duration, e.g. PT25H")
        })?;
    state.clock.advance(by);
    state.tick().await;
    Ok(Json(clock_json(&state)))
}

/// `POST /sandbox/v1/Numbers`: `Address` (`+E.164`, or `whatsapp:+E.164` for a WhatsApp sender) and
/// `CountryCode` (ISO 3166-1): a number the account owns from now on.
pub async fn add_number(
    State(state): State<SandboxState>,
    fields: Fields,
) -> Result<(StatusCode, Json<Value>), TwilioError> {
    let address = fields
        .get("Address")
        .filter(|a| crate::store::numbers::is_valid_address(a))
        .ok_or_else(|| {
            TwilioError::invalid_parameter(
                "Address must be +E.164, or whatsapp:+E.164 for a WhatsApp sender",
            )
        })?
        .to_owned();
    let mut store = state.store.lock().await;
    if store.owns_number(&address) {
        return Err(TwilioError::new(
            409,
            21422,
            format!("The account already owns {address}"),
        ));
    }
    let country = fields
        .owned("CountryCode")
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        .ok_or_else(|| {
            TwilioError::invalid_parameter("CountryCode must be two capital letters, e.g. ES")
        })?;
    let number = store.add_number(&address, &country);
    state.commit(&mut store, false).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "address": number.address, "country_code": number.country_code })),
    ))
}
