//! `/api/v1/events`: what any instance learns, streamed to an open page as Server-Sent Events.

use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{self, KeepAlive, Sse};
use futures_util::{Stream, StreamExt};
use switchboard_core::api::Event;

use super::openapi::Invalid;
use crate::auth::sessions::Session;
use crate::error::{AppError, said};
use crate::events::{self, Logged};
use crate::state::AppState;

/// A comment line this often keeps proxies from closing a quiet stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Each event as one Server-Sent Event whose `data` is an `Event` in JSON and whose `id` numbers
/// it, the same on every instance. The stream ends when the session does (checked every few
/// seconds) or the server stops; the browser's `EventSource` reconnects by itself with
/// `Last-Event-ID`, and is first sent what it missed (kept about an hour; older, or more than
/// 1,000, is one `missed`, on which a page re-reads what it shows).
#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "events",
    params(
        ("Last-Event-ID" = Option<i64>, Header, description = "The id of the last event this page received: the events after it are sent first"),
    ),
    responses(
        (status = 200, description = "A stream of Server-Sent Events, each `data` an Event", content_type = "text/event-stream", body = Event),
        Invalid,
    )
)]
pub async fn events_follow(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<sse::Event, axum::Error>>>, AppError> {
    let resume_after = last_event_id(&headers)?;
    let stream = events::follow(state, session.token_hash, resume_after).map(sse_event);
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

fn sse_event(logged: Logged) -> Result<sse::Event, axum::Error> {
    let event = sse::Event::default();
    let event = match logged.id {
        Some(id) => event.id(id.to_string()),
        None => event,
    };
    event.json_data(logged.event)
}

fn last_event_id(headers: &HeaderMap) -> Result<Option<i64>, AppError> {
    let Some(value) = headers.get("last-event-id") else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or("").trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>()
        .map(Some)
        .map_err(|_| AppError::invalid(said!(last_event_id, value = text)))
}
