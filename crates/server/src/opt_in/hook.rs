//! The endpoint Twilio posts the relay's conversation events to. Only a request signed with the
//! account's auth token over this exact URL is believed.

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};

use super::store;
use crate::state::AppState;
use crate::twilio_hook;

pub async fn opt_in_hook(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let params = match twilio_hook::receive(&state, &uri, &headers, &body).await {
        Ok(params) => params,
        Err(status) => return status,
    };
    let field = |name: &str| twilio_hook::field(&params, name);
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
