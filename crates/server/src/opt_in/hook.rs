//! The endpoint Twilio posts the relay's conversation events to. Only a request signed with the
//! account's auth token over this exact URL is believed.

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use secrecy::ExposeSecret;
use switchboard_twilio::signature;

use super::store;
use crate::state::AppState;

pub async fn opt_in_hook(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let Some(token) = &state.webhook_token else {
        return StatusCode::NOT_FOUND;
    };
    let Ok(params) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let url = format!(
        "{}{}",
        state.public_base,
        uri.path_and_query().map_or(uri.path(), |pq| pq.as_str())
    );
    let signed = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|given| signature::verify(token.expose_secret(), &url, &params, given));
    if !signed {
        tracing::warn!("refused a webhook delivery without a valid X-Twilio-Signature");
        return StatusCode::FORBIDDEN;
    }
    let field = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if let Some(token) = headers
        .get("i-twilio-idempotency-token")
        .and_then(|v| v.to_str().ok())
    {
        match store::first_delivery(&state.db, token).await {
            Ok(true) => {}
            Ok(false) => return StatusCode::OK,
            Err(_) => return StatusCode::SERVICE_UNAVAILABLE,
        }
    }
    let (Some("onMessageAdded"), Some(conversation)) =
        (field("EventType"), field("ConversationSid"))
    else {
        return StatusCode::OK;
    };
    let waiting_for = match store::waiting_for(&state.db, conversation).await {
        Ok(waiting_for) => waiting_for,
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE,
    };
    if waiting_for.is_none() || waiting_for.as_deref() != field("ParticipantSid") {
        return StatusCode::OK;
    }
    // A failure is kept on the relay (the detail shows it and the operator can start again), so
    // Twilio's retry of this delivery would find nothing to do: it is answered as received.
    let _ = super::connect(&state, conversation).await;
    StatusCode::OK
}
