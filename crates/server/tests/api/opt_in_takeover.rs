//! The opt-in relay taken over from an instance that died halfway through a step: finished
//! without repeating what Twilio already has, or undone when it had not started.

use serde_json::Value;
use switchboard_core::api::OptInState;

use crate::common::TestApp;
use crate::opt_in::{RIDER, Waiting, start, wait_for_state};

/// The relay as an instance that died would leave it: `state`, held by an instance last seen long ago.
async fn left_by_a_dead_instance(app: &TestApp, sid: &str, state: &str) {
    let db = app.server.database().await;
    sqlx::query(
        "INSERT INTO instances (id, started_at_ms, seen_at_ms) VALUES ('dead-instance', 0, 0)",
    )
    .execute(&db)
    .await
    .unwrap();
    let left = sqlx::query("UPDATE opt_in_relays SET state = $1, held_by = 'dead-instance' WHERE conversation_sid = $2")
        .bind(state)
        .bind(sid)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(left.rows_affected(), 1);
}

#[tokio::test]
async fn a_relay_a_dead_instance_left_connecting_is_finished_by_another_without_repeating_a_step() {
    let waiting = Waiting::start().await;
    let (upstream, app, sid) = (&waiting.upstream, &waiting.app, &waiting.sid);
    // The dead instance had greeted the customer, and neither invited the rider nor audited.
    let greeted = upstream
        .sandbox_client()
        .post(
            &format!("/v1/Conversations/{sid}/Messages"),
            &[
                ("Author", RIDER),
                ("Body", "Great! Just a moment while we connect you…"),
            ],
        )
        .await;
    assert_eq!(greeted.status(), 201);
    upstream.take_calls();
    left_by_a_dead_instance(app, sid, "connecting").await;

    let detail = wait_for_state(&app.admin, sid, OptInState::Connected).await;
    assert!(
        detail.webhooks.is_empty(),
        "the temporary webhook is removed"
    );
    let calls = upstream.take_calls();
    let changes: Vec<&String> = calls.iter().filter(|c| !c.starts_with("GET")).collect();
    assert_eq!(
        changes.len(),
        2,
        "one rider template and one webhook removal: {calls:?}"
    );
    assert!(
        changes
            .iter()
            .any(|c| c.starts_with("POST") && c.ends_with("/Messages"))
    );
    assert!(
        changes
            .iter()
            .any(|c| c.starts_with("DELETE") && c.contains("/Webhooks/"))
    );
    let messages = upstream
        .sandbox_client()
        .get(&format!("/v1/Conversations/{sid}/Messages?PageSize=50"))
        .await;
    let greetings = messages["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["body"] == "Great! Just a moment while we connect you…")
        .count();
    assert_eq!(greetings, 1);
    let audit: Value = app
        .admin
        .get_ok("/api/v1/audit?action=opt_in.connect")
        .await;
    let entries = audit["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["outcome"], "ok");
    assert_eq!(entries[0]["detail"]["resumed"], true);
}

#[tokio::test]
async fn a_relay_a_dead_instance_left_starting_is_undone_and_shown_failed() {
    let waiting = Waiting::start().await;
    let (app, sid) = (&waiting.app, &waiting.sid);
    left_by_a_dead_instance(app, sid, "starting").await;

    let detail = wait_for_state(&app.admin, sid, OptInState::Failed).await;
    assert!(
        detail.webhooks.is_empty(),
        "the temporary webhook is removed"
    );
    let error = detail.opt_in.unwrap().error.unwrap();
    assert!(error.contains("start it again"), "{error}");
    let again = start(&app.admin, sid).await;
    assert_eq!(again.state, OptInState::Waiting);
}
