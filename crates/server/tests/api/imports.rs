//! Bulk pairing from CSV: preview, progress, per-row results, and resuming after a restart.

use crate::common;

use std::time::Duration;

use crate::common::upstream::RecordedUpstream;
use crate::common::{ADMIN, Client, PASSWORD, TestApp, TestServer, expect, expect_refusal};
use serde_json::json;
use switchboard_core::api::{
    ConversationDetail, ImportPreview, ImportProgress, ImportRowState, PairingEnd, Said,
};

const CSV: &str = "\u{feff}friendly_name,reference,a_name,a_channel,a_number,a_proxy,b_name,b_channel,b_number,b_proxy\r\n\
    Order 1,1,Ana,whatsapp,+34 611 000 001,,Bruno,sms,+1 555 010 1001,\r\n\
    Order 2,2,Carla,whatsapp,+34 611 000 002,,Dario,sms,+1 555 010 1002,\r\n\
    ,3,Eva,whatsapp,611 000 003,,Fede,sms,+1 555 010 1003,\r\n\
    Order 4,4,Gina,sms,+1 555 010 1004,,Hugo,whatsapp,+34 611 000 004,\r\n";

pub(crate) async fn finished(client: &Client, id: i64) -> ImportProgress {
    for _ in 0..100 {
        let progress: ImportProgress = client
            .get_ok(&format!("/api/v1/pairings/imports/{id}"))
            .await;
        if progress.finished {
            return progress;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the import never finished");
}

#[tokio::test]
async fn a_csv_is_previewed_row_by_row_then_imported_with_a_result_per_row() {
    let app = common::spawn().await;
    let preview: ImportPreview = expect(
        app.admin
            .post_json("/api/v1/pairings/imports/preview", &json!({ "csv": CSV }))
            .await,
        200,
    )
    .await;
    assert_eq!((preview.valid, preview.invalid), (3, 1));
    assert_eq!(preview.rows[2].line, 4);
    assert_eq!(
        preview.rows[2].problems[0],
        "friendly_name is empty: give the conversation a name."
    );
    let keys = |said: &[Said]| -> Vec<String> {
        let inner = |s: &Said| s.within.values().map(|w| w.key.clone()).collect::<Vec<_>>();
        said.iter()
            .flat_map(|s| std::iter::once(s.key.clone()).chain(inner(s)))
            .collect()
    };
    let row_keys = ["import_name_empty", "import_cell", "number_country_code"];
    assert_eq!(keys(&preview.rows[2].said), row_keys);

    let started: ImportProgress = expect(
        app.admin
            .post_json("/api/v1/pairings/imports", &json!({ "csv": CSV }))
            .await,
        202,
    )
    .await;
    assert_eq!(started.total, 4);
    let done = finished(&app.admin, started.id).await;
    assert_eq!((done.created, done.failed, done.pending), (3, 1, 0));
    let row = |line: usize| done.rows.iter().find(|r| r.line == line).unwrap();
    assert!(
        row(2)
            .conversation_sid
            .as_deref()
            .is_some_and(|sid| sid.starts_with("CH"))
    );
    assert_eq!(row(4).state, ImportRowState::Failed);
    assert!(
        row(4)
            .error
            .as_deref()
            .unwrap()
            .contains("a_number: Start the number with +")
    );
    assert_eq!(keys(&row(4).said), row_keys, "kept with the row");

    let audit: serde_json::Value = app
        .admin
        .get_ok("/api/v1/audit?action=pairing.create")
        .await;
    assert_eq!(audit["entries"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_file_without_a_needed_column_is_refused_whole_and_viewers_cannot_import() {
    let app = common::spawn().await;
    let csv = json!({ "csv": "friendly_name,a_number
X,+1555
" });
    let refused = app
        .admin
        .post_json("/api/v1/pairings/imports/preview", &csv)
        .await;
    expect_refusal(refused, 422, "The file has no \"a_channel\" column.").await;
    let viewer = app
        .client_with_role(switchboard_core::api::Role::Viewer)
        .await;
    assert_eq!(
        viewer
            .post_json("/api/v1/pairings/imports", &json!({ "csv": CSV }))
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn an_import_cut_short_by_a_restart_resumes_without_making_a_row_twice() {
    let upstream = RecordedUpstream::start().await;
    let first = TestApp::spawn_with(upstream.upstream()).await;
    // Simulate a crash mid-import: one row's conversation was made upstream but not recorded, one
    // row was never started.
    let db = first.server.database().await;
    sqlx::query("INSERT INTO pairing_imports (id, created_by, created_at) VALUES (7, $1, 0)")
        .bind(ADMIN)
        .execute(&db)
        .await
        .unwrap();
    let request = |name: &str, a: &str, b: &str| {
        json!({ "friendly_name": name, "reference": null, "sides": [
            { "name": null, "channel": "whatsapp", "number": a, "proxy": null },
            { "name": null, "channel": "sms", "number": b, "proxy": null } ] })
        .to_string()
    };
    for (line, state, body) in [
        (
            2,
            "running",
            request("Made before the crash", "+34611000021", "+15550101021"),
        ),
        (
            3,
            "pending",
            request("Never started", "+34611000022", "+15550101022"),
        ),
    ] {
        sqlx::query("INSERT INTO pairing_import_rows (import_id, line, friendly_name, request, state) VALUES (7, $1, 'x', $2, $3)")
            .bind(line)
            .bind(body)
            .bind(state)
            .execute(&db)
            .await
            .unwrap();
    }
    let participant = r#"{"messaging_binding":{"address":"whatsapp:+34611000021","proxy_address":"whatsapp:+15550108002"}}"#;
    let other =
        r#"{"messaging_binding":{"address":"+15550101021","proxy_address":"+15550109002"}}"#;
    let made = upstream
        .sandbox_client()
        .post(
            "/v1/ConversationWithParticipants",
            &[
                ("FriendlyName", "Made before the crash"),
                ("UniqueName", "import-7-2"),
                ("Participant", participant),
                ("Participant", other),
            ],
        )
        .await;
    assert_eq!(made.status(), 201);

    let second = TestServer::start_configured(upstream.upstream(), |config| {
        config.db = first.server.db.clone()
    })
    .await;
    let mut admin = second.anonymous();
    admin.sign_in(ADMIN, PASSWORD).await.unwrap();
    let done = finished(&admin, 7).await;
    assert_eq!((done.created, done.failed), (2, 0), "{:?}", done.rows);
    let listed: serde_json::Value = upstream
        .sandbox_client()
        .get("/v1/Conversations?PageSize=100")
        .await;
    let crashed = listed["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["friendly_name"] == "Made before the crash")
        .count();
    assert_eq!(crashed, 1, "the interrupted row was made twice");
}

/// Notes `id` as alive every 200 ms until the returned sender is dropped.
fn keep_alive(
    db: switchboard_server::db::Db,
    id: &'static str,
) -> tokio::sync::oneshot::Sender<()> {
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        while matches!(
            stopped.try_recv(),
            Err(tokio::sync::oneshot::error::TryRecvError::Empty)
        ) {
            sqlx::query("UPDATE instances SET seen_at_ms = $1 WHERE id = $2")
                .bind(switchboard_server::db::now_millis())
                .bind(id)
                .execute(&db)
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    stop
}

#[tokio::test]
async fn rows_another_live_instance_holds_wait_for_it_and_those_of_a_dead_one_are_taken_over() {
    let upstream = RecordedUpstream::start().await;
    let app = TestApp::spawn_with(upstream.upstream()).await;
    let db = app.server.database().await;
    for (id, seen) in [
        ("live-instance", switchboard_server::db::now_millis()),
        ("dead-instance", 0),
    ] {
        sqlx::query("INSERT INTO instances (id, started_at_ms, seen_at_ms) VALUES ($1, 0, $2)")
            .bind(id)
            .bind(seen)
            .execute(&db)
            .await
            .unwrap();
    }
    let alive = keep_alive(db.clone(), "live-instance");
    sqlx::query("INSERT INTO pairing_imports (id, created_by, created_at) VALUES (9, $1, 0)")
        .bind(ADMIN)
        .execute(&db)
        .await
        .unwrap();
    let request = |a: &str, b: &str| {
        json!({ "friendly_name": "Held", "reference": null, "sides": [
            { "name": null, "channel": "whatsapp", "number": a, "proxy": null },
            { "name": null, "channel": "sms", "number": b, "proxy": null } ] })
        .to_string()
    };
    for (line, state, holder, a, b) in [
        (
            2,
            "pending",
            Some("live-instance"),
            "+34611000031",
            "+15550101031",
        ),
        (
            3,
            "running",
            Some("dead-instance"),
            "+34611000032",
            "+15550101032",
        ),
        (4, "pending", None, "+34611000033", "+15550101033"),
    ] {
        sqlx::query("INSERT INTO pairing_import_rows (import_id, line, friendly_name, request, state, held_by) VALUES (9, $1, 'Held', $2, $3, $4)")
            .bind(line)
            .bind(request(a, b))
            .bind(state)
            .bind(holder)
            .execute(&db)
            .await
            .unwrap();
    }

    let row_states = || async {
        let progress: ImportProgress = app.admin.get_ok("/api/v1/pairings/imports/9").await;
        (
            progress.rows.iter().map(|r| r.state).collect::<Vec<_>>(),
            progress.finished,
        )
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while row_states().await.0[1..] != [ImportRowState::Created; 2] {
        assert!(
            std::time::Instant::now() < deadline,
            "the free and orphaned rows were not taken: {:?}",
            row_states().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Two sweeps later, the live instance's row is still its own.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        row_states().await,
        (
            vec![
                ImportRowState::Pending,
                ImportRowState::Created,
                ImportRowState::Created
            ],
            false
        )
    );

    drop(alive);
    let done = finished_within(&app.admin, 9, Duration::from_secs(20)).await;
    assert_eq!((done.created, done.failed), (3, 0), "{:?}", done.rows);
}

async fn finished_within(client: &Client, id: i64, within: Duration) -> ImportProgress {
    let deadline = std::time::Instant::now() + within;
    loop {
        let progress: ImportProgress = client
            .get_ok(&format!("/api/v1/pairings/imports/{id}"))
            .await;
        if progress.finished {
            return progress;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the import never finished: {:?}",
            progress.rows
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_rows_close_after_sets_its_end_none_means_no_end_and_a_bad_one_is_said() {
    let app = common::spawn().await;
    let csv = "friendly_name,a_channel,a_number,b_channel,b_number,close_after\n\
        Ends,whatsapp,+34 611 000 011,sms,+1 555 010 1011,2h\n\
        Never,whatsapp,+34 611 000 012,sms,+1 555 010 1012,none\n\
        Default,whatsapp,+34 611 000 013,sms,+1 555 010 1013,\n\
        Too soon,whatsapp,+34 611 000 014,sms,+1 555 010 1014,5m\n\
        Unreadable,whatsapp,+34 611 000 015,sms,+1 555 010 1015,soon\n";
    let saved = app
        .admin
        .put_json(
            "/api/v1/settings",
            &json!({ "pairing_end": { "close_after_minutes": 45 } }),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let preview: ImportPreview = expect(
        app.admin
            .post_json("/api/v1/pairings/imports/preview", &json!({ "csv": csv }))
            .await,
        200,
    )
    .await;
    assert_eq!((preview.valid, preview.invalid), (3, 2));
    assert!(
        preview.rows[3].problems[0]
            .contains("close_after: Twilio closes a conversation after 10 minutes")
    );
    assert!(preview.rows[4].problems[0].starts_with("close_after: \"soon\" is not a duration"));

    let started: ImportProgress = expect(
        app.admin
            .post_json("/api/v1/pairings/imports", &json!({ "csv": csv }))
            .await,
        202,
    )
    .await;
    let done = finished(&app.admin, started.id).await;
    let end_of = async |line: usize| {
        let sid = done
            .rows
            .iter()
            .find(|r| r.line == line)
            .unwrap()
            .conversation_sid
            .clone()
            .unwrap();
        let detail: ConversationDetail = app
            .admin
            .get_ok(&format!("/api/v1/conversations/{sid}"))
            .await;
        (detail.end, detail.conversation.ending.is_some())
    };
    assert_eq!(
        end_of(2).await,
        (Some(PairingEnd::closing_after(120)), true)
    );
    assert_eq!(end_of(3).await, (None, false));
    assert_eq!(end_of(4).await, (Some(PairingEnd::closing_after(45)), true));
}
