//! `GET /api/v1/events`: a signed-in page hears each import row and opt-in step as it is stored, an
//! anonymous caller is refused, and a stream ends once its session does.

use std::time::Duration;

use serde_json::json;
use switchboard_core::api::{
    Event, ImportProgress, ImportRowState, OptInState, Role, SessionInfo, UserUpdate,
};

use crate::common::events::{EventStream, Next};
use crate::common::{expect, expect_refusal, spawn};
use crate::opt_in::{CUSTOMER, paired, start};

/// Three rows to pair and, on line 4, one without a name, which is failed before any is carried out.
pub const CSV: &str = "friendly_name,reference,a_name,a_channel,a_number,a_proxy,b_name,b_channel,b_number,b_proxy\r\n\
    Order 71,71,Ana,whatsapp,+34 611 007 001,,Bruno,sms,+1 555 017 1001,\r\n\
    Order 72,72,Carla,whatsapp,+34 611 007 002,,Dario,sms,+1 555 017 1002,\r\n\
    ,73,Eva,whatsapp,+34 611 007 003,,Fede,sms,+1 555 017 1003,\r\n\
    Order 74,74,Gina,sms,+1 555 017 1004,,Hugo,whatsapp,+34 611 007 004,\r\n";
pub const UNREADABLE_LINE: usize = 4;

const WAIT: Duration = Duration::from_secs(20);

/// The states each line of import `id` was announced in, in order.
pub fn row_states(events: &[Event], id: i64, line: usize) -> Vec<ImportRowState> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::ImportProgress {
                import_id,
                line: at,
                state,
            } if *import_id == id && *at == line => Some(*state),
            _ => None,
        })
        .collect()
}

/// Each row of the finished import `done` was announced running, then as stored; the unreadable
/// row never ran; the end came last.
pub fn assert_told_row_by_row(events: &[Event], done: &ImportProgress) {
    assert!(done.finished);
    assert_eq!((done.created, done.failed), (3, 1), "{done:?}");
    for row in &done.rows {
        let told = row_states(events, done.id, row.line);
        if row.line == UNREADABLE_LINE {
            assert!(told.is_empty(), "line {}: {told:?}", row.line);
        } else {
            assert_eq!(
                told,
                [ImportRowState::Running, row.state],
                "line {}",
                row.line
            );
        }
    }
    assert_eq!(events.last(), Some(&Event::finished(done.id)));
}

#[tokio::test]
async fn a_signed_in_page_hears_each_row_of_an_import_as_it_is_done_then_its_end() {
    let app = spawn().await;
    let viewer = app.client_with_role(Role::Viewer).await;
    let mut stream = EventStream::open(&viewer).await;
    let started: ImportProgress = expect(
        app.admin
            .post_json("/api/v1/pairings/imports", &json!({ "csv": CSV }))
            .await,
        202,
    )
    .await;
    let id = started.id;
    let events = stream.until(WAIT, |e| *e == Event::finished(id)).await;
    let done: ImportProgress = viewer
        .get_ok(&format!("/api/v1/pairings/imports/{id}"))
        .await;
    assert_told_row_by_row(&events, &done);
}

#[tokio::test]
async fn an_anonymous_caller_gets_no_stream() {
    let app = spawn().await;
    let refused = app.anonymous().get("/api/v1/events").await;
    expect_refusal(refused, 401, "Sign in to continue").await;
}

#[tokio::test]
async fn each_step_of_an_opt_in_is_heard() {
    let app = spawn().await;
    let (sid, created) = paired(&app.admin).await;
    let mut stream = EventStream::open(&app.admin).await;
    start(&app.admin, &sid).await;
    let answer = json!({ "from": CUSTOMER, "to": created.proxies[0], "body": "Yes" });
    let sent = app
        .admin
        .post_json("/api/v1/sandbox/phones/messages", &answer)
        .await;
    assert_eq!(sent.status(), 201);
    let connected = Event::opt_in(&sid, OptInState::Connected);
    let events = stream.until(WAIT, |e| *e == connected).await;
    // The mirror's news of the same conversation (messages, people) is told too, in between.
    let opt_in: Vec<Event> = events
        .into_iter()
        .filter(|e| matches!(e, Event::OptIn { .. }))
        .collect();
    let steps = [
        OptInState::Starting,
        OptInState::Waiting,
        OptInState::Connecting,
        OptInState::Connected,
    ]
    .map(|state| Event::opt_in(&sid, state));
    assert_eq!(opt_in, steps);
}

