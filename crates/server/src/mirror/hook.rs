//! `POST /hooks/twilio/events`: Twilio's post-event webhooks for every conversation of the account.
//! Signed and once per idempotency token (`twilio_hook`), then applied to the mirror at once; what
//! needs Twilio read again goes on in the background so the answer is fast.

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};

use super::{apply, event};
use crate::state::AppState;
use crate::twilio_hook;

pub async fn events_hook(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let params = match twilio_hook::receive(&state, &uri, &headers, &body).await {
        Ok(params) => params,
        Err(status) => return status,
    };
    let Some(event) = event::parse(&params) else {
        return StatusCode::OK;
    };
    // The delivery is noted as received: a failure here is mended by the next reconcile rather
    // than by Twilio's retry, which the idempotency token would refuse.
    if let Err(error) = apply::apply(&state, event).await {
        tracing::warn!(%error, "could not apply a Twilio event to the mirror");
    }
    StatusCode::OK
}
