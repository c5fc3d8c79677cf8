//! A pairing whose create call failed in a way that may hide a conversation made upstream: whatever
//! Twilio made is removed, at once when Twilio can be asked, else in the background and at start.

use std::time::{Duration, Instant};

use crate::common::TestServer;
use crate::common::pairings::{
    FREE_WHATSAPP, ana_and_bruno, pairing, recorded_app, side, unsettled_pairings,
    wait_until_settled,
};
use crate::common::upstream::RecordedUpstream;
use switchboard_core::Channel;
use switchboard_core::api::{AuditPage, ConversationPage};

#[tokio::test]
async fn a_lost_answer_after_twilio_made_the_conversation_leaves_no_orphan_and_is_audited() {
    let (upstream, app) = recorded_app().await;
    let before: ConversationPage = app
        .admin
        .get_ok("/api/v1/conversations?page_size=100")
        .await;
    upstream.lose_answer_of("/v1/ConversationWithParticipants");
    let request = ana_and_bruno("Lost on the way");
    let response = app.admin.post_json("/api/v1/pairings", &request).await;
    assert_eq!(response.status(), 502);
    let after: ConversationPage = app
        .admin
        .get_ok("/api/v1/conversations?page_size=100")
        .await;
    assert_eq!(
        after.conversations.len(),
        before.conversations.len(),
        "a half-made pairing was left upstream"
    );
    let sandbox = upstream
        .sandbox_client()
        .get("/v1/ParticipantConversations?Address=whatsapp%3A%2B34611222333")
        .await;
    assert_eq!(sandbox["conversations"].as_array().unwrap().len(), 0);
    let audit: AuditPage = app
        .admin
        .get_ok("/api/v1/audit?action=pairing.create")
        .await;
    assert_eq!(
        audit.entries[0].outcome,
        switchboard_core::api::AuditOutcome::Failed
    );
}

#[tokio::test]
async fn a_half_made_pairing_twilio_cannot_look_up_yet_is_removed_once_it_can() {
    let (upstream, app) = recorded_app().await;
    let sandbox = upstream.sandbox_client();
    let request = pairing(
        "Lost, then found",
        side(
            "Ana",
            Channel::Whatsapp,
            "+34 611 222 444",
            Some(FREE_WHATSAPP),
        ),
        side(
            "Bruno",
            Channel::Sms,
            "+1 555 010 0077",
            Some("+15550109002"),
        ),
    );
    upstream.lose_answer_of("/v1/ConversationWithParticipants");
    // Every look-up by unique name fails until the fault is removed.
    let fault = [
        ("Path", "/v1/Conversations/pairing-"),
        ("Method", "GET"),
        ("Type", "5xx"),
        ("Status", "503"),
    ];
    let added = sandbox.post("/sandbox/v1/Faults", &fault).await;
    assert_eq!(added.status(), 201);
    let response = app.admin.post_json("/api/v1/pairings", &request).await;
    assert_eq!(response.status(), 502);
    let held_by = || async {
        sandbox
            .get("/v1/ParticipantConversations?Address=whatsapp%3A%2B34611222444")
            .await["conversations"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(held_by().await, 1, "Twilio made the conversation");
    let db = app.server.database().await;
    assert_eq!(unsettled_pairings(&db).await, 1);

    let cleared = upstream
        .sandbox_client()
        .send_delete("/sandbox/v1/Faults")
        .await;
    assert!(cleared.status().is_success());
    let left = wait_until_settled(&db, Duration::from_secs(20)).await;
    assert_eq!(left, 0, "still unsettled after 20 s");
    assert_eq!(held_by().await, 0, "the half-made conversation is gone");
}

#[tokio::test]
async fn a_failed_pairing_an_earlier_run_left_unsettled_is_settled_at_start() {
    let upstream = RecordedUpstream::start().await;
    let sandbox = upstream.sandbox_client();
    let name = "pairing-0000000000000000000000000000beef";
    let made = sandbox
        .post(
            "/v1/Conversations",
            &[("FriendlyName", "Left behind"), ("UniqueName", name)],
        )
        .await;
    assert_eq!(made.status(), 201);
    let earlier = TestServer::start(upstream.upstream()).await;
    sqlx::query("INSERT INTO unsettled_pairings (unique_name, noted_at) VALUES ($1, 0)")
        .bind(name)
        .execute(&earlier.database().await)
        .await
        .unwrap();

    let _restarted =
        TestServer::start_configured(upstream.upstream(), |c| c.db = earlier.db.clone()).await;
    let left = || async {
        sandbox.get("/v1/Conversations?StartDate=2000-01-01").await["conversations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["unique_name"] == name)
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while left().await && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!left().await, "still upstream 20 s after the restart");
}