#[tokio::test]
async fn a_stream_ends_within_seconds_of_its_account_being_disabled() {
    let app = spawn().await;
    let viewer = app.client_with_role(Role::Viewer).await;
    let operator = app.client_with_role(Role::Operator).await;
    let mut disabled = EventStream::open(&viewer).await;
    let mut kept = EventStream::open(&operator).await;
    let me: SessionInfo = viewer.get_ok("/api/v1/session").await;
    let update = UserUpdate {
        disabled: Some(true),
        ..UserUpdate::default()
    };
    let path = format!("/api/v1/users/{}", me.user.id);
    assert_eq!(app.admin.patch_json(&path, &update).await.status(), 200);
    disabled.ended(Duration::from_secs(10)).await;
    assert!(kept.stays_open(Duration::from_millis(200)).await);
}

/// Every event until import `id`'s end, each with its SSE `id`.
pub async fn numbered_until(stream: &mut EventStream, id: i64) -> Vec<(i64, Event)> {
    let mut seen = Vec::new();
    loop {
        match stream.next(WAIT).await {
            Next::Event(event) => {
                let number = stream.last_id.expect("every event is numbered");
                assert!(
                    seen.last().is_none_or(|(last, _)| *last < number),
                    "in order"
                );
                let done = event == Event::finished(id);
                seen.push((number, event));
                if done {
                    return seen;
                }
            }
            other => panic!("{other:?} after {seen:?}"),
        }
    }
}

async fn import(app: &crate::common::TestApp) -> i64 {
    let started: ImportProgress = expect(
        app.admin
            .post_json("/api/v1/pairings/imports", &json!({ "csv": CSV }))
            .await,
        202,
    )
    .await;
    started.id
}

#[tokio::test]
async fn a_stream_resumed_with_last_event_id_gets_exactly_what_it_missed_then_the_live_ones() {
    let app = spawn().await;
    let viewer = app.client_with_role(Role::Viewer).await;
    let mut watching = EventStream::open(&app.admin).await;
    let mut dropped = EventStream::open(&viewer).await;
    let first = import(&app).await;
    numbered_until(&mut dropped, first).await;
    numbered_until(&mut watching, first).await;
    let had = dropped.last_id.unwrap();
    drop(dropped);

    let second = import(&app).await;
    let missed = numbered_until(&mut watching, second).await;
    let mut resumed = EventStream::resume(&viewer, had).await;
    assert_eq!(numbered_until(&mut resumed, second).await, missed);

    let third = import(&app).await;
    let live = numbered_until(&mut watching, third).await;
    assert_eq!(
        numbered_until(&mut resumed, third).await,
        live,
        "then live, no repeats"
    );
}

#[tokio::test]
async fn a_stream_resumed_after_what_the_log_keeps_is_told_it_missed_some() {
    let app = spawn().await;
    let mut watching = EventStream::open(&app.admin).await;
    let first = import(&app).await;
    let events = numbered_until(&mut watching, first).await;
    let (oldest, _) = events[0];
    let db = app.server.database().await;
    sqlx::query("DELETE FROM event_log WHERE id <= $1")
        .bind(oldest + 2)
        .execute(&db)
        .await
        .unwrap();
    let mut resumed = EventStream::resume(&app.admin, oldest - 1).await;
    assert_eq!(
        resumed.next(WAIT).await,
        Next::Event(Event::Missed { count: 3 })
    );
    let rest = numbered_until(&mut resumed, first).await;
    assert_eq!(rest, events[3..]);

    let refused = app
        .admin
        .http
        .get(app.admin.url("/api/v1/events"))
        .header("Last-Event-ID", "yesterday")
        .send()
        .await
        .unwrap();
    expect_refusal(
        refused,
        422,
        "Last-Event-ID \"yesterday\" is not the id of an event",
    )
    .await;
}
