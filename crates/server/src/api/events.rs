//! `/api/v1/events`: what any instance learns, streamed to an open page as Server-Sent Events.

use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{self, KeepAlive, Sse};
use futures_util::{Stream, StreamExt};
use switchboard_core::api::Event;

use crate::auth::sessions::Session;
use crate::events;
use crate::state::AppState;

/// A comment line this often keeps proxies from closing a quiet stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Each event as one Server-Sent Event whose `data` is an `Event` in JSON. The stream ends when the
/// session does (checked every few seconds) or the server stops; the browser's `EventSource`
/// reconnects by itself, and a page re-reads what it shows on `missed`.
#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "events",
    responses(
        (status = 200, description = "A stream of Server-Sent Events, each `data` an Event", content_type = "text/event-stream", body = Event),
    )
)]
pub async fn events_follow(
    State(state): State<AppState>,
    session: Session,
) -> Sse<impl Stream<Item = Result<sse::Event, axum::Error>>> {
    let stream = events::follow(state, session.token_hash)
        .map(|event| sse::Event::default().json_data(event));
    Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}
