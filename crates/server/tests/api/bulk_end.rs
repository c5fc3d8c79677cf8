//! Ending many conversations in one step: 200 from a filtered list with a tenth of Twilio's answers
//! failing are each ended or reported, none twice, each audited; the failed ones end on a second
//! try; and a bulk end left by a dead instance is carried on without closing or auditing twice.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_core::Channel;
use switchboard_core::api::{
    AuditOutcome, AuditPage, BulkEndProgress, BulkEndRowState, ConversationDetail,
    ConversationPage, ConversationState, ListSource, PairingCreated,
};

use crate::common::pairings::{pairing, side};
use crate::common::{Client, TestApp, expect, spawn};

async fn pair(client: &Client, name: &str, n: usize) -> PairingCreated {
    let request = pairing(
        name,
        side("W", Channel::Whatsapp, &format!("+34 612 {n:06}"), None),
        side("S", Channel::Sms, &format!("+1 555 032 {n:04}"), None),
    );
    expect(client.post_json("/api/v1/pairings", &request).await, 201).await
}

/// Waits until the mirror answers the list and shows `wanted` active conversations for `q`.
async fn listed_active(app: &TestApp, q: &str, wanted: u64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let page: ConversationPage = app
            .admin
            .get_ok(&format!("/api/v1/conversations?q={q}"))
            .await;
        let active = page.counts.as_ref().map(|c| c.active);
        if page.source == ListSource::Mirror && active == Some(wanted) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the list never showed {wanted} active: {active:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn finished(client: &Client, id: i64) -> BulkEndProgress {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let progress: BulkEndProgress = client.get_ok(&format!("/api/v1/bulk-ends/{id}")).await;
        if progress.finished {
            return progress;
        }
        assert!(
            Instant::now() < deadline,
            "the bulk end never finished: {progress:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn state_of(client: &Client, sid: &str) -> ConversationState {
    let detail: ConversationDetail = client.get_ok(&format!("/api/v1/conversations/{sid}")).await;
    detail.conversation.state
}

/// Each conversation's close entries in the audit log: (outcome, from which bulk end).
async fn closes(client: &Client) -> HashMap<String, Vec<AuditOutcome>> {
    let page: AuditPage = client
        .get_ok("/api/v1/audit?action=conversation.close&limit=200")
        .await;
    let mut found: HashMap<String, Vec<AuditOutcome>> = HashMap::new();
    for entry in page.entries {
        found
            .entry(entry.target.unwrap())
            .or_default()
            .push(entry.outcome);
    }
    found
}

#[tokio::test]
async fn two_hundred_conversations_from_a_filtered_list_are_each_ended_or_reported_once() {
    let app = spawn().await;
    let mut made = Vec::new();
    for n in 0..200 {
        made.push(
            pair(&app.admin, &format!("Bulk {n}"), n)
                .await
                .conversation_sid,
        );
    }
    listed_active(&app, "Bulk", 200).await;
    let fault = app
        .admin
        .post_json(
            "/api/v1/sandbox/controls/faults",
            &json!({ "path": "/v1/Conversations/CH", "method": "POST", "type": "5xx", "rate": 0.1 }),
        )
        .await;
    assert_eq!(fault.status(), 201);

    let started: BulkEndProgress = expect(
        app.admin
            .post_json(
                "/api/v1/bulk-ends",
                &json!({ "matching": "q=Bulk&channel=mixed" }),
            )
            .await,
        202,
    )
    .await;
    assert_eq!(started.total, 200);
    let done = finished(&app.admin, started.id).await;
    assert_eq!((done.ended + done.failed, done.pending), (200, 0));
    assert!(done.failed > 0, "a tenth of the closes fail upstream");
    let cleared = app.admin.delete("/api/v1/sandbox/controls/faults").await;
    assert_eq!(cleared.status(), 204);

    let audited = closes(&app.admin).await;
    for row in &done.rows {
        assert!(made.contains(&row.conversation_sid));
        let state = state_of(&app.admin, &row.conversation_sid).await;
        let entries = audited
            .get(&row.conversation_sid)
            .cloned()
            .unwrap_or_default();
        match row.state {
            BulkEndRowState::Ended => {
                assert_eq!(state, ConversationState::Closed);
                assert_eq!(entries, [AuditOutcome::Ok], "audited once");
            }
            BulkEndRowState::Failed => {
                assert_eq!(state, ConversationState::Active, "reported, not half done");
                assert_eq!(entries, [AuditOutcome::Failed], "audited once");
                assert!(row.note.as_deref().is_some_and(|n| !n.is_empty()));
            }
            other => panic!("a row left {other:?}"),
        }
    }

    // The ones reported are still in the list; ending all that match again ends exactly them.
    listed_active(&app, "Bulk", done.failed as u64).await;
    let again: BulkEndProgress = expect(
        app.admin
            .post_json("/api/v1/bulk-ends", &json!({ "matching": "q=Bulk" }))
            .await,
        202,
    )
    .await;
    assert_eq!(again.total, done.failed);
    let again = finished(&app.admin, again.id).await;
    assert_eq!(again.ended, done.failed);
    listed_active(&app, "Bulk", 0).await;
}

#[tokio::test]
async fn a_bulk_end_left_by_a_dead_instance_is_carried_on_without_closing_or_auditing_twice() {
    let app = spawn().await;
    let closed_before = pair(&app.admin, "Left 1", 501).await.conversation_sid;
    let still_open = pair(&app.admin, "Left 2", 502).await.conversation_sid;
    // The dead instance had closed the first upstream, but neither recorded nor audited it.
    let closed = app
        .admin
        .post_json(
            &format!("/api/v1/conversations/{closed_before}/close"),
            &json!({}),
        )
        .await;
    assert_eq!(closed.status(), 204);
    let db = app.server.database().await;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO bulk_ends (created_by, created_at) VALUES ('first.admin', 0) RETURNING id",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    for (position, sid, state) in [(0, &closed_before, "running"), (1, &still_open, "pending")] {
        sqlx::query(
            "INSERT INTO bulk_end_rows (bulk_id, position, conversation_sid, state, held_by) \
             VALUES ($1, $2, $3, $4, 'a-dead-instance')",
        )
        .bind(id)
        .bind(position)
        .bind(sid)
        .bind(state)
        .execute(&db)
        .await
        .unwrap();
    }
    let done = finished(&app.admin, id).await;
    let states: Vec<(BulkEndRowState, Option<&str>)> = done
        .rows
        .iter()
        .map(|r| (r.state, r.note.as_deref()))
        .collect();
    assert_eq!(
        states,
        [
            (
                BulkEndRowState::Ended,
                Some("Ended before an interruption.")
            ),
            (BulkEndRowState::Ended, None)
        ]
    );
    assert_eq!(
        state_of(&app.admin, &still_open).await,
        ConversationState::Closed
    );
    let audited = closes(&app.admin).await;
    // The first: the by-hand close above, and the bulk end's own entry noting it resumed.
    assert_eq!(audited[&closed_before].len(), 2);
    assert_eq!(audited[&still_open], [AuditOutcome::Ok]);
}
